"""Reads of the audit trail: one page of an operator's area, newest first, narrowed by the filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import selectinload

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.directory.models import Assignment, Person
from bimtek.extensions import db
from bimtek.region_codes import region_clause
from bimtek.roles import Role
from bimtek.scope import Scope

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditFilter:
    """What the reader narrowed the trail to; empty values mean 'all'."""

    actor: str = ""
    role: Role | None = None
    action: str = ""
    start: date | None = None
    end: date | None = None
    region_code: str = ""
    zone: str = "WIB"


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int
    total: int = 0
    filters: AuditFilter = field(default_factory=AuditFilter)


def _day_start(day: date, zone: str) -> datetime:
    return datetime.combine(day, time.min, tzinfo=clock.ZONES[zone])


def _narrowed(query, filters: AuditFilter):
    if filters.actor:
        query = query.where(AuditEvent.actor_id.in_(
            select(Person.id).where(func.lower(Person.full_name).contains(filters.actor.lower(), autoescape=True))))
    if filters.role is Role.ADMIN:
        query = query.where(AuditEvent.actor_id.in_(select(Person.id).where(Person.is_admin.is_(True))))
    elif filters.role is not None:
        query = query.where(exists().where(and_(
            Assignment.person_id == AuditEvent.actor_id, Assignment.election_id == AuditEvent.election_id,
            Assignment.role == filters.role)))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.start:
        query = query.where(AuditEvent.at >= _day_start(filters.start, filters.zone))
    if filters.end:
        query = query.where(AuditEvent.at < _day_start(filters.end + timedelta(days=1), filters.zone))
    if filters.region_code:
        query = query.where(region_clause(AuditEvent.region_code, filters.region_code))
    return query


def audit_page(scope: Scope, page: int = 1, filters: AuditFilter | None = None) -> AuditPage:
    """Return one page of the events the user may read, with their actors and subjects loaded up front."""
    filters = filters or AuditFilter()
    query = select(AuditEvent)
    if not scope.is_admin:
        query = query.where(AuditEvent.election_id == scope.election_id, scope.region_filter(AuditEvent.region_code))
    query = _narrowed(query, filters)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    events = db.session.scalars(
        query.options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return AuditPage(list(events), page, pages, total, filters)
