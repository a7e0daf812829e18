"""What certificates plug into the layers below them at app start-up."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels
from bimtek.certificates.operations import ACTION_LABELS


def register() -> None:
    """Register the certificates' audit labels."""
    register_action_labels(ACTION_LABELS)
