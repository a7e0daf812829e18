"""Officer import: all-or-nothing, every bad row with its line and reason, idempotent."""

import io

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from bimtek.audit.models import AuditEvent
from bimtek.extensions import db
from bimtek.officers.models import Assignment, PasswordSheet, Person, Role
from bimtek.officers.imports import OfficerImportError, import_officers
from tests.factories import DESA, KABUPATEN, OTHER_DESA, World, assign, make_person

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"
GOOD = [
    "Siti Aminah,1703064101900001,pps,ketua,17.03.06.2001,,081211110001",
    "Sukarni,1703064101900002,pantarlih,anggota,17.03.06.2001,3,+6281211110002",
    "Budi Santoso,1703064101900003,pantarlih,anggota,17.03.06.2001,3,",
    "Agus Salim,1703064101900004,sekretariat_pps,staf,17.03.06.2002,,",
    "Dewi Lestari,1703064101900005,ppk,anggota,17.03.06,,0812 1111 0005",
]


def csv_bytes(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def test_import_creates_people_and_assignments(app, world: World):
    result = import_officers(csv_bytes(*GOOD), world.election, area=KABUPATEN, actor_id=world.operator.id)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    assert len(result.passwords) == 5
    siti = db.session.scalar(select(Person).where(Person.nik == "1703064101900001"))
    assert siti.username == "siti.aminah"
    assert siti.phone == "+6281211110001"
    assert siti.must_change_password
    assert "1703064101900001" not in siti.username
    pantarlih = db.session.scalars(select(Assignment).where(Assignment.role == Role.PANTARLIH, Assignment.tps == 3)).all()
    assert len(pantarlih) == 2


def test_same_file_again_changes_nothing(app, world: World):
    import_officers(csv_bytes(*GOOD), world.election, area=KABUPATEN, actor_id=None)
    db.session.commit()
    hashes = dict(db.session.execute(select(Person.nik, Person.password_hash)).all())
    result = import_officers(csv_bytes(*GOOD), world.election, area=KABUPATEN, actor_id=None)
    db.session.commit()
    assert (result.created, result.updated, result.unchanged, result.passwords) == (0, 0, 5, [])
    assert dict(db.session.execute(select(Person.nik, Person.password_hash)).all()) == hashes


def test_changed_row_updates_that_person(app, world: World):
    import_officers(csv_bytes(*GOOD), world.election, area=KABUPATEN, actor_id=None)
    changed = GOOD.copy()
    changed[2] = "Budi Santoso Putra,1703064101900003,pantarlih,anggota,17.03.06.2001,4,"
    result = import_officers(csv_bytes(*changed), world.election, area=KABUPATEN, actor_id=None)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 4)
    budi = db.session.scalar(select(Person).where(Person.nik == "1703064101900003"))
    assert budi.full_name == "Budi Santoso Putra"
    assert budi.assignments[0].tps == 4


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("Siti,12345,pps,ketua,17.03.06.2001,,", "NIK '12345' tidak valid"),
        ("Siti,1703064101900009,lurah,ketua,17.03.06.2001,,", "peran 'lurah' tidak dikenal"),
        ("Siti,1703064101900009,pps,bendahara,17.03.06.2001,,", "jabatan 'bendahara' tidak dikenal"),
        ("Siti,1703064101900009,pps,ketua,17.03.99.2001,,", "kode wilayah '17.03.99.2001' tidak dikenal"),
        ("Siti,1703064101900009,pps,ketua,14.04.18.2002,,", "di luar wilayah kerja Anda"),
        ("Siti,1703064101900009,pantarlih,anggota,17.03.06.2001,,", "Pantarlih wajib punya nomor TPS"),
        ("Siti,1703064101900009,pantarlih,anggota,17.03.06.2001,nol,", "nomor TPS 'nol' tidak valid"),
        ("Siti,1703064101900009,pps,ketua,17.03.06.2001,2,", "nomor TPS hanya diisi untuk Pantarlih"),
        ("Siti,1703064101900009,pps,ketua,17.03.06,,", "PPS harus berada di desa/kelurahan"),
        ("Siti,1703064101900009,pps,ketua,17.03.06.2001,,12345", "nomor HP '12345' tidak valid"),
        (",1703064101900009,pps,ketua,17.03.06.2001,,", "nama kosong"),
        ("Siti,1703064101900001,pps,ketua,17.03.06.2001,,", "NIK sama dengan baris 2"),
    ],
)
def test_bad_row_rejects_whole_file_with_line_and_reason(app, world: World, row, message):
    before = db.session.scalar(select(func.count()).select_from(Person))
    with pytest.raises(OfficerImportError) as raised:
        import_officers(csv_bytes(GOOD[0], row), world.election, area=KABUPATEN, actor_id=None)
    db.session.rollback()
    assert [(e.line, message in e.message) for e in raised.value.errors] == [(3, True)]
    assert db.session.scalar(select(func.count()).select_from(Person)) == before


