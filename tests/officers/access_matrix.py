"""Officer pages (hand-over, import) and the tests proving who may open them (200 in scope, 404 out of scope)."""

COVERED_ENDPOINTS = {
    "officers.password_requests": "tests/auth/test_forgot.py::test_a_request_is_shown_to_who_may_reset_that_person",
    "officers.import_template": "tests/officers/test_import_page.py::test_templates_are_for_operators_only",
    "officers.region_lookup": "tests/officers/test_import_page.py::test_lookup_stays_within_the_operators_kabupaten",
}

POST_COVERED = {
    "officers.sheet_pdf_job": "tests/officers/test_handover_job.py::test_only_the_maker_prints_a_sheet_and_sees_its_job",
}
