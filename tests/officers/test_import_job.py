"""Long officer lists become a job: progress, result, the password sheet, a resumed run, access and CSRF."""

import html
import io
import re

import pytest
from sqlalchemy import func, select

from bimtek import jobs
from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.officers import imports
from bimtek.officers.models import Assignment, PasswordSheet, Person
from tests.factories import PASSWORD, Auth, World

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"
ROWS = 1200  # over the 1,000 rows a request imports itself


def roster(count: int = ROWS, bad: dict[int, str] | None = None) -> bytes:
    """Return `count` Pantarlih of Kecamatan Kerkap, two per TPS over its desa, with some rows replaced."""
    rows = [
        f"Petugas Kerkap {i},{1703064101000001 + i:016d},pantarlih,anggota,17.03.06.{2003 + i // 400:04d},"
        f"{i % 400 // 2 + 1},08{1250000000 + i}"
        for i in range(count)
    ]
    for line, row in (bad or {}).items():
        rows[line - 2] = row
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(Assignment)))


def _post(client, data: bytes):
    return client.post("/petugas/impor", data={"file": (io.BytesIO(data), "petugas-kerkap.csv")},
                       content_type="multipart/form-data")


def _job(response) -> jobs.Job:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    match = re.fullmatch(r"/tugas/([\w-]+)", response.headers["Location"])
    assert match, response.headers["Location"]
    db.session.expire_all()
    return db.session.scalar(select(jobs.Job).where(jobs.Job.token == match.group(1)))


def test_a_long_file_becomes_a_job_whose_page_shows_the_result(client, auth, world: World):
    auth.login_as(world.operator)
    before = _counts()
    job = _job(_post(client, roster()))
    assert job.kind == "officers.import"
    assert job.label == "Impor petugas: petugas-kerkap.csv (1.200 baris)"
    assert job.status is jobs.JobStatus.DONE
    assert (job.done, job.total) == (ROWS, ROWS)
    assert _counts() == (before[0] + ROWS, before[1] + ROWS)
    page = html.unescape(client.get(f"/tugas/{job.token}").get_data(as_text=True))
    assert "Impor selesai: 1200 baru, 0 diubah, 0 tetap." in page
    assert "Kata sandi sekali pakai akun baru ada di lembar kata sandi: buka halaman Impor petugas" in page
    # The import page links the job and its password sheet, which holds every new account once.
    import_page = client.get("/petugas/impor").get_data(as_text=True)
    assert f'href="/tugas/{job.token}"' in import_page
    sheet_token = job.checkpoint["sheet"]
    assert f'href="/petugas/sandi/{sheet_token}"' in import_page
    lines = client.get(f"/petugas/sandi/{sheet_token}.csv").get_data(as_text=True).splitlines()
    assert lines[0] == "nama,nama_pengguna,jabatan,wilayah,kata_sandi_sekali_pakai"
    assert len(lines) == ROWS + 1
    assert lines[1].startswith("Petugas Kerkap 0,petugas.kerkap.0,Pantarlih TPS 001,Desa ")
    assert db.session.scalar(select(func.count()).select_from(PasswordSheet)) == 1  # chunk sheets were joined
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "officers.import")).all()
    assert len(audit) == 1


def test_a_long_file_with_row_errors_imports_nothing_and_lists_them(client, auth, world: World):
    auth.login_as(world.operator)
    bad = {
        2: "Siti,1703064101900001,pantarlih,anggota,17.03.06.2003,1,12345",
        900: "Budi,1703064101900002,lurah,anggota,17.03.99.2001,,",
    }
    before = _counts()
    job = _job(_post(client, roster(bad=bad)))
    assert job.status is jobs.JobStatus.DONE
    assert job.summary == "Tidak ada yang diimpor: 2 baris bermasalah. Ada 3 masalah; perbaiki berkas lalu unggah lagi."
    assert job.details == [
        "Baris 2: nomor HP '12345' tidak valid (contoh: 081234567890 atau +6281234567890)",
        "Baris 900: peran 'lurah' tidak dikenal (pilihan: operator_kpu, ppk, pps, sekretariat_pps, pantarlih)",
        "Baris 900: kode wilayah '17.03.99.2001' tidak dikenal",
    ]
    assert _counts() == before
    assert db.session.scalar(select(PasswordSheet)) is None


def test_a_job_result_lists_the_first_hundred_problems_and_counts_the_rest(client, auth, world: World):
    auth.login_as(world.operator)
    bad = {line: f"X{line},123,pps,ketua,17.03.06.2001,," for line in range(2, 152)}
    job = _job(_post(client, roster(bad=bad)))
    assert job.summary.startswith("Tidak ada yang diimpor: 150 baris bermasalah. Ada 150 masalah;")
    assert len(job.details) == 101
    assert job.details[0] == "Baris 2: NIK '123' tidak valid (harus 16 angka 0-9)"
    assert job.details[-1] == "… dan 50 masalah lain."