def test_third_pantarlih_on_one_tps_is_refused(app, world: World):
    # world.pantarlih already holds TPS 001 of DESA.
    rows = [
        "Sukarni,1703064101900002,pantarlih,anggota,17.03.06.2001,1,",
        "Budi Santoso,1703064101900003,pantarlih,anggota,17.03.06.2001,1,",
    ]
    with pytest.raises(OfficerImportError) as raised:
        import_officers(csv_bytes(*rows), world.election, area=KABUPATEN, actor_id=None)
    assert [str(e) for e in raised.value.errors] == [
        f"baris 3: TPS 001 di {DESA} sudah punya 2 Pantarlih"
    ]


def test_person_assigned_in_another_kabupaten_is_not_touched(app, world: World):
    row = f"Juminten Baru,{world.far_pantarlih.nik},pantarlih,anggota,{OTHER_DESA},2,"
    with pytest.raises(OfficerImportError) as raised:
        import_officers(csv_bytes(row), world.election, area=KABUPATEN, actor_id=None)
    assert "di luar wilayah kerja Anda" in raised.value.errors[0].message
    db.session.rollback()
    assert db.session.get(Person, world.far_pantarlih.id).full_name == "Juminten"


def test_every_bad_row_is_listed(app, world: World):
    rows = ["A,1,pps,ketua,17.03.06.2001,,", GOOD[1], "B,2,pps,ketua,17.03.06.2001,,"]
    with pytest.raises(OfficerImportError) as raised:
        import_officers(csv_bytes(*rows), world.election, area=KABUPATEN, actor_id=None)
    assert [e.line for e in raised.value.errors] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "berkas kosong"),
        (b"nama,nik\nSiti,1703064101900001\n", "kolom peran, jabatan, kode_wilayah, tps, telepon tidak ada"),
        (b"\xff\xfe\x00garbage", "bukan CSV UTF-8 atau XLSX"),
        (b"PK\x03\x04broken", "XLSX rusak"),
        (HEADER.encode() + b"\n\n", "tidak berisi satu pun baris"),
    ],
)
def test_unreadable_files(app, world: World, data, message):
    with pytest.raises(OfficerImportError) as raised:
        import_officers(data, world.election, area=KABUPATEN, actor_id=None)
    assert message in raised.value.errors[0].message


