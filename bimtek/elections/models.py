"""Elections and per-kabupaten stage dates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek.db import TimestampMixin
from bimtek.directory.models import Election, ElectionKind, Stages
from bimtek.extensions import db

__all__ = ["Election", "ElectionKind", "ElectionSchedule", "Stages"]


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
