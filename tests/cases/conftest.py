"""Fixtures for the practice case tests: the shipped content synced, a private copy to break, and a posting helper."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bimtek.cases.models import PracticeCase
from bimtek.cases.operations import sync_cases
from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.extensions import db

SHIPPED_CONTENT = PROJECT_ROOT / "course_content"
COURSE = "prosedur-coklit"


@pytest.fixture
def synced(app) -> Course:
    return load_case_course()


def load_case_course() -> Course:
    """Prosedur Coklit with its shipped cases, loaded by the cases' own syncer (the full sync is tested elsewhere)."""
    meta = yaml.safe_load((SHIPPED_CONTENT / COURSE / "course.yaml").read_text(encoding="utf-8"))
    course = Course(slug=COURSE, title=meta["title"], summary=meta["summary"], audience=meta["audience"],
                    version=meta["version"], estimated_minutes=meta["estimated_minutes"],
                    completion=meta["completion"], quiz_rules=meta.get("quiz") or {})
    db.session.add(course)
    db.session.flush()
    sync_cases(course, SHIPPED_CONTENT / COURSE)
    db.session.commit()
    return course


@pytest.fixture
def content_copy(app, tmp_path) -> Path:
    """A private copy of the shipped content, configured as the app's content folder."""
    root = tmp_path / "course_content"
    shutil.copytree(SHIPPED_CONTENT, root)
    app.config["BIMTEK_CONTENT_DIR"] = str(root)
    return root


def case_by_key(key: str) -> PracticeCase:
    return db.session.scalar(select(PracticeCase).where(PracticeCase.key == key))


def case_url(key: str, suffix: str = "") -> str:
    return f"/kasus/{COURSE}/{key}{suffix}"


def form(**decisions) -> dict[str, str]:
    """Build the posted form from {subject: "decision[/reason][;field=value][;evidence]"}-like dicts.

    Each value is a dict of control -> value, e.g. form(darmo={"decision": "tersaring", "reason": "meninggal"}).
    """
    data: dict[str, str] = {}
    for subject, controls in decisions.items():
        subject = subject.replace("_", "-")
        for control, value in controls.items():
            data[f"{subject}-{control}"] = value
    return data
