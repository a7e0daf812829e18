"""Reads every feature needs: the current election."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from bimtek.directory.models import Election
from bimtek.extensions import db


def current_election() -> Election | None:
    """Return the election marked current (cached for the request)."""
    if "current_election" not in g:
        g.current_election = db.session.scalar(select(Election).where(Election.is_current).limit(1))
    return g.current_election
