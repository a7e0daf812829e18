"""Reads on officers, always through the user's scope."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from bimtek.regions.models import Region
from bimtek.scope import Scope, region_clause

PAGE_SIZE = 50


@dataclass(frozen=True)
class OfficerPage:
    rows: list[tuple[Assignment, Person, Region, bool]]  # (assignment, person, region, holds another role)
    total: int
    page: int
    pages: int


def officer_page(scope: Scope, *, q: str = "", role: str = "", region_code: str = "", page: int = 1) -> OfficerPage:
    """Return one page of the assignments the user may see, with filters."""
    base = scope.assignments_query().where(Assignment.ended_at.is_(None))
    if role:
        base = base.where(Assignment.role == Role(role))
    if region_code:
        base = base.where(region_clause(Assignment.region_code, region_code))
    if q:
        base = base.join(Person, Person.id == Assignment.person_id).where(
            func.lower(Person.full_name).contains(q.lower(), autoescape=True)
        )
    total = db.session.scalar(select(func.count()).select_from(base.subquery()))
    ids = base.with_only_columns(Assignment.id).subquery()
    other_roles = (
        select(func.count(Assignment.id))
        .where(Assignment.person_id == Person.id, Assignment.election_id == scope.election_id)
        .correlate(Person)
        .scalar_subquery()
    )
    query = (
        select(Assignment, Person, Region, other_roles > 1)
        .join(Person, Person.id == Assignment.person_id)
        .join(Region, Region.code == Assignment.region_code)
        .where(Assignment.id.in_(select(ids.c.id)))
        .order_by(Assignment.region_code, Assignment.role, Assignment.tps, Person.full_name)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows = [tuple(row) for row in db.session.execute(query)]
    return OfficerPage(rows, total, page, max(1, -(-total // PAGE_SIZE)))


def assignments_of(person_id: int, election_id: int | None) -> list[Assignment]:
    """Return a person's assignments in an election."""
    return list(
        db.session.scalars(
            select(Assignment).where(Assignment.person_id == person_id, Assignment.election_id == election_id)
        )
    )


def managing_assignment(scope: Scope, person_id: int) -> Assignment | None:
    """Return an assignment through which the user is responsible for the person, if they may change them.

    Managing one of a person's roles is not enough: a PPS must not reset the password of the
    PPK who is also a Pantarlih in their desa. The user must manage every active assignment
    of the person in the election, and nobody but themselves changes a system admin.
    """
    person = db.session.get(Person, person_id)
    if person is None or person.is_admin:
        return None
    active = [a for a in assignments_of(person_id, scope.election_id) if a.ended_at is None]
    if not active or not all(scope.can_manage(a) for a in active):
        return None
    return active[0]
