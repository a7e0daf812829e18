"""The kabupaten settings page and the tests proving who may open it (the kabupaten's KPU operator and the admin)."""

COVERED_ENDPOINTS = {
    "offices.settings": "tests/offices/test_settings.py::test_settings_only_for_the_kabupaten_operator",
    "offices.logo": "tests/offices/test_settings.py::test_operator_uploads_a_logo_that_every_document_prints",
}

POST_COVERED = {
    "offices.settings": "tests/offices/test_settings.py::test_saving_only_for_the_kabupaten_operator",
}
