"""Officer lists to download: short ones at once, long ones as a job the operator can leave and come back to."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook
from sqlalchemy import select

from bimtek.extensions import db
from bimtek.jobs import Job, JobStatus
from bimtek.officers.models import Role
from bimtek.reports import exports
from tests.factories import DESA, KECAMATAN, OTHER_DESA, assign, make_person
from tests.reports.conftest import Kerkap


def _csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def test_a_kecamatan_officer_list_comes_at_once(auth, client, kerkap: Kerkap):
    auth.login_as(kerkap.world.ppk)
    response = client.get(f"/laporan/petugas/{KECAMATAN}/unduh.csv")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('petugas-170306.csv"')
    rows = _csv(response.data)
    assert rows[0] == ["Nama", "Jabatan", "Desa/Kelurahan", "Kode wilayah", "Materi selesai", "Lulus kuis",
                       "Hadir bimtek", "Bersertifikat", "Selesai", "Yang belum"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Rina Lestari"][4:9] == ["ya", "ya", "ya", "ya", "ya"]
    assert by_name["Sri Wahyuni"][4:9] == ["belum", "belum", "belum", "belum", "belum"]
    assert by_name["Paiman"][3] == OTHER_DESA  # the whole kecamatan, both desa
    assert db.session.scalar(select(db.func.count(Job.id))) == 0


def test_a_long_list_becomes_a_job_with_a_neutralised_file(auth, client, kerkap: Kerkap, monkeypatch):
    world = kerkap.world
    sly = make_person("=HYPERLINK(\"http://x\")")
    assign(sly, world.election, Role.PANTARLIH, DESA, tps=3)
    db.session.commit()
    monkeypatch.setattr(exports, "INLINE_ROWS", 2)
    monkeypatch.setattr(exports, "CHUNK", 2)  # several chunks, several progress steps
    auth.login_as(world.ppk)
    response = client.get(f"/laporan/tindak-lanjut/{KECAMATAN}/unduh.xlsx")
    assert response.status_code == 302 and response.headers["Location"].startswith("/tugas/")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Daftar tindak lanjut Kecamatan Kerkap (XLSX)" in page
    job = db.session.scalar(select(Job))
    assert job.status is JobStatus.DONE and job.owner_id == world.ppk.id and job.done == job.total
    names = [row[0] for row in load_workbook(io.BytesIO(client.get(response.headers["Location"] + "/berkas").data))
             .active.iter_rows(values_only=True)]
    assert names[0] == "Nama" and "'=HYPERLINK(\"http://x\")" in names and "Sri Wahyuni" in names
    assert "Rina Lestari" not in names  # finished: not on the follow-up list
    assert f"Berkas siap: {len(names) - 1} baris." in page
    assert job.total == len(names) - 1


def test_officer_list_only_for_regions_in_the_users_area(auth, client, kerkap: Kerkap):
    world = kerkap.world
    auth.login_as(world.pps)
    assert client.get(f"/laporan/petugas/{DESA}/unduh.csv").status_code == 200
    assert client.get(f"/laporan/petugas/{OTHER_DESA}/unduh.csv").status_code == 404
    assert client.get(f"/laporan/petugas/{KECAMATAN}/unduh.csv").status_code == 404
    assert client.get(f"/laporan/petugas/{DESA}/unduh.pdf").status_code == 404
    auth.logout()
    auth.login_as(world.pantarlih)
    assert client.get(f"/laporan/petugas/{DESA}/unduh.csv").status_code == 404
    auth.logout()
    auth.login_as(world.other_operator)
    assert client.get(f"/laporan/petugas/{KECAMATAN}/unduh.csv").status_code == 404
