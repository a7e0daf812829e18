"""course.yaml may ask for attendance: `completion.attendance` is checked and synced with the other rules."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from bimtek.config import PROJECT_ROOT
from bimtek.courses.models import Course
from bimtek.courses.operations import sync_content
from bimtek.extensions import db


def _copy(tmp_path):
    root = tmp_path / "course_content"
    shutil.copytree(PROJECT_ROOT / "course_content", root)
    return root


def test_attendance_rule_is_synced(app, tmp_path):
    root = _copy(tmp_path)
    path = root / "prosedur-coklit" / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  quiz: true\n", "  quiz: true\n  attendance: true\n", 1),
                    encoding="utf-8")
    sync_content(root)
    db.session.commit()
    course = db.session.scalar(select(Course).where(Course.slug == "prosedur-coklit"))
    assert course.completion == {"lessons": "all", "quiz": True, "attendance": True}


def test_attendance_rule_must_be_true_or_false(app, runner, tmp_path):
    root = _copy(tmp_path)
    app.config["BIMTEK_CONTENT_DIR"] = str(root)
    path = root / "prosedur-coklit" / "course.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  quiz: true\n", "  quiz: true\n  attendance: ya\n", 1),
                    encoding="utf-8")
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code != 0
    assert "course.yaml:10: completion.attendance harus true atau false" in result.output
