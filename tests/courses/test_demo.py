"""Demo course activity: other officers have progress, the five demo log-ins start clean."""

from __future__ import annotations

from sqlalchemy import func, select

from bimtek.courses.models import LessonProgress
from bimtek.demo.operations import CONCONG, DEMO_LOGINS, seed_demo
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from tests.courses.conftest import sync_shipped_content


def _rows() -> int:
    return db.session.scalar(select(func.count()).select_from(LessonProgress))


def test_demo_gives_progress_to_others_but_not_to_the_demo_accounts(app):
    sync_shipped_content()
    seed_demo()
    db.session.commit()
    rows = _rows()
    assert rows > 0
    learners = set(db.session.scalars(select(LessonProgress.person_id).distinct()))
    concong = set(db.session.scalars(select(Assignment.person_id).where(
        Assignment.role == Role.PANTARLIH, Assignment.region_code.like(CONCONG + ".%"))))
    assert 0 < len(learners & concong) < len(concong)
    demo_ids = set(db.session.scalars(select(Person.id).where(Person.username.in_([u for u, _ in DEMO_LOGINS]))))
    assert len(demo_ids) == 5 and not learners & demo_ids
    seed_demo()
    db.session.commit()
    assert _rows() == rows


def test_demo_without_synced_content_seeds_no_progress(app):
    seed_demo()
    db.session.commit()
    assert _rows() == 0
