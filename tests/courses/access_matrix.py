"""Course pages and the tests proving each is limited to the people in scope."""

COVERED_ENDPOINTS = {
    "courses.index": "tests/courses/test_scope.py::test_index_lists_only_courses_for_my_role",
    "courses.show": "tests/courses/test_scope.py::test_course_pages_only_for_their_audience",
    "courses.lesson": "tests/courses/test_scope.py::test_course_pages_only_for_their_audience",
    "courses.pdf": "tests/courses/test_scope.py::test_course_pages_only_for_their_audience",
    "courses.asset": "tests/courses/test_scope.py::test_images_only_from_a_readable_course",
    "courses.pocket_card": "tests/courses/test_scope.py::test_pocket_card_only_for_pantarlih",
    "courses.pocket_card_index": "tests/courses/test_scope.py::test_pocket_card_index_lists_only_desa_in_scope",
    "courses.pocket_cards": "tests/courses/test_scope.py::test_pps_prints_cards_only_for_own_desa",
}

POST_COVERED = {
    "courses.complete_lesson": "tests/courses/test_scope.py::test_completing_a_lesson_only_in_a_readable_course",
}
