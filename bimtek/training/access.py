"""Who may do what with bimtek sessions; `register()` plugs these rules and training's audit labels in.

The rules are pure functions of the user's scope; views reach them through `bimtek.scope`
(`require_session(id, manage=...)`, `require("training.schedule")`, `require("training.cascade")`).
"""

from __future__ import annotations

from bimtek.audit.operations import register_action_labels, register_detail_labels, register_detail_resolver
from bimtek.directory.models import Assignment
from bimtek.region_codes import code_covers
from bimtek.roles import CASCADE_TIER, CASCADE_VIEWERS, DEFAULT_AUDIENCE, INVITES, RECORDERS, TRAINEES, Role
from bimtek.scope import Scope, register_rule
from bimtek.training.models import TrainingSession

ACTION_LABELS = {
    "training.schedule": "Jadwalkan bimtek",
    "training.update": "Ubah bimtek",
    "training.attendance": "Ubah kehadiran bimtek",
    "training.roster": "Ubah peserta bimtek",
    "training.walk_in": "Tambah peserta tanpa undangan",
    "training.match": "Cocokkan peserta dengan akun",
    "training.file": "Unggah berkas bimtek",
    "training.notes": "Ubah notulen bimtek",
    "training.letterhead": "Ubah kop surat",  # entries from before the kop moved to bimtek.offices
}
# How each action reads in the audit trail (see bimtek.audit.sentences).
ACTION_SENTENCES = {
    "training.schedule": "{actor} menjadwalkan bimtek '{title}' untuk {region} dengan {participants} peserta undangan",
    "training.update": "{actor} mengubah data bimtek '{title}'",
    "training.attendance": "{actor} mengubah kehadiran {name} pada bimtek '{session}' dari {before} menjadi {after}",
    "training.roster": "{actor} mengubah peserta bimtek '{session}': {subject} {change}",
    "training.walk_in": "{actor} menambahkan {name} sebagai peserta tanpa undangan pada bimtek '{session}'",
    "training.match": "{actor} mencocokkan peserta '{walk_in}' dengan akun {subject} pada bimtek '{session}'",
    "training.file": "{actor} mengunggah {kind} '{name}' ke bimtek '{session}'",
    "training.notes": "{actor} mengubah notulen bimtek '{session}'",
    "training.letterhead": "{actor} mengubah kop surat {region}",
}
DETAIL_LABELS = {"session_id": "Bimtek", "participants": "Peserta undangan", "walk_in": "Nama tertulis"}
VALUE_LABELS = {
    "tambah": "ditambahkan", "hapus": "dihapus", "hadir": "Hadir", "izin": "Izin", "sakit": "Sakit",
    "tanpa_keterangan": "Tanpa keterangan", "daftar_hadir": "pindaian daftar hadir", "foto": "foto dokumentasi",
}


def session_titles(ids: set[int]) -> dict[int, str]:
    """Return the titles of the bimtek sessions with these ids (one query, for the audit trail)."""
    from bimtek.extensions import db

    rows = db.session.execute(db.select(TrainingSession.id, TrainingSession.title).where(TrainingSession.id.in_(ids)))
    return dict(rows.all())


def organiser_assignments(scope: Scope) -> list[Assignment]:
    """Return the user's assignments that let them schedule a bimtek."""
    return [a for a in scope.assignments if a.role in INVITES]


def can_schedule(scope: Scope) -> bool:
    return scope.is_admin or bool(organiser_assignments(scope))


def invitable_roles(scope: Scope, region_code: str) -> list[Role]:
    """Return the roles the user may invite to a session in the region, in cascade order."""
    if scope.is_admin:
        return list(TRAINEES)
    roles = {r for a in organiser_assignments(scope) if code_covers(a.region_code, region_code) for r in INVITES[a.role]}
    return [r for r in TRAINEES if r in roles]


def default_audience(scope: Scope) -> list[Role]:
    if scope.is_admin:
        return [Role.PPK]
    mine = organiser_assignments(scope)
    return list(DEFAULT_AUDIENCE[min(mine, key=lambda a: CASCADE_TIER[a.role]).role]) if mine else []


def can_manage_session(scope: Scope, session: TrainingSession) -> bool:
    """Say whether the user may change the roster, record attendance and file paperwork."""
    if scope.is_admin and session.election_id == scope.election_id:
        return True
    if session.election_id != scope.election_id:
        return False
    if any(t.person_id == scope.person_id for t in session.trainers):
        return True
    return any(a.role in RECORDERS and code_covers(a.region_code, session.region_code) for a in scope.assignments)


def can_view_session(scope: Scope, session: TrainingSession) -> bool:
    """Say whether the user may open the session page (managers, anyone in scope, participants)."""
    if session.election_id != scope.election_id:
        return False
    return (
        can_manage_session(scope, session)
        or scope.covers(session.region_code)
        or any(a.person_id == scope.person_id for a in session.attendances)
    )


def session_allows(scope: Scope, session: TrainingSession, *, manage: bool = True) -> bool:
    return can_manage_session(scope, session) if manage else can_view_session(scope, session)


def can_view_cascade(scope: Scope) -> bool:
    """Say whether the user may read the training cascade of their area (trainers above Pantarlih)."""
    return scope.is_admin or scope.role in CASCADE_VIEWERS


def register() -> None:
    """Register training's access rules with the scope and its labels with the audit trail."""
    from bimtek.training.queries import load_session  # queries use the rules above

    register_rule("training.session", load=load_session, allows=session_allows)
    register_rule("training.schedule", allows=can_schedule)
    register_rule("training.cascade", allows=can_view_cascade)
    register_action_labels(ACTION_LABELS, ACTION_SENTENCES)
    register_detail_labels(DETAIL_LABELS, VALUE_LABELS)
    register_detail_resolver("session_id", session_titles)
