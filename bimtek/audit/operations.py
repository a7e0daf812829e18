"""Recording audit events (how they read is `bimtek.audit.sentences`)."""

from __future__ import annotations

from typing import Any

from bimtek.audit.models import AuditEvent
from bimtek.audit.sentences import (
    ACTION_LABELS,
    action_label,
    register_action_labels,
    register_detail_labels,
    register_detail_resolver,
)
from bimtek.extensions import db


def record(
    action: str,
    *,
    actor_id: int | None,
    election_id: int | None = None,
    subject_id: int | None = None,
    region_code: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the session (the caller commits with the change itself)."""
    event = AuditEvent(
        action=action, actor_id=actor_id, election_id=election_id, subject_id=subject_id,
        region_code=region_code, details=details,
    )
    db.session.add(event)
    return event


__all__ = ["ACTION_LABELS", "action_label", "record", "register_action_labels", "register_detail_labels",
           "register_detail_resolver"]
