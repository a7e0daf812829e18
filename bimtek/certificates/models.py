"""Recorded course completions and the certificates issued for them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.db import TimestampMixin, UTCDateTime, str_enum
from bimtek.extensions import db
from bimtek.officers.models import Person


class CertificateStatus(enum.StrEnum):
    VALID = "valid"
    REVOKED = "revoked"
    REPLACED = "replaced"


class CourseCompletion(db.Model):
    """A learner met a course's rules in an election; kept even when the course is edited later."""

    __tablename__ = "course_completion"
    __table_args__ = (UniqueConstraint("person_id", "election_id", "course_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), default="")
    completed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<CourseCompletion {self.person_id} {self.course_id}>"


class Certificate(TimestampMixin, db.Model):
    """A certificate: what was printed on it is kept as issued (name, role, region)."""

    __tablename__ = "certificate"
    __table_args__ = (
        # One certificate in force (valid or revoked) per person, course and election; reissues replace it.
        Index(
            "uq_certificate_current", "person_id", "election_id", "course_id", unique=True,
            sqlite_where=text("status != 'replaced'"), postgresql_where=text("status != 'replaced'"),
        ),
        Index("ix_certificate_election_region", "election_id", "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Verification code without dashes, upper case (see certificates.codes).
    code: Mapped[str] = mapped_column(String(16), unique=True)
    number: Mapped[str] = mapped_column(String(120), default="")
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    course_id: Mapped[int] = mapped_column(ForeignKey("course.id", ondelete="CASCADE"))
    completion_id: Mapped[int | None] = mapped_column(ForeignKey("course_completion.id", ondelete="SET NULL"))
    status: Mapped[CertificateStatus] = mapped_column(str_enum(CertificateStatus, 16), default=CertificateStatus.VALID)
    full_name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str] = mapped_column(Text, default="")
    replaced_by_id: Mapped[int | None] = mapped_column(ForeignKey("certificate.id", ondelete="SET NULL"))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    course: Mapped[Course] = relationship()

    def __repr__(self) -> str:
        return f"<Certificate {self.code} {self.status}>"
