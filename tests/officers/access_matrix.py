"""Officer hand-over pages and the tests proving who may open them (200 in scope, 404 out of scope)."""

COVERED_ENDPOINTS = {
    "officers.password_requests": "tests/auth/test_forgot.py::test_a_request_is_shown_to_who_may_reset_that_person",
}

POST_COVERED = {
    "officers.sheet_pdf_job": "tests/officers/test_handover_job.py::test_only_the_maker_prints_a_sheet_and_sees_its_job",
}
