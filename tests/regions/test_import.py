"""Region lists: the shipped national list, and `flask regions import` all-or-nothing."""

import pytest
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.regions.models import Region, RegionLevel
from bimtek.regions.operations import DEFAULT_REGION_FILE, RegionImportError, import_regions


def test_shipped_list_is_national_and_attributed():
    lines = DEFAULT_REGION_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "kode,nama"
    assert len(lines) - 1 == 38 + 514 + 7285 + 83762
    notice = (DEFAULT_REGION_FILE.parent / "NOTICE.md").read_text()
    assert "cahyadsn/wilayah" in notice and "MIT License" in notice and "Cahya DSN" in notice


def test_levels_and_parents(app):
    desa = db.session.get(Region, "17.03.06.2001")
    assert desa.level is RegionLevel.DESA
    assert desa.parent_code == "17.03.06"
    assert desa.display_name == "Desa Talang Jambu"
    assert db.session.get(Region, "17.03.06.1009").display_name == "Kelurahan Lubuk Durian"
    assert db.session.get(Region, "17.03").display_name == "Kabupaten Bengkulu Utara"


def test_import_adds_and_renames(app):
    result = import_regions("kode,nama\n17.03.06.2001,Talang Jambu Baru\n17.03.06.2099,Desa Uji\n")
    assert (result.added, result.updated) == (1, 1)
    assert db.session.get(Region, "17.03.06.2001").name == "Talang Jambu Baru"
    db.session.rollback()


GOOD_ROW = "17.03.06.2097,Baik\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kode;nama\n17,Bengkulu\n", ["baris 1: header harus 'kode,nama'"]),
        ("kode,nama\n" + GOOD_ROW + "17.3,Salah\n",
         ["baris 3: kode wilayah '17.3' tidak sesuai format Kemendagri (mis. 17.03.01.2001)"]),
        ("kode,nama\n" + GOOD_ROW + "17.03.06.2098,\n", ["baris 3: nama wilayah 17.03.06.2098 kosong"]),
        ("kode,nama\n" + GOOD_ROW + "17.03.06.2098,A\n17.03.06.2098,B\n",
         ["baris 4: kode 17.03.06.2098 sudah ada di baris 3"]),
        ("kode,nama\n" + GOOD_ROW + "17.03.77.2001,Yatim\n",
         ["baris 3: wilayah induk 17.03.77 tidak ada di berkas maupun di basis data"]),
        ("kode,nama\n" + GOOD_ROW + "17.03.06.2098,A,B\n", ["baris 3: harus 2 kolom (kode,nama), ada 3"]),
    ],
)
def test_bad_lists_load_nothing(app, text, expected):
    before = db.session.scalar(select(func.count()).select_from(Region))
    with pytest.raises(RegionImportError) as raised:
        import_regions(text)
    assert [str(e) for e in raised.value.errors] == expected
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Region)) == before


def test_cli_reports_line_numbers(runner, tmp_path):
    path = tmp_path / "wilayah.csv"
    path.write_text("kode,nama\n17.03.06.2097,Baik\nxx,Buruk\n")
    result = runner.invoke(args=["regions", "import", str(path)])
    assert result.exit_code != 0
    assert f"{path}:3: kode wilayah 'xx' tidak sesuai format" in result.output
    assert db.session.get(Region, "17.03.06.2097") is None


def test_line_numbers_count_blank_lines(app):
    with pytest.raises(RegionImportError) as raised:
        import_regions("kode,nama\n\n17.03.06.2097,Baik\n\n17.03.78.2001,Yatim\n")
    assert [str(e) for e in raised.value.errors] == [
        "baris 5: wilayah induk 17.03.78 tidak ada di berkas maupun di basis data"
    ]
