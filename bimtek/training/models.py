"""Bimtek sessions, their trainers, guest speakers, attendance and files."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.db import TimestampMixin, str_enum
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person
from bimtek.regions.models import Region


class AttendanceStatus(enum.StrEnum):
    HADIR = "hadir"
    IZIN = "izin"
    SAKIT = "sakit"
    TANPA_KETERANGAN = "tanpa_keterangan"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    AttendanceStatus.HADIR: _l("Hadir"),
    AttendanceStatus.IZIN: _l("Izin"),
    AttendanceStatus.SAKIT: _l("Sakit"),
    AttendanceStatus.TANPA_KETERANGAN: _l("Tanpa Keterangan"),
}


class Institution(enum.StrEnum):
    """Where a guest speaker comes from (they have no account)."""

    KPU = "kpu"
    BAWASLU = "bawaslu"
    PANWASCAM = "panwascam"
    PKD = "pkd"
    DUKCAPIL = "dukcapil"
    LAINNYA = "lainnya"

    @property
    def label(self) -> str:
        return INSTITUTION_LABELS[self]


INSTITUTION_LABELS = {
    Institution.KPU: "KPU",
    Institution.BAWASLU: "Bawaslu",
    Institution.PANWASCAM: "Panwascam",
    Institution.PKD: "PKD",
    Institution.DUKCAPIL: "Dukcapil",
    Institution.LAINNYA: "Lainnya",
}


class FileKind(enum.StrEnum):
    DAFTAR_HADIR = "daftar_hadir"
    FOTO = "foto"

    @property
    def label(self) -> str:
        return {FileKind.DAFTAR_HADIR: "Pindaian daftar hadir bertanda tangan", FileKind.FOTO: "Foto dokumentasi"}[self]


class TrainingSession(TimestampMixin, db.Model):
    """One bimtek: held in a region of the election, for the officers invited to it."""

    __tablename__ = "training_session"
    __table_args__ = (
        Index("ix_training_session_election_region", "election_id", "region_code"),
        Index("ix_training_session_election_starts", "election_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    # The area the session is for: a kabupaten (KPU), kecamatan (PPK) or desa (PPS).
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    title: Mapped[str] = mapped_column(String(200))
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(300))
    topics: Mapped[str] = mapped_column(Text, default="")
    # Course slugs (no foreign key: courses are synced from files and may be renamed or retired).
    course_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    is_makeup: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    checkin_code: Mapped[str | None] = mapped_column(String(8), index=True)
    checkin_code_at: Mapped[datetime | None]

    election: Mapped[Election] = relationship()
    region: Mapped[Region] = relationship()
    created_by: Mapped[Person | None] = relationship()
    trainers: Mapped[list[SessionTrainer]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionTrainer.id"
    )
    speakers: Mapped[list[GuestSpeaker]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="GuestSpeaker.id"
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="Attendance.id"
    )
    files: Mapped[list[SessionFile]] = relationship(
        back_populates="session", cascade="all, delete-orphan", order_by="SessionFile.id"
    )

    @property
    def zone(self) -> str:
        return clock.zone_for_region(self.region_code)

    def has_started(self) -> bool:
        return clock.now() >= self.starts_at

    def has_ended(self) -> bool:
        return clock.now() > self.ends_at

    def __repr__(self) -> str:
        return f"<TrainingSession {self.id} {self.region_code} {self.title!r}>"


class SessionTrainer(db.Model):
    """A person with an account who trains at a session."""

    __tablename__ = "training_trainer"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)

    session: Mapped[TrainingSession] = relationship(back_populates="trainers")
    person: Mapped[Person] = relationship()

    def __repr__(self) -> str:
        return f"<SessionTrainer {self.session_id} {self.person_id}>"


class GuestSpeaker(db.Model):
    """A speaker without an account: a name and an institution."""

    __tablename__ = "training_speaker"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    institution: Mapped[Institution] = mapped_column(str_enum(Institution, 16))

    session: Mapped[TrainingSession] = relationship(back_populates="speakers")

    def __repr__(self) -> str:
        return f"<GuestSpeaker {self.name} {self.institution}>"


class Attendance(db.Model):
    """A row of the roster: an invited officer or a walk-in, and (once marked) their status."""

    __tablename__ = "training_attendance"
    __table_args__ = (UniqueConstraint("session_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"))
    # Null for a walk-in not yet matched to an account.
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    assignment_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    walk_in_name: Mapped[str | None] = mapped_column(String(200))
    walk_in_title: Mapped[str | None] = mapped_column(String(100))
    walk_in_desa: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[AttendanceStatus | None] = mapped_column(str_enum(AttendanceStatus, 20))
    method: Mapped[str | None] = mapped_column(String(16))  # daftar, qr, kode
    marked_at: Mapped[datetime | None]
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    session: Mapped[TrainingSession] = relationship(back_populates="attendances")
    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    assignment: Mapped[Assignment | None] = relationship()
    marked_by: Mapped[Person | None] = relationship(foreign_keys=[marked_by_id])

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else (self.walk_in_name or "")

    @property
    def title(self) -> str:
        """Return the jabatan as written on paperwork, e.g. 'Pantarlih TPS 003'."""
        if self.assignment is not None:
            return self.assignment.title
        return self.walk_in_title or ""

    @property
    def desa(self) -> str:
        if self.assignment is not None:
            return self.assignment.region.name
        return self.walk_in_desa or ""

    @property
    def is_walk_in(self) -> bool:
        return self.person_id is None

    def __repr__(self) -> str:
        return f"<Attendance {self.session_id} {self.person_id or self.walk_in_name} {self.status}>"


class SessionFile(db.Model):
    """An uploaded scan or photo, kept outside the web root and served only within scope."""

    __tablename__ = "training_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("training_session.id", ondelete="CASCADE"), index=True)
    kind: Mapped[FileKind] = mapped_column(str_enum(FileKind, 16))
    stored_name: Mapped[str] = mapped_column(String(80), unique=True)
    original_name: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    uploaded_at: Mapped[datetime] = mapped_column(default=clock.now)

    session: Mapped[TrainingSession] = relationship(back_populates="files")
    uploaded_by: Mapped[Person | None] = relationship()

    def __repr__(self) -> str:
        return f"<SessionFile {self.id} {self.kind} {self.mime_type}>"

