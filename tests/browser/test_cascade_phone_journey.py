"""Bimtek berjenjang on a 360 px phone without JavaScript: a KPU operator and a PPK find the incomplete desa,
and its flag is on screen without scrolling sideways."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DEMO_PASSWORD

WIDTH = 360
KERKAP = "17.03.06"


@pytest.fixture
def phone(browser):
    """Open a fresh 360 px phone (JavaScript off) per user; close them all at the end."""
    contexts = []

    def open_phone():
        context = browser.new_context(locale="id-ID", java_script_enabled=False,
                                      viewport={"width": WIDTH, "height": 740}, is_mobile=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_phone
    for context in contexts:
        context.close()


def sign_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")


def assert_fits(page) -> None:
    """The page does not scroll sideways at 360 px."""
    assert page.evaluate("document.scrollingElement.scrollWidth") <= WIDTH, page.url


def assert_on_screen(locator) -> None:
    """The element is shown, and once scrolled to, lies inside the 360 px viewport."""
    locator.scroll_into_view_if_needed()
    assert locator.is_visible()
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    assert 0 <= box["y"] < 740, box


@pytest.mark.browser
def test_operator_finds_the_incomplete_desa_on_a_phone(live_server, phone):
    page = phone()
    sign_in(page, live_server, "kpu.bengkuluutara")
    page.click("a:has-text('Buka bimtek berjenjang')")
    assert page.url.endswith("/bimtek/kaskade/17.03")
    assert_fits(page)
    kerkap = page.locator("table.coverage tr", has_text="Kecamatan Kerkap").locator("td.flagcell")
    assert_on_screen(kerkap)
    assert "Belum lengkap" in kerkap.inner_text()

    # The filter form: this kabupaten's Kerkap, only what is not complete.
    page.select_option("select[name=kode]", KERKAP)
    page.select_option("select[name=status]", "belum")
    page.click("form.cascade-filters button[type=submit]")
    assert page.url.endswith(f"/bimtek/kaskade/{KERKAP}?status=belum")
    assert_fits(page)
    flag = page.locator("table.coverage tr", has_text="Desa Talang Jambu").locator("td.flagcell")
    assert_on_screen(flag)
    assert "Belum lengkap" in flag.inner_text() and "putus" in flag.inner_text()
    assert page.locator("table.coverage tr.area-lengkap").count() == 0


@pytest.mark.browser
def test_ppk_opens_the_desa_and_reads_why_on_a_phone(live_server, phone):
    page = phone()
    sign_in(page, live_server, "ppk.demo")
    page.click("a:has-text('Buka bimtek berjenjang')")
    assert page.url.endswith(f"/bimtek/kaskade/{KERKAP}")
    assert_fits(page)
    flag = page.locator("table.coverage tr", has_text="Desa Talang Jambu").locator("td.flagcell")
    assert_on_screen(flag)
    assert "Belum lengkap" in flag.inner_text()

    page.locator("table.coverage tr", has_text="Desa Talang Jambu").locator("a").first.click()
    assert page.url.endswith(f"/bimtek/kaskade/{KERKAP}.2001")
    assert_fits(page)
    assert_on_screen(page.locator("p.summary"))
    assert "Belum lengkap" in page.locator("p.summary").inner_text()
    note = page.locator("ul.flags li", has_text="Pantarlih belum pernah mendapat bimtek sama sekali")
    assert_on_screen(note)
    untrained = page.locator("table.people tr", has_text="Pantarlih TPS").first.locator("td.flagcell")
    assert_on_screen(untrained)
    assert "Belum terlatih" in untrained.inner_text()
