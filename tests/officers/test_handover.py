"""One-time-password slips: log-in address, username, password on one line, the WhatsApp link, the PDF."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from bimtek.directory.identity import whatsapp_number
from bimtek.extensions import db
from bimtek.officers.models import PasswordSheet, Person
from bimtek.officers.operations import create_password_sheet
from tests.factories import World

OTP = re.compile(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>")
WA = re.compile(r'href="(https://wa\.me/[^"]+)"')


def _reset(client, person: Person) -> tuple[str, str]:
    response = client.post(f"/petugas/{person.id}/sandi-baru")
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    return url, page


def _unescape(href: str) -> str:
    return href.replace("&amp;", "&")


def test_slip_carries_address_username_password_and_the_whatsapp_message(client, auth, world: World):
    world.pantarlih.phone = "0812-3456-7890"
    db.session.commit()
    auth.login_as(world.pps)
    _url, page = _reset(client, world.pantarlih)
    password = OTP.search(page).group(1)
    assert "http://localhost/login" in page
    assert ">pantarlih<" in page
    assert 'Kirim lewat WhatsApp ke <span class="phone">0812-3456-7890</span>' in page
    href = _unescape(WA.search(page).group(1))
    assert href.startswith("https://wa.me/6281234567890?text=Halo%20Bapak%2FIbu%20Sri%20Wahyuni%2C%0Aberikut%20akun%20")
    expected = (
        "Halo Bapak/Ibu Sri Wahyuni,\n"
        "berikut akun Bimtek Anda sebagai Pantarlih TPS 001, Desa Talang Jambu.\n"
        "Alamat masuk: http://localhost/login\n"
        "Nama pengguna: pantarlih\n"
        f"Kata sandi sekali pakai: {password}\n"
        "Saat pertama kali masuk, ganti kata sandi ini dengan kata sandi Anda sendiri. "
        "Jangan berikan kata sandi kepada siapa pun."
    )
    assert unquote(href.split("?text=", 1)[1]) == expected
    # Nothing in the link is left unencoded: no space, line break, '&' or '#' can cut the message short.
    assert re.fullmatch(r"https://wa\.me/[0-9]+\?text=[A-Za-z0-9%._~-]+", href)


def test_the_public_address_is_the_configured_one(app, client, auth, world: World):
    app.config["BIMTEK_PUBLIC_URL"] = "https://bimtek.kpu-bengkuluutara.go.id/"
    world.pantarlih.phone = "+6281234567890"
    db.session.commit()
    auth.login_as(world.pps)
    _url, page = _reset(client, world.pantarlih)
    assert "https://bimtek.kpu-bengkuluutara.go.id/login" in page
    assert "localhost" not in page
    href = _unescape(WA.search(page).group(1))
    assert "Alamat%20masuk%3A%20https%3A%2F%2Fbimtek.kpu-bengkuluutara.go.id%2Flogin%0A" in href


def test_no_phone_no_link_and_a_note(client, auth, world: World):
    auth.login_as(world.pps)
    _url, page = _reset(client, world.pantarlih)
    assert "wa.me" not in page
    assert "Nomor HP belum tercatat, jadi tidak ada tautan WhatsApp" in page
    assert "1 orang belum punya nomor HP" in page


@pytest.mark.parametrize(
    ("stored", "number"),
    [
        ("0812-3456-7890", "6281234567890"),
        ("+6281234567890", "6281234567890"),
        ("62 812 3456 7890", "6281234567890"),
        ("\uff10\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19\uff10", "6281234567890"),  # full-width
        ("021-5551234", None),  # a landline has no WhatsApp chat to open
        ("\u0660\u0668\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660", None),  # Arabic-Indic digits
        ("", None),
    ],
)
def test_whatsapp_number_is_international_digits(stored, number):
    assert whatsapp_number(stored) == number


def test_a_sheet_made_before_slips_had_phones_still_shows(client, auth, world: World):
    auth.login_as(world.pps)
    entry = {"name": "Sri Wahyuni", "username": "pantarlih", "title": "Pantarlih TPS 001",
             "region": "Desa Talang Jambu", "password": "abcd-efgh-jkmn"}
    sheet = create_password_sheet([entry], created_by_id=world.pps.id)
    db.session.commit()
    page = client.get(f"/petugas/sandi/{sheet.token}").get_data(as_text=True)
    assert "<code>abcd-efgh-jkmn</code>" in page and "wa.me" not in page


def _entries(count: int, *, phone: bool = True) -> list[dict]:
    return [
        {"name": f"Petugas Nomor {i:03d}", "username": f"petugas.{i:03d}", "title": f"Pantarlih TPS {i:03d}",
         "region": "Desa Talang Jambu", "password": f"k7mp-q2xr-{i:04d}"[:14],
         "phone": f"+62812{i:08d}" if phone else None}
        for i in range(1, count + 1)
    ]


def test_import_sheet_links_every_person_with_a_phone(client, auth, world: World):
    auth.login_as(world.operator)
    csv = ("nama,nik,peran,jabatan,kode_wilayah,tps,telepon\n"
           "Siti Aminah,1703064101900001,pps,ketua,17.03.06.2001,,081211110001\n"
           "Budi Santoso,1703064101900003,pantarlih,anggota,17.03.06.2001,3,\n")
    response = client.post("/petugas/impor", data={"file": (io.BytesIO(csv.encode()), "petugas.csv")},
                           content_type="multipart/form-data")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    links = [_unescape(href) for href in WA.findall(page)]
    assert [href.split("?")[0] for href in links] == ["https://wa.me/6281211110001"]
    assert "Ketua%20PPS%2C%20Desa%20Talang%20Jambu" in links[0]
    assert "Nomor HP belum tercatat" in page  # Budi's slip


def test_a_long_sheet_is_read_a_page_at_a_time_under_60_kb(client, auth, world: World):
    auth.login_as(world.operator)
    sheet = create_password_sheet(_entries(60), created_by_id=world.operator.id)
    db.session.commit()
    url = f"/petugas/sandi/{sheet.token}"
    pages = [client.get(url, query_string={"halaman": n}) for n in (1, 2, 3)]
    for response in pages:
        assert response.status_code == 200
        assert len(response.data) < 60_000, len(response.data)
        assert response.headers["Cache-Control"] == "no-store"
    second = pages[1].get_data(as_text=True)
    assert "Halaman 2 dari 3" in second
    assert "petugas.026" in second and "petugas.050" in second
    assert "petugas.025" not in second and "petugas.051" not in second
    assert len(WA.findall(second)) == 25
    # A page number out of range shows the nearest page, not an error.
    assert "petugas.060" in client.get(url, query_string={"halaman": 99}).get_data(as_text=True)


def test_slip_pdf_has_ten_slips_a_page_with_every_login(client, auth, world: World):
    auth.login_as(world.operator)
    sheet = create_password_sheet(_entries(23), created_by_id=world.operator.id)
    db.session.commit()
    response = client.get(f"/petugas/sandi/{sheet.token}.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "private, no-store"
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 3
    assert [round(float(v)) for v in reader.pages[0].mediabox[2:]] == [595, 842]  # A4 in points
    texts = [page.extract_text() for page in reader.pages]
    assert "gunting di garis putus-putus" in texts[0]
    for number, text in enumerate(texts):
        first, last = number * 10 + 1, min(number * 10 + 10, 23)
        assert f"petugas.{first:03d}" in text and f"petugas.{last:03d}" in text
        assert text.count("http://localhost/login") == last - first + 1
    assert "k7mp-q2xr-0023" in texts[2]
    assert "Ganti kata sandi ini saat pertama kali masuk" in texts[2]
    # Nobody's phone is printed on the paper slips.
    assert "62812" not in "".join(texts)


def test_closing_the_sheet_forgets_the_passwords(client, auth, world: World):
    auth.login_as(world.pps)
    url, _page = _reset(client, world.pantarlih)
    assert client.post(f"{url}/tutup").status_code == 302
    assert client.get(url).status_code == 404
    assert client.get(f"{url}.pdf").status_code == 404
    assert db.session.scalar(select(PasswordSheet)).entries == []
