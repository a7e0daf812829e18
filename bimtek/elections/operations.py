"""Writes on elections: creating, editing, choosing the current one, adjusting stage dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy import select, update

from bimtek.audit.operations import record
from bimtek.elections.models import Election, ElectionKind, ElectionSchedule
from bimtek.extensions import db
from bimtek.transaction import Refusal

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ElectionError(Refusal):
    """An election's data breaks a rule; the message is for the user."""


def check_stage_dates(bimtek_start: date, bimtek_end: date, coklit_start: date, coklit_end: date,
                      voting_day: date) -> None:
    """Refuse stage dates in an impossible order."""
    if bimtek_end < bimtek_start:
        raise ElectionError("Akhir masa bimtek tidak boleh sebelum awalnya.")
    if coklit_end < coklit_start:
        raise ElectionError("Akhir coklit tidak boleh sebelum awalnya.")
    if bimtek_start > coklit_start:
        raise ElectionError("Bimtek harus dimulai sebelum atau pada hari pertama coklit.")
    if coklit_end >= voting_day:
        raise ElectionError("Coklit harus selesai sebelum hari pemungutan suara.")


def slug_for(name: str) -> str:
    """Return a new election's short address from its name, unique among elections ('pilkada-2029', then '-2')."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_name).strip("-")[:56].strip("-") or "pemilihan"
    taken = set(db.session.scalars(select(Election.slug).where(
        (Election.slug == base) | Election.slug.startswith(base + "-", autoescape=True))))
    if base not in taken:
        return base
    return next(f"{base}-{number}" for number in range(2, len(taken) + 3) if f"{base}-{number}" not in taken)


def create_election(*, name: str, slug: str | None = None, kind: ElectionKind, voting_day: date, bimtek_start: date,
                    bimtek_end: date, coklit_start: date, coklit_end: date, actor_id: int | None) -> Election:
    """Create an election after checking its dates; the slug comes from the name unless a command gives one."""
    if slug is None:
        check_stage_dates(bimtek_start, bimtek_end, coklit_start, coklit_end, voting_day)
        slug = slug_for(name)
    if not SLUG.match(slug):
        raise ElectionError("Slug hanya boleh huruf kecil, angka dan tanda hubung (mis. pilkada-2029).")
    if db.session.scalar(select(Election.id).where(Election.slug == slug)):
        raise ElectionError(f"Slug '{slug}' sudah dipakai pemilihan lain.")
    check_stage_dates(bimtek_start, bimtek_end, coklit_start, coklit_end, voting_day)
    election = Election(slug=slug, name=name, kind=kind, voting_day=voting_day, bimtek_start=bimtek_start,
                        bimtek_end=bimtek_end, coklit_start=coklit_start, coklit_end=coklit_end)
    db.session.add(election)
    db.session.flush()
    record("elections.create", actor_id=actor_id, election_id=election.id, slug=slug)
    return election


def update_election(election: Election, *, actor_id: int | None, **fields) -> None:
    """Change an election's name and dates after checking them; the trail records the fields that changed."""
    merged = {name: fields.get(name, getattr(election, name)) for name in
              ("bimtek_start", "bimtek_end", "coklit_start", "coklit_end", "voting_day")}
    check_stage_dates(**merged)
    changed = sorted(name for name, value in fields.items() if getattr(election, name) != value)
    for name in changed:
        setattr(election, name, fields[name])
    if changed:
        record("elections.update", actor_id=actor_id, election_id=election.id, fields=changed)


def make_current(election: Election) -> None:
    """Mark this election as the current one and no other."""
    db.session.execute(update(Election).where(Election.id != election.id).values(is_current=False))
    election.is_current = True
    db.session.flush()


def set_kabupaten_schedule(election: Election, kabupaten_code: str, *, bimtek_start: date, bimtek_end: date,
                           coklit_start: date, coklit_end: date, actor_id: int) -> ElectionSchedule:
    """Adjust the stage dates of one kabupaten/kota."""
    check_stage_dates(bimtek_start, bimtek_end, coklit_start, coklit_end, election.voting_day)
    schedule = db.session.scalar(
        select(ElectionSchedule).where(
            ElectionSchedule.election_id == election.id, ElectionSchedule.region_code == kabupaten_code
        )
    )
    if schedule is None:
        schedule = ElectionSchedule(election_id=election.id, region_code=kabupaten_code)
        db.session.add(schedule)
    schedule.bimtek_start, schedule.bimtek_end = bimtek_start, bimtek_end
    schedule.coklit_start, schedule.coklit_end = coklit_start, coklit_end
    record("elections.schedule", actor_id=actor_id, election_id=election.id, region_code=kabupaten_code,
           bimtek_start=bimtek_start.isoformat(), coklit_start=coklit_start.isoformat())
    db.session.flush()
    return schedule
