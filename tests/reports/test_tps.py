"""`flask tps import`: all rows or none, with line errors; expected Pantarlih and the summary follow it."""

from __future__ import annotations

from openpyxl import Workbook
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.reports.models import Tps
from tests.factories import DESA, KECAMATAN, OTHER_DESA
from tests.reports.conftest import Kerkap


def _import(runner, tmp_path, text: str, name: str = "tps.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return runner.invoke(args=["tps", "import", str(path)])


def _tps_count() -> int:
    return db.session.scalar(select(func.count(Tps.id)))


def test_import_replaces_the_desa_lists_and_moves_the_target(runner, tmp_path, kerkap: Kerkap):
    result = _import(runner, tmp_path, f"kode_wilayah,tps,pemilih\n{DESA},1,300\n{OTHER_DESA},1,401\n{OTHER_DESA},2,120\n")
    assert result.exit_code == 0, result.output
    assert "3 TPS di 2 desa/kelurahan (3 TPS lama diganti)" in result.output
    assert _tps_count() == 3
    coverage = runner.invoke(args=["reports", "coverage", KECAMATAN, "--format", "csv"]).output
    rows = {line.split(",")[0]: line.split(",") for line in coverage.splitlines()}
    assert rows[DESA][6:8] == ["1", "1"]  # one TPS, one Pantarlih expected
    assert rows[OTHER_DESA][6:8] == ["2", "3"]  # 401 voters in a Pilkada: 2 Pantarlih, plus 1
    assert rows["Jumlah"][6:8] == ["3", "4"]


def test_bad_rows_are_all_reported_and_nothing_is_written(runner, tmp_path, kerkap: Kerkap):
    before = _tps_count()
    text = (
        "kode_wilayah;tps;pemilih\n"
        f"{DESA};١٢;300\n"  # Arabic-Indic digits
        f"{DESA};1000;300\n"
        f"{DESA};0;300\n"
        f"{DESA};5;-3\n"
        f"{DESA};6;300\n"
        f"{DESA};6;310\n"
        f"{KECAMATAN};1;100\n"
        "99.99.99.9999;1;100\n"
        ";2;100\n"
    )
    result = _import(runner, tmp_path, text)
    assert result.exit_code != 0
    output = result.output
    for line, message in (
        (2, "nomor TPS '١٢' tidak valid"), (3, "nomor TPS '1000' tidak valid"), (4, "nomor TPS '0' tidak valid"),
        (5, "jumlah pemilih '-3' tidak valid"), (7, "TPS 006 desa 17.03.06.2001 sudah ada di baris 6"),
        (8, "TPS harus berada di desa/kelurahan"), (9, "kode wilayah '99.99.99.9999' tidak dikenal"),
        (10, "kode wilayah kosong"),
    ):
        assert f"tps.csv:{line}: {message}" in output, (line, output)
    assert "tidak ada TPS yang diimpor" in output
    assert _tps_count() == before


def test_wrong_header_empty_file_and_xlsx(runner, tmp_path, kerkap: Kerkap):
    result = _import(runner, tmp_path, "desa,nomor\n1,2\n")
    assert result.exit_code != 0 and "kolom kode_wilayah, tps, pemilih tidak ada" in result.output
    result = _import(runner, tmp_path, "kode_wilayah,tps,pemilih\n")
    assert result.exit_code != 0 and "tidak berisi satu pun baris TPS" in result.output
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    result = runner.invoke(args=["tps", "import", str(broken)])
    assert result.exit_code != 0 and "XLSX rusak" in result.output
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kode_wilayah", "tps", "pemilih"])
    sheet.append([DESA, 1, 250])
    sheet.append([DESA, 2, 260])
    good = tmp_path / "tps.xlsx"
    workbook.save(good)
    result = runner.invoke(args=["tps", "import", str(good)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Tps.id)).where(Tps.region_code == DESA)) == 2


def test_hostile_xlsx_is_read_with_the_officer_import_limits(runner, tmp_path, kerkap: Kerkap):
    from tests.security.hostile import xlsx_claiming_huge_dimensions, xlsx_zip_bomb

    # A sheet claiming 20,000 x 16,384 cells: only the header's columns are read, and its real row imports.
    claiming = tmp_path / "klaim.xlsx"
    claiming.write_bytes(xlsx_claiming_huge_dimensions([["kode_wilayah", "tps", "pemilih"], [DESA, "3", "120"]]))
    result = runner.invoke(args=["tps", "import", str(claiming)])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Tps.id)).where(Tps.region_code == DESA)) == 1
    # A zip bomb is refused from the sizes it declares, and the list stays as it was.
    bomb = tmp_path / "bom.xlsx"
    bomb.write_bytes(xlsx_zip_bomb([["kode_wilayah", "tps", "pemilih"], [DESA, "4", "120"]]))
    result = runner.invoke(args=["tps", "import", str(bomb)])
    assert result.exit_code != 0 and "isi berkas XLSX terlalu besar" in result.output
    assert db.session.scalar(select(Tps.number).where(Tps.region_code == DESA)) == 3
