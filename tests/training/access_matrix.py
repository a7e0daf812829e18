"""Pages and form actions of the bimtek feature and the tests proving who may use them (in scope passes, out of scope 404)."""

COVERED_ENDPOINTS = {
    "training.index": "tests/training/test_access.py::test_index_lists_only_sessions_in_scope",
    "training.new": "tests/training/test_scheduling.py::test_only_trainers_may_open_the_schedule_form",
    "training.show": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.edit": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.roster_page": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.attendance": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.qr": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.document": "tests/training/test_access.py::test_session_pages_only_in_scope",
    "training.match": "tests/training/test_attendance.py::test_walk_in_is_added_then_matched_to_an_account",
    "training.file": "tests/training/test_uploads.py::test_upload_is_served_only_in_scope",
    "training.check_in": "tests/training/test_attendance.py::test_qr_check_in_marks_hadir",
    "training.check_in_code": "tests/training/test_attendance.py::test_typed_code_marks_hadir",
    "training.cascade": "tests/training/test_cascade.py::test_cascade_entry_redirects_to_own_area",
    "training.cascade_region": "tests/training/test_cascade.py::test_ppk_cannot_see_another_kecamatan",
    # The confirmation page before removing a participant (GET) and the confirmed removal (POST).
    "training.remove": "tests/training/test_session_page.py::test_remove_confirmation_only_in_scope",
}

POST_COVERED = {
    **{f"training.{name}": "tests/training/test_access.py::test_session_form_actions_only_in_scope"
       for name in ("add", "remove", "mark", "walk_in", "match", "notes", "upload", "edit")},
    "training.remove": "tests/training/test_session_page.py::test_remove_confirmation_only_in_scope",
    "training.new": "tests/training/test_access.py::test_schedule_action_by_role",
    # Check-in is every logged-in officer's own action; the token or code decides, tested for forgery here
    # and for the participant rules in tests/training/test_attendance.py.
    "training.check_in": "tests/training/test_access.py::test_check_in_actions_refuse_a_forged_token_and_accept_any_officer",
    "training.check_in_code": "tests/training/test_access.py::test_check_in_actions_refuse_a_forged_token_and_accept_any_officer",
}
