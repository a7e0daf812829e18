"""Writes on bimtek sessions: scheduling, the roster, attendance and notes.

Check-in lives in checkin.py, uploaded files in files.py, who may do what in access.py.

Every refusal is a TrainingError whose message says why in Bahasa Indonesia. Operations
flush, never commit: the view or CLI command commits once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from bimtek import clock, signals
from bimtek.audit.operations import record
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Role
from bimtek.regions.models import Region, RegionLevel
from bimtek.region_codes import code_covers, region_clause
from bimtek.roles import CASCADE_TIER, TRAINERS
from bimtek.scope import Scope
from bimtek.training.access import invitable_roles, organiser_assignments
from bimtek.transaction import Refusal
from bimtek.training.models import (
    Attendance,
    AttendanceStatus,
    GuestSpeaker,
    Institution,
    SessionTrainer,
    TrainingSession,
)




class TrainingError(Refusal):
    """A refusal of a bimtek action, with the reason in Bahasa Indonesia."""


@dataclass
class SessionDetails:
    """What the schedule form says about a session."""

    title: str
    starts_at: datetime
    ends_at: datetime
    place: str
    topics: str = ""
    course_slugs: list[str] = field(default_factory=list)
    is_makeup: bool = False
    trainer_ids: list[int] = field(default_factory=list)
    speakers: list[tuple[str, Institution]] = field(default_factory=list)


# --- where a session may be held ------------------------------------------------------------


def check_region(scope: Scope, region_code: str) -> Region:
    """Return the region a session may be held for, or refuse with the reason."""
    region = db.session.get(Region, region_code or "")
    if region is None:
        raise TrainingError(_("Wilayah '%(code)s' tidak dikenal.", code=region_code))
    if region.level is RegionLevel.PROVINSI:
        raise TrainingError(_("Bimtek diadakan untuk kabupaten/kota, kecamatan atau desa/kelurahan, bukan provinsi."))
    if scope.is_admin:
        return region
    if any(code_covers(a.region_code, region.code) for a in organiser_assignments(scope)):
        return region
    own = [a for a in organiser_assignments(scope)]
    if own and all(a.role is Role.PPS for a in own):
        names = ", ".join(a.region.display_name for a in own)
        raise TrainingError(_(
            "PPS hanya dapat menjadwalkan bimtek untuk desa/kelurahannya sendiri (%(own)s); "
            "%(region)s bukan wilayah Anda.", own=names, region=region.display_name,
        ))
    if not own:
        raise TrainingError(_("Hanya operator KPU, PPK dan anggota PPS yang dapat menjadwalkan bimtek."))
    raise TrainingError(_("%(region)s di luar wilayah kerja Anda.", region=region.display_name))


def _active_assignments(person_id: int, election_id: int) -> list[Assignment]:
    return list(db.session.scalars(
        select(Assignment).where(Assignment.person_id == person_id, Assignment.election_id == election_id,
                                 Assignment.ended_at.is_(None))
    ))


def _trainer_levels(trainer_ids: list[int], election: Election, region_code: str) -> dict[int, tuple[str, int]]:
    """Return {person_id: (name, level)} for valid trainers, or refuse with the reason."""
    result: dict[int, tuple[str, int]] = {}
    for person_id in dict.fromkeys(trainer_ids):
        person = db.session.get(Person, person_id)
        if person is None:
            raise TrainingError(_("Pelatih yang dipilih tidak ditemukan."))
        assignments = _active_assignments(person_id, election.id)
        teaching = [a for a in assignments if a.role in TRAINERS]
        if not teaching:
            roles = {a.role for a in assignments}
            if roles & {Role.SEKRETARIAT_PPS, Role.OPERATOR_KPU}:
                raise TrainingError(_(
                    "%(name)s adalah sekretariat/operator: mereka mencatat, bukan melatih. "
                    "Pilih anggota PPK atau PPS sebagai pelatih, atau isi narasumber tamu.", name=person.full_name,
                ))
            raise TrainingError(_("%(name)s bukan anggota PPK atau PPS pada pemilihan ini, jadi tidak dapat menjadi pelatih.",
                                   name=person.full_name))
        related = [a for a in teaching if code_covers(a.region_code, region_code) or code_covers(region_code, a.region_code)]
        if not related:
            raise TrainingError(_("%(name)s bertugas di luar wilayah bimtek ini.", name=person.full_name))
        result[person_id] = (person.full_name, min(CASCADE_TIER[a.role] for a in related))
    return result


def _check_levels(trainers: dict[int, tuple[str, int]], participants: list[Assignment]) -> None:
    for name, level in trainers.values():
        for assignment in participants:
            if CASCADE_TIER[assignment.role] <= level:
                raise TrainingError(_(
                    "%(name)s tidak dapat melatih %(role)s (%(participant)s): "
                    "pelatih harus dari tingkat di atas peserta. Bimtek gabungan dan lintas tingkat boleh, "
                    "asal pelatihnya lebih tinggi.",
                    name=name, role=assignment.role.label, participant=assignment.person.full_name,
                ))
        for assignment in participants:
            if assignment.person_id in trainers:
                raise TrainingError(_("%(name)s tidak dapat sekaligus menjadi pelatih dan peserta.", name=name))


def _check_details(details: SessionDetails) -> None:
    if not details.title.strip():
        raise TrainingError(_("Isi judul bimtek."))
    if not details.place.strip():
        raise TrainingError(_("Isi tempat bimtek."))
    if details.ends_at <= details.starts_at:
        raise TrainingError(_("Jam selesai harus setelah jam mulai."))
    if not details.trainer_ids and not details.speakers:
        raise TrainingError(_("Isi sedikitnya satu pelatih atau narasumber tamu."))


# --- scheduling ------------------------------------------------------------------------------


def prefill_participants(election: Election, region_code: str, roles: list[Role], *, makeup: bool) -> list[Assignment]:
    """Return the active assignments of the given roles in the region (replacements only, for make-up Pantarlih)."""
    if not roles:
        return []
    query = (
        select(Assignment)
        .where(Assignment.election_id == election.id, Assignment.ended_at.is_(None), Assignment.role.in_(roles),
               region_clause(Assignment.region_code, region_code))
        .order_by(Assignment.region_code, Assignment.role, Assignment.tps, Assignment.id)
    )
    if makeup:
        query = query.where((Assignment.role != Role.PANTARLIH) | Assignment.replaces_id.is_not(None))
    return list(db.session.scalars(query))


def schedule_session(scope: Scope, election: Election, region_code: str, details: SessionDetails,
                     audience: list[Role], *, actor_id: int | None) -> TrainingSession:
    """Create a session with its trainers, speakers and the invited roster pre-filled from the area."""
    region = check_region(scope, region_code)
    allowed = invitable_roles(scope, region.code)
    for role in audience:
        if role not in allowed:
            raise TrainingError(_("Anda tidak dapat mengundang %(role)s ke bimtek di %(region)s.",
                                   role=role.label, region=region.display_name))
    _check_details(details)
    trainers = _trainer_levels(details.trainer_ids, election, region.code)
    participants = [a for a in prefill_participants(election, region.code, audience, makeup=details.is_makeup)
                    if a.person_id not in trainers]
    _check_levels(trainers, participants)
    session = TrainingSession(election_id=election.id, region_code=region.code, created_by_id=actor_id)
    _apply_details(session, details)
    db.session.add(session)
    seen: set[int] = set()
    for assignment in participants:
        if assignment.person_id not in seen:
            seen.add(assignment.person_id)
            session.attendances.append(Attendance(person_id=assignment.person_id, assignment_id=assignment.id))
    db.session.flush()
    record("training.schedule", actor_id=actor_id, election_id=election.id, region_code=region.code,
           session_id=session.id, title=session.title, participants=len(seen))
    return session


def _apply_details(session: TrainingSession, details: SessionDetails) -> None:
    session.title = details.title.strip()
    session.starts_at = details.starts_at
    session.ends_at = details.ends_at
    session.place = details.place.strip()
    session.topics = details.topics.strip()
    session.course_slugs = list(dict.fromkeys(details.course_slugs))
    session.is_makeup = details.is_makeup
    session.trainers = [SessionTrainer(person_id=pid) for pid in dict.fromkeys(details.trainer_ids)]
    session.speakers = [GuestSpeaker(name=name.strip(), institution=inst) for name, inst in details.speakers if name.strip()]


def update_session(session: TrainingSession, details: SessionDetails, *, actor_id: int | None) -> None:
    """Change a session's details; trainers are checked against the roster as it stands."""
    _check_details(details)
    if details.starts_at > clock.now() and any(a.status is not None for a in session.attendances):
        # Recorded attendance is what happened; a date not yet come would make it a training that never was.
        raise TrainingError(_(
            "Kehadiran bimtek ini sudah dicatat, jadi waktunya tidak dapat dipindah ke waktu yang belum tiba. "
            "Jadwalkan bimtek baru untuk pertemuan berikutnya."
        ))
    trainers = _trainer_levels(details.trainer_ids, session.election, session.region_code)
    _check_levels(trainers, [a.assignment for a in session.attendances if a.assignment is not None])
    # Replace the trainer rows only after the old ones are gone, or the unique constraint trips.
    session.trainers.clear()
    db.session.flush()
    _apply_details(session, details)
    db.session.flush()
    record("training.update", actor_id=actor_id, election_id=session.election_id, region_code=session.region_code,
           session_id=session.id, title=session.title)


