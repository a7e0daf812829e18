"""Reads of the audit trail: one page of an operator's area, newest first."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.scope import Scope

PAGE_SIZE = 50


@dataclass(frozen=True)
class AuditPage:
    events: list[AuditEvent]
    page: int
    pages: int


def audit_page(scope: Scope, page: int = 1) -> AuditPage:
    """Return one page of the events the user may read, with their actors and subjects loaded up front."""
    query = select(AuditEvent)
    if not scope.is_admin:
        query = query.where(AuditEvent.election_id == scope.election_id, scope.region_filter(AuditEvent.region_code))
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.options(selectinload(AuditEvent.actor), selectinload(AuditEvent.subject))
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return AuditPage(list(events), page, max(1, -(-total // PAGE_SIZE)))
