"""The course PDF and the pocket cards, parsed back with pypdf."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from bimtek.extensions import db
from bimtek.officers.models import Position, Role
from tests.courses.conftest import SHIPPED_CONTENT
from tests.factories import DESA, World, assign, make_person

CODES = ["kode U", "S = sudah memiliki KTP-el", "B = belum memiliki", "1 fisik", "2 intelektual", "3 mental",
         "4 sensorik wicara", "5 sensorik rungu", "6 sensorik netra"]


def _pdf(response) -> PdfReader:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return PdfReader(io.BytesIO(response.data))


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_course_pdf_has_every_lesson_and_the_learner(client, auth, world: World, synced_content):
    auth.login_as(world.pantarlih)
    reader = _pdf(client.get("/kursus/prosedur-coklit.pdf"))
    text = _text(reader)
    for lesson in synced_content["prosedur-coklit"].lessons:
        assert lesson.title in text
    assert "Sri Wahyuni, Pantarlih TPS 001, Desa Talang Jambu" in text
    # The course's diagrams are drawn inside the PDF (inline SVG), not fetched: their labels are text.
    labels = [label for svg in sorted((SHIPPED_CONTENT / "prosedur-coklit").glob("*.svg"))
              for label in re.findall(r"<text[^>]*>([^<]+)</text>", svg.read_text(encoding="utf-8"))]
    assert labels and labels[0] in text
    assert world.pantarlih.nik not in text
    assert len(reader.pages) > 6


def test_pocket_card_is_one_page_with_the_codes_and_the_pps_phone(client, auth, world: World):
    world.pps.phone = "+6281234567890"
    db.session.commit()
    auth.login_as(world.pantarlih)
    response = client.get("/kursus/kartu-saku")
    assert response.headers["Cache-Control"] == "private, no-store"
    reader = _pdf(response)
    assert len(reader.pages) == 1
    width, height = float(reader.pages[0].mediabox.width), float(reader.pages[0].mediabox.height)
    assert (round(width), round(height)) == (298, 420)  # A6 in points
    text = _text(reader)
    assert "Sri Wahyuni" in text and "TPS 001" in text and "Desa Talang Jambu" in text
    for code in CODES:
        assert code in text, code
    for evidence in ("surat keterangan kematian", "surat keterangan desa/kelurahan", "Kartu Tanda Anggota (KTA)"):
        assert evidence in text
    assert "DITANDAI DAN DILAPORKAN KE PPS, TIDAK DICORET" in text and "Pindah domisili" in text
    assert "16 tahun tetapi sudah kawin: memenuhi syarat" in text
    assert "alasan salah penempatan TPS; ia tetap memilih di TPS yang benar" in text
    assert "panggilan video" in text and "Model A-Daftar Potensial Pemilih" in text
    assert "0812-3456-7890" in text and "Bambang Sutrisno" in text
    assert world.pantarlih.nik not in text and world.pps.nik not in text


def test_pocket_card_falls_back_to_a_pps_member_with_a_phone(client, auth, world: World):
    member = make_person("Yuni Anggota", phone="+6285299990000")
    assign(member, world.election, Role.PPS, DESA, position=Position.ANGGOTA)
    db.session.commit()
    auth.login_as(world.pantarlih)
    text = _text(_pdf(client.get("/kursus/kartu-saku")))
    assert "Yuni Anggota" in text and "0852-9999-0000" in text


def test_pps_prints_every_pantarlih_card_in_one_document(client, auth, world: World):
    for tps in (2, 3, 4):
        assign(make_person(f"Pantarlih Nomor {tps}"), world.election, Role.PANTARLIH, DESA, tps=tps)
    db.session.commit()
    auth.login_as(world.pps)
    reader = _pdf(client.get(f"/kursus/kartu-saku/desa/{DESA}"))
    assert len(reader.pages) == 4
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert "Sri Wahyuni" in pages[0] and "TPS 001" in pages[0]
    assert "Pantarlih Nomor 3" in pages[2] and "TPS 003" in pages[2]
    assert all("6 sensorik netra" in page for page in pages)
    assert world.other_pantarlih.full_name not in " ".join(pages)


def test_desa_without_pantarlih_gets_a_message(client, auth, world: World):
    auth.login_as(world.ppk)
    response = client.get("/kursus/kartu-saku/desa/17.03.06.2003", follow_redirects=True)
    assert response.status_code == 200
    assert "Belum ada Pantarlih di" in response.get_data(as_text=True)
