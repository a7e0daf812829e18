"""The KPU operator sets the kop surat on a 360 px phone without JavaScript: logo, address, phone, e-mail, Ketua."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import login


def _logo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (800, 800), (150, 20, 20)).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.browser
def test_operator_sets_the_kop_on_a_phone(browser, live_server, small_page):
    page = small_page
    login(page, live_server, "kpu.bengkuluutara")
    page.goto(f"{live_server}/")
    page.click("text=Pengaturan kabupaten")
    assert "Pengaturan kabupaten: Kabupaten Bengkulu Utara" in page.inner_text("h1")
    assert "Logo bawaan" in page.inner_text("main")
    page.fill("input[name=address]", "Jl. Basuki Rahmat No. 1, Arga Makmur")
    page.fill("input[name=phone]", "(0737) 521000")
    page.fill("input[name=email]", "kpu@bengkuluutara.contoh.id")
    page.fill("input[name=ketua_name]", "Drs. Ahmad Fauzi")
    page.check("input[name=paper][value=f4]")
    page.set_input_files("input[name=logo]", {"name": "logo.png", "mimeType": "image/png", "buffer": _logo()})
    page.click("button:has-text('Simpan')")
    assert "Pengaturan kabupaten sudah disimpan." in page.inner_text("main")
    assert page.input_value("input[name=email]") == "kpu@bengkuluutara.contoh.id"
    assert page.is_checked("input[name=paper][value=f4]")
    assert "Logo unggahan kabupaten ini." in page.inner_text("main")
    logo = page.locator(".office-logo img")
    assert logo.is_visible()
    # Nothing sticks out of a 360 px screen.
    for selector in ("form.card", "input[name=address]", "button:has-text('Simpan')", ".office-logo"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, selector
    # A file that is not an image: an Indonesian message, the uploaded logo kept.
    page.set_input_files("input[name=logo]", {"name": "logo.png", "mimeType": "image/png", "buffer": b"%PDF-1.4"})
    page.click("button:has-text('Simpan')")
    assert "bukan gambar PNG atau JPG" in page.inner_text("main")
    page.goto(f"{live_server}/pengaturan-kabupaten/")
    assert "Logo unggahan kabupaten ini." in page.inner_text("main")
