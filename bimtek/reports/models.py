"""The TPS list of each desa in an election: what the expected number of Pantarlih is counted from."""

from __future__ import annotations

from sqlalchemy import ForeignKey, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

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