def test_a_job_killed_after_its_first_chunk_resumes_and_writes_each_row_once(client, auth, world: World, monkeypatch):
    monkeypatch.setattr(imports, "CHUNK_ROWS", 500)
    real_write_chunk = imports._write_chunk
    calls = {"n": 0}

    def dies_in_chunk_two_of_the_first_attempt(*args, **kwargs):
        calls["n"] += 1
        result = real_write_chunk(*args, **kwargs)
        if calls["n"] == 2:
            raise RuntimeError("worker killed")  # after chunk 2 was written, before its commit
        return result

    monkeypatch.setattr(imports, "_write_chunk", dies_in_chunk_two_of_the_first_attempt)
    auth.login_as(world.operator)
    before = _counts()
    job = _job(_post(client, roster()))
    assert job.status is jobs.JobStatus.DONE, job.error
    assert job.attempts == 2
    assert job.summary == "Impor selesai: 1200 baru, 0 diubah, 0 tetap."
    assert (job.done, job.total) == (ROWS, ROWS)
    # Chunk 1 (500 rows) was committed by the first attempt; the second wrote the other 700.
    assert calls["n"] == 2 + 2
    assert _counts() == (before[0] + ROWS, before[1] + ROWS)
    niks = db.session.scalars(select(Person.nik).where(Person.full_name.like("Petugas Kerkap %"))).all()
    assert len(niks) == len(set(niks)) == ROWS
    entries = db.session.scalar(select(PasswordSheet)).entries
    assert [e["username"] for e in entries] == [f"petugas.kerkap.{i}" for i in range(ROWS)]


def test_a_job_interrupted_after_writing_everything_only_finishes_on_resume(app, world: World, monkeypatch):
    """A crash between the last chunk's commit and the end: the retry neither writes nor joins again."""
    data = roster()
    job = jobs.submit("officers.import", owner_id=world.operator.id, label="Impor",
                      payload={"election_id": world.election.id, "area": "17.03", "actor_id": world.operator.id},
                      input_bytes=data, input_name="petugas.csv")
    db.session.commit()
    real_finish = jobs.Run.finish
    calls = {"n": 0}

    def finish_dies_once(run, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise RuntimeError("worker killed")
        return real_finish(run, *args, **kwargs)

    monkeypatch.setattr(jobs.Run, "finish", finish_dies_once)
    jobs.dispatch(job.id)
    db.session.expire_all()
    assert job.status is jobs.JobStatus.DONE
    assert job.summary == "Impor selesai: 1200 baru, 0 diubah, 0 tetap."
    assert db.session.scalar(select(func.count()).select_from(PasswordSheet)) == 1
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "officers.import")).all()) == 1


def test_an_import_job_is_seen_by_its_owner_only(app, client, auth, world: World):
    auth.login_as(world.operator)
    job = _job(_post(client, roster()))
    other = app.test_client()
    Auth(other).login_as(world.other_operator)
    assert other.get(f"/tugas/{job.token}").status_code == 404
    assert f"/tugas/{job.token}" not in other.get("/petugas/impor").get_data(as_text=True)
    assert other.get(f"/petugas/sandi/{job.checkpoint['sheet']}").status_code == 404


def test_a_file_of_exactly_1000_rows_is_imported_within_the_request(client, auth, world: World):
    auth.login_as(world.operator)
    response = _post(client, roster(1000))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/petugas/sandi/")
    assert db.session.scalar(select(jobs.Job)) is None


@pytest.mark.parametrize("rows", [10, ROWS])
def test_the_import_needs_the_csrf_token(csrf_app, world: World, rows):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or \
        re.search(r'value="([^"]+)" name="csrf_token"', page)
    client.post("/login", data={"username": world.operator.username, "password": PASSWORD,
                                "csrf_token": token.group(1)})
    before = _counts()
    response = _post(client, roster(rows))
    assert response.status_code == 400
    assert "Formulir kedaluwarsa atau tidak sah" in response.get_data(as_text=True)
    assert _counts() == before
    assert db.session.scalar(select(jobs.Job)) is None


def test_a_long_xlsx_goes_to_the_job_without_being_read_whole_in_the_request(client, auth, world: World):
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Petugas")
    for line in roster().decode().splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    auth.login_as(world.operator)
    before = _counts()
    response = client.post("/petugas/impor", data={"file": (io.BytesIO(buffer.getvalue()), "petugas.xlsx")},
                           content_type="multipart/form-data")
    job = _job(response)
    assert job.label == "Impor petugas: petugas.xlsx"
    assert job.summary == "Impor selesai: 1200 baru, 0 diubah, 0 tetap."
    assert _counts() == (before[0] + ROWS, before[1] + ROWS)
