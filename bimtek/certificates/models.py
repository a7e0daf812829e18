"""Recorded course completions, the certificates issued for them, and what printing and checking them needs."""

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


# How certificate numbers are written unless a kabupaten sets its own (see certificates.numbers).
DEFAULT_NUMBER_FORMAT = "{nomor}/PP.04-SD/{kode_wilayah}/{tahun}"


class CertificateSettings(TimestampMixin, db.Model):
    """A kabupaten/kota's certificate settings, set by its KPU operator: numbering, signatory, images."""

    __tablename__ = "certificate_settings"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    number_format: Mapped[str] = mapped_column(String(120), default=DEFAULT_NUMBER_FORMAT)
    signatory_name: Mapped[str] = mapped_column(String(200), default="")
    signatory_title: Mapped[str] = mapped_column(String(200), default="")
    # Stored file names under the storage folder (random, so a new upload changes the name).
    signature_file: Mapped[str | None] = mapped_column(String(80))
    stamp_file: Mapped[str | None] = mapped_column(String(80))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<CertificateSettings {self.region_code}>"


class CertificateCounter(db.Model):
    """The last certificate number a kabupaten gave out in an election (row-locked while numbering)."""

    __tablename__ = "certificate_counter"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<CertificateCounter {self.region_code} {self.last_number}>"


class VerifyHit(db.Model):
    """How often one client asked the public verify page in one minute (the rate limit, shared by app servers)."""

    __tablename__ = "certificate_verify_hit"

    # A digest of the client address, never the address itself.
    client: Mapped[str] = mapped_column(String(64), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime, primary_key=True)
    count: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<VerifyHit {self.client[:8]} {self.window_start} {self.count}>"
