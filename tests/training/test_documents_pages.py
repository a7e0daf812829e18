"""Every session document with 1, 4, 25 and 60 participants on A4 and F4: its page count, and the
signature block always on a page that also holds participant rows (never alone on a page).

The expected page counts were written by hand after looking at each rendering once (pypdfium2 to PNG).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from bimtek.courses.models import Course, Lesson
from bimtek.extensions import db
from bimtek.officers.models import Position, Role
from bimtek.training.models import Institution
from tests.factories import DESA, World, assign, make_person
from tests.training.conftest import schedule

# Names as long as real ones, so rows wrap the way an office's list does.
FIRST = ("Siti", "Bambang", "Sri", "Muhammad", "Dewi", "Agus", "Nur", "Rahmat", "Yuliana", "Hendra")
LAST = ("Wahyuningsih", "Saputra", "Hidayat", "Kurniawati", "Simanjuntak", "Prasetyo", "Lestari", "Nainggolan")

# document -> participants -> (A4 pages, F4 pages); written by hand after looking at each PDF.
EXPECTED_PAGES = {
    "daftar-hadir": {1: (1, 1), 4: (1, 1), 25: (3, 2), 60: (5, 4)},
    "laporan": {1: (1, 1), 4: (2, 1), 25: (3, 2), 60: (5, 4)},
    "berita-acara": {1: (2, 1), 4: (2, 2), 25: (3, 2), 60: (5, 4)},
    "undangan": {1: (1, 1), 4: (1, 1), 25: (3, 3), 60: (4, 4)},  # more than 8: a signed lampiran
}
SIGN_LABEL = {"daftar-hadir": "Mengetahui,", "laporan": "Yang melaporkan,", "berita-acara": "Yang membuat,",
              "undangan": "Hormat kami,"}


def participant_name(i: int) -> str:
    return f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]} {i:02d}"


@pytest.fixture
def session_of(world: World):
    """Return a maker: a PPS session with n Pantarlih, trained by an anggota PPS, covering a course."""
    def make(n: int):
        trainer = make_person("Rina Anggota Pps")
        assign(trainer, world.election, Role.PPS, DESA, position=Position.ANGGOTA)
        for i in range(2, n + 1):
            assign(make_person(participant_name(i)), world.election, Role.PANTARLIH, DESA, tps=i)
        course = Course(slug="coklit-pantarlih", title="Coklit untuk Pantarlih", audience=["pantarlih"])
        for order, title in enumerate(("Tugas dan tata kerja Pantarlih", "Prosedur coklit dari rumah ke rumah",
                                       "Praktik e-Coklit"), start=1):
            course.lessons.append(Lesson(key=f"{order:02d}.md", title=title, order=order, body_markdown="x",
                                         body_html="<p>x</p>"))
        db.session.add(course)
        db.session.commit()
        session = schedule(world, world.pps, DESA, trainers=[trainer],
                           speakers=[("Hendra Siregar", Institution.PANWASCAM)])
        session.course_slugs = ["coklit-pantarlih"]
        session.notes = "Peserta bertanya tentang kode U dan pemilih yang pindah domisili."
        db.session.commit()
        assert len(session.attendances) == n
        return session
    return make


def pages_of(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    reader = PdfReader(io.BytesIO(response.data))
    return [" ".join(page.extract_text().split()) for page in reader.pages]


@pytest.mark.parametrize("n", [1, 4, 25, 60])
def test_page_counts_and_signature_kept_with_rows(app, auth, client, world: World, session_of, n):
    session = session_of(n)
    auth.login_as(world.pps)
    names = [participant_name(i) for i in range(2, n + 1)] + ["Sri Wahyuni"]
    dump = os.environ.get("BIMTEK_DUMP_PDF")  # a folder: keep the PDFs to look at
    wrong = []
    for document, counts in EXPECTED_PAGES.items():
        for paper, expected in zip(("a4", "f4"), counts[n], strict=True):
            response = client.get(f"/bimtek/{session.id}/{document}.pdf?kertas={paper}")
            if dump:
                Path(dump, f"{document}-{n}-{paper}.pdf").write_bytes(response.data)
            pages = pages_of(response)
            signed = [i for i, text in enumerate(pages) if SIGN_LABEL[document] in text]
            if not signed or not any(name in pages[signed[-1]] for name in names):
                wrong.append(f"{document} {paper}: signature alone on page {signed[-1] + 1 if signed else '-'}")
            if len(pages) != expected:
                wrong.append(f"{document} {paper}: {len(pages)} pages, expected {expected}")
    assert not wrong, wrong
