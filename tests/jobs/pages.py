"""Following a job's progress page from a test client until it stops refreshing itself."""

from __future__ import annotations

import time


def wait_for_job(client, url: str, seconds: float = 120) -> str:
    """Return the job page once it no longer refreshes itself (the job ended), or fail."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = client.get(url).get_data(as_text=True)
        if 'http-equiv="refresh"' not in page:
            return page
        time.sleep(0.3)
    raise AssertionError(f"the job at {url} did not finish within {seconds} s")
