"""Class 5: no cell we write into a CSV runs as a formula, on the web or from `flask users import`."""

from __future__ import annotations

import csv
import io

from tests.factories import DESA, World

HEADER = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"
ROWS = [
    '"=HYPERLINK(""http://contoh.invalid"",""klik"")",1703064101900001,pps,ketua,{desa},,',
    "+Siti Aminah,1703064101900002,pantarlih,anggota,{desa},3,",
    "-Budi Santoso,1703064101900003,pantarlih,anggota,{desa},3,",
    "@Agus Salim,1703064101900004,pantarlih,anggota,{desa},4,",
]
EXPECTED_NAMES = ["'=HYPERLINK(\"http://contoh.invalid\",\"klik\")", "'+Siti Aminah", "'-Budi Santoso", "'@Agus Salim"]


def _data() -> bytes:
    return ("\n".join([HEADER, *(row.format(desa=DESA) for row in ROWS)]) + "\n").encode()


def _names(text: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["nama", "nama_pengguna", "jabatan", "wilayah", "kata_sandi_sekali_pakai"]
    return sorted(row[0] for row in rows[1:])


def test_password_csv_on_the_web_neutralises_formulas(client, auth, world: World):
    auth.login_as(world.operator)
    response = client.post("/petugas/impor", data={"file": (io.BytesIO(_data()), "petugas.csv")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    sheet_url = response.headers["Location"]
    csv_response = client.get(sheet_url + ".csv")
    assert csv_response.status_code == 200
    assert _names(csv_response.get_data(as_text=True)) == sorted(EXPECTED_NAMES)


def test_passwords_out_file_neutralises_formulas(runner, world: World, tmp_path):
    source = tmp_path / "petugas.csv"
    source.write_bytes(_data())
    out = tmp_path / "sandi.csv"
    result = runner.invoke(args=["users", "import", str(source), "--passwords-out", str(out)])
    assert result.exit_code == 0, result.output
    assert _names(out.read_text(encoding="utf-8")) == sorted(EXPECTED_NAMES)
    assert out.stat().st_mode & 0o777 == 0o600
