"""Hand-over journey at 360 px without JavaScript: a PPS forgets the password, the operator resets it and sends the slip."""

from __future__ import annotations

from urllib.parse import unquote

import pytest
from sqlalchemy import select

from bimtek.extensions import db
from bimtek.officers.models import Person
from tests.browser.conftest import login


@pytest.mark.browser
def test_operator_resets_a_pps_password_and_hands_over_the_slip(live_server, small_page):
    page = small_page
    phone = db.session.scalar(select(Person.phone).where(Person.username == "pps.demo"))
    assert phone and phone.startswith("+628")

    # The PPS cannot log in and asks from the log-in page; the answer names nobody.
    page.goto(f"{live_server}/login")
    page.click("text=Lupa kata sandi?")
    assert page.url.endswith("/lupa-kata-sandi")
    page.fill("input[name=username]", "pps.demo")
    page.click("button[type=submit]")
    assert page.locator("h1").inner_text() == "Permintaan dicatat"
    assert "Bambang" not in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The operator sees the request at home and resets with one click.
    login(page, live_server, "kpu.bengkuluutara")
    assert "1 petugas meminta kata sandi baru" in page.content()
    page.click("text=Buatkan kata sandi")
    assert page.url.endswith("/petugas/permintaan-sandi")
    request_card = page.locator("li.card", has_text="Bambang Sutrisno")
    request_card.locator("button", has_text="Buat kata sandi sekali pakai").click()
    assert "/petugas/sandi/" in page.url

    # One slip: the log-in address, the username, the password on one line inside the phone's width.
    slip = page.locator("li.slip")
    assert slip.count() == 1
    assert slip.locator("dd.url").inner_text() == f"{live_server}/login"
    assert slip.locator("dd.user").inner_text() == "pps.demo"
    password_box = slip.locator("dd.password code")
    password = password_box.inner_text()
    assert len(password) == 14
    box = password_box.bounding_box()
    font_size = password_box.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    # A single line: two lines would be at least twice the font size high (plus the padding).
    assert box["height"] < 2 * font_size, (box, font_size)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # The WhatsApp link opens a chat with the PPS's number and the message ready to send.
    link = slip.locator("a.whatsapp")
    href = link.get_attribute("href")
    assert href.startswith(f"https://wa.me/{phone[1:]}?text=Halo%20Bapak%2FIbu%20Bambang%20Sutrisno%2C%0A")
    assert unquote(href.split("?text=", 1)[1]) == (
        "Halo Bapak/Ibu Bambang Sutrisno,\n"
        "berikut akun Bimtek Anda sebagai Ketua PPS, Desa Talang Jambu.\n"
        f"Alamat masuk: {live_server}/login\n"
        "Nama pengguna: pps.demo\n"
        f"Kata sandi sekali pakai: {password}\n"
        "Saat pertama kali masuk, ganti kata sandi ini dengan kata sandi Anda sendiri. "
        "Jangan berikan kata sandi kepada siapa pun."
    )
    link_box = link.bounding_box()
    assert link_box["x"] + link_box["width"] <= 360 and link_box["height"] >= 44

    # The request is answered: it is gone from the operator's home page.
    page.goto(live_server + "/")
    assert "meminta kata sandi baru" not in page.content()
