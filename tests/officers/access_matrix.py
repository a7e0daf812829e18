"""Officer hand-over pages and the tests proving who may open them (200 in scope, 404 out of scope)."""

COVERED_ENDPOINTS = {
    "officers.password_requests": "tests/auth/test_forgot.py::test_a_request_is_shown_to_who_may_reset_that_person",
}

POST_COVERED = {}
