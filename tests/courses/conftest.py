"""Fixtures for the course tests: the shipped content synced, or a private copy of it to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.courses.operations import sync_content
from bimtek.extensions import db

SHIPPED_CONTENT = PROJECT_ROOT / "course_content"


def sync_shipped_content() -> dict[str, Course]:
    """Sync the shipped course_content/ into the test database and commit; return the courses by slug."""
    sync_content(SHIPPED_CONTENT)
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
