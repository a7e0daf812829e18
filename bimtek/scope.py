"""What each user may see and change: the one helper every view and query goes through.

A user's scope is the region of their highest role in the election (everything for the
system admin, the kabupaten for a KPU operator, the kecamatan for PPK, the desa for PPS
and its secretariat) or only themselves (Pantarlih). Region codes are hierarchical, so
"in scope" is "the code or a code below it".
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from bimtek.directory.models import Assignment, Election, Person
from bimtek.directory.queries import current_election
from bimtek.extensions import db
from bimtek.region_codes import code_covers, region_clause
from bimtek.regions.models import Region
from bimtek.roles import Role

ROLE_RANK = [Role.ADMIN, Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH]

# Whom each role is responsible for (password resets, corrections): role -> roles it manages.
MANAGES = {
    Role.OPERATOR_KPU: {Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH},
    Role.PPK: {Role.PPS, Role.SEKRETARIAT_PPS},
    Role.PPS: {Role.PANTARLIH},
}


class Level(enum.StrEnum):
    NATIONAL = "national"
    AREA = "area"
    SELF = "self"


@dataclass(frozen=True)
class Scope:
    person_id: int
    election_id: int | None
    level: Level
    role: Role | None
    area: str  # region code of the area ('' = whole country); the own desa for Pantarlih
    assignments: tuple[Assignment, ...]

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN

    @property
    def is_trainer(self) -> bool:
        """Say whether the user trains others (KPU operator, PPK, PPS member, admin)."""
        return self.role in (Role.ADMIN, Role.OPERATOR_KPU, Role.PPK, Role.PPS)

    def has_role(self, *roles: Role) -> bool:
        return self.is_admin or any(a.role in roles for a in self.assignments)

    def covers(self, code: str | None) -> bool:
        """Say whether a region is within the area the user may see."""
        return self.level is not Level.SELF and code_covers(self.area, code)

    def region_filter(self, column: ColumnElement) -> ColumnElement[bool]:
        """Return a clause limiting a region column to the user's area."""
        if self.level is Level.SELF:
            return false()
        return region_clause(column, self.area)

    def assignments_query(self) -> Select:
        """Select the assignments of the election the user may see."""
        query = select(Assignment).where(Assignment.election_id == self.election_id)
        if self.level is Level.SELF:
            return query.where(Assignment.person_id == self.person_id)
        return query.where(self.region_filter(Assignment.region_code))

    def visible_person_ids(self) -> Select:
        """Select the ids of the people the user may see (themselves always)."""
        if self.level is Level.NATIONAL:
            return select(Person.id)
        in_area = select(Assignment.person_id).where(
            Assignment.election_id == self.election_id, self.region_filter(Assignment.region_code)
        )
        return in_area.union(select(Person.id).where(Person.id == self.person_id))

    def can_see_person(self, person_id: int) -> bool:
        return person_id == self.person_id or bool(
            db.session.scalar(select(true()).where(Person.id.in_(self.visible_person_ids())).where(Person.id == person_id))
        )

    def can_manage(self, assignment: Assignment) -> bool:
        """Say whether the user is responsible for this assignment's holder (resets, corrections)."""
        if assignment.person_id == self.person_id:
            return False
        if self.is_admin:
            return True
        return any(
            mine.role in MANAGES and assignment.role in MANAGES[mine.role]
            and assignment.election_id == mine.election_id
            and code_covers(mine.region_code, assignment.region_code)
            for mine in self.assignments
        )

    def managed_filter(self) -> ColumnElement[bool]:
        """Return a clause on Assignment matching the assignments the user manages."""
        if self.is_admin:
            return true()
        clauses = [
            and_(Assignment.role.in_(MANAGES[mine.role]), region_clause(Assignment.region_code, mine.region_code))
            for mine in self.assignments
            if mine.role in MANAGES
        ]
        return and_(Assignment.election_id == self.election_id, or_(*clauses) if clauses else false())

    def require_person(self, person_id: int) -> Person:
        """Return the person if the user may see them, else 404 (never 403: no hint it exists)."""
        person = db.session.get(Person, person_id)
        if person is None or not self.can_see_person(person_id):
            abort(404)
        return person

    def require_region(self, code: str) -> Region:
        """Return the region if it lies in the user's area, else 404."""
        region = db.session.get(Region, code)
        if region is None or not self.covers(code):
            abort(404)
        return region


def scope_for(person: Person, election: Election | None) -> Scope:
    """Work out a person's scope in an election from their assignments."""
    assignments = ()
    if election is not None:
        assignments = tuple(
            db.session.scalars(
                select(Assignment).where(
                    Assignment.person_id == person.id,
                    Assignment.election_id == election.id,
                    Assignment.ended_at.is_(None),
                )
            )
        )
    election_id = election.id if election else None
    if person.is_admin:
        return Scope(person.id, election_id, Level.NATIONAL, Role.ADMIN, "", assignments)
    if not assignments:
        return Scope(person.id, election_id, Level.SELF, None, "", ())
    top = min(assignments, key=lambda a: ROLE_RANK.index(a.role))
    level = Level.SELF if top.role is Role.PANTARLIH else Level.AREA
    return Scope(person.id, election_id, level, top.role, top.region_code, assignments)


def current_scope() -> Scope:
    """Return the logged-in user's scope in the current election (cached for the request)."""
    if "scope" not in g:
        if not current_user.is_authenticated:
            abort(404)
        g.scope = scope_for(current_user, current_election())
    return g.scope


def require_current_election() -> Election:
    """Return the current election, or send the user home with an explanation."""
    election = current_election()
    if election is None:
        flash(_("Belum ada pemilihan yang aktif. Admin sistem perlu menandai satu pemilihan sebagai aktif."), "error")
        abort(redirect(url_for("home.index")))
    return election
