"""Scheduling bimtek: who may, for whom, with which trainers; joint and make-up sessions."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.training.models import Institution, TrainingSession
from bimtek.training.operations import TrainingError
from tests.factories import DESA, KECAMATAN, OTHER_DESA, World, assign, make_person
from tests.training.conftest import schedule


def form_data(region: str, trainer_ids, audience=("pantarlih",), **overrides) -> dict:
    data = {
        "title": "Bimtek Pantarlih Talang Jambu", "region_code": region, "day": "2030-06-24",
        "start_time": "08:00", "end_time": "12:00", "place": "Balai Desa Talang Jambu",
        "topics": "Prosedur coklit\nPraktik e-Coklit", "audience": list(audience),
        "trainers": [str(i) for i in trainer_ids],
        "speakers-0-name": "Hendra Siregar", "speakers-0-institution": "panwascam",
    }
    data.update(overrides)
    return data


def test_pps_schedules_for_own_desa(app, auth, client, world: World):
    auth.login_as(world.pps)
    response = client.post("/bimtek/baru", data=form_data(DESA, [world.pps.id]))
    assert response.status_code == 302, response.get_data(as_text=True)
    session = db.session.scalar(select(TrainingSession))
    assert session.region_code == DESA
    assert [a.person_id for a in session.attendances] == [world.pantarlih.id]
    assert [t.person_id for t in session.trainers] == [world.pps.id]
    assert [(s.name, s.institution) for s in session.speakers] == [("Hendra Siregar", Institution.PANWASCAM)]
    # Entered as 08.00 WIB, stored as 01.00 UTC.
    assert session.starts_at == datetime(2030, 6, 24, 1, 0, tzinfo=UTC)
    assert db.session.scalar(select(AuditEvent.action)) == "training.schedule"


def test_pps_cannot_schedule_for_another_desa(app, auth, client, world: World):
    auth.login_as(world.pps)
    response = client.post("/bimtek/baru", data=form_data(OTHER_DESA, [world.pps.id]))
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "PPS hanya dapat menjadwalkan bimtek untuk desa/kelurahannya sendiri" in page
    assert db.session.scalar(select(TrainingSession)) is None


def test_only_trainers_may_open_the_schedule_form(app, world: World):
    for person, expected in ((world.pps, 200), (world.ppk, 200), (world.operator, 200), (world.admin, 200),
                             (world.pantarlih, 404), (world.sekretariat, 404)):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get("/bimtek/baru").status_code == expected, person.username


def test_pps_form_offers_only_own_desa(app, auth, client, world: World):
    auth.login_as(world.pps)
    page = client.get("/bimtek/baru").get_data(as_text=True)
    assert f'value="{DESA}"' in page
    assert f'value="{OTHER_DESA}"' not in page


def test_ppk_joint_session_for_pps_and_pantarlih(app, world: World):
    session = schedule(world, world.ppk, KECAMATAN, audience=(Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
                       title="Bimtek gabungan PPS dan Pantarlih Kecamatan Kerkap")
    invited = {a.person_id for a in session.attendances}
    assert {world.pps.id, world.other_pps.id, world.sekretariat.id, world.pantarlih.id, world.other_pantarlih.id} == invited


def test_skip_level_session_ppk_trains_pantarlih_of_a_desa(app, world: World):
    session = schedule(world, world.pps, DESA, trainers=[world.ppk, world.pps])
    assert {t.person_id for t in session.trainers} == {world.ppk.id, world.pps.id}


def test_trainer_must_come_from_a_level_above(app, world: World):
    colleague = make_person("Rina Anggota")
    assign(colleague, world.election, Role.PPS, OTHER_DESA)
    db.session.commit()
    with pytest.raises(TrainingError, match="pelatih harus dari tingkat di atas peserta"):
        schedule(world, world.ppk, KECAMATAN, audience=(Role.PPS,), trainers=[world.ppk, colleague])


def test_secretariat_records_but_does_not_train(app, world: World):
    with pytest.raises(TrainingError, match="mencatat, bukan melatih"):
        schedule(world, world.pps, DESA, trainers=[world.sekretariat])


def test_session_needs_a_trainer_or_a_speaker(app, world: World):
    with pytest.raises(TrainingError, match="sedikitnya satu pelatih atau narasumber"):
        schedule(world, world.operator, "17.03", audience=(Role.PPK,), trainers=[])
    session = schedule(world, world.operator, "17.03", audience=(Role.PPK,), trainers=[],
                       speakers=[("Syahrul Anwar", Institution.KPU)])
    assert {a.person_id for a in session.attendances} == {world.ppk.id, world.other_ppk.id}


def test_pps_cannot_invite_ppk_or_pps(app, world: World):
    with pytest.raises(TrainingError, match="tidak dapat mengundang PPS"):
        schedule(world, world.pps, DESA, audience=(Role.PPS,))


def test_makeup_session_invites_only_replacement_pantarlih(app, world: World):
    replaced = world.pantarlih.assignments[0]
    replaced.ended_at = clock.now()
    newcomer = make_person("Rudi Pengganti")
    replacement = assign(newcomer, world.election, Role.PANTARLIH, DESA, tps=1)
    replacement.replaces_id = replaced.id
    other = make_person("Lestari Tetap")
    assign(other, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    session = schedule(world, world.pps, DESA, makeup=True, title="Bimtek susulan Pantarlih pengganti")
    assert session.is_makeup
    assert [a.person_id for a in session.attendances] == [newcomer.id]


def test_end_before_start_is_refused(app, auth, client, world: World):
    auth.login_as(world.pps)
    response = client.post("/bimtek/baru", data=form_data(DESA, [world.pps.id], end_time="07:00"))
    assert response.status_code == 422
    assert "Jam selesai harus setelah jam mulai" in response.get_data(as_text=True)


def test_edit_keeps_trainer_rule(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{pps_session.id}/ubah")
    assert page.status_code == 200
    data = form_data(DESA, [world.sekretariat.id], title="Bimtek diubah")
    response = client.post(f"/bimtek/{pps_session.id}/ubah", data=data)
    assert response.status_code == 422
    data = form_data(DESA, [world.pps.id, world.ppk.id], title="Bimtek diubah", place="Aula Kantor Desa")
    response = client.post(f"/bimtek/{pps_session.id}/ubah", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    session = db.session.get(TrainingSession, pps_session.id)
    assert session.title == "Bimtek diubah"
    assert {t.person_id for t in session.trainers} == {world.pps.id, world.ppk.id}


def test_roster_add_and_remove_within_scope(app, auth, client, world: World, pps_session):
    extra = make_person("Yuni Pantarlih Dua")
    extra_assignment = assign(extra, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    auth.login_as(world.pps)
    page = client.get(f"/bimtek/{pps_session.id}/peserta").get_data(as_text=True)
    assert "Yuni Pantarlih Dua" in page
    assert world.other_pantarlih.full_name not in page
    assert client.post(f"/bimtek/{pps_session.id}/peserta/tambah", data={"assignment_id": extra_assignment.id}).status_code == 302
    other_assignment = world.other_pantarlih.assignments[0]
    assert client.post(f"/bimtek/{pps_session.id}/peserta/tambah", data={"assignment_id": other_assignment.id}).status_code == 404
    db.session.expire_all()
    session = db.session.get(TrainingSession, pps_session.id)
    assert {a.person_id for a in session.attendances} == {world.pantarlih.id, extra.id}
    row = next(a for a in session.attendances if a.person_id == extra.id)
    assert client.post(f"/bimtek/{pps_session.id}/peserta/{row.id}/hapus", data={"yakin": "ya"}).status_code == 302
    db.session.expire_all()
    assert {a.person_id for a in db.session.get(TrainingSession, pps_session.id).attendances} == {world.pantarlih.id}


def test_schedule_form_starts_in_local_today(app, auth, client, world: World):
    auth.login_as(world.pps)
    page = client.get("/bimtek/baru").get_data(as_text=True)
    assert f'value="{clock.today("WIB").isoformat()}"' in page
    # The PPS is ticked as trainer and their Pantarlih as audience; the PPK above them is offered too.
    assert re.search(rf'<input checked[^>]*name="trainers"[^>]*value="{world.pps.id}"', page)
    assert re.search(r'<input checked[^>]*name="audience"[^>]*value="pantarlih"', page)
    assert world.ppk.full_name in page
    assert world.sekretariat.full_name not in page
