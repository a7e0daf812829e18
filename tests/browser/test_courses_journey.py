"""Course journey: a Pantarlih reads two lessons of Prosedur Coklit, leaves, comes back and resumes at lesson 3."""

import re

import pytest

from tests.browser.conftest import login, logout
from tests.courses.conftest import sync_shipped_content

LESSON_3 = "/kursus/prosedur-coklit/03-coklit-di-rumah-pemilih"


@pytest.fixture
def courses_synced(app):
    """The live server seeds the demo but not the content: load the shipped courses into the same database."""
    return sync_shipped_content()


def _progress(page) -> str:
    return page.locator("[role=progressbar]").first.get_attribute("aria-valuenow")


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["page", "small_page"])
def test_pantarlih_reads_two_lessons_and_resumes_at_the_third(request, courses_synced, live_server, fixture):
    page = request.getfixturevalue(fixture)
    login(page, live_server, "pantarlih.demo")
    page.click("nav >> text=Kursus")
    assert page.url.endswith("/kursus/")
    page.click("text=Prosedur Coklit")
    assert page.url.endswith("/kursus/prosedur-coklit")
    assert _progress(page) == "0"
    page.click("a.button.primary")
    assert page.url.endswith("/01-dasar-hukum-dan-jadwal")
    assert page.locator("article.lesson h1").inner_text() == "Dasar Hukum dan Jadwal Coklit"

    page.click("button:text-is('Tandai selesai')")
    assert page.url.endswith("/02-syarat-pemilih-dan-tms")
    assert _progress(page) == "1"
    assert "1 dari 6 pelajaran selesai" in page.content()
    if fixture == "small_page":
        # The lesson with the widest table still fits a 360 px phone.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.click("button:text-is('Tandai selesai')")
    assert page.url.endswith(LESSON_3)
    assert _progress(page) == "2"
    if fixture == "small_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert page.locator("article.lesson img").bounding_box()["width"] <= 360

    logout(page)
    assert page.url.endswith("/login")
    login(page, live_server, "pantarlih.demo")
    page.click("nav >> text=Kursus")
    assert "2 dari 6 pelajaran selesai" in page.content()
    page.click("text=Lanjutkan")
    assert page.url.endswith(LESSON_3)
    assert re.search(r"Pelajaran 3 dari 6", page.content())
