"""Who may open which bimtek page: in scope 200, out of scope 404; CSRF enforced."""

from __future__ import annotations

import re

import pytest

from bimtek.extensions import db
from bimtek.training.models import TrainingSession
from tests.factories import World
from tests.training.conftest import schedule

# Session pages: (in-scope viewers, out-of-scope viewers), for a session of the PPS of Talang Jambu.
SESSION_PAGES = {
    "show": ("", ("pps", "sekretariat", "ppk", "operator", "admin", "pantarlih"), ("other_pps", "other_pantarlih", "other_operator", "far_pantarlih")),
    "edit": ("/ubah", ("pps", "ppk", "operator"), ("other_pps", "pantarlih", "other_operator")),
    "roster_page": ("/peserta", ("pps", "sekretariat", "ppk"), ("other_pps", "pantarlih", "other_ppk")),
    "attendance": ("/kehadiran", ("pps", "sekretariat", "operator"), ("other_pps", "pantarlih", "other_operator")),
    "qr": ("/qr", ("pps", "ppk"), ("other_pps", "pantarlih")),
    "document": ("/daftar-hadir.pdf", ("pps", "ppk"), ("other_pps", "pantarlih", "other_ppk")),
}


def _client(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client


@pytest.mark.parametrize("endpoint", sorted(SESSION_PAGES))
def test_session_pages_only_in_scope(app, world: World, pps_session, endpoint):
    suffix, inside, outside = SESSION_PAGES[endpoint]
    url = f"/bimtek/{pps_session.id}{suffix}"
    for name in inside:
        assert _client(app, getattr(world, name)).get(url).status_code == 200, (name, url)
    for name in outside:
        assert _client(app, getattr(world, name)).get(url).status_code == 404, (name, url)
    assert _client(app, world.pps).get(f"/bimtek/{pps_session.id + 999}{suffix}").status_code == 404


def test_index_lists_only_sessions_in_scope(app, world: World, pps_session):
    other = schedule(world, world.other_pps, "17.03.06.2002", title="Bimtek Pantarlih Tebat Pacur")
    db.session.commit()
    page = _client(app, world.pps).get("/bimtek/").get_data(as_text=True)
    assert pps_session.title in page and other.title not in page
    page = _client(app, world.ppk).get("/bimtek/").get_data(as_text=True)
    assert pps_session.title in page and other.title in page
    # A Pantarlih sees the sessions they are invited to, not their desa's others.
    page = _client(app, world.pantarlih).get("/bimtek/").get_data(as_text=True)
    assert pps_session.title in page and other.title not in page
    assert "Jadwalkan bimtek" not in page
    page = _client(app, world.far_pantarlih).get("/bimtek/").get_data(as_text=True)
    assert pps_session.title not in page


def test_participant_sees_own_status_on_the_session_page(app, world: World, pps_session):
    page = _client(app, world.pantarlih).get(f"/bimtek/{pps_session.id}").get_data(as_text=True)
    assert "Kehadiran Anda" in page and "Belum dicatat" in page
    assert "Catat kehadiran" not in page


def test_csrf_is_enforced_on_marking_attendance(csrf_app, world: World, pps_session):
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login_page) or re.search(
        r'name="csrf_token" value="([^"]+)"', login_page)
    client.post("/login", data={"username": "pps", "password": "rahasia-123", "csrf_token": token.group(1)})
    row = pps_session.attendances[0]
    refused = client.post(f"/bimtek/{pps_session.id}/kehadiran/{row.id}", data={"status": "hadir"})
    assert refused.status_code == 400
    db.session.expire_all()
    assert db.session.get(TrainingSession, pps_session.id).attendances[0].status is None
    page = client.get(f"/bimtek/{pps_session.id}/kehadiran").get_data(as_text=True)
    form_token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    accepted = client.post(f"/bimtek/{pps_session.id}/kehadiran/{row.id}", data={"status": "hadir", "csrf_token": form_token})
    assert accepted.status_code == 302
    db.session.expire_all()
    assert db.session.get(TrainingSession, pps_session.id).attendances[0].status.value == "hadir"


# Form actions on a session: suffix -> form. A refused user (out of scope, or only a participant)
# posts first and gets a 404 with nothing changed; the PPS who runs the session then passes the gate.
SESSION_POSTS = {
    "add": ("/peserta/tambah", lambda s, w: {"assignment_id": w.pantarlih.assignments[0].id}),
    "remove": ("/peserta/{row}/hapus", lambda s, w: {}),
    "mark": ("/kehadiran/{row}", lambda s, w: {"status": "hadir"}),
    "walk_in": ("/kehadiran/tambah", lambda s, w: {"name": "Paijo"}),
    "match": ("/kehadiran/{walk_in}/cocokkan", lambda s, w: {"assignment_id": w.pantarlih.assignments[0].id}),
    "notes": ("/notulen", lambda s, w: {"notes": "Catatan"}),
    "upload": ("/berkas", lambda s, w: {}),
    "edit": ("/ubah", lambda s, w: {}),
}


@pytest.mark.parametrize("endpoint", sorted(SESSION_POSTS))
def test_session_form_actions_only_in_scope(app, world: World, pps_session, endpoint):
    from bimtek.training.models import Attendance

    walk_in = Attendance(walk_in_name="Tamu")
    pps_session.attendances.append(walk_in)
    db.session.commit()
    suffix, form = SESSION_POSTS[endpoint]
    url = f"/bimtek/{pps_session.id}" + suffix.format(row=pps_session.attendances[0].id, walk_in=walk_in.id)
    for name in ("other_pps", "pantarlih", "other_operator"):
        assert _client(app, getattr(world, name)).post(url, data=form(pps_session, world)).status_code == 404, name
    assert _client(app, world.pps).post(url, data=form(pps_session, world)).status_code != 404


def test_schedule_action_by_role(app, world: World):
    for name, gate_passed in (("pantarlih", False), ("pps", True)):
        assert (_client(app, getattr(world, name)).post("/bimtek/baru", data={}).status_code != 404) is gate_passed


def test_check_in_actions_refuse_a_forged_token_and_accept_any_officer(app, world: World):
    client = _client(app, world.far_pantarlih)
    assert client.post("/bimtek/hadir/palsu", data={}).status_code == 422
    assert client.post("/bimtek/hadir", data={"code": "ZZZZZZ"}).status_code == 422


def test_session_lists_cost_the_same_for_one_session_or_many(app, world: World, pps_session, max_queries):
    client = _client(app, world.ppk)
    with max_queries(12) as one:
        assert client.get("/bimtek/").status_code == 200
    for number in range(4):
        schedule(world, world.other_pps, "17.03.06.2002", title=f"Bimtek Tebat Pacur {number}")
    with max_queries(len(one)):
        page = client.get("/bimtek/").get_data(as_text=True)
    assert page.count("Bimtek Tebat Pacur") == 4
