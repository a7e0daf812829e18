"""Log-in by username or phone, throttling, one-time passwords, log-out."""

import re

import pytest

from bimtek.extensions import db
from bimtek.officers.models import Person
from tests.factories import PASSWORD, World, make_person


def test_login_by_username_then_logout(client, auth, world: World):
    response = auth.login("pantarlih")
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    auth.logout()
    assert client.get("/").status_code == 302


@pytest.mark.parametrize("typed", ["081234567890", "+6281234567890", "0812-3456-7890"])
def test_login_by_phone_in_any_form(client, auth, app, typed):
    make_person("Budi", username="budi", phone="+6281234567890")
    db.session.commit()
    assert auth.login(typed).status_code == 302


def test_wrong_password_says_so_in_indonesian(client, auth, world: World):
    response = auth.login("pantarlih", "salah-sekali")
    assert response.status_code == 200
    assert "Nama pengguna/nomor HP atau kata sandi salah." in response.get_data(as_text=True)


def test_empty_form_gets_indonesian_messages(client):
    page = client.post("/login", data={}).get_data(as_text=True)
    assert "Isi nama pengguna atau nomor HP." in page
    assert "Isi kata sandi." in page


def test_login_throttled_per_account(client, auth, world: World, app):
    for _ in range(app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"]):
        auth.login("pantarlih", "salah")
    response = auth.login("pantarlih", PASSWORD)
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.get_data(as_text=True)
    # Another account from the same address is not locked by this one.
    assert auth.login("pps").status_code == 302


def test_address_over_its_limit_refuses_guesses_but_not_a_right_password(client, auth, world: World, app):
    app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ADDRESS"] = 3
    for name in ("a", "b", "c"):
        auth.login(name, "salah")
    assert auth.login("d", "salah").status_code == 429
    # Officers share a hall's hotspot: someone else's guessing does not lock them out.
    assert auth.login("pps").status_code == 302


def test_one_time_password_forces_change(client, auth, app):
    from bimtek.auth.operations import issue_one_time_password

    person = make_person("Paiman", username="paiman")
    otp = issue_one_time_password(person)
    db.session.commit()
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", otp)
    response = auth.login("paiman", otp)
    assert response.headers["Location"].endswith("/akun/kata-sandi")
    assert client.get("/").headers["Location"].endswith("/akun/kata-sandi")
    response = client.post("/akun/kata-sandi", data={
        "current_password": otp, "new_password": "kata-sandi-baru", "confirm_password": "kata-sandi-baru"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    db.session.expire_all()
    person = db.session.get(Person, person.id)
    assert not person.must_change_password
    assert person.password_hash.startswith("pbkdf2:sha256:1000") is False or app.config["BIMTEK_PASSWORD_METHOD"].startswith("pbkdf2")


def test_change_password_rejects_mismatch_and_short(client, auth, world: World):
    auth.login_as(world.pps)
    page = client.post("/akun/kata-sandi", data={
        "current_password": PASSWORD, "new_password": "pendek", "confirm_password": "lain"}).get_data(as_text=True)
    assert "Kata sandi baru minimal 8 karakter." in page
    assert "Kedua kata sandi baru tidak sama." in page


def test_password_change_ends_other_sessions(app, world: World):
    first, second = app.test_client(), app.test_client()
    for c in (first, second):
        c.post("/login", data={"username": "pps", "password": PASSWORD})
    first.post("/akun/kata-sandi", data={
        "current_password": PASSWORD, "new_password": "sandi-baru-99", "confirm_password": "sandi-baru-99"})
    assert first.get("/").status_code == 200
    assert second.get("/").status_code == 302


def test_open_redirect_refused(client, world: World):
    response = client.post("/login?next=//evil.example/x", data={"username": "pps", "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_csrf_enforced_on_login(csrf_app):
    client = csrf_app.test_client()
    response = client.post("/login", data={"username": "x", "password": "y"})
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)


def test_csrf_enforced_on_plain_post_form(csrf_app, world: World):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "pps", "password": PASSWORD, "csrf_token": token})
    response = client.post(f"/petugas/{world.pantarlih.id}/sandi-baru")
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)


def test_session_cookie_is_httponly(client, world: World):
    response = client.post("/login", data={"username": "pps", "password": PASSWORD})
    cookies = response.headers.getlist("Set-Cookie")
    assert any("HttpOnly" in c for c in cookies)
