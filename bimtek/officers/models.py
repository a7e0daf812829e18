"""People (who log in) and their assignments: a role in one election, in one region."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.db import TimestampMixin, str_enum
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.regions.models import Region


class Role(enum.StrEnum):
    """Role tokens shared by every part of the app (content audiences too)."""

    ADMIN = "admin"
    OPERATOR_KPU = "operator_kpu"
    PPK = "ppk"
    PPS = "pps"
    SEKRETARIAT_PPS = "sekretariat_pps"
    PANTARLIH = "pantarlih"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Admin sistem"),
    Role.OPERATOR_KPU: _l("Operator KPU Kabupaten/Kota"),
    Role.PPK: _l("PPK"),
    Role.PPS: _l("PPS"),
    Role.SEKRETARIAT_PPS: _l("Sekretariat PPS"),
    Role.PANTARLIH: _l("Pantarlih"),
}


class Position(enum.StrEnum):
    KETUA = "ketua"
    ANGGOTA = "anggota"
    SEKRETARIS = "sekretaris"
    STAF = "staf"

    @property
    def label(self) -> str:
        return str(POSITION_LABELS[self])


POSITION_LABELS = {
    Position.KETUA: _l("Ketua"),
    Position.ANGGOTA: _l("Anggota"),
    Position.SEKRETARIS: _l("Sekretaris"),
    Position.STAF: _l("Staf"),
}


class Person(UserMixin, TimestampMixin, db.Model):
    """Someone who logs in: an officer, an operator or the system admin."""

    __tablename__ = "person"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(String(200))
    nik: Mapped[str | None] = mapped_column(String(16), unique=True)
    phone: Mapped[str | None] = mapped_column(String(20), unique=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    must_change_password: Mapped[bool] = mapped_column(default=False)
    is_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # Bumped on every password change so other log-in sessions of the person end.
    session_version: Mapped[int] = mapped_column(default=1)
    last_login_at: Mapped[datetime | None]

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="person", cascade="all, delete-orphan", foreign_keys="Assignment.person_id"
    )

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def masked_nik(self) -> str:
        """Return the NIK with all but the last four digits hidden."""
        return "•" * 12 + self.nik[-4:] if self.nik else ""

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.username}>"


class Assignment(TimestampMixin, db.Model):
    """A person's role in one election: role × position × region (× TPS)."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("person_id", "election_id", "role"),
        Index("ix_assignment_election_region", "election_id", "region_code"),
        Index("ix_assignment_election_role_region", "election_id", "role", "region_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    role: Mapped[Role] = mapped_column(str_enum(Role, 32))
    position: Mapped[Position] = mapped_column(str_enum(Position, 16))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    tps: Mapped[int | None]
    # A Pantarlih appointed mid-coklit in place of another: needs a make-up bimtek.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("assignment.id", ondelete="SET NULL"))
    ended_at: Mapped[datetime | None]

    person: Mapped[Person] = relationship(back_populates="assignments", foreign_keys=[person_id])
    election: Mapped[Election] = relationship()
    region: Mapped[Region] = relationship()
    replaces: Mapped[Assignment | None] = relationship(remote_side=[id])

    @property
    def title(self) -> str:
        """Return how the assignment is written on paperwork, e.g. 'Pantarlih TPS 003'."""
        if self.role is Role.PANTARLIH:
            return f"Pantarlih TPS {self.tps:03d}" if self.tps else "Pantarlih"
        if self.role is Role.SEKRETARIAT_PPS:
            return f"{self.position.label} PPS"
        if self.role in (Role.PPS, Role.PPK):
            return f"{self.position.label} {self.role.label}"
        return self.role.label

    def __repr__(self) -> str:
        return f"<Assignment {self.person_id} {self.role} {self.region_code} tps={self.tps}>"


class PasswordSheet(db.Model):
    """One-time passwords from an import or reset, shown once to the operator who made them."""

    __tablename__ = "password_sheet"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    # [{"name", "username", "title", "region", "password"}]; emptied when the operator closes it.
    entries: Mapped[list[dict]] = mapped_column(JSON, default=list)
    cleared_at: Mapped[datetime | None]

    def __repr__(self) -> str:
        return f"<PasswordSheet {self.id} by {self.created_by_id}>"
