"""Reads of elections: the current one, and the stage dates that apply to a region."""

from __future__ import annotations

import click
from sqlalchemy import select

from bimtek.directory.queries import current_election
from bimtek.elections.models import Election, ElectionSchedule, Stages
from bimtek.extensions import db
from bimtek.regions.models import RegionLevel, ancestor_at


__all__ = ["current_election", "election_by_slug", "resolve_election", "stages_for"]


def election_by_slug(slug: str) -> Election | None:
    return db.session.scalar(select(Election).where(Election.slug == slug))


def resolve_election(slug: str | None) -> Election:
    """Return the election named by a command's --election, or the current one; fail clearly otherwise."""
    election = election_by_slug(slug) if slug else current_election()
    if election is None:
        if slug:
            raise click.ClickException(f"pemilihan '{slug}' tidak ditemukan")
        raise click.ClickException("belum ada pemilihan aktif; pakai --election SLUG")
    return election


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
