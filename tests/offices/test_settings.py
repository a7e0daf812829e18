"""The kabupaten settings (kop surat): who may change them, what the documents print, and bad logos refused."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from pypdf import PdfReader

from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.offices.models import Office, Paper
from tests.factories import DESA, World
from tests.training.conftest import schedule

FORM = {"office_name": "Komisi Pemilihan Umum Kabupaten Bengkulu Utara", "address": "Jl. Basuki Rahmat No. 1, Arga Makmur",
        "phone": "(0737) 521000", "email": "kpu@bengkuluutara.contoh.id", "ketua_name": "Drs. Ahmad Fauzi",
        "paper": "a4"}


def _png(size=(300, 300), color=(180, 20, 20, 255)) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", size, color).save(out, format="PNG")
    return out.getvalue()


def _jpeg(size=(300, 300)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (20, 20, 180)).save(out, format="JPEG")
    return out.getvalue()


def _bomb_png(side: int = 60_000) -> bytes:
    """A tiny PNG whose header claims side x side pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", side, side, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 1024)) + chunk(b"IEND", b"")


def _login(app, person):
    client = app.test_client()
    assert client.post("/login", data={"username": person.username, "password": "rahasia-123"}).status_code == 302
    return client


def _post(client, url="/pengaturan-kabupaten/", **changes):
    data = {**FORM, **changes}
    return client.post(url, data=data, content_type="multipart/form-data")


def _pdf_pages(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(response.data)).pages]


def test_settings_only_for_the_kabupaten_operator(app, world: World):
    page = _login(app, world.operator).get("/pengaturan-kabupaten/")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU UTARA" in html and "Logo bawaan" in html
    assert len(page.data) < 60 * 1024
    other = _login(app, world.other_operator).get("/pengaturan-kabupaten/?wilayah=17.03").get_data(as_text=True)
    assert "INDRAGIRI HILIR" in other and "BENGKULU UTARA" not in other  # an operator always gets their own
    for person in (world.ppk, world.pps, world.sekretariat, world.pantarlih):
        assert _login(app, person).get("/pengaturan-kabupaten/").status_code == 404
    admin = _login(app, world.admin)
    assert "Bengkulu Utara" in admin.get("/pengaturan-kabupaten/").get_data(as_text=True)  # the picker
    assert admin.get("/pengaturan-kabupaten/?wilayah=17.03").status_code == 200
    assert admin.get("/pengaturan-kabupaten/?wilayah=17.03.06").status_code == 404  # a kecamatan has no kop
    assert admin.get("/pengaturan-kabupaten/?wilayah=99.99").status_code == 404


def test_menu_shows_the_page_to_operators_only(app, world: World):
    assert "Pengaturan kabupaten" in _login(app, world.operator).get("/").get_data(as_text=True)
    assert "Pengaturan kabupaten" not in _login(app, world.pps).get("/").get_data(as_text=True)


def test_saving_only_for_the_kabupaten_operator(app, world: World):
    for person in (world.ppk, world.pps, world.pantarlih):
        assert _post(_login(app, person)).status_code == 404
    assert db.session.get(Office, "17.03") is None
    assert _post(_login(app, world.other_operator), "/pengaturan-kabupaten/?wilayah=17.03").status_code == 302
    assert db.session.get(Office, "17.03") is None and db.session.get(Office, "14.04") is not None
    assert _post(_login(app, world.admin), "/pengaturan-kabupaten/?wilayah=17.03").status_code == 302
    db.session.expire_all()
    office = db.session.get(Office, "17.03")
    assert office.email == "kpu@bengkuluutara.contoh.id" and office.ketua_name == "Drs. Ahmad Fauzi"
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "offices.settings",
                                                         AuditEvent.region_code == "17.03")) is not None


def test_saving_needs_the_csrf_token(app, world: World):
    client = _login(app, world.operator)
    app.config["WTF_CSRF_ENABLED"] = True
    response = _post(client)
    assert response.status_code in (400, 422)
    assert db.session.get(Office, "17.03") is None


