"""Bimtek journey: pps.demo schedules a bimtek for the desa's Pantarlih, prints the daftar hadir,
marks attendance, and ppk.demo sees the desa's coverage change in the cascade view."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest

from bimtek import clock
from tests.browser.conftest import login, logout

KERKAP = "17.03.06"


def _talang_jambu_pantarlih(page, base_url: str) -> str:
    page.goto(f"{base_url}/bimtek/kaskade/{KERKAP}")
    row = page.locator("table.coverage tr", has_text="Talang Jambu")
    return row.locator("td[data-label=Pantarlih]").inner_text().strip()


@pytest.mark.browser
def test_pps_holds_a_bimtek_and_ppk_sees_it(live_server, page):
    login(page, live_server, "ppk.demo")
    before = _talang_jambu_pantarlih(page, live_server)
    assert re.fullmatch(r"0/\d+", before), before
    logout(page)

    # The live server runs on real time: the session started ten minutes ago (WIB, Bengkulu).
    now = clock.local(clock.now(), "WIB")
    start = max(now - timedelta(minutes=10), datetime.combine(now.date(), time(0), tzinfo=now.tzinfo))
    end = min(start + timedelta(hours=3), datetime.combine(now.date(), time(23, 59), tzinfo=now.tzinfo))
    login(page, live_server, "pps.demo")
    page.goto(f"{live_server}/bimtek/baru")
    page.fill("input[name=title]", "Bimtek Pantarlih Desa Talang Jambu")
    page.fill("input[name=day]", start.date().isoformat())
    page.fill("input[name=start_time]", start.strftime("%H:%M"))
    page.fill("input[name=end_time]", end.strftime("%H:%M"))
    page.fill("input[name=place]", "Balai Desa Talang Jambu")
    page.fill("textarea[name=topics]", "Prosedur coklit\nPraktik e-Coklit")
    assert page.locator("input[name=audience][value=pantarlih]").is_checked()
    page.click("main form.card button[type=submit]")
    assert "Bimtek sudah dijadwalkan" in page.content()
    session_url = page.url

    href = page.locator("a", has_text="A4").first.get_attribute("href")
    assert "daftar-hadir" in href or "undangan" in href
    pdf = page.request.get(live_server + page.locator(".docs li", has_text="Daftar Hadir").locator("a", has_text="A4").get_attribute("href"))
    assert pdf.ok
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.click("text=Catat kehadiran")
    row = page.locator("ol.roll > li", has_text="Sri Wahyuni")
    row.locator("button", has_text="Hadir").click()
    row = page.locator("ol.roll > li", has_text="Sri Wahyuni")
    assert row.locator("button.on").inner_text().strip() == "Hadir"
    page.goto(session_url)
    assert "Hadir 1" in page.content()
    logout(page)

    login(page, live_server, "ppk.demo")
    after = _talang_jambu_pantarlih(page, live_server)
    assert after == "1/" + before.split("/")[1], (before, after)
    page.click("table.coverage >> text=Talang Jambu")
    assert "Sri Wahyuni" in page.content()
    assert page.locator("tr", has_text="Sri Wahyuni").locator(".badge", has_text="Terlatih").count() == 1
