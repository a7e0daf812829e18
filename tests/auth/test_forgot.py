"""Lupa kata sandi: the same answer for every name typed, throttled, answered only by the person's trainer."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from bimtek.auth.models import PasswordHelpRequest
from bimtek.extensions import db
from bimtek.officers.models import Person, Position, Role
from tests.factories import DESA, KECAMATAN, PASSWORD, World, assign, make_person

FORGOT = "/lupa-kata-sandi"
REQUESTS = "/petugas/permintaan-sandi"


def _ask(client, name: str, address: str = "10.0.0.1"):
    return client.post(FORGOT, data={"username": name}, environ_base={"REMOTE_ADDR": address})


def _requests() -> list[PasswordHelpRequest]:
    return list(db.session.scalars(select(PasswordHelpRequest).order_by(PasswordHelpRequest.id)))


def _logged_in(app, person: Person):
    client = app.test_client()
    response = client.post("/login", data={"username": person.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_login_page_links_to_the_forgot_page(client):
    page = client.get("/login").get_data(as_text=True)
    assert f'href="{FORGOT}"' in page
    page = client.get(FORGOT).get_data(as_text=True)
    assert "Lupa kata sandi" in page and 'name="username"' in page
    assert "Pantarlih: hubungi PPS desa/kelurahan Anda." in page


def test_the_answer_is_the_same_for_an_account_and_for_nobody(app, world: World):
    answers = []
    for name in ("pantarlih", "tidak.ada.orangnya", "0812-9999-0000"):
        response = _ask(app.test_client(), name)
        answers.append((response.status_code, response.headers.get("Cache-Control"), response.get_data(as_text=True)))
    assert answers[0] == answers[1] == answers[2]
    status, _cache, page = answers[0]
    assert status == 200
    assert "Jika nama pengguna atau nomor HP itu terdaftar" in page
    assert "Hubungi PPS/PPK atau operator KPU yang mendaftarkan Anda" in page
    # Nobody's name, phone or trainer is shown to a logged-out sender.
    assert "Bambang" not in page and "Sri Wahyuni" not in page
    rows = _requests()
    assert [row.person_id for row in rows] == [world.pantarlih.id, None, None]
    # The client address is kept only as a digest.
    assert all("10.0.0.1" not in row.address_key for row in rows)


def test_a_phone_number_finds_the_account_too(app, world: World):
    world.pantarlih.phone = "+6281234567890"
    db.session.commit()
    _ask(app.test_client(), "0812 3456 7890")
    assert [row.person_id for row in _requests()] == [world.pantarlih.id]


def test_an_empty_form_is_asked_again_and_records_nothing(client, world: World):
    response = client.post(FORGOT, data={"username": "  "})
    assert response.status_code == 200
    assert "Isi nama pengguna atau nomor HP." in response.get_data(as_text=True)
    assert _requests() == []


def test_a_disabled_account_is_treated_as_nobody(app, world: World):
    world.pantarlih.is_active_account = False
    db.session.commit()
    _ask(app.test_client(), "pantarlih")
    assert [row.person_id for row in _requests()] == [None]


def test_a_logged_in_user_is_sent_to_change_their_password(client, auth, world: World):
    auth.login_as(world.pantarlih)
    response = client.get(FORGOT)
    assert response.status_code == 302 and response.headers["Location"].endswith("/akun/kata-sandi")


def test_requests_for_one_name_are_throttled_alike_for_real_and_unknown_names(app, world: World):
    client = app.test_client()
    for name in ("pantarlih", "tidak.ada"):
        for number in range(3):
            assert _ask(client, name, f"10.0.1.{number}").status_code == 200
    refused = [_ask(client, name, "10.0.2.1") for name in ("pantarlih", "tidak.ada")]
    assert [r.status_code for r in refused] == [429, 429]
    # The same page but for the name typed, which the form keeps.
    pages = [r.get_data(as_text=True).replace(f'value="{name}"', 'value="…"')
             for r, name in zip(refused, ("pantarlih", "tidak.ada"), strict=True)]
    assert pages[0] == pages[1]
    assert "Terlalu banyak permintaan" in refused[0].get_data(as_text=True)
    assert len(_requests()) == 6
    # Another name from the same address still goes through.
    assert _ask(client, "pps", "10.0.2.1").status_code == 200


def test_requests_from_one_address_are_throttled(app, world: World):
    app.config["BIMTEK_FORGOT_MAX_PER_ADDRESS"] = 4
    client = app.test_client()
    assert [_ask(client, f"nama.{n}", "10.9.9.9").status_code for n in range(5)] == [200, 200, 200, 200, 429]
    assert _ask(client, "nama.5", "10.9.9.8").status_code == 200


def test_the_throttle_forgets_after_its_window(app, world: World):
    from datetime import timedelta

    from bimtek import clock

    client = app.test_client()
    for number in range(3):
        _ask(client, "pantarlih", f"10.0.3.{number}")
    assert _ask(client, "pantarlih").status_code == 429
    with clock.frozen_at(clock.now() + timedelta(hours=1, minutes=1)):
        assert _ask(client, "pantarlih").status_code == 200


def _seen_by(app, person: Person) -> tuple[int, str, str]:
    client = _logged_in(app, person)
    listing = client.get(REQUESTS)
    return listing.status_code, listing.get_data(as_text=True), client.get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [("pps", True), ("operator", True), ("admin", True), ("other_pps", False), ("ppk", False),
     ("sekretariat", False), ("other_operator", False)],
)
def test_a_request_is_shown_to_who_may_reset_that_person(app, world: World, viewer, sees):
    _ask(app.test_client(), "pantarlih")
    status, listing, home = _seen_by(app, getattr(world, viewer))
    assert status == 200
    assert ("Sri Wahyuni" in listing) is sees
    assert ("1 petugas meminta kata sandi baru" in home) is sees
    assert (f'action="/petugas/{world.pantarlih.id}/sandi-baru"' in listing) is sees


def test_a_pantarlih_has_no_request_list(app, world: World):
    client = _logged_in(app, world.pantarlih)
    assert client.get(REQUESTS).status_code == 404


def test_a_request_from_someone_with_a_second_role_goes_only_to_who_manages_both(app, world: World):
    # A PPK member who is also a Pantarlih in the PPS's desa: the PPS must not reset a PPK's password.
    dual = make_person("Hartono Rangkap", username="hartono")
    assign(dual, world.election, Role.PPK, KECAMATAN, position=Position.ANGGOTA)
    assign(dual, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    _ask(app.test_client(), "hartono")
    assert "Hartono Rangkap" not in _seen_by(app, world.pps)[1]
    assert "Hartono Rangkap" not in _seen_by(app, world.ppk)[1]
    assert "Hartono Rangkap" in _seen_by(app, world.operator)[1]


def test_the_trainer_resets_with_one_click_and_the_request_is_answered(app, world: World):
    world.pantarlih.phone = "+6281234567890"
    db.session.commit()
    for number in range(2):  # asked twice: one line, one reset answers both
        _ask(app.test_client(), "pantarlih", f"10.0.4.{number}")
    client = _logged_in(app, world.pps)
    listing = client.get(REQUESTS).get_data(as_text=True)
    assert listing.count("Sri Wahyuni") == 1
    response = client.post(f"/petugas/{world.pantarlih.id}/sandi-baru")
    slip = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="https://wa.me/6281234567890?text=Halo%20Bapak%2FIbu%20Sri%20Wahyuni' in slip
    assert re.search(r"<code>[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}</code>", slip)
    assert "Sri Wahyuni" not in client.get(REQUESTS).get_data(as_text=True)
    assert "meminta kata sandi baru" not in client.get("/").get_data(as_text=True)
    assert all(row.resolved_by_id == world.pps.id and row.resolved_at for row in _requests())


def test_old_requests_are_dropped(app, world: World):
    from datetime import timedelta

    from bimtek import clock

    _ask(app.test_client(), "pantarlih")
    with clock.frozen_at(clock.now() + timedelta(days=8)):
        assert "Sri Wahyuni" not in _seen_by(app, world.pps)[1]
        _ask(app.test_client(), "tidak.ada")  # the next request prunes the old rows
        assert db.session.scalar(select(func.count()).select_from(PasswordHelpRequest)) == 1


def test_forged_forms_are_refused(csrf_app, world: World):
    client = csrf_app.test_client()
    response = client.post(FORGOT, data={"username": "pantarlih"})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert _requests() == []


def test_forged_reset_from_the_request_list_changes_nothing(csrf_app, world: World):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "pps", "password": PASSWORD, "csrf_token": token})
    before = db.session.get(Person, world.pantarlih.id).password_hash
    response = client.post(f"/petugas/{world.pantarlih.id}/sandi-baru", data={"csrf_token": "palsu"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Person, world.pantarlih.id).password_hash == before


def test_the_officer_page_tells_only_the_trainer_of_the_request(app, world: World):
    _ask(app.test_client(), "pantarlih")
    notice = "Petugas ini meminta kata sandi baru"
    pantarlih_page = f"/petugas/{world.pantarlih.id}"
    assert notice in _logged_in(app, world.pps).get(pantarlih_page).get_data(as_text=True)
    # The PPK sees the Pantarlih's page but does not reset Pantarlih passwords.
    assert notice not in _logged_in(app, world.ppk).get(pantarlih_page).get_data(as_text=True)
    assert notice not in _logged_in(app, world.pps).get(f"/petugas/{world.sekretariat.id}").get_data(as_text=True)
