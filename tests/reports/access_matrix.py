"""Report pages and the tests proving who may open them (in scope 200, out of scope 404)."""

COVERED_ENDPOINTS = {
    "reports.index": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
    "reports.coverage_page": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
    "reports.coverage_national": "tests/reports/test_coverage.py::test_pps_sees_their_desa_only_and_learners_see_no_reports",
    "reports.coverage_national_download": "tests/reports/test_coverage.py::test_national_table_is_for_the_admin_only",
    "reports.coverage_download": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
    "reports.follow_up": "tests/reports/test_coverage.py::test_pps_sees_their_desa_only_and_learners_see_no_reports",
    "reports.follow_up_download": "tests/reports/test_follow_up.py::test_follow_up_download_is_neutralised_in_csv_and_xlsx",
    "reports.officers_download": "tests/reports/test_exports.py::test_officer_list_only_for_regions_in_the_users_area",
    "reports.readiness_page": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
    "reports.readiness_download": "tests/reports/test_follow_up.py::test_readiness_board_per_tps",
    "reports.charts_page": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
    "reports.summary_pdf": "tests/reports/test_coverage.py::test_ppk_sees_only_their_kecamatan",
}
