"""The app the worker-crash test's `flask worker` loads: Bimtek, plus the test-only slow task registered."""

from bimtek import create_app
from tests.ops import slow_task  # noqa: F401 - registers the task before the worker takes jobs

app = create_app()
