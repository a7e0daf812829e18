"""Fixtures for the course tests: hand-written sample courses (synced, or a private copy to break) and the shipped content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.courses.operations import sync_content
from bimtek.extensions import db

SHIPPED_CONTENT = PROJECT_ROOT / "course_content"
# Tests that assert on lesson names, counts, lines or wording use these, never the shipped lessons trainers rewrite.
SAMPLE_CONTENT = Path(__file__).parent / "sample_content"


def sync_shipped_content() -> dict[str, Course]:
    """Sync the shipped course_content/ into the test database and commit; return the courses by slug."""
    return _sync(SHIPPED_CONTENT)


def _sync(root: Path) -> dict[str, Course]:
    sync_content(root)
    db.session.commit()
    return {course.slug: course for course in db.session.scalars(db.select(Course))}


@pytest.fixture
def synced_content(app) -> dict[str, Course]:
    return sync_shipped_content()


@pytest.fixture
def content_copy(app, tmp_path) -> Path:
    """A private copy of the shipped content, configured as the app's content folder."""
    root = tmp_path / "course_content"
    shutil.copytree(SHIPPED_CONTENT, root)
    app.config["BIMTEK_CONTENT_DIR"] = str(root)
    return root


@pytest.fixture
def sample_synced(app) -> dict[str, Course]:
    """The sample courses synced and served: prosedur-coklit (6 lessons, quiz), sidalih-ecoklit (2), bimtek (1, PPS)."""
    app.config["BIMTEK_CONTENT_DIR"] = str(SAMPLE_CONTENT)
    return _sync(SAMPLE_CONTENT)


@pytest.fixture
def sample_copy(app, tmp_path) -> Path:
    """A private copy of the sample courses, configured as the app's content folder."""
    root = tmp_path / "sample_content"
    shutil.copytree(SAMPLE_CONTENT, root)
    app.config["BIMTEK_CONTENT_DIR"] = str(root)
    return root
