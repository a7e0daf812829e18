"""Class 6: log-out ends the session on the server, is a POST with CSRF, and cookies are short-lived and Lax."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from tests.factories import PASSWORD, World

TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')


def _token(page: str) -> str:
    match = TOKEN.search(page)
    assert match, page[:500]
    return match.group(1) or match.group(2)


def test_a_session_cookie_copied_before_logout_stops_working(client, auth, world: World):
    auth.login_as(world.pps)
    assert client.get("/petugas/saya").status_code == 200
    copied = client.get_cookie("session").value
    auth.logout()
    client.set_cookie("session", copied)
    client.delete_cookie("remember_token")
    response = client.get("/petugas/saya")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_remember_cookie_copied_before_logout_stops_working(client, auth, world: World):
    auth.login_as(world.pps)
    remembered = client.get_cookie("remember_token").value
    auth.logout()
    client.delete_cookie("session")
    client.set_cookie("remember_token", remembered)
    response = client.get("/petugas/saya")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_logout_by_get_is_refused(client, auth, world: World):
    auth.login_as(world.pps)
    assert client.get("/logout").status_code == 405
    assert client.get("/petugas/saya").status_code == 200


def test_logout_needs_the_csrf_token(csrf_app, world: World):
    client = csrf_app.test_client()
    token = _token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": "pps", "password": PASSWORD, "csrf_token": token}).status_code == 302
    page = client.get("/petugas/saya").get_data(as_text=True)
    response = client.post("/logout")
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert client.get("/petugas/saya").status_code == 200
    assert client.post("/logout", data={"csrf_token": _token(page)}).status_code == 302
    assert client.get("/petugas/saya").status_code == 302


def test_the_csrf_token_from_before_login_is_dead_after_it(csrf_app, world: World):
    client = csrf_app.test_client()
    planted = _token(client.get("/login").get_data(as_text=True))
    assert client.post("/login", data={"username": "pps", "password": PASSWORD, "csrf_token": planted}).status_code == 302
    fresh = _token(client.get("/petugas/saya").get_data(as_text=True))
    assert fresh != planted
    assert client.post("/logout", data={"csrf_token": planted}).status_code == 400
    assert client.get("/petugas/saya").status_code == 200


def test_remember_cookie_lasts_at_most_30_days_and_is_lax(client, auth, world: World):
    response = auth.login_as(world.pps)
    cookies = {c.split("=", 1)[0]: c for c in response.headers.getlist("Set-Cookie")}
    remember = cookies["remember_token"]
    expires = parsedate_to_datetime(re.search(r"Expires=([^;]+)", remember).group(1))
    assert timedelta(days=29) < expires - datetime.now(UTC) <= timedelta(days=30)
    assert "SameSite=Lax" in remember and "HttpOnly" in remember
    assert "SameSite=Lax" in cookies["session"]
