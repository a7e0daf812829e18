"""What training plugs into the layers below it at app start-up."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels
from bimtek.training.operations import ACTION_LABELS


def register() -> None:
    """Register training's audit labels."""
    register_action_labels(ACTION_LABELS)
