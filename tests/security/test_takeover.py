"""Class 1: no takeover through a second role: a change to a person needs every one of their roles managed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Assignment, PasswordSheet, Person, Role
from bimtek.officers.imports import import_officers
from tests.factories import DESA, KABUPATEN, OTHER_KAB_DESA, World, assign, make_election, make_person

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"


def _unchanged(person: Person, password_hash: str, version: int) -> None:
    db.session.expire_all()
    fresh = db.session.get(Person, person.id)
    assert (fresh.password_hash, fresh.session_version, fresh.must_change_password) == (password_hash, version, False)
    assert db.session.scalar(select(func.count()).select_from(PasswordSheet)) == 0


def test_pps_cannot_reset_the_ppk_who_is_also_pantarlih_in_their_desa(client, auth, world: World):
    assign(world.ppk, world.election, Role.PANTARLIH, DESA, tps=7)
    db.session.commit()
    before = (world.ppk.password_hash, world.ppk.session_version)
    auth.login_as(world.pps)
    assert client.post(f"/petugas/{world.ppk.id}/sandi-baru").status_code == 404
    _unchanged(world.ppk, *before)
    # The profile no longer offers the reset either.
    assert f"/petugas/{world.ppk.id}/sandi-baru" not in client.get(f"/petugas/{world.ppk.id}").get_data(as_text=True)


def test_pps_still_resets_a_pantarlih_holding_only_that_role(client, auth, world: World):
    auth.login_as(world.pps)
    response = client.post(f"/petugas/{world.pantarlih.id}/sandi-baru")
    assert response.status_code == 302 and "/petugas/sandi/" in response.headers["Location"]


def test_an_ended_role_elsewhere_does_not_block_the_reset(client, auth, world: World):
    ended = assign(world.pantarlih, world.election, Role.PPS, "17.03.06.2002")
    ended.ended_at = clock.now() - timedelta(days=1)
    db.session.commit()
    auth.login_as(world.pps)
    assert client.post(f"/petugas/{world.pantarlih.id}/sandi-baru").status_code == 302


def test_nobody_resets_an_admin(client, auth, world: World):
    assign(world.admin, world.election, Role.PANTARLIH, DESA, tps=8)
    second_admin = make_person("Admin Kedua", username="admin2", admin=True)
    db.session.commit()
    before = (world.admin.password_hash, world.admin.session_version)
    auth.login_as(world.pps)
    assert client.post(f"/petugas/{world.admin.id}/sandi-baru").status_code == 404
    auth.logout()
    auth.login_as(second_admin)
    assert client.post(f"/petugas/{world.admin.id}/sandi-baru").status_code == 404
    _unchanged(world.admin, *before)


def test_operator_cannot_edit_a_person_who_also_holds_a_role_in_another_kabupaten(client, auth, world: World):
    assign(world.pps, world.election, Role.PANTARLIH, OTHER_KAB_DESA, tps=4)
    db.session.commit()
    auth.login_as(world.operator)
    assert client.get(f"/petugas/{world.pps.id}/ubah").status_code == 404
    response = client.post(f"/petugas/{world.pps.id}/ubah", data={
        "full_name": "Nama Palsu", "nik": world.pps.nik, "phone": "081299990000"})
    assert response.status_code == 404
    db.session.expire_all()
    person = db.session.get(Person, world.pps.id)
    assert (person.full_name, person.phone) == ("Bambang Sutrisno", None)


def test_import_never_renames_someone_last_assigned_outside_the_area(app, world: World):
    """Juminten served last in Indragiri Hilir; Bengkulu Utara's operator may take her on, not rename her."""
    later = make_election("pilkada-berikut", current=False)
    db.session.commit()
    row = f"Juminten Diganti,{world.far_pantarlih.nik},pantarlih,anggota,{DESA},5,081277776666"
    result = import_officers(f"{HEADER}\n{row}\n".encode(), later, area=KABUPATEN, actor_id=world.operator.id)
    db.session.commit()
    db.session.expire_all()
    person = db.session.get(Person, world.far_pantarlih.id)
    assert (person.full_name, person.phone) == ("Juminten", None)
    assert result.warnings == [
        "baris 2: nama dan nomor HP tidak diubah karena petugas ini terakhir terdaftar di luar wilayah kerja Anda"
    ]
    # The assignment itself is made: only the identity stays with the other operator.
    assert db.session.scalar(
        select(Assignment.region_code).where(Assignment.person_id == person.id, Assignment.election_id == later.id)
    ) == DESA


def test_import_renames_someone_whose_latest_assignment_is_in_the_area(app, world: World):
    later = make_election("pilkada-berikut", current=False)
    db.session.commit()
    row = f"Sri Wahyuningsih,{world.pantarlih.nik},pantarlih,anggota,{DESA},1,"
    import_officers(f"{HEADER}\n{row}\n".encode(), later, area=KABUPATEN, actor_id=world.operator.id)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Person, world.pantarlih.id).full_name == "Sri Wahyuningsih"
