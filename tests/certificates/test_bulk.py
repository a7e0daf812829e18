"""Bulk printing: a desa's, kecamatan's or session's certificates as one PDF or a ZIP, with a refreshing page."""

from __future__ import annotations

import io
import zipfile

from pypdf import PdfReader
from sqlalchemy import select

from bimtek.certificates.printing import certificate_dir
from bimtek.extensions import db
from bimtek.jobs import Job, JobStatus
from bimtek.officers.models import Position, Role
from bimtek.training.models import AttendanceStatus
from bimtek.training.operations import mark_attendance
from tests.certificates.conftest import grant
from tests.factories import DESA, OTHER_DESA, World, assign, make_person
from tests.jobs.pages import wait_for_job
from tests.training.conftest import schedule


def _login(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client



def _desa_with_three(world: World, coklit):
    people = [world.pantarlih]
    for tps, name in ((2, "Ahmad Yani"), (3, "<b>Rina</b> O'Neil")):
        person = make_person(name)
        assign(person, world.election, Role.PANTARLIH, DESA, position=Position.ANGGOTA, tps=tps)
        people.append(person)
    db.session.commit()
    return [grant(person, world.election.id, coklit) for person in people]


def test_ppk_prints_a_desa_as_one_pdf(app, world: World, coklit):
    certificates = _desa_with_three(world, coklit)
    grant(world.other_pantarlih, world.election.id, coklit)  # another desa: not in this print
    client = _login(app, world.ppk)
    form = client.get("/sertifikat/cetak")
    assert form.status_code == 200 and DESA in form.get_data(as_text=True)
    response = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": DESA, "output": "pdf"})
    assert response.status_code == 302
    job_url = response.headers["Location"]
    page = wait_for_job(client, job_url)
    assert "Berkas siap: 3 sertifikat" in page
    download = client.get(job_url + "/berkas")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(download.data))
    assert len(reader.pages) == 3
    text = "\n".join(p.extract_text() for p in reader.pages)
    for name in ("Sri Wahyuni", "Ahmad Yani", "<b>Rina</b> O'Neil"):
        assert name in text
    assert "Paiman" not in text
    # Every certificate is now stored; a second job renders nothing and joins the stored files.
    stored = {path.name for path in certificate_dir().glob("*.pdf")}
    assert len(stored) == 3
    assert {name.split("-")[0] for name in stored} == {c.code for c in certificates}
    again = client.post("/sertifikat/cetak", data={"kind": "kecamatan", "kecamatan": "17.03.06", "output": "pdf"})
    wait_for_job(client, again.headers["Location"])
    assert {path.name for path in certificate_dir().glob(f"{certificates[0].code}-*.pdf")} <= stored
    job = db.session.scalar(select(Job).order_by(Job.id.desc()))
    assert (job.kind, job.status, job.total, job.done) == ("certificates.bulk", JobStatus.DONE, 4, 4)
    assert job.result_name == "sertifikat-Kecamatan-Kerkap.pdf"


def test_operator_prints_a_session_as_a_zip(app, world: World, coklit):
    certificates = _desa_with_three(world, coklit)
    session = schedule(world, world.pps, DESA)
    for attendance in session.attendances:
        if attendance.person_id == world.pantarlih.id:
            mark_attendance(session, attendance, AttendanceStatus.HADIR, actor_id=world.pps.id)
    db.session.commit()
    client = _login(app, world.operator)
    response = client.post("/sertifikat/cetak", data={"kind": "bimtek", "session": str(session.id), "output": "zip"})
    assert response.status_code == 302
    wait_for_job(client, response.headers["Location"])
    download = client.get(response.headers["Location"] + "/berkas")
    assert download.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        names = archive.namelist()
        assert names == [f"0001-Sri-Wahyuni-{certificates[0].code}.pdf"]
        assert PdfReader(io.BytesIO(archive.read(names[0]))).pages[0].extract_text().count("Sri Wahyuni") == 1


def test_bulk_refuses_out_of_scope_or_empty_targets(app, world: World, coklit):
    grant(world.far_pantarlih, world.election.id, coklit)
    client = _login(app, world.ppk)
    far = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": "14.04.18.2002", "output": "pdf"})
    assert far.status_code == 422 and "tidak ditemukan di wilayah Anda" in far.get_data(as_text=True)
    empty = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": OTHER_DESA, "output": "pdf"})
    assert empty.status_code == 422 and "Belum ada sertifikat" in empty.get_data(as_text=True)
    level = client.post("/sertifikat/cetak", data={"kind": "kecamatan", "kecamatan": DESA, "output": "pdf"})
    assert level.status_code == 422
    forged = client.post("/sertifikat/cetak", data={"kind": "bimtek", "session": "99999", "output": "pdf"})
    assert forged.status_code == 422
    assert db.session.scalar(select(db.func.count(Job.id))) == 0


def test_bulk_form_only_for_ppk_and_operators(app, world: World):
    for person, expected in ((world.ppk, 200), (world.operator, 200), (world.admin, 200),
                             (world.pps, 404), (world.pantarlih, 404), (world.sekretariat, 404)):
        assert _login(app, person).get("/sertifikat/cetak").status_code == expected, person.username


def test_job_pages_only_for_who_asked(app, world: World, coklit):
    _desa_with_three(world, coklit)
    client = _login(app, world.ppk)
    job_url = client.post("/sertifikat/cetak", data={"kind": "desa", "desa": DESA, "output": "pdf"}).headers["Location"]
    wait_for_job(client, job_url)
    assert client.get(job_url + "/berkas").status_code == 200
    for person in (world.operator, world.other_ppk, world.pantarlih):
        other = _login(app, person)
        assert other.get(job_url).status_code == 404
        assert other.get(job_url + "/berkas").status_code == 404
    assert client.get("/tugas/tidak-ada").status_code == 404
