"""Class 3: NIK, phone and TPS take ASCII digits only (after NFKC); names are NFC without hidden characters."""

from __future__ import annotations

import html
import io

import pytest
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person
from tests.factories import DESA, World

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"
NIK = "1703064101900001"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _import(client, auth, world: World, *rows: str):
    auth.login_as(world.operator)
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    return client.post("/petugas/impor", data={"file": (io.BytesIO(data), "petugas.csv")},
                       content_type="multipart/form-data")


def _page(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _people() -> int:
    return db.session.scalar(select(func.count()).select_from(Person))


def test_full_width_nik_is_the_same_person_not_a_new_one(client, auth, world: World):
    """Juminten (Indragiri Hilir) typed in full-width digits must not slip past the cross-area check."""
    before = _people()
    response = _import(client, auth, world, f"Juminten,{world.far_pantarlih.nik.translate(FULL_WIDTH)},pantarlih,anggota,{DESA},2,")
    page = _page(response)
    assert response.status_code == 422
    assert "Baris 2: NIK ini sudah terdaftar di luar wilayah kerja Anda" in page
    assert _people() == before


def test_full_width_nik_of_a_new_officer_is_stored_in_ascii(client, auth, world: World):
    response = _import(client, auth, world, f"Siti Aminah,{NIK.translate(FULL_WIDTH)},pps,ketua,{DESA},,")
    assert response.status_code == 302
    assert db.session.scalar(select(Person.nik).where(Person.full_name == "Siti Aminah")) == NIK


@pytest.mark.parametrize(("cell", "column", "expected"), [
    (NIK.translate(ARABIC_INDIC), "nik", "tidak valid (harus 16 angka 0-9)"),
    ("١٧٠٣٠٦٤١٠١٩٠٠٠٠١", "nik", "tidak valid (harus 16 angka 0-9)"),
    ("+62٨١٢٣٤٥٦٧٨٩٠", "telepon", "nomor HP"),
    ("٣", "tps", "nomor TPS"),
    ("३", "tps", "nomor TPS"),
    ("1000", "tps", "nomor TPS '1000' tidak valid (harus angka 1-999)"),
    ("0", "tps", "nomor TPS '0' tidak valid"),
    ("99999999999999999999", "tps", "tidak valid (harus angka 1-999)"),
])
def test_digits_that_are_not_ascii_digits_are_refused(client, auth, world: World, cell, column, expected):
    values = {"nik": NIK, "tps": "3", "telepon": ""} | {column: cell}
    before = _people(), db.session.scalar(select(func.count()).select_from(Assignment))
    response = _import(client, auth, world,
                       f"Siti Aminah,{values['nik']},pantarlih,anggota,{DESA},{values['tps']},{values['telepon']}")
    assert response.status_code == 422
    assert expected in _page(response)
    assert (_people(), db.session.scalar(select(func.count()).select_from(Assignment))) == before


@pytest.mark.parametrize(("name", "expected"), [
    ("Siti\x00Aminah", "nama berisi karakter kendali"),
    ("Siti\x07Aminah", "nama berisi karakter kendali"),
    ("Siti \u202eanimA", "nama berisi karakter pembalik arah teks"),
    ("Siti \u2066Aminah\u2069", "nama berisi karakter pembalik arah teks"),
    ("Siti\u200bAminah", "nama berisi karakter tak terlihat"),
    ("Siti\u200dAminah", "nama berisi karakter tak terlihat"),
    ("\ufeffSiti Aminah", "nama berisi karakter tak terlihat"),
])
def test_names_with_hidden_characters_are_refused(client, auth, world: World, name, expected):
    before = _people()
    response = _import(client, auth, world, f'"{name}",{NIK},pps,ketua,{DESA},,')
    assert response.status_code == 422
    assert f"Baris 2: {expected}" in _page(response)
    assert _people() == before


def test_names_are_stored_in_nfc(client, auth, world: World):
    _import(client, auth, world, f"Jose\u0301 Rami\u0301rez,{NIK},pps,ketua,{DESA},,")
    assert db.session.scalar(select(Person.full_name).where(Person.nik == NIK)) == "Jos\u00e9 Ram\u00edrez"


def test_edit_form_refuses_hidden_characters_and_foreign_digits(client, auth, world: World):
    auth.login_as(world.operator)
    url = f"/petugas/{world.pantarlih.id}/ubah"
    page = client.post(url, data={"full_name": "Sri \u202eWahyuni", "nik": world.pantarlih.nik}).get_data(as_text=True)
    assert "Nama berisi karakter yang tidak diizinkan" in page
    page = client.post(url, data={"full_name": "Sri Wahyuni", "nik": world.pantarlih.nik.translate(ARABIC_INDIC)}).get_data(as_text=True)
    assert "NIK harus 16 angka yang valid." in page
    # Another person's NIK in full-width digits is still their NIK.
    page = client.post(url, data={"full_name": "Sri Wahyuni", "nik": world.pps.nik.translate(FULL_WIDTH)}).get_data(as_text=True)
    assert "NIK ini sudah dipakai orang lain." in page
    db.session.expire_all()
    person = db.session.get(Person, world.pantarlih.id)
    assert (person.full_name, person.nik) == ("Sri Wahyuni", world.pantarlih.nik)


def test_nul_in_any_field_is_refused_before_the_database_sees_it(client, auth, world: World):
    response = client.post("/login", data={"username": "pps\x00", "password": "x"})
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.get_data(as_text=True)
    auth.login_as(world.operator)
    response = client.get("/petugas/?q=Sri%00")
    assert response.status_code == 400
