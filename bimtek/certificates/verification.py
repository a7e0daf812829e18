"""The public verify page's logic: what a typed code is, a per-client rate limit kept in the database."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import delete

from bimtek import clock
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate, VerifyHit
from bimtek.certificates.queries import by_code
from bimtek.extensions import db

# Looked up when the typed code is mistyped, so a typo costs the same database work as a real code.
_DECOY = "2" * codes.LENGTH


@dataclass(frozen=True)
class Lookup:
    shape: codes.CodeShape
    certificate: Certificate | None


def look_up(typed: str) -> Lookup:
    """Classify a typed code and find its certificate, doing the same work whatever the answer."""
    shape = codes.shape(typed)
    code = codes.normalise(typed) if shape is codes.CodeShape.WELL_FORMED else _DECOY
    certificate = by_code(code[: codes.LENGTH])
    return Lookup(shape, certificate if shape is codes.CodeShape.WELL_FORMED else None)


def client_key(address: str | None) -> str:
    """Return a digest of the client address (the address itself is never stored)."""
    secret = current_app.secret_key or ""
    return hashlib.sha256(f"{secret}|{address or '-'}".encode()).hexdigest()[:32]


def allow(address: str | None) -> bool:
    """Count one verify request of the client in this minute; say whether it is within the limit.

    The counter lives in the database, so every app server shares it.
    """
    from bimtek.certificates.operations import _insert

    now = clock.now()
    window = now.replace(second=0, microsecond=0)
    key = client_key(address)
    statement = _insert(VerifyHit).values(client=key, window_start=window, count=1)
    statement = statement.on_conflict_do_update(
        index_elements=["client", "window_start"], set_={"count": VerifyHit.count + 1},
    ).returning(VerifyHit.count)
    count = db.session.execute(statement).scalar_one()
    if count == 1:
        # First request of a window: forget windows older than an hour (keeps the table small).
        db.session.execute(delete(VerifyHit).where(VerifyHit.window_start < window - timedelta(hours=1)))
    return count <= int(current_app.config["BIMTEK_VERIFY_PER_MINUTE"])


def pad_to_floor(started: float) -> None:
    """Sleep until the answer has taken the configured minimum, so hits, misses and typos look alike."""
    floor = float(current_app.config["BIMTEK_VERIFY_MIN_SECONDS"])
    remaining = floor - (time.perf_counter() - started)
    if remaining > 0:
        time.sleep(remaining)
