"""Whom a user asks for help: the trainers of their bimtek, else the ketua of the body one step up the cascade."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bimtek.directory.models import Assignment, Person
from bimtek.extensions import db
from bimtek.region_codes import RegionLevel, ancestor_at
from bimtek.roles import ROLE_RANK, Position, Role
from bimtek.scope import Scope
from bimtek.training.models import Attendance, SessionTrainer, TrainingSession

# Whom each role answers to in the cascade, and at which level that body sits.
ANSWERS_TO = {
    Role.PANTARLIH: (Role.PPS, RegionLevel.DESA),
    Role.SEKRETARIAT_PPS: (Role.PPS, RegionLevel.DESA),
    Role.PPS: (Role.PPK, RegionLevel.KECAMATAN),
    Role.PPK: (Role.OPERATOR_KPU, RegionLevel.KABUPATEN),
}
TRAINERS_SHOWN = 3
AREA_WORDS = {RegionLevel.DESA: "desa/kelurahan", RegionLevel.KECAMATAN: "kecamatan", RegionLevel.KABUPATEN: "kabupaten/kota"}


@dataclass(frozen=True)
class Contact:
    """Someone the user may call, with why they are the one to call."""

    name: str
    title: str
    phone: str | None
    reason: str


def contacts_for(scope: Scope) -> list[Contact]:
    """Return the user's own trainers (from their bimtek invitations) and the ketua above them, without repeats."""
    if scope.election_id is None or not scope.assignments:
        return []
    found = _trainers(scope) + _one_step_up(scope)
    seen: set[tuple[str, str | None]] = set()
    unique = []
    for contact in found:
        if (contact.name, contact.phone) not in seen:
            seen.add((contact.name, contact.phone))
            unique.append(contact)
    return unique


def _trainers(scope: Scope) -> list[Contact]:
    rows = db.session.execute(
        select(Person, TrainingSession)
        .join(SessionTrainer, SessionTrainer.person_id == Person.id)
        .join(TrainingSession, TrainingSession.id == SessionTrainer.session_id)
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(Attendance.person_id == scope.person_id, TrainingSession.election_id == scope.election_id,
               Person.id != scope.person_id)
        .options(selectinload(Person.assignments))
        .order_by(TrainingSession.starts_at.desc(), SessionTrainer.id).limit(10)
    ).all()
    contacts = []
    for person, session in rows:
        held = [a for a in person.assignments if a.election_id == scope.election_id and a.ended_at is None]
        title = min(held, key=lambda a: ROLE_RANK.index(a.role)).title if held else ""
        contacts.append(Contact(person.full_name, title, person.phone,
                                f"Pelatih Anda pada bimtek '{session.title}'"))
    return contacts[:TRAINERS_SHOWN]


def _one_step_up(scope: Scope) -> list[Contact]:
    contacts = []
    for assignment in scope.assignments:
        if assignment.role not in ANSWERS_TO:
            continue
        role, level = ANSWERS_TO[assignment.role]
        region = ancestor_at(assignment.region_code, level)
        above = db.session.scalars(
            select(Assignment).where(Assignment.election_id == scope.election_id, Assignment.role == role,
                                     Assignment.region_code == region, Assignment.ended_at.is_(None))
            .options(selectinload(Assignment.person), selectinload(Assignment.region))
            .order_by(Assignment.id)
        ).all()
        chosen = next((a for a in above if a.position is Position.KETUA), above[0] if above else None)
        if chosen is not None and chosen.person_id != scope.person_id:
            short = "Operator KPU" if chosen.role is Role.OPERATOR_KPU else chosen.title
            contacts.append(Contact(chosen.person.full_name, f"{short} {chosen.region.display_name}",
                                    chosen.person.phone, f"{short} {AREA_WORDS[level]} Anda"))
    return contacts
