"""Long work as jobs: RQ workers when REDIS_URL is set, else a worker thread; progress at /tugas/<token>.

A feature registers a task with `@jobs.task("kind", label=...)` in a module listed in JOB_MODULES,
and starts one with `jobs.submit(...)`; the task reports progress through the `jobs.Run` it gets.
"""

from bimtek.jobs.dispatch import dispatch, jobs_of, submit
from bimtek.jobs.models import Job, JobStatus
from bimtek.jobs.registry import JobFailed, task
from bimtek.jobs.runner import Run

__all__ = ["Job", "JobFailed", "JobStatus", "Run", "dispatch", "jobs_of", "submit", "task"]
