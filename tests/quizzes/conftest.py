"""Quiz fixtures: a test-owned course and bank (tests/quizzes/data), loaded the way `content sync` would,
and its answer key written by hand, so no test takes its expected answers from the code under test."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.quizzes.bank import sync_bank

CONTENT = Path(__file__).parent / "data"
# The shipped courses, for the tests that check shipped content is loadable (never its wording).
SHIPPED_CONTENT = PROJECT_ROOT / "course_content"

# The right and a wrong stored response of every question of the test bank, by question name:
# option numbers in the bank's own order for choices, the text for short answers, pairs by row.
ANSWER_KEY = {
    "uji-pilihan-tunggal": ("0", "2"),
    "uji-benar-salah": (True, False),
    "uji-angka": ("17", "18"),
    "uji-pilihan-ganda": (["0", "1"], ["0", "2"]),
    "uji-isian": ("U", "T"),
    "uji-benar-salah-2": (False, True),
    "uji-menjodohkan": ({"0": "Fisik", "1": "Sensorik rungu", "2": "Sensorik netra"},
                        {"0": "Sensorik rungu", "1": "Fisik", "2": "Sensorik netra"}),
    "uji-pilihan-tunggal-2": ("0", "1"),
    "uji-angka-2": ("6", "5"),
}


def key_response(question, right: bool = True):
    """Return the hand-written right (or wrong) response to a question of the test bank."""
    return ANSWER_KEY[question.name][0 if right else 1]
COURSE_FIELDS = ("title", "summary", "audience", "version", "estimated_minutes", "completion")


def load_course(slug: str, *, quiz_rules: dict | None = None, bank: bool = True, root: Path = CONTENT) -> Course:
    """Create (or update) the Course row from course.yaml and sync its bank; the content sync's job in production."""
    meta = yaml.safe_load((root / slug / "course.yaml").read_text(encoding="utf-8"))
    course = db.session.scalar(select(Course).where(Course.slug == slug))
    if course is None:
        course = Course(slug=slug)
        db.session.add(course)
    for field in COURSE_FIELDS:
        setattr(course, field, meta.get(field))
    course.quiz_rules = quiz_rules if quiz_rules is not None else meta.get("quiz", {})
    db.session.flush()
    if bank:
        sync_bank(course, [root / slug / "bank.gift"])
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
    data = form_for(shown, key_response(shown.question, right))
    return client.post(f"/kuis/{attempt.id}/{shown.position}", data={**data, "go": go})
