"""Bantuan pages: every logged-in user reads every guide; contacts are only ever the user's own."""

COVERED_ENDPOINTS = {
    "help.index": "tests/help/test_help.py::test_every_role_opens_its_own_guide_first",
    "help.role": "tests/help/test_help.py::test_every_guide_opens_and_an_unknown_one_is_404",
}
