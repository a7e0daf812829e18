"""Trainers' pages: counts per case and per decision within the trainer's area, and the hall mode."""

from __future__ import annotations

import re

from tests.cases.conftest import COURSE, case_url
from tests.cases.test_grading import RIGHT
from tests.cases.test_views import KEY, WRONG_FAJAR

REPORT_CASE = f"/laporan/kasus/{COURSE}/{KEY}"
TOGETHER = f"/latihan-bersama/{COURSE}/{KEY}"


def _answer(client, auth, person, data):
    auth.login_as(person)
    client.post(case_url(KEY), data=data)
    auth.logout()


def _row(page: str, name: str) -> list[str]:
    row = re.search(rf"<tr><td>{name}</td>(.*?)</tr>", page, re.S)
    assert row, name
    return re.findall(r"<td>(.*?)</td>", row[1])


def test_trainer_pages_by_role(client, auth, world, synced):
    for person in (world.pps, world.ppk, world.operator, world.admin):
        auth.login_as(person)
        for url in ("/laporan/kasus", REPORT_CASE, TOGETHER, TOGETHER + "?jawaban=1"):
            assert client.get(url).status_code == 200, (person.username, url)
        assert client.get(f"/laporan/kasus/{COURSE}/99-tidak-ada").status_code == 404
        assert client.get(f"/latihan-bersama/{COURSE}/99-tidak-ada").status_code == 404
        auth.logout()
    for person in (world.pantarlih, world.sekretariat):
        auth.login_as(person)
        for url in ("/laporan/kasus", REPORT_CASE, TOGETHER):
            assert client.get(url).status_code == 404, (person.username, url)
        auth.logout()


def test_counts_per_decision_stay_in_the_trainers_area(client, auth, world, synced):
    _answer(client, auth, world.pantarlih, WRONG_FAJAR)  # Talang Jambu: Fajar wrong on the first try
    _answer(client, auth, world.pantarlih, RIGHT[KEY])  # ... then right
    _answer(client, auth, world.other_pantarlih, RIGHT[KEY])  # Tebat Pacur, same kecamatan: all right
    _answer(client, auth, world.far_pantarlih, WRONG_FAJAR)  # another kabupaten

    auth.login_as(world.pps)  # PPS Talang Jambu: only their own Pantarlih
    page = client.get(REPORT_CASE).get_data(as_text=True)
    # answered, right on the first try, %, right on the latest try
    assert _row(page, "FAJAR RAMADHAN") == ["1", "0", "0", "1"]
    assert _row(page, "MARLINA") == ["1", "1", "100", "1"]
    report = client.get("/laporan/kasus").get_data(as_text=True)
    assert re.search(r"Berulang tahun ke-17 tepat pada hari pemungutan suara</a></td>\s*<td>1</td><td>0</td><td>1</td>",
                     report)
    auth.logout()

    auth.login_as(world.ppk)  # PPK Kerkap: both desa
    page = client.get(REPORT_CASE).get_data(as_text=True)
    assert _row(page, "FAJAR RAMADHAN") == ["2", "1", "50", "2"]
    auth.logout()

    auth.login_as(world.other_operator)  # KPU Indragiri Hilir: only the far Pantarlih
    page = client.get(REPORT_CASE).get_data(as_text=True)
    assert _row(page, "FAJAR RAMADHAN") == ["1", "0", "0", "0"]
    auth.logout()

    auth.login_as(world.admin)
    assert _row(client.get(REPORT_CASE).get_data(as_text=True), "FAJAR RAMADHAN") == ["3", "1", "33", "2"]


def test_hall_mode_reveals_the_answer_on_a_tap(client, auth, world, synced):
    auth.login_as(world.pps)
    page = client.get(TOGETHER).get_data(as_text=True)
    assert "FAJAR RAMADHAN" in page
    assert "Jawaban yang benar" not in page
    assert f'href="{TOGETHER}?jawaban=1#jawaban"' in page
    assert "<script" not in page
    revealed = client.get(TOGETHER + "?jawaban=1").get_data(as_text=True)
    assert "Jawaban yang benar: <strong>Catat di Daftar Potensial Pemilih" in revealed
    assert "Kasus 2 dari 32" in revealed
    assert f'href="/latihan-bersama/{COURSE}/03-meninggal-dengan-akta"' in revealed
