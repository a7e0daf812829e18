"""Quiz pages and the tests that prove who may open them (200 in scope, 404 out of scope)."""

COVERED_ENDPOINTS = {
    "quizzes.start": "tests/quizzes/test_reports.py::test_quiz_pages_in_and_out_of_scope",
    "quizzes.resume": "tests/quizzes/test_reports.py::test_quiz_pages_in_and_out_of_scope",
    "quizzes.question": "tests/quizzes/test_reports.py::test_quiz_pages_in_and_out_of_scope",
    "quizzes.summary": "tests/quizzes/test_reports.py::test_quiz_pages_in_and_out_of_scope",
    "quizzes.result": "tests/quizzes/test_reports.py::test_quiz_pages_in_and_out_of_scope",
    "quizzes.report": "tests/quizzes/test_reports.py::test_report_pages_by_role",
    "quizzes.report_course": "tests/quizzes/test_reports.py::test_ppk_sees_only_their_kecamatan",
    "quizzes.banks_index": "tests/quizzes/test_reports.py::test_bank_pages_are_for_the_admin_only",
    "quizzes.bank": "tests/quizzes/test_reports.py::test_bank_pages_are_for_the_admin_only",
    "quizzes.export": "tests/quizzes/test_reports.py::test_bank_pages_are_for_the_admin_only",
}

POST_COVERED = {
    "quizzes.begin": "tests/quizzes/test_reports.py::test_quiz_form_actions_in_and_out_of_scope",
    "quizzes.question": "tests/quizzes/test_reports.py::test_quiz_form_actions_in_and_out_of_scope",
    "quizzes.finish": "tests/quizzes/test_reports.py::test_quiz_form_actions_in_and_out_of_scope",
    "quizzes.upload_preview": "tests/quizzes/test_reports.py::test_bank_form_actions_are_for_the_admin_only",
    "quizzes.upload_confirm": "tests/quizzes/test_reports.py::test_bank_form_actions_are_for_the_admin_only",
}
