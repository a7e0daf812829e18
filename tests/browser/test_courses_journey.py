"""Course journey: a Pantarlih reads two lessons of Prosedur Coklit, leaves, comes back and resumes at lesson 3."""

import re

import pytest

from tests.browser.conftest import login, logout
from tests.courses.conftest import SHIPPED_CONTENT, sync_shipped_content

LESSON_3 = "/kursus/prosedur-coklit/03-coklit-di-rumah-pemilih"
# Trainers add lessons; the journey only needs the first three to keep their file names.
TOTAL = len(list((SHIPPED_CONTENT / "prosedur-coklit").glob("[0-9][0-9]-*.md")))


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
    assert f"1 dari {TOTAL} pelajaran selesai" in page.content()
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
    assert f"2 dari {TOTAL} pelajaran selesai" in page.content()
    page.click("text=Lanjutkan")
    assert page.url.endswith(LESSON_3)
    assert re.search(rf"Pelajaran 3 dari {TOTAL}", page.content())


@pytest.mark.browser
def test_every_shipped_lesson_fits_a_360_px_phone(courses_synced, live_server, small_page):
    login(small_page, live_server, "pps.demo")  # the PPS reads all three courses
    lessons = [(slug, lesson.key) for slug, course in courses_synced.items() for lesson in course.lessons]
    assert {slug for slug, _ in lessons} == {"prosedur-coklit", "sidalih-ecoklit", "bimtek-supervisi-pantarlih"}
    for slug, key in lessons:
        small_page.goto(f"{live_server}/kursus/{slug}/{key}")
        assert small_page.locator("article.lesson h1").count() == 1, key
        assert small_page.evaluate("document.documentElement.scrollWidth") <= 360, key
        for image in small_page.locator("article.lesson img").all():
            assert image.bounding_box()["width"] <= 360, key
