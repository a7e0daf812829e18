"""Reads of elections: the current one, and the stage dates that apply to a region."""

from __future__ import annotations

from flask import g
from sqlalchemy import select

from bimtek.elections.models import Election, ElectionSchedule, Stages
from bimtek.extensions import db
from bimtek.regions.models import RegionLevel, ancestor_at


def current_election() -> Election | None:
    """Return the election marked current (cached for the request)."""
    if "current_election" not in g:
        g.current_election = db.session.scalar(select(Election).where(Election.is_current).limit(1))
    return g.current_election


def election_by_slug(slug: str) -> Election | None:
    return db.session.scalar(select(Election).where(Election.slug == slug))


def stages_for(election: Election, region_code: str | None) -> Stages:
    """Return the stage dates in force for a region: its kabupaten's adjustment, else the election's."""
    if region_code and region_code.count(".") >= 1:
        kabupaten = ancestor_at(region_code, RegionLevel.KABUPATEN)
        schedule = db.session.scalar(
            select(ElectionSchedule).where(
                ElectionSchedule.election_id == election.id, ElectionSchedule.region_code == kabupaten
            )
        )
        if schedule:
            return Stages(
                schedule.bimtek_start, schedule.bimtek_end, schedule.coklit_start, schedule.coklit_end,
                election.voting_day,
            )
    return election.stages
