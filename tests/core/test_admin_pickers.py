"""The admin reaches per-kabupaten settings through a picker that takes a name or a code; trainers get no quiz button."""

from __future__ import annotations

from tests.factories import World


def _login(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client


def test_admin_picks_a_kabupaten_for_certificate_and_office_settings(app, world: World):
    admin = _login(app, world.admin)
    for url, title in (("/sertifikat/pengaturan", "Pengaturan sertifikat"), ("/pengaturan-kabupaten/", "Pengaturan kabupaten")):
        page = admin.get(url)
        assert page.status_code == 200 and title in page.get_data(as_text=True)
        assert f'href="{url}?wilayah=17.03"' in page.get_data(as_text=True)  # Bengkulu Utara in the list
        by_name = admin.get(url + "?cari=bengkulu+utara")
        assert by_name.status_code == 302 and by_name.headers["Location"].endswith("?wilayah=17.03")
        by_code = admin.get(url + "?cari=17.03")
        assert by_code.status_code == 302 and by_code.headers["Location"].endswith("?wilayah=17.03")
        unknown = admin.get(url + "?cari=atlantis").get_data(as_text=True)
        assert 'Tidak ada kabupaten/kota yang cocok dengan "atlantis".' in unknown
        assert admin.get(url + "?wilayah=17.03").status_code == 200
    # The KPU operator goes straight to their own kabupaten; others never see the pages.
    assert _login(app, world.operator).get("/sertifikat/pengaturan").status_code == 200
    assert _login(app, world.pps).get("/sertifikat/pengaturan").status_code == 404
