"""The "lupa kata sandi" requests: recorded the same way for every name typed, throttled in the database.

The page never says whether a name is an account. Whatever is typed, the form looks the account
up, counts the recent requests of the client and of the name, writes one row and answers the
same generic text. A row naming a real account is what that person's trainer sees (and answers
with a reset); the sender never sees anything about it. The counters are rows in the database,
so every app server behind a load balancer shares them.
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from flask import current_app
from sqlalchemy import and_, delete, func, or_, select, update

from bimtek import clock
from bimtek.auth.models import PasswordHelpRequest
from bimtek.auth.operations import account_key, find_account
from bimtek.extensions import db

# How long a request waits for its trainer before it is dropped (the person can send another).
REQUEST_LIFETIME = timedelta(days=7)


def address_key(address: str | None) -> str:
    """Return a digest of the client address (the address itself is never stored)."""
    secret = current_app.secret_key or ""
    return hashlib.sha256(f"forgot|{secret}|{address or '-'}".encode()).hexdigest()[:32]


def _recent(*conditions) -> int:
    since = clock.now() - current_app.config["BIMTEK_FORGOT_WINDOW"]
    return db.session.scalar(
        select(func.count()).select_from(PasswordHelpRequest).where(*conditions, PasswordHelpRequest.at >= since)
    )


def request_password_help(login: str, address: str | None) -> bool:
    """Record a request for a new password for the account typed; return False when the sender is throttled.

    Per client address (a hall's hotspot is shared, so loosely) and per name typed (tightly: one
    person's trainer needs one request, not ten). Throttled or not, nothing tells the sender
    whether the name exists.
    """
    config = current_app.config
    person = find_account(login)
    if person is not None and not person.is_active:
        person = None
    key, client = account_key(login, person), address_key(address)
    if (_recent(PasswordHelpRequest.address_key == client) >= config["BIMTEK_FORGOT_MAX_PER_ADDRESS"]
            or _recent(PasswordHelpRequest.account_key == key) >= config["BIMTEK_FORGOT_MAX_PER_ACCOUNT"]):
        return False
    _prune()
    db.session.add(PasswordHelpRequest(person_id=person.id if person else None, account_key=key, address_key=client))
    db.session.flush()
    return True


def _prune() -> None:
    # Rows naming nobody only count for the throttle; requests naming someone wait for the trainer.
    now = clock.now()
    db.session.execute(delete(PasswordHelpRequest).where(or_(
        and_(PasswordHelpRequest.person_id.is_(None), PasswordHelpRequest.at < now - current_app.config["BIMTEK_FORGOT_WINDOW"]),
        PasswordHelpRequest.at < now - REQUEST_LIFETIME,
    )))


def pending_clause():
    """Return the clause matching requests that name a person and still wait for an answer."""
    return and_(
        PasswordHelpRequest.person_id.is_not(None),
        PasswordHelpRequest.resolved_at.is_(None),
        PasswordHelpRequest.at >= clock.now() - REQUEST_LIFETIME,
    )


def resolve_password_help(person_id: int, *, actor_id: int | None) -> None:
    """Mark the person's waiting requests answered (their trainer just gave them a new password)."""
    db.session.execute(
        update(PasswordHelpRequest)
        .where(PasswordHelpRequest.person_id == person_id, PasswordHelpRequest.resolved_at.is_(None))
        .values(resolved_at=clock.now(), resolved_by_id=actor_id)
    )
