"""The import page an operator uses alone: templates, the region-code lookup, every problem at once, bad files."""

import csv
import html
import io

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.officers.imports import IMPORT_COLUMNS
from bimtek.officers.models import Assignment, Person, Role
from tests.factories import Auth, World

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"


def _counts() -> tuple[int, int]:
    return (db.session.scalar(select(func.count()).select_from(Person)),
            db.session.scalar(select(func.count()).select_from(Assignment)))


def _post(client, data: bytes, name: str = "petugas.csv"):
    return client.post("/petugas/impor", data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


# One example row per role, in the operator's own kabupaten (Bengkulu Utara, 17.03): its first
# kecamatan (Enggano, 17.03.01) and that kecamatan's first desa.
EXPECTED_TEMPLATE = [
    ["Contoh Operator KPU", "1703010101900001", "operator_kpu", "staf", "17.03", "", "081200000001"],
    ["Contoh Ketua PPK", "1703010101900002", "ppk", "ketua", "17.03.01", "", "081200000002"],
    ["Contoh Ketua PPS", "1703010101900003", "pps", "ketua", "17.03.01.2001", "", "081200000003"],
    ["Contoh Sekretaris PPS", "1703010101900004", "sekretariat_pps", "sekretaris", "17.03.01.2001", "",
     "081200000004"],
    ["Contoh Pantarlih", "1703010101900005", "pantarlih", "anggota", "17.03.01.2001", "1", "081200000005"],
]


def test_csv_template_parses_back_and_imports_cleanly(client, auth, world: World):
    auth.login_as(world.operator)
    response = client.get("/petugas/impor/templat.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert 'filename="templat-impor-petugas.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows == [IMPORT_COLUMNS, *EXPECTED_TEMPLATE]
    before = _counts()
    imported = _post(client, response.data)
    assert imported.status_code == 302, _text(imported)[:3000]
    assert "/petugas/sandi/" in imported.headers["Location"]
    assert _counts() == (before[0] + 5, before[1] + 5)
    roles = db.session.scalars(select(Assignment.role).join(Person).where(Person.full_name.like("Contoh %"))).all()
    assert sorted(roles) == sorted([Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH])


def test_xlsx_template_has_the_same_rows_and_column_notes_and_imports_cleanly(client, auth, world: World):
    auth.login_as(world.operator)
    response = client.get("/petugas/impor/templat.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["Petugas", "Petunjuk"]
    rows = [[cell if cell is not None else "" for cell in row] for row in workbook["Petugas"].iter_rows(values_only=True)]
    assert rows == [IMPORT_COLUMNS, *EXPECTED_TEMPLATE]
    notes = [row[0] for row in workbook["Petunjuk"].iter_rows(values_only=True)]
    assert notes[:8] == ["kolom", *IMPORT_COLUMNS]
    imported = _post(client, response.data, "templat.xlsx")
    assert imported.status_code == 302, _text(imported)[:3000]
    # The same template again changes nobody.
    again = client.post("/petugas/impor", data={"file": (io.BytesIO(response.data), "templat.xlsx")},
                        content_type="multipart/form-data", follow_redirects=True)
    assert "Impor selesai: 0 baru, 0 diubah, 5 tetap." in _text(again)


def test_templates_are_for_operators_only(app, client, auth, world: World):
    operator = app.test_client()
    Auth(operator).login_as(world.operator)
    assert operator.get("/petugas/impor/templat.pdf").status_code == 404
    auth.login_as(world.ppk)
    assert client.get("/petugas/impor/templat.csv").status_code == 404
    assert client.get("/petugas/impor/templat.xlsx").status_code == 404
    assert client.get("/petugas/impor/kode-wilayah").status_code == 404


def test_import_page_links_templates_and_lookup_and_explains_columns(client, auth, world: World):
    auth.login_as(world.operator)
    page = _text(client.get("/petugas/impor"))
    for link in ("/petugas/impor/templat.xlsx", "/petugas/impor/templat.csv", "/petugas/impor/kode-wilayah"):
        assert f'href="{link}"' in page
    assert "nama,nik,peran,jabatan,kode_wilayah,tps,telepon" in page
    assert "Nomor TPS 1-999; paling banyak 2 Pantarlih per TPS." in page


def test_every_problem_of_every_row_in_one_pass(client, auth, world: World):
    auth.login_as(world.operator)
    rows = [
        "Siti Aminah,1703064101900001,pps,ketua,17.03.06.2001,,12345",      # line 2: bad phone
        "Sukarni,1703064101900002,pps,anggota,17.03.99.2001,,",              # line 3: unknown region
        "Budi Santoso,1703064101900003,lurah,anggota,17.03.06.2001,,",       # line 4: bad role
        "Agus Salim,1703064101900004,pps,anggota,17.03.06.2002,,",           # line 5: fine
        "X,123,pps,ketua,99.99,,",                                           # line 6: bad NIK and unknown region
    ]
    before = _counts()
    response = _post(client, ("\n".join([HEADER, *rows]) + "\n").encode())
    page = _text(response)
    assert response.status_code == 422
    expected = [
        "Baris 2: nomor HP '12345' tidak valid (contoh: 081234567890 atau +6281234567890)",
        "Baris 3: kode wilayah '17.03.99.2001' tidak dikenal",
        "Baris 4: peran 'lurah' tidak dikenal (pilihan: operator_kpu, ppk, pps, sekretariat_pps, pantarlih)",
        "Baris 6: NIK '123' tidak valid (harus 16 angka 0-9)",
        "Baris 6: kode wilayah '99.99' tidak dikenal",
    ]
    listed = page.split('<ul class="errors">', 1)[1].split("</ul>", 1)[0]
    assert [item.split("</li>")[0] for item in listed.split("<li>")[1:]] == expected
    assert "Tidak ada yang diimpor: 4 baris bermasalah." in page
    assert "Ada 5 masalah; semuanya tercantum di bawah." in page
    assert _counts() == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"name,nik,role\nSiti,1703064101900001,pps\n", "petugas.csv",
         "Baris 1: kolom nama, peran, jabatan, kode_wilayah, tps, telepon tidak ada; "
         "header harus nama,nik,peran,jabatan,kode_wilayah,tps,telepon"),
        (b"", "petugas.csv", "Baris 1: berkas kosong"),
        (bytes(range(256)) * 8, "petugas.csv", "Baris 1: berkas bukan CSV UTF-8 atau XLSX"),
        (b"PK\x03\x04" + bytes(range(256)) * 8, "petugas.xlsx", "Baris 1: berkas XLSX rusak atau tidak dapat dibaca"),
        (HEADER.encode() + b"\n,,,,,,\n", "petugas.csv", "Baris 1: berkas tidak berisi satu pun baris petugas"),
    ],
    ids=["wrong-header", "empty", "binary-junk", "broken-xlsx", "header-only"],
)
def test_malformed_files_get_an_indonesian_message_and_change_nothing(client, auth, world: World, data, name, message):
    auth.login_as(world.operator)
    before = _counts()
    response = _post(client, data, name)
    assert response.status_code == 422
    assert message in _text(response)
    assert _counts() == before


