"""Check-in by QR code or typed code: short-lived signed tokens and codes, and marking the participant Hadir."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import select

from bimtek import clock
from bimtek.directory.models import Election, Person
from bimtek.extensions import db
from bimtek.region_codes import code_covers
from bimtek.roles import CASCADE_TIER, TRAINEES
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession
from bimtek.training.operations import TrainingError, _active_assignments, _trainer_levels, mark_attendance

CHECKIN_SALT = "bimtek.training.check-in"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: codes are read aloud and typed


class _ClockSigner(TimestampSigner):
    # Token ages follow the app's clock, so tests can freeze and advance it.
    def get_timestamp(self) -> int:
        return int(clock.now().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt=CHECKIN_SALT, signer=_ClockSigner)


def check_in_lifetime() -> timedelta:
    return timedelta(minutes=current_app.config["BIMTEK_CHECKIN_MINUTES"])


def in_window(session: TrainingSession) -> bool:
    return session.starts_at <= clock.now() <= session.ends_at


def _require_window(session: TrainingSession) -> None:
    if not in_window(session):
        zone = session.zone
        raise TrainingError(_(
            "Presensi hanya berlaku selama bimtek berlangsung (%(start)s s.d. %(end)s %(zone)s). "
            "Minta pelatih mencatat kehadiran Anda di daftar.",
            start=clock.format_moment(session.starts_at, zone), end=f"{clock.local(session.ends_at, zone):%H.%M}", zone=zone,
        ))


def issue_check_in(session: TrainingSession) -> tuple[str, str]:
    """Return a fresh signed token for the QR code and the short code to type, both short-lived."""
    _require_window(session)
    now = clock.now()
    if session.checkin_code is None or session.checkin_code_at is None or now - session.checkin_code_at > check_in_lifetime() / 2:
        while True:
            code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(6))
            clash = db.session.scalar(select(TrainingSession.id).where(
                TrainingSession.checkin_code == code, TrainingSession.id != session.id))
            if clash is None:
                break
        session.checkin_code, session.checkin_code_at = code, now
        db.session.flush()
    return _serializer().dumps({"s": session.id}), session.checkin_code


def session_for_token(token: str) -> TrainingSession:
    """Return the session a QR token names, or refuse (forged or expired)."""
    try:
        payload = _serializer().loads(token, max_age=int(check_in_lifetime().total_seconds()))
    except SignatureExpired:
        raise TrainingError(_("Kode QR sudah kedaluwarsa. Minta pelatih menampilkan kode yang baru.")) from None
    except BadSignature:
        raise TrainingError(_("Kode QR tidak sah. Pindai ulang kode yang ditampilkan pelatih.")) from None
    session = db.session.get(TrainingSession, payload.get("s") if isinstance(payload, dict) else None)
    if session is None:
        raise TrainingError(_("Bimtek untuk kode QR ini tidak ditemukan."))
    return session


def session_for_code(code: str, election: Election) -> TrainingSession:
    """Return the session whose typed short code is still valid, or refuse."""
    code = "".join(code.split()).upper()
    session = db.session.scalar(select(TrainingSession).where(
        TrainingSession.election_id == election.id, TrainingSession.checkin_code == code))
    if session is None or session.checkin_code_at is None or clock.now() - session.checkin_code_at > check_in_lifetime():
        raise TrainingError(_(
            "Kode tidak dikenal atau sudah kedaluwarsa. Periksa ketikan, atau minta pelatih menampilkan kode baru."
        ))
    return session


def check_in_participant(session: TrainingSession, person: Person, *, method: str) -> Attendance:
    """Mark the logged-in participant Hadir, adding them if they belong to the session's area."""
    _require_window(session)
    if any(t.person_id == person.id for t in session.trainers):
        raise TrainingError(_("Anda pelatih pada bimtek ini; presensi hanya untuk peserta."))
    attendance = next((a for a in session.attendances if a.person_id == person.id), None)
    if attendance is None:
        trainers = _trainer_levels([t.person_id for t in session.trainers], session.election, session.region_code)
        candidates = [
            a for a in _active_assignments(person.id, session.election_id)
            if a.role in TRAINEES and code_covers(session.region_code, a.region_code)
            and all(CASCADE_TIER[a.role] > level for _name, level in trainers.values())
        ]
        if not candidates:
            raise TrainingError(_("Anda tidak terdaftar sebagai peserta bimtek ini. Minta pelatih menambahkan Anda ke daftar."))
        attendance = Attendance(person_id=person.id, assignment_id=candidates[0].id)
        session.attendances.append(attendance)
        db.session.flush()
    if attendance.status is not AttendanceStatus.HADIR:
        mark_attendance(session, attendance, AttendanceStatus.HADIR, actor_id=person.id, method=method)
    return attendance
