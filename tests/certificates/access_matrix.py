"""Certificate pages and the tests proving who may open them; the verify pages are public on purpose."""

PUBLIC_ENDPOINTS = {"certificates.verify", "certificates.verify_form"}

COVERED_ENDPOINTS = {
    "certificates.index": "tests/certificates/test_pages.py::test_learner_finds_the_certificate_at_home_and_on_the_course",
    "certificates.download": "tests/certificates/test_pages.py::test_download_only_own_or_in_scope",
    "certificates.manage": "tests/certificates/test_lifecycle.py::test_manage_list_only_in_scope",
    "certificates.revoke_page": "tests/certificates/test_lifecycle.py::test_only_the_kabupaten_operator_revokes",
    "certificates.settings": "tests/certificates/test_settings.py::test_settings_only_for_the_kabupaten_operator",
    "certificates.settings_image": "tests/certificates/test_settings.py::test_operator_uploads_signature_and_stamp",
    "certificates.bulk_new": "tests/certificates/test_bulk.py::test_bulk_form_only_for_ppk_and_operators",
}

POST_COVERED = {
    "certificates.revoke_page": "tests/certificates/test_lifecycle.py::test_only_the_kabupaten_operator_revokes",
    "certificates.reissue_page": "tests/certificates/test_lifecycle.py::test_only_the_kabupaten_operator_revokes",
    "certificates.bulk_new": "tests/certificates/test_bulk.py::test_bulk_refuses_out_of_scope_or_empty_targets",
    "certificates.settings": "tests/certificates/test_settings.py::test_saving_settings_only_for_the_kabupaten_operator",
}
