"""Who sees a job's progress page and its file: the one who started it, and the admin."""

from __future__ import annotations

from sqlalchemy import select

from bimtek.extensions import db
from bimtek.jobs.models import Job
from bimtek.scope import Scope, register_rule


def load_job(token: str) -> Job | None:
    return db.session.scalar(select(Job).where(Job.token == token))


def may_view_job(scope: Scope, job: Job) -> bool:
    """The owner sees the job; so does the admin (who answers when an operator asks for help)."""
    return job.owner_id == scope.person_id or scope.is_admin


def register() -> None:
    """Register the jobs rule with the scope."""
    register_rule("jobs.view", allows=may_view_job, load=load_job)
