"""Elections and per-kabupaten stage dates."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek.db import TimestampMixin, str_enum
from bimtek.extensions import db


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


class ElectionSchedule(TimestampMixin, db.Model):
    """A KPU operator's adjustment of the stage dates for their kabupaten/kota."""

    __tablename__ = "election_schedule"
    __table_args__ = (UniqueConstraint("election_id", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    bimtek_start: Mapped[date] = mapped_column(Date)
    bimtek_end: Mapped[date] = mapped_column(Date)
    coklit_start: Mapped[date] = mapped_column(Date)
    coklit_end: Mapped[date] = mapped_column(Date)

    election: Mapped[Election] = relationship(back_populates="schedules")

    def __repr__(self) -> str:
        return f"<ElectionSchedule {self.election_id} {self.region_code}>"
