"""A long one-time-password sheet is printed by a job: progress page, download, retries, and no password left behind."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

from pypdf import PdfReader
from sqlalchemy import select

from bimtek import clock
from bimtek.extensions import db
from bimtek.jobs import Job, JobStatus, runner
from bimtek.officers import handover
from bimtek.officers.models import PasswordSheet
from bimtek.officers.operations import create_password_sheet
from tests.factories import PASSWORD, World


def _entries(count: int) -> list[dict]:
    return [
        {"name": f"Petugas Nomor {i:03d}", "username": f"petugas.{i:03d}", "title": f"Pantarlih TPS {i:03d}",
         "region": "Desa Talang Jambu", "password": f"k7mp-q2xr-{i:04d}", "phone": f"+62812{i:08d}"}
        for i in range(1, count + 1)
    ]


def _sheet(world: World, count: int) -> PasswordSheet:
    sheet = create_password_sheet(_entries(count), created_by_id=world.operator.id)
    db.session.commit()
    return sheet


def _job_dir(app, token: str) -> Path:
    return Path(app.config["BIMTEK_STORAGE_DIR"]) / "jobs" / token


def test_a_sheet_over_the_limit_is_printed_by_a_job(app, client, auth, world: World):
    assert handover.PDF_IN_REQUEST_LIMIT == 200
    auth.login_as(world.operator)
    sheet = _sheet(world, 201)
    url = f"/petugas/sandi/{sheet.token}"
    page = client.get(url).get_data(as_text=True)
    assert "Buat PDF (201 orang)" in page and f'action="{url}/pdf"' in page
    # The direct download is not rendered inside the request: it sends the operator to the button.
    response = client.get(f"{url}.pdf", follow_redirects=True)
    assert response.request.path == url
    assert "terlalu panjang untuk dicetak langsung" in response.get_data(as_text=True)

    response = client.post(f"{url}/pdf")
    assert response.status_code == 302
    job_url = response.headers["Location"]
    token = job_url.rsplit("/", 1)[1]
    assert job_url == f"/tugas/{token}"
    progress = client.get(job_url).get_data(as_text=True)
    assert "PDF siap: 201 slip kata sandi sekali pakai." in progress
    download = client.get(f"{job_url}/berkas")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert 'filename=kata-sandi-sekali-pakai.pdf' in download.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(download.data))
    assert len(reader.pages) == 21  # ten slips a page
    assert "petugas.001" in reader.pages[0].extract_text()
    last = reader.pages[20].extract_text()
    assert "petugas.201" in last and "k7mp-q2xr-0201" in last and "http://localhost/login" in last
    # Only the finished file is left in the job's folder; the chunks are gone.
    assert [p.name for p in _job_dir(app, token).iterdir()] == ["result"]
    # The sheet page now links to the job; a second click returns the same job.
    assert f'href="/tugas/{token}"' in client.get(url).get_data(as_text=True)
    assert client.post(f"{url}/pdf").headers["Location"] == job_url
    assert db.session.scalar(select(Job).where(Job.kind == "officers.passwords")).token == token


def test_closing_the_sheet_removes_the_printed_passwords(app, client, auth, world: World, monkeypatch):
    monkeypatch.setattr(handover, "PDF_IN_REQUEST_LIMIT", 3)
    auth.login_as(world.operator)
    sheet = _sheet(world, 5)
    job_url = client.post(f"/petugas/sandi/{sheet.token}/pdf").headers["Location"]
    assert client.get(f"{job_url}/berkas").status_code == 200
    client.post(f"/petugas/sandi/{sheet.token}/tutup")
    assert client.get(f"{job_url}/berkas").status_code == 404
    assert not _job_dir(app, job_url.rsplit("/", 1)[1]).exists()


def test_the_job_resumes_from_its_last_chunk_after_a_crash(app, world: World, monkeypatch):
    monkeypatch.setattr(handover, "JOB_CHUNK", 4)
    sheet = _sheet(world, 10)
    job = handover.pdf_job(sheet, owner_id=world.operator.id, address="https://bimtek.example/login")
    db.session.commit()
    rendered: list[str] = []
    real = handover.slips_pdf

    def flaky(entries, address):
        rendered.append(entries[0]["username"])
        if len(rendered) == 2:
            raise RuntimeError("worker killed")
        return real(entries, address)

    monkeypatch.setattr(handover, "slips_pdf", flaky)
    assert runner.perform(job.id) is runner.Outcome.RETRY
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert (job.checkpoint, job.done, job.total) == ({"chunk": 1}, 4, 10)
    assert runner.perform(job.id) is runner.Outcome.DONE
    # The first chunk was not printed twice.
    assert rendered == ["petugas.001", "petugas.005", "petugas.005", "petugas.009"]
    pdf = PdfReader(_job_dir(app, job.token) / "result")
    assert len(pdf.pages) == 3
    assert "https://bimtek.example/login" in pdf.pages[0].extract_text()


def test_a_job_whose_sheet_was_closed_prints_nothing(app, world: World):
    sheet = _sheet(world, 4)
    job = handover.pdf_job(sheet, owner_id=world.operator.id, address="http://localhost/login")
    sheet.entries, sheet.cleared_at = [], clock.now()
    db.session.commit()
    assert runner.perform(job.id) is runner.Outcome.FAILED
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status is JobStatus.FAILED and "sudah ditutup atau kedaluwarsa" in job.error
    assert not (_job_dir(app, job.token) / "result").exists()


def test_only_the_maker_prints_a_sheet_and_sees_its_job(app, world: World, monkeypatch):
    monkeypatch.setattr(handover, "PDF_IN_REQUEST_LIMIT", 3)
    sheet = _sheet(world, 5)
    maker, other = app.test_client(), app.test_client()
    maker.post("/login", data={"username": "operator", "password": PASSWORD})
    other.post("/login", data={"username": "other.operator", "password": PASSWORD})
    assert other.post(f"/petugas/sandi/{sheet.token}/pdf").status_code == 404
    assert db.session.scalar(select(Job)) is None
    job_url = maker.post(f"/petugas/sandi/{sheet.token}/pdf").headers["Location"]
    assert other.get(job_url).status_code == 404
    assert other.get(f"{job_url}/berkas").status_code == 404


def test_a_forged_print_request_starts_nothing(csrf_app, world: World):
    sheet = _sheet(world, 5)
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/login", data={"username": "operator", "password": PASSWORD, "csrf_token": token})
    assert client.post(f"/petugas/sandi/{sheet.token}/pdf", data={"csrf_token": "palsu"}).status_code == 400
    assert db.session.scalar(select(Job)) is None


def test_a_sheet_nobody_closed_is_forgotten_after_its_lifetime(app, world: World):
    old = _sheet(world, 4)
    job = handover.pdf_job(old, owner_id=world.operator.id, address="http://localhost/login")
    db.session.commit()
    assert runner.perform(job.id) is runner.Outcome.DONE
    assert (_job_dir(app, job.token) / "result").exists()
    with clock.frozen_at(clock.now() + timedelta(hours=25)):
        _sheet(world, 1)  # any new sheet clears the expired ones
    db.session.expire_all()
    assert db.session.get(PasswordSheet, old.id).entries == []
    assert not _job_dir(app, job.token).exists()


def test_an_empty_sheet_has_nothing_to_print(client, auth, world: World):
    auth.login_as(world.operator)
    sheet = _sheet(world, 0)
    response = client.post(f"/petugas/sandi/{sheet.token}/pdf", follow_redirects=True)
    assert "Daftar ini kosong." in response.get_data(as_text=True)
    assert db.session.scalar(select(Job)) is None
