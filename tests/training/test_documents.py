"""The paperwork, parsed back: blank daftar hadir, laporan kegiatan, berita acara, undangan; and the kop."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.training.models import AttendanceStatus, Institution
from tests.factories import DESA, World, assign, make_person
from tests.training.conftest import schedule

STATUS_WORDS = ("Hadir", "Izin", "Sakit", "Tanpa Keterangan", "Belum dicatat")


def pdf_text(response) -> tuple[str, PdfReader]:
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split()), reader


@pytest.fixture
def marked_session(world: World):
    second = make_person("Legiman Dua")
    assign(second, world.election, Role.PANTARLIH, DESA, tps=2)
    db.session.commit()
    session = schedule(world, world.pps, DESA, speakers=[("Hendra Siregar", Institution.PANWASCAM)])
    return session, second


def test_blank_daftar_hadir_has_names_and_no_statuses(app, auth, client, world: World, marked_session):
    session, second = marked_session
    auth.login_as(world.pps)
    client.post(f"/bimtek/{session.id}/kehadiran/{session.attendances[0].id}", data={"status": "hadir"})
    text, reader = pdf_text(client.get(f"/bimtek/{session.id}/daftar-hadir.pdf"))
    for expected in ("DAFTAR HADIR", "KOMISI PEMILIHAN UMUM KABUPATEN BENGKULU UTARA",
                     "PANITIA PEMUNGUTAN SUARA (PPS) DESA TALANG JAMBU", "No", "Nama", "Jabatan", "Desa/Kelurahan",
                     "Tanda Tangan", "Sri Wahyuni", "Legiman Dua", "Pantarlih TPS 001", "Pantarlih TPS 002",
                     "Talang Jambu", "Mengetahui", "Ketua PPS Talang Jambu", "Bambang Sutrisno"):
        assert expected in text, expected
    for word in STATUS_WORDS:
        assert word not in text, word
    assert world.pantarlih.nik not in text and world.pps.nik not in text
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (210, 297)


def test_daftar_hadir_on_f4(app, auth, client, world: World, marked_session):
    session, _ = marked_session
    auth.login_as(world.pps)
    _, reader = pdf_text(client.get(f"/bimtek/{session.id}/daftar-hadir.pdf?kertas=f4"))
    width, height = (float(v) * 25.4 / 72 for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (215, 330)
    assert client.get(f"/bimtek/{session.id}/daftar-hadir.pdf?kertas=letter").status_code == 404


def test_laporan_has_names_and_statuses(app, auth, client, world: World, marked_session):
    session, second = marked_session
    auth.login_as(world.pps)
    rows = {a.person_id: a.id for a in session.attendances}
    client.post(f"/bimtek/{session.id}/kehadiran/{rows[world.pantarlih.id]}", data={"status": "hadir"})
    client.post(f"/bimtek/{session.id}/kehadiran/{rows[second.id]}", data={"status": "sakit"})
    client.post(f"/bimtek/{session.id}/notulen", data={"notes": "Peserta bertanya tentang kode U."})
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/laporan.pdf"))
    for expected in ("LAPORAN KEGIATAN", "Sri Wahyuni", "Legiman Dua", "Hadir", "Sakit", "Bambang Sutrisno",
                     "Hendra Siregar (Panwascam)", "Prosedur coklit", "Balai Desa Talang Jambu",
                     "Peserta bertanya tentang kode U.", "Notulen"):
        assert expected in text, expected
    assert world.pantarlih.nik not in text


def test_berita_acara(app, auth, client, world: World, marked_session):
    session, _ = marked_session
    auth.login_as(world.pps)
    client.post(f"/bimtek/{session.id}/kehadiran/{session.attendances[0].id}", data={"status": "hadir"})
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/berita-acara.pdf?kertas=f4"))
    for expected in ("BERITA ACARA", "Pada hari ini", "Balai Desa Talang Jambu", "Sri Wahyuni", "Hadir",
                     "Demikian berita acara ini dibuat"):
        assert expected in text, expected


def test_undangan(app, auth, client, world: World, marked_session):
    session, _ = marked_session
    auth.login_as(world.pps)
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/undangan.pdf"))
    for expected in ("Undangan Bimbingan Teknis", "Sri Wahyuni", "Balai Desa Talang Jambu", "Ketua PPS Talang Jambu"):
        assert expected in text, expected


def test_laporan_includes_photos(app, auth, client, world: World, marked_session):
    from tests.training.test_uploads import PNG

    session, _ = marked_session
    auth.login_as(world.pps)
    client.post(f"/bimtek/{session.id}/berkas", data={"kind": "foto", "file": (io.BytesIO(PNG), "foto.png")},
                content_type="multipart/form-data")
    text, reader = pdf_text(client.get(f"/bimtek/{session.id}/laporan.pdf"))
    assert "Dokumentasi" in text
    assert any(page.images for page in reader.pages)


def test_laporan_signed_by_the_trainer_with_mengetahui_for_the_ketua(app, auth, client, world: World):
    from bimtek.courses.models import Course, Lesson
    from bimtek.officers.models import Position

    trainer = make_person("Rina Anggota")
    assign(trainer, world.election, Role.PPS, DESA, position=Position.ANGGOTA)
    course = Course(slug="coklit-pantarlih", title="Coklit untuk Pantarlih", audience=["pantarlih"])
    course.lessons.append(Lesson(key="01.md", title="Prosedur coklit dari rumah ke rumah", order=1,
                                 body_markdown="x", body_html="<p>x</p>"))
    course.lessons.append(Lesson(key="02.md", title="Modul lama", order=2, body_markdown="x", body_html="<p>x</p>",
                                 is_retired=True))
    db.session.add(course)
    db.session.commit()
    session = schedule(world, world.pps, DESA, trainers=[trainer])
    session.course_slugs = ["coklit-pantarlih", "kursus-yang-sudah-dihapus"]
    db.session.commit()
    auth.login_as(world.pps)
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/laporan.pdf"))
    assert "Mengetahui, Ketua PPS Talang Jambu" in text and "Bambang Sutrisno" in text
    assert "Yang melaporkan, Anggota PPS Talang Jambu" in text and "Rina Anggota" in text
    assert "Coklit untuk Pantarlih" in text and "Prosedur coklit dari rumah ke rumah" in text
    assert "coklit-pantarlih" not in text and "Modul lama" not in text and "kursus-yang-sudah-dihapus" not in text
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/berita-acara.pdf"))
    assert "Yang membuat, Anggota PPS Talang Jambu" in text and "Mengetahui, Ketua PPS Talang Jambu" in text


def test_laporan_by_the_ketua_has_one_signature(app, auth, client, world: World, marked_session):
    session, _ = marked_session  # trained by the Ketua PPS himself
    auth.login_as(world.pps)
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/laporan.pdf"))
    assert "Yang melaporkan, Ketua PPS Talang Jambu" in text and "Mengetahui" not in text


def test_kpu_session_signed_by_ketua_kpu_without_an_account(app, auth, client, world: World):
    session = schedule(world, world.operator, "17.03", audience=(Role.PPK,), trainers=[],
                       speakers=[("Syahrul Anwar", Institution.KPU)], title="Bimtek PPK")
    auth.login_as(world.operator)
    text, _ = pdf_text(client.get(f"/bimtek/{session.id}/daftar-hadir.pdf"))
    assert "Ketua KPU Kabupaten Bengkulu Utara" in text
    assert "Suryani Ketua" in text and "Ketua PPK" in text
    assert AttendanceStatus.HADIR.label not in text
