"""Reports journeys: ppk.demo finds the weakest desa and downloads its follow-up list; pantarlih.demo is offered the retake."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import login
from tests.courses.conftest import sync_shipped_content


@pytest.fixture
def courses_synced(app):
    return sync_shipped_content()


@pytest.mark.browser
def test_ppk_finds_the_weakest_desa_and_downloads_its_follow_up(courses_synced, live_server, page):
    login(page, live_server, "ppk.demo")
    page.click("text=Laporan")
    assert page.url.endswith("/laporan/cakupan/17.03.06")
    assert "Cakupan bimtek: Kecamatan Kerkap" in page.locator("h1").inner_text()
    rows = page.locator("table.coverage-table tbody tr:not(.empty)")
    assert rows.count() > 1
    percents = []
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        percents.append(int(re.search(r"(\d+)%", cells.last.inner_text())[1]))
    # Worst first: the first desa with officers has the lowest completion.
    assert percents[0] == min(percents)
    weakest = rows.first.locator("td").first.locator("a")
    desa_name = weakest.inner_text()
    weakest.click()
    assert desa_name in page.locator("h1").inner_text()
    page.click("text=Siapa yang belum selesai")
    assert "/laporan/tindak-lanjut/" in page.url
    assert desa_name in page.locator("h1").inner_text()
    cards = page.locator("section.person")
    assert cards.count() >= 1
    assert cards.first.locator("ul.missing li").count() >= 1
    with page.expect_download() as download_info:
        page.click("text=XLSX")
    download = download_info.value
    assert download.suggested_filename.startswith("tindak-lanjut-") and download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(open(download.path(), "rb").read()))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Nama", "Jabatan", "Desa/Kelurahan")
    assert len(rows) - 1 >= cards.count()
    assert all(row[2] == desa_name for row in rows[1:])


@pytest.mark.browser
def test_pantarlih_fails_a_quiz_and_home_offers_the_retake(courses_synced, live_server, small_page):
    page = small_page
    login(page, live_server, "pantarlih.demo")
    page.goto(f"{live_server}/kursus/prosedur-coklit/kuis")
    page.click("text=Mulai kuis")
    attempt = re.search(r"/kuis/(\d+)/1$", page.url)[1]
    # No answer at all: the quiz is finished with a score of 0.
    page.goto(f"{live_server}/kuis/{attempt}/ringkasan")
    page.click("#selesai")
    assert "/hasil" in page.url
    page.goto(f"{live_server}/")
    card = page.locator("section.step", has_text="Ulangi kuis: Prosedur Coklit")
    assert card.count() == 1
    text = card.inner_text()
    assert "Nilai terakhir 0, batas lulus 70." in text
    assert "Anda dapat mengulang mulai" in text
    card.locator("a", has_text="Ulangi kuis").click()
    assert page.url.endswith("/kursus/prosedur-coklit/kuis")
