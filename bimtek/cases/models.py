"""Practice cases synced from course_content/<course>/kasus/, and each learner's results per election."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.db import TimestampMixin, UTCDateTime
from bimtek.extensions import db


class PracticeCase(TimestampMixin, db.Model):
    """One household case, identified by course + file name so edits keep everyone's results."""

    __tablename__ = "practice_case"
    __table_args__ = (UniqueConstraint("course_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    # The checked case as plain JSON (see bimtek/cases/content.py): the household and the accepted answers.
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))
    # Removed from the files: kept so nobody's result is lost, hidden from learners.
    is_retired: Mapped[bool] = mapped_column(default=False)

    course: Mapped[Course] = relationship()

    @property
    def subjects(self) -> list[dict[str, Any]]:
        return self.data.get("subjects", [])

    def __repr__(self) -> str:
        return f"<PracticeCase {self.course_id}/{self.key}>"


class CaseResult(db.Model):
    """A learner's answers to one case in one election: the first and the latest try."""

    __tablename__ = "case_result"
    __table_args__ = (
        UniqueConstraint("person_id", "election_id", "case_id"),
        Index("ix_case_result_election_case", "election_id", "case_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    case_id: Mapped[int] = mapped_column(ForeignKey("practice_case.id", ondelete="CASCADE"))
    tries: Mapped[int] = mapped_column(default=0)
    # Right decisions out of all, on the latest try.
    score: Mapped[int] = mapped_column(default=0)
    total: Mapped[int] = mapped_column(default=0)
    passed: Mapped[bool] = mapped_column(default=False)  # the latest try had every decision right
    ever_passed: Mapped[bool] = mapped_column(default=False)
    # {subject key: Given.to_dict()} of the latest try, so the result page can show it again.
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    first_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    passed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    decisions: Mapped[list[CaseDecision]] = relationship(back_populates="result", cascade="all, delete-orphan")

    def __repr__(self) -> str:
        return f"<CaseResult {self.person_id}/{self.case_id} {self.score}/{self.total}>"


class CaseDecision(db.Model):
    """One decision of a result: right on the first try, right on the latest (trainers' per-decision counts)."""

    __tablename__ = "case_decision"
    __table_args__ = (UniqueConstraint("result_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    result_id: Mapped[int] = mapped_column(ForeignKey("case_result.id", ondelete="CASCADE"))
    subject: Mapped[str] = mapped_column(String(100))
    first_correct: Mapped[bool] = mapped_column(default=False)
    last_correct: Mapped[bool] = mapped_column(default=False)

    result: Mapped[CaseResult] = relationship(back_populates="decisions")

    def __repr__(self) -> str:
        return f"<CaseDecision {self.result_id}/{self.subject} {self.first_correct}/{self.last_correct}>"
