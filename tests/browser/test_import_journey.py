"""Import journey on a 360 px phone without JavaScript: template, region code, a bad file with every problem, a good file."""

from __future__ import annotations

import csv
import io

import pytest

from tests.browser.conftest import login


def _fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


@pytest.mark.browser
def test_operator_imports_alone_from_the_template(live_server, small_page, tmp_path):
    page = small_page
    login(page, live_server, "kpu.bengkuluutara")
    page.goto(f"{live_server}/petugas/impor")
    assert "Impor daftar petugas" in page.locator("h1").inner_text()
    _fits(page)

    # 1. The CSV template: the importer's header and one example row per role.
    with page.expect_download() as download_info:
        page.click("text=Templat CSV")
    download = download_info.value
    assert download.suggested_filename == "templat-impor-petugas.csv"
    rows = list(csv.reader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert rows[0] == ["nama", "nik", "peran", "jabatan", "kode_wilayah", "tps", "telepon"]
    assert [row[2] for row in rows[1:]] == ["operator_kpu", "ppk", "pps", "sekretariat_pps", "pantarlih"]

    # 2. The region code of a desa, found by name within the operator's kabupaten.
    page.click("text=Cari kode wilayah")
    _fits(page)
    page.fill("input[name=q]", "talang jambu")
    page.click("button:has-text('Cari')")
    table = page.locator("table.import-regions tbody")
    assert table.locator("tr").count() == 1
    assert table.locator("code").inner_text() == "17.03.06.2001"
    _fits(page)

    # 3. A bad file: every problem of every row at once, and nothing imported.
    header = ",".join(rows[0])
    bad = tmp_path / "petugas-salah.csv"
    bad.write_text("\n".join([
        header,
        "Siti Aminah,1703064101990001,pps,anggota,17.03.06.2001,,12345",
        "Sukarni,1703064101990002,pps,anggota,17.03.99.2001,,",
        "Budi Santoso,1703064101990003,lurah,anggota,17.03.06.2001,,",
    ]) + "\n", encoding="utf-8")
    page.goto(f"{live_server}/petugas/impor")
    page.set_input_files("input[type=file]", str(bad))
    page.click("button:has-text('Impor')")
    alert = page.locator("div.flash.error")
    assert "Tidak ada yang diimpor: 3 baris bermasalah." in alert.inner_text()
    assert alert.locator("ul.errors li").all_inner_texts() == [
        "Baris 2: nomor HP '12345' tidak valid (contoh: 081234567890 atau +6281234567890)",
        "Baris 3: kode wilayah '17.03.99.2001' tidak dikenal",
        "Baris 4: peran 'lurah' tidak dikenal (pilihan: operator_kpu, ppk, pps, sekretariat_pps, pantarlih)",
    ]
    _fits(page)

    # 4. The good file: the template's rows with the code found above; the password sheet follows.
    good = tmp_path / "petugas.csv"
    good.write_text("\n".join([
        header,
        "Siti Aminah,1703064101990001,pps,anggota,17.03.06.2001,,081299990001",
        "Sukarni,1703064101990002,pantarlih,anggota,17.03.06.2001,7,",
    ]) + "\n", encoding="utf-8")
    page.set_input_files("input[type=file]", str(good))
    page.click("button:has-text('Impor')")
    assert "/petugas/sandi/" in page.url
    body = page.locator("main").inner_text()
    assert "Impor selesai: 2 baru, 0 diubah, 0 tetap." in body
    assert "siti.aminah" in body and "sukarni" in body
