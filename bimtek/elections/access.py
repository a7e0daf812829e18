"""Who may manage elections and adjust stage dates; `register()` plugs the rules into the scope."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels, register_detail_labels
from bimtek.region_codes import RegionLevel
from bimtek.roles import Role
from bimtek.scope import Scope, register_rule

ACTION_LABELS = {
    "elections.create": "Buat pemilihan",
    "elections.update": "Ubah pemilihan",
    "elections.schedule": "Ubah jadwal tahapan",
}
# How each action reads in the audit trail (see bimtek.audit.sentences).
ACTION_SENTENCES = {
    "elections.create": "{actor} membuat pemilihan {election}",
    "elections.update": "{actor} mengubah data pemilihan {election}: {fields}",
    "elections.schedule": "{actor} mengubah jadwal tahapan {region} pada {election}: bimtek mulai {bimtek_start}, "
                          "coklit mulai {coklit_start}",
}
DETAIL_LABELS = {"slug": "Alamat singkat", "bimtek_start": "Bimtek mulai", "coklit_start": "Coklit mulai"}
VALUE_LABELS = {
    "name": "nama", "kind": "jenis", "voting_day": "hari pemungutan suara", "bimtek_start": "bimtek mulai",
    "bimtek_end": "bimtek selesai", "coklit_start": "coklit mulai", "coklit_end": "coklit selesai",
}


def may_manage_elections(scope: Scope) -> bool:
    return scope.is_admin


def schedule_assignment(scope: Scope):
    """Return the KPU operator assignment of a kabupaten/kota through which the user sets stage dates, if any."""
    return next(
        (a for a in scope.assignments if a.role is Role.OPERATOR_KPU and a.region.level is RegionLevel.KABUPATEN),
        None,
    )


def may_adjust_schedule(scope: Scope) -> bool:
    return scope.election_id is not None and schedule_assignment(scope) is not None


def register() -> None:
    """Register the election rules with the scope and the elections' sentences with the audit trail."""
    register_action_labels(ACTION_LABELS, ACTION_SENTENCES)
    register_detail_labels(DETAIL_LABELS, VALUE_LABELS)
    register_rule("elections.manage", allows=may_manage_elections)
    register_rule("elections.schedule", allows=may_adjust_schedule)
