"""Question banks per course, attempts with their question snapshots, and the answers given."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.db import TimestampMixin, UTCDateTime, str_enum
from bimtek.extensions import db
from bimtek.quizzes.questions import get_type


class QuestionSource(enum.StrEnum):
    """Where a bank question came from: course_content/ files, or an admin's upload."""

    FILE = "file"
    UPLOAD = "upload"


class AttemptStatus(enum.StrEnum):
    OPEN = "open"
    FINISHED = "finished"


class BankQuestion(TimestampMixin, db.Model):
    """A question of a course bank, identified by course + source + category + name so edits update it in place.

    Moodle allows one name in several categories, so the category is part of the identity.
    """

    __tablename__ = "quiz_question"
    __table_args__ = (UniqueConstraint("course_id", "source", "category", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    source: Mapped[QuestionSource] = mapped_column(str_enum(QuestionSource, 16))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(200), default="")
    # Question.to_dict() of the current text; attempts copy it, so edits never reach them.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    position: Mapped[int] = mapped_column(default=0)
    # Removed from the files (or by the admin): never drawn again, kept for old attempts' reports.
    is_retired: Mapped[bool] = mapped_column(default=False)

    course: Mapped[Course] = relationship()

    @property
    def kind_label(self) -> str:
        """Return the Indonesian name of the question's type."""
        return get_type(self.kind).label

    def __repr__(self) -> str:
        return f"<BankQuestion {self.course_id}/{self.source}/{self.name}>"


class Attempt(db.Model):
    """One try at a course quiz by a learner in one election, with the questions as they were shown."""

    __tablename__ = "quiz_attempt"
    __table_args__ = (
        # Two starts racing for the same attempt number: the second fails instead of doubling up.
        UniqueConstraint("person_id", "election_id", "course_id", "number"),
        Index("ix_quiz_attempt_election_course_status", "election_id", "course_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(default=1)
    status: Mapped[AttemptStatus] = mapped_column(str_enum(AttemptStatus, 16), default=AttemptStatus.OPEN)
    question_count: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    deadline: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Percent, 0..100, set once when the attempt is graded.
    score: Mapped[float | None]
    passed: Mapped[bool | None]
    # The rules in force when it started (pass mark, review policy, time limit).
    rules: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Per question shown: {"question_id", "snapshot": Question.to_dict(), "order": [...]}.
    # Deferred: it never changes, so views read it once per process and cache it.
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, deferred=True)

    course: Mapped[Course] = relationship()

    @property
    def is_open(self) -> bool:
        return self.status is AttemptStatus.OPEN

    def __repr__(self) -> str:
        return f"<Attempt {self.id} {self.person_id}/{self.course_id} #{self.number} {self.status}>"


class Response(db.Model):
    """A learner's answer to one question of an attempt: one row per (attempt, position), upserted."""

    __tablename__ = "quiz_response"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempt.id", ondelete="CASCADE"))
    position: Mapped[int]
    # The bank question it answers (for per-question reports); the snapshot is in the attempt.
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("quiz_question.id", ondelete="SET NULL"), index=True
    )
    response: Mapped[Any] = mapped_column(JSON, nullable=True)
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    points: Mapped[float | None]
    correct: Mapped[bool | None]

    def __repr__(self) -> str:
        return f"<Response {self.attempt_id}#{self.position}>"
