"""Who serves in which election: elections, people and their assignments.

These are the models the access gate (`bimtek.scope`) and every feature build on, so they sit
below all feature packages. `bimtek.elections.models` and `bimtek.officers.models` re-export them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek.db import TimestampMixin, str_enum
from bimtek.extensions import db
from bimtek.regions.models import Region
from bimtek.roles import Position, Role


class ElectionKind(enum.StrEnum):
    PEMILU = "pemilu"
    PILKADA = "pilkada"


@dataclass(frozen=True)
class Stages:
    """The dates that drive what officers should be doing."""

    bimtek_start: date
    bimtek_end: date
    coklit_start: date
    coklit_end: date
    voting_day: date


class Election(TimestampMixin, db.Model):
    __tablename__ = "election"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[ElectionKind] = mapped_column(str_enum(ElectionKind, 16))
    voting_day: Mapped[date] = mapped_column(Date)
    bimtek_start: Mapped[date] = mapped_column(Date)
    bimtek_end: Mapped[date] = mapped_column(Date)
    coklit_start: Mapped[date] = mapped_column(Date)
    coklit_end: Mapped[date] = mapped_column(Date)
    is_current: Mapped[bool] = mapped_column(default=False, index=True)

    schedules: Mapped[list[ElectionSchedule]] = relationship(
        back_populates="election", cascade="all, delete-orphan"
    )

    @property
    def kind_label(self) -> str:
        return {ElectionKind.PEMILU: "Pemilu", ElectionKind.PILKADA: "Pilkada"}[self.kind]

    @property
    def stages(self) -> Stages:
        return Stages(self.bimtek_start, self.bimtek_end, self.coklit_start, self.coklit_end, self.voting_day)

    def __repr__(self) -> str:
        return f"<Election {self.slug}>"


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
        return assignment_title(self.role, self.position, self.tps)

    def __repr__(self) -> str:
        return f"<Assignment {self.person_id} {self.role} {self.region_code} tps={self.tps}>"


def assignment_title(role: Role, position: Position, tps: int | None) -> str:
    """Return how a post is written on paperwork: 'Pantarlih TPS 003', 'Ketua PPS', 'Staf PPS'."""
    if role is Role.PANTARLIH:
        return f"Pantarlih TPS {tps:03d}" if tps else "Pantarlih"
    if role is Role.SEKRETARIAT_PPS:
        return f"{position.label} PPS"
    if role in (Role.PPS, Role.PPK):
        return f"{position.label} {role.label}"
    return role.label
