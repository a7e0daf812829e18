"""Courses, lessons and progress, synced from course_content/ by slug and file name."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.db import TimestampMixin
from bimtek.extensions import db


class Course(TimestampMixin, db.Model):
    __tablename__ = "course"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    # Role tokens (see officers.models.Role) the course is meant for.
    audience: Mapped[list[str]] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(default=1)
    estimated_minutes: Mapped[int] = mapped_column(default=0)
    # What completing the course requires, e.g. {"lessons": "all", "quiz": true}.
    completion: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Quiz rules from course.yaml (see course_content/README.md).
    quiz_rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    is_retired: Mapped[bool] = mapped_column(default=False)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="course", order_by="Lesson.order", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Course {self.slug} v{self.version}>"


class Lesson(TimestampMixin, db.Model):
    """One lesson, identified by course + file name so reordering keeps progress."""

    __tablename__ = "lesson"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    order: Mapped[int] = mapped_column(default=0)
    minutes: Mapped[int] = mapped_column(default=0)
    body_markdown: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    # Removed from the files: kept so nobody's history is lost, hidden from learners.
    is_retired: Mapped[bool] = mapped_column(default=False)

    course: Mapped[Course] = relationship(back_populates="lessons")

    def __repr__(self) -> str:
        return f"<Lesson {self.course_id}/{self.key}>"


class LessonProgress(db.Model):
    """A learner finished a lesson, in one election."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("person_id", "election_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id", ondelete="CASCADE"), index=True)
    completed_at: Mapped[datetime] = mapped_column(default=clock.now)

    def __repr__(self) -> str:
        return f"<LessonProgress {self.person_id} {self.lesson_id}>"