def test_operator_uploads_a_logo_that_every_document_prints(app, world: World):
    client = _login(app, world.operator)
    session = schedule(world, world.pps, DESA)
    default = _pdf_pages(_login(app, world.pps).get(f"/bimtek/{session.id}/daftar-hadir.pdf"))
    assert "KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU UTARA" in default[0]
    assert client.get("/pengaturan-kabupaten/logo").status_code == 404  # the default is a static file
    response = _post(client, logo=(io.BytesIO(_png((2400, 1800))), "logo.png"), paper="f4")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    logo = client.get("/pengaturan-kabupaten/logo")
    assert logo.status_code == 200 and logo.data.startswith(b"\x89PNG")
    assert max(Image.open(io.BytesIO(logo.data)).size) <= 600  # shrunk for print
    assert _login(app, world.other_operator).get("/pengaturan-kabupaten/logo").status_code == 404
    pps = _login(app, world.pps)
    assert pps.get("/pengaturan-kabupaten/logo").status_code == 404
    for document in ("undangan", "daftar-hadir", "laporan", "berita-acara"):
        response = pps.get(f"/bimtek/{session.id}/{document}.pdf")
        reader = PdfReader(io.BytesIO(response.data))
        text = " ".join(reader.pages[0].extract_text().split())
        for expected in ("Jl. Basuki Rahmat No. 1, Arga Makmur", "Telp. (0737) 521000", "Surel: kpu@bengkuluutara.contoh.id"):
            assert expected in text, (document, expected)
        assert reader.pages[0].images, document  # the uploaded logo
        width, height = (round(float(v) * 25.4 / 72) for v in reader.pages[0].mediabox.upper_right)
        assert (width, height) == (215, 330), document  # the kabupaten's default paper
    a4 = PdfReader(io.BytesIO(pps.get(f"/bimtek/{session.id}/laporan.pdf?kertas=a4").data))
    assert round(float(a4.pages[0].mediabox.upper_right[1]) * 25.4 / 72) == 297
    # Back to the default logo.
    assert _post(client, remove_logo="y").status_code == 302
    assert client.get("/pengaturan-kabupaten/logo").status_code == 404
    assert db.session.get(Office, "17.03").logo_file is None


def test_kabupaten_session_is_signed_by_the_ketua_named_in_the_settings(app, world: World):
    from bimtek.officers.models import Role
    from bimtek.training.models import Institution

    _post(_login(app, world.operator))
    session = schedule(world, world.operator, "17.03", audience=(Role.PPK,), trainers=[], title="Bimtek PPK",
                       speakers=[("Syahrul Anwar", Institution.KPU)])
    text = " ".join(_pdf_pages(_login(app, world.operator).get(f"/bimtek/{session.id}/laporan.pdf")))
    assert "Mengetahui, Ketua KPU Kabupaten Bengkulu Utara" in text and "Drs. Ahmad Fauzi" in text
    assert "Yang melaporkan, Pelatih" in text  # no trainer recorded: a line to sign by hand


@pytest.mark.parametrize("upload, message", [
    (b"%PDF-1.4 not an image", "bukan gambar PNG atau JPG"),
    (b"\x89PNG\r\n\x1a\n" + b"\0" * (2 * 1024 * 1024), "Logo terlalu besar: paling besar 2 MB"),
    (_bomb_png(), "Ukuran gambar logo terlalu besar"),
    (_png()[:80], "rusak atau tidak dapat dibaca"),
    (_jpeg()[:400], "rusak atau tidak dapat dibaca"),
    (b"", None),  # an empty file field keeps the logo: nothing to refuse
])
def test_bad_logo_is_refused_and_the_old_one_kept(app, world: World, upload, message):
    client = _login(app, world.operator)
    assert _post(client, logo=(io.BytesIO(_png()), "lama.png")).status_code == 302
    old = db.session.get(Office, "17.03").logo_file
    response = _post(client, logo=(io.BytesIO(upload), "logo.png"), address="Alamat baru yang tidak tersimpan")
    db.session.expire_all()
    office = db.session.get(Office, "17.03")
    assert office.logo_file == old
    if message is None:
        assert response.status_code == 302
        return
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert office.address == "Jl. Basuki Rahmat No. 1, Arga Makmur"  # nothing else changed either
    assert "Alamat baru yang tidak tersimpan" in response.get_data(as_text=True)  # what was typed is kept


def test_bad_email_and_missing_office_name_are_refused(app, world: World):
    client = _login(app, world.operator)
    response = _post(client, email="bukan surel", office_name="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Alamat surel tidak valid" in html and "Isi nama kantor." in html
    assert db.session.get(Office, "17.03") is None


def test_paper_choice_is_one_of_two(app, world: World):
    client = _login(app, world.operator)
    assert _post(client, paper="letter").status_code == 422
    assert _post(client, paper="f4").status_code == 302
    assert db.session.get(Office, "17.03").paper is Paper.F4
