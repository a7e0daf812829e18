"""What each user may see and change: the one access gate every view and query goes through.

A user's scope is the region of their highest role in the election (everything for the
system admin, the kabupaten for a KPU operator, the kecamatan for PPK, the desa for PPS
and its secretariat) or only themselves (Pantarlih). Region codes are hierarchical, so
"in scope" is "the code or a code below it" (`region_clause`, equality-or-range, for queries).

The gate. Views ask here and nowhere else: `require_session(id, manage=...)`, `require_course(slug)`,
`require_assignment(id)`, `require_person(id)`, `require_region(code)`, `require("feature.rule")`
for a page limited by role. Each returns the object (or the scope) or ends the request with a
404, never a 403, so nobody learns that something outside their scope exists.

The scope never imports a feature. A feature registers its rules from its `<feature>/access.py`,
whose `register()` create_app calls once (list the module in ACCESS_MODULES):

    register_rule("training.session", load=load_session, allows=session_allows)   # an object rule
    register_rule("training.schedule", allows=can_schedule)                        # a page rule

`load(key)` returns the object or None; `allows(scope, obj, **options)` (or `allows(scope, **options)`
for a page rule) says yes or no. `require(name, key, **options)` and `may(name, obj, **options)`
apply a rule; the named helpers below are thin wrappers for the rules the issue names. A new
feature (certificates, cases, reports) adds its rules the same way and, if views elsewhere need
them by name, a wrapper here that only calls `require`. The role tables live in `bimtek.roles`.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import abort, flash, g, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true

from bimtek.directory.models import Assignment, Election, Person
from bimtek.directory.queries import current_election
from bimtek.extensions import db
from bimtek.region_codes import code_covers, region_clause
from bimtek.regions.models import Region
from bimtek.roles import MANAGES, ROLE_RANK, TRAINERS_OF_OTHERS, Role

__all__ = [
    "Level", "Scope", "code_covers", "current_scope", "may", "region_clause", "register_rule", "require",
    "require_assignment", "require_course", "require_current_election", "require_session", "scope_for",
]


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
        return self.role in TRAINERS_OF_OTHERS

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


# --- The gate: rules registered by the features, applied here ------------------------------------


@dataclass(frozen=True)
class Rule:
    allows: Callable[..., bool]
    load: Callable[[Any], Any] | None = None


_RULES: dict[str, Rule] = {}


def register_rule(name: str, *, allows: Callable[..., bool], load: Callable[[Any], Any] | None = None) -> None:
    """Register a feature's access rule under a dotted name (from the feature's access.register())."""
    _RULES[name] = Rule(allows, load)


def _rule(name: str) -> Rule:
    try:
        return _RULES[name]
    except KeyError:
        raise LookupError(f"no access rule {name!r}: is its feature's access module in ACCESS_MODULES?") from None


def may(name: str, obj: Any = None, *, scope: Scope | None = None, **options: Any) -> bool:
    """Say whether the user (or the given scope) passes the rule for the object."""
    rule = _rule(name)
    scope = scope or current_scope()
    return bool(rule.allows(scope, **options) if rule.load is None else rule.allows(scope, obj, **options))


def require(name: str, key: Any = None, **options: Any) -> Any:
    """Return the object the key names (or the scope, for a page rule) if the rule allows it, else 404."""
    rule = _rule(name)
    scope = current_scope()
    if rule.load is None:
        if not rule.allows(scope, **options):
            abort(404)
        return scope
    obj = rule.load(key)
    if obj is None or not rule.allows(scope, obj, **options):
        abort(404)
    return obj


def require_session(session_id: int, *, manage: bool = True):
    """Return the bimtek session if the user may manage it (or, with manage=False, view it), else 404."""
    return require("training.session", session_id, manage=manage)


def require_course(slug: str):
    """Return the course if the user may read it, else 404."""
    return require("courses.course", slug)


def require_assignment(assignment_id: int | None) -> Assignment:
    """Return an assignment of the current election in the user's area (any, for the admin), else 404."""
    scope = current_scope()
    assignment = db.session.get(Assignment, assignment_id or 0)
    if (
        assignment is None or assignment.election_id != scope.election_id
        or not (scope.is_admin or scope.covers(assignment.region_code))
    ):
        abort(404)
    return assignment
