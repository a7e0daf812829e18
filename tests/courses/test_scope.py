"""Who may open which course page, image and pocket card: each denial next to an in-scope control."""

from __future__ import annotations

import pytest

from tests.factories import DESA, OTHER_DESA, OTHER_KAB_DESA, World

PANTARLIH_COURSE = "prosedur-coklit"
PPS_ONLY_COURSE = "bimtek-supervisi-pantarlih"


def _login(app, person):
    client = app.test_client()
    response = client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    assert response.status_code == 302
    return client


def test_index_lists_only_courses_for_my_role(app, world: World, synced_content):
    pantarlih = _login(app, world.pantarlih).get("/kursus/")
    assert pantarlih.status_code == 200
    page = pantarlih.get_data(as_text=True)
    for course in synced_content.values():
        # Only the pantarlih's own courses, whatever the shipped courses are called.
        assert (course.title in page) is ("pantarlih" in course.audience), course.slug
    pps_page = _login(app, world.pps).get("/kursus/").get_data(as_text=True)
    assert "Bimtek dan Supervisi Pantarlih" in pps_page


@pytest.mark.parametrize("path", ["/kursus/{slug}", "/kursus/{slug}/{key}", "/kursus/{slug}.pdf"])
def test_course_pages_only_for_their_audience(app, world: World, synced_content, path):
    client = _login(app, world.pantarlih)
    keys = {slug: course.lessons[0].key for slug, course in synced_content.items()}
    inside = path.format(slug=PANTARLIH_COURSE, key=keys[PANTARLIH_COURSE])
    outside = path.format(slug=PPS_ONLY_COURSE, key=keys[PPS_ONLY_COURSE])
    assert client.get(inside).status_code == 200
    assert client.get(outside).status_code == 404
    # The PPS is in that course's audience.
    assert _login(app, world.pps).get(outside).status_code == 200


def test_trainers_above_pps_read_every_course(app, world: World, synced_content):
    client = _login(app, world.ppk)
    assert client.get(f"/kursus/{PPS_ONLY_COURSE}").status_code == 200
    assert "Materi untuk pelatih" in client.get("/kursus/").get_data(as_text=True)


def test_images_only_from_a_readable_course(app, world: World, synced_content):
    client = _login(app, world.pantarlih)
    assert client.get(f"/kursus/{PANTARLIH_COURSE}/gambar/alur-coklit.svg").status_code == 200
    assert client.get(f"/kursus/{PPS_ONLY_COURSE}/gambar/kaskade-bimtek.svg").status_code == 404
    # Only image files that sit in the course's own folder.
    assert client.get(f"/kursus/{PANTARLIH_COURSE}/gambar/kaskade-bimtek.svg").status_code == 404
    assert client.get(f"/kursus/{PANTARLIH_COURSE}/gambar/course.yaml").status_code == 404
    assert client.get(f"/kursus/{PANTARLIH_COURSE}/gambar/bank.gift").status_code == 404
    assert client.get(f"/kursus/{PANTARLIH_COURSE}/gambar/..%2Fsidalih-ecoklit%2Falur-ecoklit.svg").status_code == 404


def test_pocket_card_only_for_pantarlih(app, world: World, synced_content):
    assert _login(app, world.pantarlih).get("/kursus/kartu-saku").status_code == 200
    assert _login(app, world.pps).get("/kursus/kartu-saku").status_code == 404


def test_pocket_card_index_lists_only_desa_in_scope(app, world: World):
    response = _login(app, world.pps).get("/kursus/kartu-saku/desa/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert f"/kursus/kartu-saku/desa/{DESA}" in page
    assert f"/kursus/kartu-saku/desa/{OTHER_DESA}" not in page
    ppk_page = _login(app, world.ppk).get("/kursus/kartu-saku/desa/").get_data(as_text=True)
    assert f"/kursus/kartu-saku/desa/{OTHER_DESA}" in ppk_page
    assert _login(app, world.pantarlih).get("/kursus/kartu-saku/desa/").status_code == 404


@pytest.mark.parametrize(
    ("viewer", "inside", "outside"),
    [("pps", DESA, OTHER_DESA), ("ppk", OTHER_DESA, OTHER_KAB_DESA), ("operator", DESA, OTHER_KAB_DESA)],
)
def test_pps_prints_cards_only_for_own_desa(app, world: World, viewer, inside, outside):
    client = _login(app, getattr(world, viewer))
    response = client.get(f"/kursus/kartu-saku/desa/{inside}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert client.get(f"/kursus/kartu-saku/desa/{outside}").status_code == 404


def test_pantarlih_cannot_print_a_desa(app, world: World):
    assert _login(app, world.pantarlih).get(f"/kursus/kartu-saku/desa/{DESA}").status_code == 404


def test_completing_a_lesson_only_in_a_readable_course(app, world: World, synced_content):
    keys = {slug: course.lessons[0].key for slug, course in synced_content.items()}
    client = _login(app, world.pantarlih)
    assert client.post(f"/kursus/{PPS_ONLY_COURSE}/{keys[PPS_ONLY_COURSE]}/selesai").status_code == 404
    assert client.post(f"/kursus/{PANTARLIH_COURSE}/{keys[PANTARLIH_COURSE]}/selesai").status_code == 302
