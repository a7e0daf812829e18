"""The learner finds the certificate on the home page and the course page; downloads stay in scope."""

from __future__ import annotations

from urllib.parse import unquote

from bimtek.certificates import codes
from tests.factories import World


def test_learner_finds_the_certificate_at_home_and_on_the_course(world: World, issued, auth, client):
    auth.login_as(world.pantarlih)
    shown = codes.display(issued.code)
    home = client.get("/").get_data(as_text=True)
    assert f"/sertifikat/{shown}.pdf" in home
    course = client.get("/kursus/prosedur-coklit").get_data(as_text=True)
    assert "Sertifikat Anda sudah terbit" in course and f"/sertifikat/{shown}.pdf" in course
    page = client.get("/sertifikat/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "https://wa.me/?text=" in text
    share = text.split("https://wa.me/?text=", 1)[1].split('"', 1)[0]
    assert f"http://localhost/v/{shown}" in unquote(share)
    assert len(page.data) < 60 * 1024


def test_learner_without_certificate_sees_how_to_earn_one(world: World, auth, client, courses):
    auth.login_as(world.other_pantarlih)
    page = client.get("/sertifikat/").get_data(as_text=True)
    assert "belum memiliki sertifikat" in page


def test_download_only_own_or_in_scope(app, world: World, issued):
    url = f"/sertifikat/{codes.display(issued.code)}.pdf"
    for person, expected in ((world.pantarlih, 200), (world.ppk, 200), (world.operator, 200),
                             (world.other_pantarlih, 404), (world.pps, 404), (world.other_ppk, 404),
                             (world.other_operator, 404)):
        client = app.test_client()
        client.post("/login", data={"username": person.username, "password": "rahasia-123"})
        assert client.get(url).status_code == expected, person.username
    assert app.test_client().get(url).status_code in (302, 404)
