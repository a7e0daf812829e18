"""Officer records: the one-time password sheets; people and assignments live in bimtek.directory."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bimtek import clock
from bimtek.directory.models import Assignment, Person
from bimtek.extensions import db
from bimtek.roles import POSITION_LABELS, ROLE_LABELS, Position, Role

__all__ = ["Assignment", "POSITION_LABELS", "PasswordSheet", "Person", "Position", "ROLE_LABELS", "Role"]


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
    # The job printing a long sheet's slips (its PDF holds the passwords: removed with the sheet).
    pdf_job_token: Mapped[str | None] = mapped_column(String(40))

    def __repr__(self) -> str:
        return f"<PasswordSheet {self.id} by {self.created_by_id}>"
