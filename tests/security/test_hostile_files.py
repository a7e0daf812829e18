"""Class 4: files that explode (huge claimed sheets, zip and image bombs, giant CSV fields) get a clear refusal, fast."""

from __future__ import annotations

import html
import io
import time
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person
from bimtek.officers.imports import read_table
from bimtek.training.models import FileKind, SessionFile
from tests.factories import DESA, World
from tests.security.hostile import (
    column_name,
    jpeg,
    png_bomb,
    xlsx,
    xlsx_claiming_huge_dimensions,
    xlsx_entity_bomb,
    xlsx_zip_bomb,
)
from tests.training.conftest import pps_session  # noqa: F401 - fixture

HEADER = ["nama", "nik", "peran", "jabatan", "kode_wilayah", "tps", "telepon"]
ROW = ["Siti Aminah", "1703064101900001", "pps", "ketua", DESA, "", ""]
SECONDS = 10


class Measured:
    """Wall time of a block (peak memory is measured per process by bench/hostile_files.py)."""

    def __enter__(self):
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.seconds = time.perf_counter() - self.started
        return False


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(Assignment)))


def _post_import(client, auth, world: World, data: bytes, name: str):
    auth.login_as(world.operator)
    with Measured() as measured:
        response = client.post("/petugas/impor", data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
    assert measured.seconds < SECONDS, measured.seconds
    return response, html.unescape(response.get_data(as_text=True))


def test_xlsx_claiming_20000_by_16384_reads_only_the_header_columns(client, auth, world: World):
    data = xlsx_claiming_huge_dimensions([HEADER, ROW])
    assert len(data) < 4096
    response, page = _post_import(client, auth, world, data, "petugas.xlsx")
    # The one real row is imported; the far cell beyond the header's columns is never read.
    assert response.status_code == 302, page[:2000]
    assert db.session.scalar(select(Person.full_name).where(Person.nik == ROW[1])) == "Siti Aminah"


def test_xlsx_full_of_cells_beyond_the_header_is_refused_within_the_reading_budget(app, client, auth, world: World):
    """Real cells out to column FB on 6,000 rows: no zip trick, just more XML than a request may read.

    The request reads an XLSX only as far as its first 1,001 rows (a longer one goes to a job),
    so the budget is made tiny here to prove it is kept while those are read.
    """
    app.config["BIMTEK_IMPORT_READ_SECONDS"] = 0.001
    far_cells = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{column_name(c)}{r}"><v>1</v></c>' for c in range(8, 158)) + "</row>"
        for r in range(2, 6002)
    )
    before = _counts()
    response, page = _post_import(client, auth, world, xlsx([HEADER], extra=far_cells), "petugas.xlsx")
    assert response.status_code == 422
    assert "berkas XLSX terlalu besar atau rumit untuk dibaca di sini; simpan ulang hanya kolom " \
           "nama,nik,peran,jabatan,kode_wilayah,tps,telepon, atau bagi menjadi beberapa berkas" in page
    assert _counts() == before


def test_xlsx_zip_bomb_is_refused_from_the_sizes_it_declares(client, auth, world: World):
    before = _counts()
    response, page = _post_import(client, auth, world, xlsx_zip_bomb([HEADER, ROW]), "petugas.xlsx")
    assert response.status_code == 422
    assert "Baris 1: isi berkas XLSX terlalu besar untuk sebuah daftar petugas" in page
    assert _counts() == before


def test_xlsx_entity_expansion_is_refused_as_damaged(client, auth, world: World):
    before = _counts()
    response, page = _post_import(client, auth, world, xlsx_entity_bomb([HEADER, ROW]), "petugas.xlsx")
    assert response.status_code == 422
    assert "Baris 1: berkas XLSX rusak atau tidak dapat dibaca" in page
    assert _counts() == before


def test_more_rows_than_any_roster_is_refused(client, auth, world: World):
    before = _counts()
    lines = [",".join(HEADER)] + [f"Petugas {i},{1703064101900000 + i},pps,anggota,{DESA},," for i in range(1, 60_002)]
    response, page = _post_import(client, auth, world, "\n".join(lines).encode(), "petugas.csv")
    assert response.status_code == 422
    assert "berkas lebih dari 60.000 baris; bagi menjadi beberapa berkas" in page
    assert _counts() == before


def test_a_million_claimed_blank_rows_cost_nothing(client, auth, world: World):
    data = xlsx([HEADER, ROW], extra='<row r="1048576"><c r="A1048576" t="inlineStr"><is><t></t></is></c></row>')
    response, page = _post_import(client, auth, world, data, "petugas.xlsx")
    assert response.status_code == 302, page[:2000]


