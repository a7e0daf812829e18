"""Attendance: the trainer's list first, QR and typed-code check-in second, walk-ins, and the audit trail."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession
from bimtek.training.checkin import issue_check_in
from tests.factories import DESA, World, assign, make_person
from tests.training.conftest import schedule


def _row(session_id: int, person_id: int) -> Attendance:
    db.session.expire_all()
    return db.session.scalar(select(Attendance).where(Attendance.session_id == session_id, Attendance.person_id == person_id))


def _issue(session_id: int, app) -> tuple[str, str]:
    with app.test_request_context():
        token, code = issue_check_in(db.session.get(TrainingSession, session_id))
        db.session.commit()
    return token, code


def test_trainer_marks_one_tap_per_person(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{pps_session.id}/kehadiran").get_data(as_text=True)
    assert world.pantarlih.full_name in page
    row = _row(pps_session.id, world.pantarlih.id)
    response = client.post(f"/bimtek/{pps_session.id}/kehadiran/{row.id}", data={"status": "hadir"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#p{row.id}")
    row = _row(pps_session.id, world.pantarlih.id)
    assert row.status is AttendanceStatus.HADIR
    assert row.marked_by_id == world.pps.id
    client.post(f"/bimtek/{pps_session.id}/kehadiran/{row.id}", data={"status": "izin"})
    assert _row(pps_session.id, world.pantarlih.id).status is AttendanceStatus.IZIN
    # During the session changes are routine and not audited.
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "training.attendance")) is None


def test_cannot_mark_before_the_session_starts(app, auth, client, world: World):
    session = schedule(world, world.pps, DESA, starts_at=clock.now() + timedelta(hours=2))
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{session.id}/kehadiran").get_data(as_text=True)
    assert "Kehadiran belum dapat dicatat" in page
    row = _row(session.id, world.pantarlih.id)
    response = client.post(f"/bimtek/{session.id}/kehadiran/{row.id}", data={"status": "hadir"}, follow_redirects=True)
    assert "Kehadiran belum dapat dicatat: bimtek baru dimulai" in response.get_data(as_text=True)
    assert _row(session.id, world.pantarlih.id).status is None


def test_change_after_the_session_is_audited(app, auth, client, world: World):
    session = schedule(world, world.pps, DESA, starts_at=clock.now() - timedelta(hours=5), hours=3)
    auth.login_as(world.ppk)
    row = _row(session.id, world.pantarlih.id)
    client.post(f"/bimtek/{session.id}/kehadiran/{row.id}", data={"status": "sakit"})
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "training.attendance"))
    assert event.actor_id == world.ppk.id
    assert event.subject_id == world.pantarlih.id
    assert event.details["after"] == "sakit"
    assert event.details["before"] is None
    assert event.region_code == DESA


def test_other_pps_cannot_mark(app, auth, client, world: World, pps_session):
    auth.login_as(world.other_pps)
    row = _row(pps_session.id, world.pantarlih.id)
    assert client.post(f"/bimtek/{pps_session.id}/kehadiran/{row.id}", data={"status": "hadir"}).status_code == 404
    assert _row(pps_session.id, world.pantarlih.id).status is None


def test_qr_check_in_marks_hadir(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{pps_session.id}/qr").get_data(as_text=True)
    assert "<svg" in page
    db.session.expire_all()
    token, code = _issue(pps_session.id, app)
    assert code in page or db.session.get(TrainingSession, pps_session.id).checkin_code == code
    auth.logout()
    auth.login_as(world.pantarlih)
    confirm = client.get(f"/bimtek/hadir/{token}")
    assert confirm.status_code == 200
    assert "Saya hadir" in confirm.get_data(as_text=True)
    assert _row(pps_session.id, world.pantarlih.id).status is None
    done = client.post(f"/bimtek/hadir/{token}")
    assert "tercatat Hadir" in done.get_data(as_text=True)
    row = _row(pps_session.id, world.pantarlih.id)
    assert (row.status, row.method) == (AttendanceStatus.HADIR, "qr")
    # Out of scope: a Pantarlih of another kabupaten cannot check in.
    auth.logout()
    auth.login_as(world.far_pantarlih)
    response = client.post(f"/bimtek/hadir/{token}")
    assert response.status_code == 422
    assert "tidak terdaftar sebagai peserta" in response.get_data(as_text=True)


def test_expired_token_is_refused(app, auth, client, world: World, pps_session):
    with clock.frozen_at(clock.now()):
        token, _ = _issue(pps_session.id, app)
        clock.advance(timedelta(minutes=6))
        auth.login_as(world.pantarlih)
        response = client.post(f"/bimtek/hadir/{token}")
    assert response.status_code == 422
    assert "sudah kedaluwarsa" in response.get_data(as_text=True)
    assert _row(pps_session.id, world.pantarlih.id).status is None


def test_forged_token_is_refused(app, auth, client, world: World, pps_session):
    from itsdangerous import URLSafeTimedSerializer

    forged = URLSafeTimedSerializer("bukan-kunci-server", salt="bimtek.training.check-in").dumps({"s": pps_session.id})
    token, _ = _issue(pps_session.id, app)
    tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    auth.login_as(world.pantarlih)
    for bad in (forged, tampered, "asal-asalan"):
        response = client.post(f"/bimtek/hadir/{bad}")
        assert response.status_code == 422
        assert "Kode QR tidak sah" in response.get_data(as_text=True)
    assert _row(pps_session.id, world.pantarlih.id).status is None


def test_check_in_outside_the_window_is_refused(app, auth, client, world: World):
    with clock.frozen_at(clock.now()):
        # The session ends two minutes from now; the token is still fresh three minutes later.
        session = schedule(world, world.pps, DESA, starts_at=clock.now() - timedelta(minutes=58), hours=1)
        token, code = _issue(session.id, app)
        auth.login_as(world.pantarlih)
        clock.advance(timedelta(minutes=3))
        response = client.post(f"/bimtek/hadir/{token}")
        assert response.status_code == 422
        assert "Presensi hanya berlaku selama bimtek berlangsung" in response.get_data(as_text=True)
        response = client.post("/bimtek/hadir", data={"code": code})
        assert "Presensi hanya berlaku selama bimtek berlangsung" in response.get_data(as_text=True)
    # The trainer cannot show a code before the session starts either.
    later = schedule(world, world.pps, DESA, starts_at=clock.now() + timedelta(hours=3))
    auth.logout()
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{later.id}/qr").get_data(as_text=True)
    assert "Presensi hanya berlaku selama bimtek berlangsung" in page
    assert "<svg" not in page
    assert _row(session.id, world.pantarlih.id).status is None


def test_typed_code_marks_hadir(app, auth, client, world: World, pps_session):
    _, code = _issue(pps_session.id, app)
    auth.login_as(world.pantarlih)
    assert client.get("/bimtek/hadir").status_code == 200
    wrong = client.post("/bimtek/hadir", data={"code": "ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY"})
    assert wrong.status_code == 422
    assert "Kode tidak dikenal atau sudah kedaluwarsa" in wrong.get_data(as_text=True)
    response = client.post("/bimtek/hadir", data={"code": f" {code.lower()[:3]} {code.lower()[3:]} "})
    assert response.status_code == 200, response.get_data(as_text=True)
    row = _row(pps_session.id, world.pantarlih.id)
    assert (row.status, row.method) == (AttendanceStatus.HADIR, "kode")


def test_typed_code_expires(app, auth, client, world: World, pps_session):
    with clock.frozen_at(clock.now()):
        _, code = _issue(pps_session.id, app)
        clock.advance(timedelta(minutes=6))
        auth.login_as(world.pantarlih)
        response = client.post("/bimtek/hadir", data={"code": code})
    assert response.status_code == 422
    assert _row(pps_session.id, world.pantarlih.id).status is None


def test_uninvited_officer_of_the_desa_joins_by_check_in(app, auth, client, world: World, pps_session):
    newcomer = make_person("Andi Datang")
    assign(newcomer, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    token, _ = _issue(pps_session.id, app)
    auth.login_as(newcomer)
    assert client.post(f"/bimtek/hadir/{token}").status_code == 200
    assert _row(pps_session.id, newcomer.id).status is AttendanceStatus.HADIR


def test_walk_in_is_added_then_matched_to_an_account(app, auth, client, world: World, pps_session):
    late = make_person("Paijo Susulan")
    assign(late, world.election, Role.PANTARLIH, DESA, tps=3)
    db.session.commit()
    auth.login_as(world.pps)
    client.post(f"/bimtek/{pps_session.id}/kehadiran/tambah",
                data={"name": "Paijo", "title": "Pantarlih TPS 003", "desa": "Talang Jambu"})
    walk_in = db.session.scalar(select(Attendance).where(Attendance.walk_in_name == "Paijo"))
    assert walk_in.person_id is None
    client.post(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}", data={"status": "hadir"})
    page = client.get(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}/cocokkan")
    assert page.status_code == 200
    assert "Paijo Susulan" in page.get_data(as_text=True)
    assignment_id = late.assignments[0].id
    assert client.post(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}/cocokkan",
                       data={"assignment_id": assignment_id}).status_code == 302
    row = _row(pps_session.id, late.id)
    assert row.id == walk_in.id
    assert (row.status, row.walk_in_name, row.assignment_id) == (AttendanceStatus.HADIR, None, assignment_id)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "training.match")).subject_id == late.id
    # Out of scope: another desa's PPS cannot open the match page.
    auth.logout()
    auth.login_as(world.other_pps)
    assert client.get(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}/cocokkan").status_code == 404


def test_walk_in_matched_to_an_invited_person_merges(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    client.post(f"/bimtek/{pps_session.id}/kehadiran/tambah", data={"name": "Sri W."})
    walk_in = db.session.scalar(select(Attendance).where(Attendance.walk_in_name == "Sri W."))
    client.post(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}", data={"status": "hadir"})
    client.post(f"/bimtek/{pps_session.id}/kehadiran/{walk_in.id}/cocokkan",
                data={"assignment_id": world.pantarlih.assignments[0].id})
    db.session.expire_all()
    rows = db.session.scalars(select(Attendance).where(Attendance.session_id == pps_session.id)).all()
    assert [(r.person_id, r.status) for r in rows] == [(world.pantarlih.id, AttendanceStatus.HADIR)]
