"""Recording audit events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bimtek.audit.models import AuditEvent
from bimtek.extensions import db

ACTION_LABELS = {
    "officers.import": "Impor petugas",
    "officers.update": "Ubah data petugas",
    "officers.assignment": "Ubah penugasan",
    "auth.password_reset": "Atur ulang kata sandi",
    "elections.schedule": "Ubah jadwal tahapan",
    "elections.create": "Buat pemilihan",
    "elections.update": "Ubah pemilihan",
}


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


def register_action_labels(labels: Mapping[str, str]) -> None:
    """Add a feature's action labels (called from the feature's access.register() at app start-up)."""
    ACTION_LABELS.update(labels)


def action_label(action: str) -> str:
    """Return the Indonesian label of an action token (features add their own through register_action_labels)."""
    return ACTION_LABELS.get(action, action)
