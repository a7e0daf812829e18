"""The audit trail: one row per action worth answering for."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bimtek import clock
from bimtek.extensions import db
from bimtek.directory.models import Person


class AuditEvent(db.Model):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_election_region", "election_id", "region_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    election_id: Mapped[int | None] = mapped_column(ForeignKey("election.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(64))
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))
    # The region the action concerns: an operator reads the trail of their area by this.
    region_code: Mapped[str | None] = mapped_column(String(13))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    actor: Mapped[Person | None] = relationship(foreign_keys=[actor_id])
    subject: Mapped[Person | None] = relationship(foreign_keys=[subject_id])

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} by {self.actor_id} on {self.subject_id}>"
