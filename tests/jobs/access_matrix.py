"""Job pages and the tests proving only the one who started a job (and the admin) sees it."""

COVERED_ENDPOINTS = {
    "jobs.index": "tests/jobs/test_jobs.py::test_a_stalled_job_is_picked_up_again_when_its_page_is_opened",
    "jobs.show": "tests/jobs/test_jobs.py::test_the_progress_page_refreshes_until_done_and_is_only_for_its_owner",
    "jobs.result": "tests/jobs/test_jobs.py::test_the_progress_page_refreshes_until_done_and_is_only_for_its_owner",
}
