"""Certificate journey: pantarlih.demo finishes Prosedur Coklit and its quiz, downloads the certificate,
anyone opens its verify link; kpu.bengkuluutara revokes it and the verify page says so."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import login
from tests.browser.test_quiz_journey import _answer_shown_question
from tests.courses.conftest import sync_shipped_content
from tests.quizzes.conftest import load_course


@pytest.fixture
def short_quiz(app):
    """The shipped course with a four-question quiz any answers pass, so the journey does not depend on luck."""
    sync_shipped_content()
    return load_course("prosedur-coklit", quiz_rules={
        "questions": 4, "shuffle_options": False, "pass_mark": 0, "max_attempts": 3, "wait_minutes": 0,
        "time_limit_minutes": None, "review": "after_each"})


@pytest.mark.browser
def test_pantarlih_earns_downloads_shares_and_operator_revokes(browser, short_quiz, live_server, page):
    login(page, live_server, "pantarlih.demo")
    page.goto(f"{live_server}/kursus/prosedur-coklit")
    assert "Sertifikat Anda sudah terbit" not in page.content()
    page.click("a.button.primary")
    while "/kursus/prosedur-coklit/" in page.url:
        page.click("button:text-is('Tandai selesai')")
    assert page.url.endswith("/kursus/prosedur-coklit")
    assert "Semua pelajaran sudah selesai" in page.content()

    page.goto(f"{live_server}/kursus/prosedur-coklit/kuis")
    page.click("text=Mulai kuis")
    for number in range(1, 5):
        _answer_shown_question(page)
        page.click("button[value=next]" if number < 4 else "button[value=summary]")
    page.click("#selesai")
    expect(page).to_have_url(re.compile(r".*/hasil$"))

    page.goto(f"{live_server}/kursus/prosedur-coklit")
    assert "Sertifikat Anda sudah terbit" in page.content()
    with page.expect_download() as download_info:
        page.click("text=Unduh sertifikat")
    pdf = download_info.value.path().read_bytes()
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Sri Wahyuni" in text and "Prosedur Coklit" in text
    code = re.search(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", text)[0]
    assert len(pdf) < 100 * 1024

    page.goto(f"{live_server}/sertifikat/")
    share = page.locator("a[href^='https://wa.me/?text=']").get_attribute("href")
    assert code in share
    verify_link = page.locator(f"a[href$='/v/{code}']").first.get_attribute("href")

    # Anyone, without logging in, opens the link.
    anonymous = browser.new_context(locale="id-ID", java_script_enabled=False)
    visitor = anonymous.new_page()
    visitor.goto(f"{live_server}{verify_link}")
    assert "ASLI dan BERLAKU" in visitor.content() and "Sri Wahyuni" in visitor.content()

    operator_context = browser.new_context(locale="id-ID")
    operator = operator_context.new_page()
    login(operator, live_server, "kpu.bengkuluutara")
    operator.goto(f"{live_server}/sertifikat/wilayah")
    operator.locator("tr", has_text=code).locator("text=Cabut").click()
    operator.fill("textarea[name=reason]", "Contoh pencabutan dalam uji peramban")
    operator.click("button:text-is('Cabut sertifikat')")
    assert "sudah dicabut" in operator.content()

    visitor.reload()
    assert "DICABUT" in visitor.content() and "Contoh pencabutan dalam uji peramban" in visitor.content()
    anonymous.close()
    operator_context.close()
