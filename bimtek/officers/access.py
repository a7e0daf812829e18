"""Who may list, correct and reset officers; `register()` plugs these rules into the scope and its labels into the audit trail."""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels, register_detail_labels
from bimtek.roles import Role
from bimtek.scope import Level, Scope, register_rule


ACTION_LABELS = {
    "officers.import": "Impor petugas",
    "officers.update": "Ubah data petugas",
    "officers.assignment": "Ubah penugasan",
    "auth.password_reset": "Atur ulang kata sandi",
}
# How each action reads in the audit trail (see bimtek.audit.sentences).
ACTION_SENTENCES = {
    "officers.import": "{actor} mengimpor daftar petugas untuk {region}: {created} baru, {updated} diperbarui, "
                       "{unchanged} tidak berubah",
    "officers.update": "{actor} memperbaiki data {subject}: {fields}",
    "officers.assignment": "{actor} mengubah penugasan {subject}",
    "auth.password_reset": "{actor} membuat kata sandi sekali pakai baru untuk {subject}",
}
VALUE_LABELS = {"full_name": "nama", "nik": "NIK", "phone": "nomor HP"}


def may_list_officers(scope: Scope) -> bool:
    """Everyone with an area (not Pantarlih, who see only themselves) lists the officers in it."""
    return scope.level is not Level.SELF


def is_operator(scope: Scope) -> bool:
    """KPU operators (and the admin) import officer lists and correct officers' data."""
    return scope.has_role(Role.OPERATOR_KPU)


def register() -> None:
    """Register the officer rules with the scope and the officers' sentences with the audit trail."""
    register_action_labels(ACTION_LABELS, ACTION_SENTENCES)
    register_detail_labels({}, VALUE_LABELS)
    register_rule("officers.list", allows=may_list_officers)
    register_rule("officers.operate", allows=is_operator)
