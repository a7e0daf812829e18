"""The TPS list of each desa (the expected number of Pantarlih) and the dashboards' progress summary."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bimtek import clock
from bimtek.db import UTCDateTime
from bimtek.extensions import db

# A Pilkada TPS with more voters than this gets a second Pantarlih (Pilkada 2024 rule).
SECOND_PANTARLIH_ABOVE = 400


class Tps(db.Model):
    """One polling station of a desa, as the KPU operator imported it (number and voter count)."""

    __tablename__ = "tps"
    # The unique constraint starts (election_id, region_code): it is the index region filters use.
    __table_args__ = (UniqueConstraint("election_id", "region_code", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"))
    number: Mapped[int]
    voters: Mapped[int]

    def __repr__(self) -> str:
        return f"<Tps {self.region_code} {self.number:03d} voters={self.voters}>"


class OfficerProgress(db.Model):
    """The dashboards' summary: one row per active assignment with its progress flags, kept current on commit.

    Computed by reports.queries.officer_flags (the source of truth) and refreshed for the people a
    transaction touched (see reports.summary); 1/0 flags, null for roles without a course.
    """

    __tablename__ = "report_officer_progress"
    __table_args__ = (Index("ix_report_officer_progress_election_region", "election_id", "region_code"),)

    assignment_id: Mapped[int] = mapped_column(ForeignKey("assignment.id", ondelete="CASCADE"), primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))
    region_code: Mapped[str] = mapped_column(String(13))
    tps: Mapped[int | None]
    lessons_ok: Mapped[int | None]
    quiz_ok: Mapped[int | None]
    trained: Mapped[int | None]
    certified: Mapped[int | None]
    finished: Mapped[int | None]
    hadir: Mapped[int]

    def __repr__(self) -> str:
        return f"<OfficerProgress {self.assignment_id} {self.role} {self.region_code} finished={self.finished}>"


class SummaryState(db.Model):
    """Which course requirements an election's summary was built against; missing or different means stale."""

    __tablename__ = "report_summary_state"

    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[str] = mapped_column(String(64))
    built_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    def __repr__(self) -> str:
        return f"<SummaryState {self.election_id} {self.signature[:8]}>"


class RegionProgress(db.Model):
    """The summary rolled up per region code and role (desa for PPS and Pantarlih, kecamatan for PPK).

    Region tables sum these rows by code prefix, so a province reads a few tens of thousands of
    rows instead of every officer. The Pantarlih row of a desa also carries its TPS list's counts.
    """

    __tablename__ = "report_region_progress"

    election_id: Mapped[int] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(13), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)
    registered: Mapped[int] = mapped_column(default=0)
    learners: Mapped[int] = mapped_column(default=0)
    lessons: Mapped[int] = mapped_column(default=0)
    quiz: Mapped[int] = mapped_column(default=0)
    trained: Mapped[int] = mapped_column(default=0)
    certified: Mapped[int] = mapped_column(default=0)
    finished: Mapped[int] = mapped_column(default=0)
    tps: Mapped[int] = mapped_column(default=0)
    pantarlih_expected: Mapped[int] = mapped_column(default=0)

    def __repr__(self) -> str:
        return f"<RegionProgress {self.region_code} {self.role} {self.finished}/{self.learners}>"
