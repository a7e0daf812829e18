"""Quiz fixtures: the shipped courses and their banks loaded the way `content sync` would."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.quizzes.bank import sync_bank

CONTENT = PROJECT_ROOT / "course_content"
COURSE_FIELDS = ("title", "summary", "audience", "version", "estimated_minutes", "completion")


def load_course(slug: str, *, quiz_rules: dict | None = None, bank: bool = True) -> Course:
    """Create (or update) the Course row from course.yaml and sync its bank; the content sync's job in production."""
    meta = yaml.safe_load((CONTENT / slug / "course.yaml").read_text(encoding="utf-8"))
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        course = Course(slug=slug)
        db.session.add(course)
    for field in COURSE_FIELDS:
        setattr(course, field, meta.get(field))
    course.quiz_rules = quiz_rules if quiz_rules is not None else meta.get("quiz", {})
    db.session.flush()
    if bank:
        sync_bank(course, [CONTENT / slug / "bank.gift"])
    db.session.commit()
    return course


def bank_paths(slug: str) -> list[Path]:
    return [CONTENT / slug / "bank.gift"]


@pytest.fixture
def coklit(app) -> Course:
    """Prosedur Coklit with its shipped rules and bank."""
    return load_course("prosedur-coklit")


@pytest.fixture
def small_quiz(app) -> Course:
    """Prosedur Coklit drawing 4 questions, no categories, options in file order, no time limit."""
    return load_course(
        "prosedur-coklit",
        quiz_rules={"questions": 4, "shuffle_options": False, "pass_mark": 70, "max_attempts": 3,
                    "wait_minutes": 5, "time_limit_minutes": None, "review": "after_each"},
    )


def form_for(shown, response) -> dict:
    """Return the form fields a learner posts to give a stored response on the question page."""
    if shown.kind == "matching":
        return {f"match-{index}": right for index, right in (response or {}).items()}
    value = shown.shown_value(response)
    if shown.kind == "multi":
        return {"answer": sorted(value or ())}
    return {"answer": "" if value is None else str(value)}


def answer(client, attempt, shown, right: bool = True, go: str = "next"):
    """Post a right (or wrong) answer to one question of the attempt."""
    import random

    from bimtek.demo.quizzes import sample_response

    data = form_for(shown, sample_response(shown.question, right, random.Random(shown.position)))
    return client.post(f"/kuis/{attempt.id}/{shown.position}", data={**data, "go": go})
