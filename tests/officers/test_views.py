"""Officer lists, profiles and corrections."""

import re

from sqlalchemy import select

from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.officers.models import Person, Role
from tests.factories import DESA, World, assign, make_person


def test_list_paginates_with_filters_kept(client, auth, world: World):
    for i in range(60):
        assign(make_person(f"Pantarlih {i:02d}"), world.election, Role.PANTARLIH, DESA, tps=10 + i // 2)
    db.session.commit()
    auth.login_as(world.operator)
    first = client.get("/petugas/?role=pantarlih").get_data(as_text=True)
    assert "Halaman 1 dari 2" in first
    next_link = re.search(r'href="([^"]*halaman=2[^"]*)"', first).group(1).replace("&amp;", "&")
    assert "role=pantarlih" in next_link
    second = client.get(next_link).get_data(as_text=True)
    assert "Halaman 2 dari 2" in second
    assert "Sebelumnya" in second


def test_search_by_name(client, auth, world: World):
    auth.login_as(world.ppk)
    page = client.get("/petugas/?q=wahyu").get_data(as_text=True)
    assert "Sri Wahyuni" in page
    assert "Bambang Sutrisno" not in page


def test_dual_role_is_flagged_to_the_operator(client, auth, world: World):
    assign(world.pps, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    auth.login_as(world.operator)
    assert "Rangkap peran" in client.get("/petugas/").get_data(as_text=True)


def test_nik_masked_for_others_full_for_owner(client, auth, world: World):
    auth.login_as(world.pps)
    page = client.get(f"/petugas/{world.pantarlih.id}").get_data(as_text=True)
    assert world.pantarlih.nik not in page
    assert world.pantarlih.nik[-4:] in page
    own = client.get("/petugas/saya").get_data(as_text=True)
    assert world.pps.nik in own


def test_operator_edit_form_shows_full_nik_and_saves(client, auth, world: World):
    auth.login_as(world.operator)
    form = client.get(f"/petugas/{world.pantarlih.id}/ubah").get_data(as_text=True)
    assert world.pantarlih.nik in form
    response = client.post(f"/petugas/{world.pantarlih.id}/ubah", data={
        "full_name": "Sri Wahyuningsih", "nik": world.pantarlih.nik, "phone": "0812 9999 0000"})
    assert response.status_code == 302
    db.session.expire_all()
    person = db.session.get(Person, world.pantarlih.id)
    assert (person.full_name, person.phone) == ("Sri Wahyuningsih", "+6281299990000")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "officers.update"))
    assert event.details["fields"] == ["full_name", "phone"]


def test_edit_refuses_bad_and_taken_values(client, auth, world: World):
    auth.login_as(world.operator)
    url = f"/petugas/{world.pantarlih.id}/ubah"
    page = client.post(url, data={"full_name": "", "nik": "123", "phone": "999"}).get_data(as_text=True)
    assert "Isi nama lengkap." in page
    assert "NIK harus 16 angka yang valid." in page
    assert "Nomor HP tidak valid" in page
    page = client.post(url, data={"full_name": "X", "nik": world.pps.nik, "phone": ""}).get_data(as_text=True)
    assert "NIK ini sudah dipakai orang lain." in page


def test_reset_password_issues_one_time_password(client, auth, app, world: World):
    auth.login_as(world.pps)
    response = client.post(f"/petugas/{world.pantarlih.id}/sandi-baru")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    otp = re.search(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", page).group(1)
    other = app.test_client()
    assert other.post("/login", data={"username": "pantarlih", "password": "rahasia-123"}).status_code == 200
    response = other.post("/login", data={"username": "pantarlih", "password": otp})
    assert response.headers["Location"].endswith("/akun/kata-sandi")
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.password_reset")).subject_id == world.pantarlih.id


def test_audit_page_scoped_to_area(client, auth, app, world: World):
    from bimtek.audit.operations import record

    record("auth.password_reset", actor_id=world.operator.id, election_id=world.election.id,
           subject_id=world.pantarlih.id, region_code=DESA)
    record("auth.password_reset", actor_id=world.other_operator.id, election_id=world.election.id,
           subject_id=world.far_pantarlih.id, region_code="14.04.18.2002")
    db.session.commit()
    auth.login_as(world.operator)
    page = client.get("/audit/").get_data(as_text=True)
    assert "Sri Wahyuni" in page
    assert "Juminten" not in page
