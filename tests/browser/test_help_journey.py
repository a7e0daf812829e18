"""A PPS on a 360 px phone without JavaScript opens Bantuan from the menu and reads what to do, in order."""

import pytest

from tests.browser.conftest import login


@pytest.mark.browser
def test_pps_reads_their_steps_and_whom_to_call(live_server, small_page):
    page = small_page
    login(page, live_server, "pps.demo")
    page.click("nav >> text=Bantuan")
    assert page.url.endswith("/bantuan/")
    assert page.locator("h1").inner_text() == "Bantuan"
    steps = page.locator("ol.help-steps > li").all_inner_texts()
    assert steps[0].startswith("Masuk dan ganti kata sandi.")
    assert any(step.startswith("Jadwalkan bimtek Pantarlih.") for step in steps)
    assert any(step.startswith("Catat kehadiran dan berkas.") for step in steps)
    contact = page.locator("section.help-contact").inner_text()
    assert "Suryani Putri" in contact and "Ketua PPK Kecamatan Kerkap" in contact
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("text=Bantuan untuk Pantarlih")
    assert page.url.endswith("/bantuan/pantarlih")
    assert "Hadiri bimtek PPS" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
