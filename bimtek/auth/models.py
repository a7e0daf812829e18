"""Failed log-ins (kept briefly to throttle guessing) and "lupa kata sandi" requests."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bimtek import clock
from bimtek.extensions import db


class LoginFailure(db.Model):
    __tablename__ = "login_failure"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)

    def __repr__(self) -> str:
        return f"<LoginFailure {self.account_key} {self.address}>"


class PasswordHelpRequest(db.Model):
    """One "lupa kata sandi" form sent: the throttle counts these rows, trainers answer those naming a person.

    Every form sent makes a row, whether or not the typed name is an account, so the form does
    the same work for both and the page can answer both alike. `person_id` is set only when the
    name matched; only such rows are shown to the person's trainers, never to the sender.
    """

    __tablename__ = "password_help_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="CASCADE"), index=True)
    # What the per-account limit counts: the account, else the normalised phone or name typed.
    account_key: Mapped[str] = mapped_column(String(64), index=True)
    # A digest of the client address, never the address itself.
    address_key: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=clock.now, index=True)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<PasswordHelpRequest {self.id} person={self.person_id}>"
