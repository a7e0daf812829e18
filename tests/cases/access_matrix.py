"""Practice case pages and the tests that prove who may open them (200 in scope, 404 out of scope)."""

COVERED_ENDPOINTS = {
    "cases.index": "tests/cases/test_views.py::test_case_pages_in_and_out_of_scope",
    "cases.course": "tests/cases/test_views.py::test_case_pages_in_and_out_of_scope",
    "cases.case": "tests/cases/test_views.py::test_case_pages_in_and_out_of_scope",
    "cases.result": "tests/cases/test_views.py::test_case_pages_in_and_out_of_scope",
    "cases.report": "tests/cases/test_trainers.py::test_trainer_pages_by_role",
    "cases.report_case": "tests/cases/test_trainers.py::test_trainer_pages_by_role",
    "cases.together": "tests/cases/test_trainers.py::test_trainer_pages_by_role",
}

POST_COVERED = {
    "cases.case": "tests/cases/test_views.py::test_answering_a_case_only_as_one_of_its_learners",
}