def test_a_50000_row_roster_is_still_read():
    """The row cap leaves room for a whole kabupaten (the XLSX of the same size is timed in the bench)."""
    lines = [",".join(HEADER)] + [f"Petugas {i},{1703064101900000 + i},pantarlih,anggota,{DESA},{i % 999 + 1},"
                                  for i in range(1, 50_001)]
    table = read_table("\n".join(lines).encode())
    assert len(table) == 50_000
    assert table[-1] == (50_001, dict(zip(HEADER, ["Petugas 50000", "1703064101950000", "pantarlih", "anggota",
                                                   DESA, "51", ""])))


def test_thousands_of_bad_rows_give_a_short_page(client, auth, world: World):
    # 1,000 rows is the most a request imports itself; longer files become a job
    # (tests/officers/test_import_job.py lists their first 100 problems the same way).
    lines = [",".join(HEADER)] + [f"Petugas {i},bukan-nik,pps,ketua,{DESA},," for i in range(1, 1001)]
    response, page = _post_import(client, auth, world, "\n".join(lines).encode(), "petugas.csv")
    assert response.status_code == 422
    assert "Tidak ada yang diimpor: 1000 baris bermasalah." in page
    assert "Baris 101: NIK &#39;bukan-nik&#39;" in response.get_data(as_text=True)
    assert "Baris 102:" not in page and "… dan 900 masalah lain." in page
    assert len(response.data) < 60 * 1024


def test_csv_field_over_the_csv_module_limit_gets_the_page(client, auth, world: World):
    before = _counts()
    data = (",".join(HEADER) + "\n" + f'"{"A" * 200_000}",1703064101900001,pps,ketua,{DESA},,\n').encode()
    response, page = _post_import(client, auth, world, data, "petugas.csv")
    assert response.status_code == 422
    assert "Baris 2: baris CSV tidak dapat dibaca (satu sel terlalu panjang)" in page
    assert _counts() == before


def _upload(client, session_id: int, data: bytes, name: str, kind: str = "foto"):
    return client.post(f"/bimtek/{session_id}/berkas", data={"kind": kind, "file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=True)


@pytest.mark.parametrize("kind", ["foto", "daftar_hadir"])
def test_image_decompression_bomb_is_refused_at_upload(app, auth, client, world: World, pps_session, kind):
    bomb = png_bomb()
    assert len(bomb) < 32 * 1024
    auth.login_as(world.pps)
    with Measured() as measured:
        page = html.unescape(_upload(client, pps_session.id, bomb, "foto.png", kind).get_data(as_text=True))
    assert measured.seconds < SECONDS, measured.seconds
    assert "Ukuran gambar terlalu besar: paling besar 50 megapiksel dan 12000 piksel per sisi." in page
    assert db.session.scalar(select(SessionFile)) is None
    folder = Path(app.config["BIMTEK_UPLOAD_DIR"]) / "training"
    assert not folder.exists() or not any(folder.iterdir())


def test_photo_is_kept_with_a_downscaled_copy_that_the_laporan_prints(app, auth, client, world: World, pps_session):
    auth.login_as(world.pps)
    original = jpeg(4000, 3000)
    assert "Berkas sudah disimpan" in _upload(client, pps_session.id, original, "foto.jpg").get_data(as_text=True)
    item = db.session.scalar(select(SessionFile))
    folder = Path(app.config["BIMTEK_UPLOAD_DIR"]) / "training"
    assert (folder / item.stored_name).read_bytes() == original
    response = client.get(f"/bimtek/{pps_session.id}/laporan.pdf")
    assert response.status_code == 200
    sizes = [image.image.size for page in PdfReader(io.BytesIO(response.data)).pages for image in page.images]
    assert sizes and set(sizes) == {(1600, 1200)}


def test_a_bomb_stored_before_the_check_is_left_out_of_the_laporan(app, auth, client, world: World, pps_session):
    folder = Path(app.config["BIMTEK_UPLOAD_DIR"]) / "training"
    folder.mkdir(parents=True)
    (folder / "lama.png").write_bytes(png_bomb())
    pps_session.files.append(SessionFile(kind=FileKind.FOTO, stored_name="lama.png", original_name="lama.png",
                                         mime_type="image/png", size=20_000, uploaded_by_id=world.pps.id))
    db.session.commit()
    auth.login_as(world.pps)
    with Measured() as measured:
        response = client.get(f"/bimtek/{pps_session.id}/berita-acara.pdf")
    assert response.status_code == 200
    assert measured.seconds < SECONDS, measured.seconds
    assert [image for page in PdfReader(io.BytesIO(response.data)).pages for image in page.images] == []