def _audit_if_after(session: TrainingSession, action: str, *, actor_id: int | None, subject_id: int | None,
                    **details) -> None:
    # Changes during or before a session are routine; afterwards they touch finance evidence.
    if session.has_ended():
        record(action, actor_id=actor_id, election_id=session.election_id, subject_id=subject_id,
               region_code=session.region_code, session_id=session.id, **details)


def add_participant(scope: Scope, session: TrainingSession, assignment: Assignment, *, actor_id: int | None) -> Attendance:
    """Invite one officer of the session's area, within the user's scope."""
    if assignment.election_id != session.election_id or assignment.ended_at is not None:
        raise TrainingError(_("Penugasan ini tidak aktif pada pemilihan ini."))
    if not code_covers(session.region_code, assignment.region_code):
        raise TrainingError(_("%(name)s bertugas di luar wilayah bimtek ini.", name=assignment.person.full_name))
    if assignment.role not in invitable_roles(scope, session.region_code):
        raise TrainingError(_("Anda tidak dapat mengundang %(role)s ke bimtek ini.", role=assignment.role.label))
    if any(a.person_id == assignment.person_id for a in session.attendances):
        raise TrainingError(_("%(name)s sudah ada di daftar peserta.", name=assignment.person.full_name))
    trainers = _trainer_levels([t.person_id for t in session.trainers], session.election, session.region_code)
    _check_levels(trainers, [assignment])
    attendance = Attendance(person_id=assignment.person_id, assignment_id=assignment.id)
    session.attendances.append(attendance)
    db.session.flush()
    _audit_if_after(session, "training.roster", actor_id=actor_id, subject_id=assignment.person_id, change="tambah")
    return attendance


