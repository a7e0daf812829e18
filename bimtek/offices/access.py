"""Who may set a kabupaten's office settings: its KPU operator, and the admin; `register()` plugs the rule in."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels, register_detail_labels
from bimtek.extensions import db
from bimtek.offices.operations import ACTION_LABELS, ACTION_SENTENCES, DETAIL_LABELS, VALUE_LABELS
from bimtek.regions.models import Region, RegionLevel
from bimtek.roles import Role
from bimtek.scope import Scope, register_rule


def own_kabupaten(scope: Scope) -> str | None:
    """Return the kabupaten the user runs as KPU operator, if any."""
    return next((a.region_code for a in scope.assignments if a.role is Role.OPERATOR_KPU), None)


def load_kabupaten(code: str | None) -> Region | None:
    """Return the kabupaten/kota with that code, or None (a kecamatan or desa has no kop of its own)."""
    region = db.session.get(Region, code) if code else None
    return region if region is not None and region.level is RegionLevel.KABUPATEN else None


def can_edit_office(scope: Scope, region: Region) -> bool:
    """Say whether the user may change the kabupaten's kop surat: its own KPU operator or the admin."""
    if scope.is_admin:
        return True
    return any(a.role is Role.OPERATOR_KPU and a.region_code == region.code for a in scope.assignments)


def register() -> None:
    """Register the office rule with the scope and its label with the audit trail."""
    register_rule("offices.settings", load=load_kabupaten, allows=can_edit_office)
    register_action_labels(ACTION_LABELS, ACTION_SENTENCES)
    register_detail_labels(DETAIL_LABELS, VALUE_LABELS)
