"""Practice case journey: pantarlih.demo solves a case on a 360 px phone without JavaScript, gets one decision wrong."""

from __future__ import annotations

import pytest

from tests.browser.conftest import login
from tests.cases.conftest import COURSE, load_case_course


@pytest.mark.browser
def test_pantarlih_solves_a_case_on_a_phone_without_javascript(live_server, small_page):
    load_case_course()
    page = small_page
    login(page, live_server, "pantarlih.demo")
    page.click("text=Latihan kasus")
    page.click("text=Prosedur Coklit")
    page.click("text=Berulang tahun ke-17 tepat pada hari pemungutan suara")
    assert page.locator("h1").inner_text() == "Berulang tahun ke-17 tepat pada hari pemungutan suara"
    assert "Rabu, 27 November 2024" in page.locator(".house").inner_text()
    # The household card and the decisions fit the phone's width: nothing pushes the page sideways.
    for selector in ("main", ".house", "form.decide"):
        assert page.locator(selector).first.bounding_box()["width"] <= 360, selector

    # Bu Marlina is on the list and matches her KTP-el and KK.
    page.check("input[name=marlina-decision][value=sesuai]")
    page.select_option("select[name=marlina-evidence]", "ktp_kk")
    # Fajar turns 17 on voting day itself; the officer gets him wrong.
    page.check("input[name=fajar-decision][value=tidak_dicatat]")
    page.select_option("select[name=fajar-evidence]", "ktp_kk")
    # Nanda turns 17 the day after voting day.
    page.check("input[name=nanda-decision][value=tidak_dicatat]")
    page.select_option("select[name=nanda-evidence]", "ktp_kk")
    page.click("text=Periksa jawaban")

    assert page.url.endswith(f"/kasus/{COURSE}/02-ulang-tahun-ke-17-hari-pemungutan/hasil")
    assert "2 dari 3 keputusan benar" in page.locator("main").inner_text()
    fajar = page.locator("#v-fajar")
    assert "Salah" in fajar.inner_text()
    assert "Jawaban yang benar: Catat di Daftar Potensial Pemilih" in fajar.inner_text()
    assert "genap 17 tahun tepat pada hari pemungutan suara" in fajar.inner_text()
    assert "paling lambat pada hari pemungutan suara" in fajar.inner_text()  # the rule, cited
    assert "Benar" in page.locator("#v-marlina").inner_text()
    assert page.locator("main").bounding_box()["width"] <= 360

    # Try again: the earlier choices are still there; correct Fajar and pass.
    page.click("text=Kerjakan lagi")
    assert page.is_checked("input[name=nanda-decision][value=tidak_dicatat]")
    page.check("input[name=fajar-decision][value=potensial]")
    page.click("text=Periksa jawaban")
    assert "Semua keputusan benar. Kasus ini lulus." in page.content()
    page.goto(f"{live_server}/kasus/{COURSE}")
    assert "1 dari 32 kasus lulus." in page.locator("main").inner_text()