def remove_participant(session: TrainingSession, attendance: Attendance, *, actor_id: int | None) -> None:
    """Take someone off the roster."""
    _audit_if_after(session, "training.roster", actor_id=actor_id, subject_id=attendance.person_id,
                    change="hapus", name=attendance.name, status=attendance.status.value if attendance.status else None)
    session.attendances.remove(attendance)
    db.session.flush()


# --- attendance ------------------------------------------------------------------------------


def _require_started(session: TrainingSession) -> None:
    if not session.has_started():
        raise TrainingError(_(
            "Kehadiran belum dapat dicatat: bimtek baru dimulai %(when)s. "
            "Daftar hadir hanya mencatat yang benar-benar datang.",
            when=clock.format_moment(session.starts_at, session.zone),
        ))


def mark_attendance(session: TrainingSession, attendance: Attendance, status: AttendanceStatus | None, *,
                    actor_id: int | None, method: str = "daftar") -> None:
    """Set one person's status (None clears it); refused before the session starts."""
    _require_started(session)
    previous = attendance.status
    if previous == status:
        return
    attendance.status = status
    attendance.method = method if status else None
    attendance.marked_at = clock.now() if status else None
    attendance.marked_by_id = actor_id if status else None
    db.session.flush()
    _audit_if_after(session, "training.attendance", actor_id=actor_id, subject_id=attendance.person_id,
                    name=attendance.name, before=previous.value if previous else None,
                    after=status.value if status else None)
    if attendance.person_id is not None:
        signals.attendance_changed.send(session_id=session.id, person_ids=[attendance.person_id])


def add_walk_in(session: TrainingSession, name: str, title: str = "", desa: str = "", *,
                actor_id: int | None) -> Attendance:
    """Add someone who came without being on the roster; they are matched to an account later."""
    name = " ".join(name.split())
    if not name:
        raise TrainingError(_("Isi nama peserta."))
    attendance = Attendance(walk_in_name=name, walk_in_title=title.strip() or None, walk_in_desa=desa.strip() or None)
    session.attendances.append(attendance)
    db.session.flush()
    _audit_if_after(session, "training.walk_in", actor_id=actor_id, subject_id=None, name=name)
    return attendance


def match_walk_in(session: TrainingSession, attendance: Attendance, assignment: Assignment, *,
                  actor_id: int | None) -> Attendance:
    """Attach a walk-in to the officer's account, merging with their roster row if they had one."""
    if not attendance.is_walk_in:
        raise TrainingError(_("Baris ini sudah terhubung dengan akun."))
    if assignment.election_id != session.election_id or not code_covers(session.region_code, assignment.region_code):
        raise TrainingError(_("%(name)s bertugas di luar wilayah bimtek ini.", name=assignment.person.full_name))
    if any(t.person_id == assignment.person_id for t in session.trainers):
        raise TrainingError(_("%(name)s adalah pelatih bimtek ini, bukan peserta.", name=assignment.person.full_name))
    existing = next((a for a in session.attendances if a.person_id == assignment.person_id), None)
    walk_in_name = attendance.walk_in_name
    if existing is not None:
        if existing.status is None and attendance.status is not None:
            existing.status, existing.method = attendance.status, attendance.method
            existing.marked_at, existing.marked_by_id = attendance.marked_at, attendance.marked_by_id
        session.attendances.remove(attendance)
        target = existing
    else:
        attendance.person_id, attendance.assignment_id = assignment.person_id, assignment.id
        attendance.walk_in_name = attendance.walk_in_title = attendance.walk_in_desa = None
        target = attendance
    db.session.flush()
    record("training.match", actor_id=actor_id, election_id=session.election_id, subject_id=assignment.person_id,
           region_code=session.region_code, session_id=session.id, walk_in=walk_in_name)
    if target.status is not None:
        signals.attendance_changed.send(session_id=session.id, person_ids=[assignment.person_id])
    return target


# --- notes ------------------------------------------------------------------------------------


def set_notes(session: TrainingSession, notes: str, *, actor_id: int | None) -> None:
    session.notes = notes.strip()
    db.session.flush()
    _audit_if_after(session, "training.notes", actor_id=actor_id, subject_id=None)

