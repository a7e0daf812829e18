"""The certificate PDF: A4 landscape, under 100 KB, name/course/code as text, a QR code to the verify page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from bimtek.certificates import codes
from bimtek.certificates.printing import certificate_dir
from bimtek.extensions import db
from tests.certificates.conftest import certificate_of, decode_qr, earn
from tests.factories import World

HOSTILE_NAMES = [
    "<b>Budi</b><script>alert(1)</script>",
    '<img src="file:///etc/passwd"> Siti',
    "{{ 7*7 }} {% if true %}Joko{% endif %}",
    "=HYPERLINK(\"http://x\")",
    "+62 Rina -Dewi @Agus",
    "W" * 100,
    "Ni'mah O'Neil",
    "Sukarni",
]


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_certificate_pdf_carries_name_course_code_and_qr(world: World, issued, auth, client, tmp_path):
    auth.login_as(world.pantarlih)
    shown = codes.display(issued.code)
    response = client.get(f"/sertifikat/{shown}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    pdf = response.data
    assert len(pdf) < 100 * 1024
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape in points
    text = _text(pdf)
    for expected in ("Sri Wahyuni", "Prosedur Coklit", shown, "Pantarlih TPS 001", "Desa Talang Jambu",
                     "Kecamatan Kerkap", "KABUPATEN BENGKULU UTARA", "SERTIFIKAT", issued.number,
                     "Tanda tangan belum diunggah"):
        assert expected in text, expected
    assert world.pantarlih.nik not in text
    assert decode_qr(pdf, tmp_path) == [f"http://localhost/v/{shown}"]


def test_pdf_is_rendered_once_and_again_only_when_its_data_change(world: World, issued, auth, client):
    auth.login_as(world.pantarlih)
    url = f"/sertifikat/{codes.display(issued.code)}.pdf"
    first = client.get(url).data
    stored = list(certificate_dir().glob(f"{issued.code}-*.pdf"))
    assert len(stored) == 1
    mtime = stored[0].stat().st_mtime_ns
    assert client.get(url).data == first
    assert stored[0].stat().st_mtime_ns == mtime
    # The course title changes: the stored file no longer matches, a new one replaces it.
    issued.course.title = "Prosedur Coklit Edisi Baru"
    db.session.commit()
    changed = client.get(url).data
    assert "Prosedur Coklit Edisi Baru" in _text(changed)
    assert [path.name for path in certificate_dir().glob(f"{issued.code}-*.pdf")] != [stored[0].name]
    assert len(list(certificate_dir().glob(f"{issued.code}-*.pdf"))) == 1


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_print_as_text_inside_the_page(world: World, coklit, auth, client, name):
    world.pantarlih.full_name = name
    db.session.commit()
    earn(world.pantarlih, world.election.id, coklit)
    certificate = certificate_of(world.pantarlih, coklit)
    assert certificate.full_name == name
    auth.login_as(world.pantarlih)
    response = client.get(f"/sertifikat/{codes.display(certificate.code)}.pdf")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    assert len(reader.pages) == 1  # stays on its one page
    assert _flat(name) in _flat(_text(response.data))
    assert "49" not in _text(response.data).split("Nomor")[0]