def test_xlsx_and_semicolon_csv_are_read(app, world: World):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    sheet.append(["Siti Aminah", 1703064101900001, "pps", "ketua", "17.03.06.2001", None, "081211110001"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_officers(buffer.getvalue(), world.election, area=KABUPATEN, actor_id=None).created == 1
    semicolon = (HEADER.replace(",", ";") + "\n" + GOOD[1].replace(",", ";")).encode()
    assert import_officers(semicolon, world.election, area=KABUPATEN, actor_id=None).created == 1


def test_second_role_is_allowed_with_a_warning(app, world: World):
    row = f"Bambang Sutrisno,{world.pps.nik},pantarlih,anggota,{DESA},2,"
    result = import_officers(csv_bytes(row), world.election, area=KABUPATEN, actor_id=None)
    assert result.updated == 1
    assert "rangkap peran" in result.warnings[0]


def test_import_page_shows_errors_and_writes_nothing(client, auth, world: World):
    auth.login_as(world.operator)
    data = {"file": (io.BytesIO(csv_bytes(GOOD[0], "X,123,pps,ketua,17.03.06.2001,,")), "petugas.csv")}
    response = client.post("/petugas/impor", data=data, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Baris 3: NIK &#39;123&#39; tidak valid" in page
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.nik == "1703064101900001")) == 0


def test_import_page_shows_passwords_once_to_the_operator(app, client, auth, world: World):
    auth.login_as(world.operator)
    data = {"file": (io.BytesIO(csv_bytes(*GOOD)), "petugas.csv")}
    response = client.post("/petugas/impor", data=data, content_type="multipart/form-data")
    sheet_url = response.headers["Location"]
    page = client.get(sheet_url).get_data(as_text=True)
    assert "siti.aminah" in page
    csv_text = client.get(sheet_url + ".csv").get_data(as_text=True)
    assert csv_text.splitlines()[0] == "nama,nama_pengguna,jabatan,wilayah,kata_sandi_sekali_pakai"
    assert len(csv_text.splitlines()) == 6
    pdf = client.get(sheet_url + ".pdf")
    assert pdf.mimetype == "application/pdf"
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "siti.aminah" in text and "Sukarni" in text
    # Another operator cannot open the sheet.
    other = app.test_client()
    other.post("/login", data={"username": "ppk", "password": "rahasia-123"})
    assert other.get(sheet_url).status_code == 404
    # Closing it forgets the passwords.
    client.post(sheet_url + "/tutup")
    assert client.get(sheet_url).status_code == 404
    assert db.session.scalar(select(PasswordSheet)).entries == []
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "officers.import")) is not None


def test_import_is_for_operators_only(client, auth, world: World):
    auth.login_as(world.ppk)
    assert client.get("/petugas/impor").status_code == 404


def test_users_import_cli(runner, app, world: World, tmp_path):
    path = tmp_path / "petugas.csv"
    path.write_bytes(csv_bytes(*GOOD))
    out = tmp_path / "sandi.csv"
    result = runner.invoke(args=["users", "import", str(path), "--election", "pilkada-uji", "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert "5 baru" in result.output
    assert len(out.read_text().splitlines()) == 6
    path.write_bytes(csv_bytes("X,1,pps,ketua,17.03.06.2001,,"))
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code != 0
    assert f"{path}:2: NIK '1' tidak valid" in result.output


def test_users_import_cli_unknown_election(runner, app, world: World, tmp_path):
    path = tmp_path / "petugas.csv"
    path.write_bytes(csv_bytes(*GOOD))
    result = runner.invoke(args=["users", "import", str(path), "--election", "tidak-ada"])
    assert result.exit_code != 0
    assert "pemilihan 'tidak-ada' tidak ditemukan" in result.output


def test_a_kabupaten_sized_list_imports_in_one_go(app, world: World):
    # Speed is measured in bench/import_officers.py; this proves a 2,500-row file is accepted whole.
    rows = [
        f"Petugas {i},{1703064101000001 + i:016d},pantarlih,anggota,17.03.06.{2003 + i // 500:04d},{i % 500 // 2 + 1},"
        for i in range(2500)
    ]
    result = import_officers(csv_bytes(*rows), world.election, area=KABUPATEN, actor_id=None)
    assert result.created == 2500
    assert len({entry["username"] for entry in result.passwords}) == 2500


def test_same_names_get_distinct_usernames(app, world: World):
    make_person("Siti Aminah", username="siti.aminah")
    rows = [
        "Siti Aminah,1703064101900011,pantarlih,anggota,17.03.06.2001,5,",
        "Siti  Aminah,1703064101900012,pantarlih,anggota,17.03.06.2001,6,",
        "Sukarni,1703064101900013,pantarlih,anggota,17.03.06.2001,7,",
    ]
    result = import_officers(csv_bytes(*rows), world.election, area=KABUPATEN, actor_id=None)
    assert [e["username"] for e in result.passwords] == ["siti.aminah2", "siti.aminah3", "sukarni"]
