"""The admin on a 360 px phone without JavaScript: a kabupaten's certificate settings reached by typing its
name, then the audit trail telling it in a sentence, found again through its filters."""

import re

import pytest

from tests.browser.conftest import login


@pytest.mark.browser
def test_admin_finds_a_kabupaten_by_name_and_reads_the_trail(live_server, small_page):
    page = small_page
    login(page, live_server, "admin")
    page.goto(f"{live_server}/sertifikat/pengaturan")
    assert page.locator("h1").inner_text() == "Pengaturan sertifikat"
    page.fill("input[name=cari]", "bengkulu utara")
    page.click("button >> text=Buka")
    assert page.url.endswith("/sertifikat/pengaturan?wilayah=17.03")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("input[name=signatory_name]", "Drs. Ahmad Fauzi")
    page.fill("input[name=signatory_title]", "Ketua KPU Kabupaten Bengkulu Utara")
    page.click("button >> text=Simpan")
    assert "Pengaturan sertifikat sudah disimpan." in page.content()

    page.goto(f"{live_server}/audit/")
    assert page.locator("h1").inner_text() == "Jejak audit"
    trail = page.locator("ol.audit-trail").inner_text()
    assert "Admin Sistem mengubah pengaturan sertifikat" in trail and "Bengkulu Utara" in trail
    # Sentences, never raw keys such as `created: 2, session_id: 16`.
    assert not re.search(r"\b[a-z]+_[a-z_]+: ?\d", trail)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("summary >> text=Saring catatan")
    page.fill("input[name=wilayah]", "concong")
    page.click("button >> text=Tampilkan")
    assert "Wilayah: Kecamatan Concong (14.04.18)" in page.content()
    assert "mengubah pengaturan sertifikat" not in page.locator("ol.audit-trail").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