def test_a_csv_named_xlsx_is_read_by_its_content(client, auth, world: World):
    """The file's name does not decide how it is read: a CSV saved as .xlsx imports as the CSV it is."""
    auth.login_as(world.operator)
    data = f"{HEADER}\nSiti Aminah,1703064101900001,pps,ketua,17.03.06.2001,,\n".encode()
    response = _post(client, data, "petugas.xlsx")
    assert response.status_code == 302, _text(response)[:2000]
    assert db.session.scalar(select(Person.full_name).where(Person.nik == "1703064101900001")) == "Siti Aminah"


def test_import_page_fits_a_phone(client, auth, world: World):
    auth.login_as(world.operator)
    page = client.get("/petugas/impor").get_data(as_text=True)
    assert 'name="viewport"' in page and "imports.css" in page
    assert len(page.encode()) < 60 * 1024


# The region-code lookup ----------------------------------------------------------------------


def _lookup(client, **params) -> str:
    response = client.get("/petugas/impor/kode-wilayah", query_string=params)
    assert response.status_code == 200
    return _text(response)


def _codes(page: str) -> list[str]:
    return [part.split("</code>")[0] for part in page.split("<td><code>")[1:]]


def test_lookup_finds_a_desa_by_name_in_any_case(client, auth, world: World):
    auth.login_as(world.operator)
    assert _codes(_lookup(client, q="talang jambu")) == ["17.03.06.2001"]
    page = _lookup(client, q="TALANG JAMBU")
    assert _codes(page) == ["17.03.06.2001"]
    assert "Desa Talang Jambu" in page and "Kecamatan Kerkap" in page


def test_lookup_finds_by_code_prefix(client, auth, world: World):
    auth.login_as(world.operator)
    codes = _codes(_lookup(client, q="17.03.06.200"))
    assert codes[:3] == ["17.03.06.2001", "17.03.06.2002", "17.03.06.2003"]
    assert all(code.startswith("17.03.06.200") for code in codes)


def test_lookup_stays_within_the_operators_kabupaten(app, client, auth, world: World):
    auth.login_as(world.operator)
    # Kampung Baru is a desa of Kecamatan Concong (14.04.18, another kabupaten): not the operator's.
    assert _codes(_lookup(client, q="kampung baru")) == []
    assert _codes(_lookup(client, q="14.04.18")) == []
    assert "Tidak ada wilayah yang cocok di wilayah kerja Anda." in _lookup(client, q="concong")
    # The other kabupaten's operator finds it; so does the admin (the whole country).
    for person, expected in ((world.other_operator, ["14.04.18.2004"]), (world.admin, ["14.04.18.2004"])):
        other = app.test_client()
        Auth(other).login_as(person)
        assert _codes(_lookup(other, q="Kampung Baru")) == expected


def test_lookup_pages_through_the_kabupaten(client, auth, world: World):
    auth.login_as(world.operator)
    first = _lookup(client)
    assert len(_codes(first)) == 25
    assert _codes(first)[0] == "17.03"
    assert "Halaman 1 dari 10" in first  # 240 regions of Bengkulu Utara, 25 a page
    last = _lookup(client, halaman=10)
    assert len(_codes(last)) == 15
    assert _codes(_lookup(client, halaman=999)) == _codes(last)


def test_lookup_treats_like_wildcards_as_text(client, auth, world: World):
    auth.login_as(world.operator)
    assert _codes(_lookup(client, q="%")) == []
    assert _codes(_lookup(client, q="_")) == []


def test_lookup_reads_only_the_areas_range_of_codes(app, world: World):
    """The operator's search is bounded by the region primary key's range, whatever the name filter."""
    from bimtek.officers.imports import find_regions

    statements = []

    def keep(_conn, _cursor, statement, *_args):
        statements.append(statement)

    from sqlalchemy import event

    engine = db.engine
    event.listen(engine, "before_cursor_execute", keep)
    try:
        matches = find_regions("17.03", "jambu")
    finally:
        event.remove(engine, "before_cursor_execute", keep)
    assert [r.code for r, _parent in matches.rows] == ["17.03.06.2001"]
    assert len(statements) == 2  # a count and a page
    assert all("region.code >=" in s and "region.code <" in s for s in statements)
