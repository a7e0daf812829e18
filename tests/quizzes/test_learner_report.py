"""The trainers' quiz report of a course: every learner in the area, filtered by region, role and status, 50 a page."""

from __future__ import annotations

import html
import re

from datetime import timedelta

import pytest

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.quizzes.operations import finish_attempt, save_answer, start_attempt
from bimtek.quizzes.plan import AttemptPlan
from tests.factories import DESA, OTHER_DESA, World, assign, make_person
from tests.quizzes.conftest import key_response

URL = "/laporan/kuis/prosedur-coklit"
ENGGANO_DESA = "17.03.01.2001"  # Banjar Sari, Kecamatan Enggano: same kabupaten, another kecamatan


def _login(app, person):
    client = app.test_client()
    assert client.post("/login", data={"username": person.username, "password": "rahasia-123"}).status_code == 302
    return client


def _take(course, person, election, right: bool) -> None:
    attempt = start_attempt(course, person.id, election.id)
    db.session.flush()
    for shown in AttemptPlan(attempt.questions).questions:
        save_answer(attempt.id, shown.position, shown.question_id, key_response(shown.question, right))
    finish_attempt(attempt.id)
    db.session.commit()


def _names(page: str) -> list[str]:
    """Return the names in the learner table, in order."""
    table = page[page.index('id="peserta"'):page.index("</table>", page.index('id="peserta"'))]
    return [html.unescape(name) for name in re.findall(r"<tr><td>([^<]+)<br>", table)]


def _text(page: str) -> str:
    """Return the page's visible words in one line (tags dropped, spaces folded)."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split()).replace(" ,", ",")


@pytest.fixture
def crowd(world: World, coklit):
    """118 more Pantarlih in Talang Jambu: with the world's two Pantarlih and two PPS, 122 learners in Kerkap."""
    for number in range(118):
        person = make_person(f"Pantarlih Uji {number:03d}")
        assign(person, world.election, Role.PANTARLIH, DESA, tps=number + 2)
    enggano = make_person("Pantarlih Enggano")
    assign(enggano, world.election, Role.PANTARLIH, ENGGANO_DESA, tps=1)
    db.session.commit()
    _take(coklit, world.pantarlih, world.election, right=True)
    _take(coklit, world.other_pantarlih, world.election, right=False)
    return world


def test_operator_sees_every_learner_with_titles_and_region_names(app, crowd: World):
    page = _login(app, crowd.operator).get(URL).get_data(as_text=True)
    text = _text(page)
    assert "Hasil kuis: Prosedur Coklit (uji)" in text
    # 118 + Sri Wahyuni + Paiman + the two PPS of Kerkap + the Enggano Pantarlih.
    assert "123 petugas: 1 lulus, 1 belum lulus, 121 belum mencoba" in text
    assert "Halaman 1 dari 3" in text
    assert len(_names(page)) == 50
    rows = page[page.index('id="peserta"'):]
    assert "Desa Talang Jambu" in rows and "Desa Banjar Sari" in rows
    # Codes only inside links, never as words on the screen.
    assert "17.03.06.2001" not in _text(rows) and "prosedur-coklit" not in _text(page)
    overview = _login(app, crowd.operator).get("/laporan/kuis").get_data(as_text=True)
    # The overview counts the same learners as the course's list: 123 = 1 lulus + 1 belum lulus + 121 belum mencoba.
    assert "Prosedur Coklit (uji) 123 1 1 121" in _text(overview) and "prosedur-coklit" not in _text(overview)
    assert f'href="{URL}?status=belum-mencoba">121</a>' in overview
    ppk = _text(_login(app, crowd.ppk).get("/laporan/kuis").get_data(as_text=True))
    assert "Prosedur Coklit (uji) 122 1 1 120" in ppk


def test_role_filter_and_pages_keep_the_filters(app, crowd: World):
    client = _login(app, crowd.operator)
    page = client.get(f"{URL}?peran=pantarlih").get_data(as_text=True)
    assert "121 petugas: 1 lulus, 1 belum lulus, 119 belum mencoba" in _text(page)
    assert "Halaman 1 dari 3" in _text(page)
    assert f'href="{URL}?peran=pantarlih&amp;halaman=2"' in page
    last = client.get(f"{URL}?peran=pantarlih&halaman=3").get_data(as_text=True)
    assert len(_names(last)) == 21 and "Halaman 3 dari 3" in _text(last)
    assert f'href="{URL}?peran=pantarlih&amp;halaman=2"' in last and "Berikutnya" not in last
    pages = [client.get(f"{URL}?peran=pantarlih&halaman={n}").get_data(as_text=True) for n in (1, 2, 3)]
    seen = [name for one in pages for name in _names(one)]
    assert len(seen) == 121 and len(set(seen)) == 121  # each learner on exactly one page

    pps = client.get(f"{URL}?peran=pps").get_data(as_text=True)
    assert _names(pps) == ["Bambang Sutrisno", "Dewi Pacur"]
    assert "2 petugas: 0 lulus, 0 belum lulus, 2 belum mencoba" in _text(pps)
    assert 'class="pager"' not in pps


def test_status_filter_with_region_and_pages(app, crowd: World):
    client = _login(app, crowd.operator)
    passed = client.get(f"{URL}?status=lulus").get_data(as_text=True)
    assert _names(passed) == ["Sri Wahyuni"]
    failed = client.get(f"{URL}?status=belum-lulus").get_data(as_text=True)
    assert _names(failed) == ["Paiman"]
    assert "Belum lulus" in failed[failed.index('id="peserta"'):]
    waiting = client.get(f"{URL}?wilayah={DESA}&peran=pantarlih&status=belum-mencoba").get_data(as_text=True)
    # Talang Jambu: Sri Wahyuni (passed) and the 118: all 118 have not tried yet.
    assert "Desa Talang Jambu" in _text(waiting) and "Halaman 1 dari 3" in _text(waiting)
    assert f'href="{URL}?wilayah={DESA}&amp;peran=pantarlih&amp;status=belum-mencoba&amp;halaman=2"' in waiting
    third = client.get(f"{URL}?wilayah={DESA}&peran=pantarlih&status=belum-mencoba&halaman=3").get_data(as_text=True)
    assert len(_names(third)) == 18
    assert all(name.startswith("Pantarlih Uji") for name in _names(third))
    other = client.get(f"{URL}?wilayah={OTHER_DESA}").get_data(as_text=True)
    assert _names(other) == ["Dewi Pacur", "Paiman"]


def test_region_options_drill_down_within_the_area(app, crowd: World):
    client = _login(app, crowd.operator)
    page = client.get(URL).get_data(as_text=True)
    assert '<option value="17.03.06">Kecamatan Kerkap</option>' in page
    assert '<option value="17.03.01">Kecamatan Enggano</option>' in page
    assert DESA not in page[page.index('name="wilayah"'):page.index("</select>")]
    chosen = client.get(f"{URL}?wilayah=17.03.06").get_data(as_text=True)
    assert '<option value="17.03.06" selected>Kecamatan Kerkap</option>' in chosen
    assert f'<option value="{DESA}">— Desa Talang Jambu</option>' in chosen
    ppk = _login(app, crowd.ppk).get(URL).get_data(as_text=True)
    assert f'<option value="{DESA}">Desa Talang Jambu</option>' in ppk and "Kecamatan Enggano" not in ppk
    pps = _login(app, crowd.pps).get(URL).get_data(as_text=True)
    assert 'name="wilayah"' not in pps  # one desa: nothing to choose


def test_ppk_cannot_filter_into_another_kecamatan(app, crowd: World):
    client = _login(app, crowd.ppk)  # Kecamatan Kerkap
    page = client.get(f"{URL}?wilayah=17.03.01").get_data(as_text=True)
    assert "Wilayah yang dipilih di luar wilayah Anda atau tidak dikenal" in _text(page)
    assert "Pantarlih Enggano" not in page and "Banjar Sari" not in page
    assert "122 petugas" in _text(page)  # the PPK's own kecamatan, not widened, not emptied
    desa = client.get(f"{URL}?wilayah={ENGGANO_DESA}&status=belum-mencoba").get_data(as_text=True)
    assert "Pantarlih Enggano" not in desa and "Wilayah yang dipilih di luar wilayah Anda" in _text(desa)
    unknown = client.get(f"{URL}?wilayah=99.99").get_data(as_text=True)
    assert "Wilayah yang dipilih di luar wilayah Anda atau tidak dikenal" in _text(unknown)
    pps = _login(app, crowd.pps).get(f"{URL}?wilayah={OTHER_DESA}").get_data(as_text=True)
    assert "Paiman" not in pps and "Wilayah yang dipilih di luar wilayah Anda" in _text(pps)
    assert _names(pps)[:2] == ["Bambang Sutrisno", "Pantarlih Uji 000"]


def test_bad_filters_are_dropped_with_a_message(app, crowd: World):
    client = _login(app, crowd.operator)
    role = client.get(f"{URL}?peran=ppk").get_data(as_text=True)  # PPK are not learners of this course
    assert "Peran yang dipilih bukan peserta kursus ini" in _text(role) and "123 petugas" in _text(role)
    status = client.get(f"{URL}?status=hilang").get_data(as_text=True)
    assert "Status yang dipilih tidak dikenal" in _text(status)
    for halaman in ("abc", "-1", "٢", "0"):
        page = client.get(f"{URL}?halaman={halaman}")
        assert page.status_code == 200 and "Halaman 1 dari 3" in _text(page.get_data(as_text=True)), halaman
    beyond = client.get(f"{URL}?halaman=99").get_data(as_text=True)
    assert "Halaman 3 dari 3" in _text(beyond) and len(_names(beyond)) == 23


def test_report_page_queries_do_not_grow_with_the_learners(app, crowd: World, max_queries):
    client = _login(app, crowd.operator)
    with max_queries(10):
        assert client.get(URL).status_code == 200
    with max_queries(10):
        assert client.get(f"{URL}?wilayah=17.03.06&peran=pantarlih&status=belum-mencoba&halaman=2").status_code == 200
    with max_queries(6 + 2):  # the overview: a fixed part, then two statements per course with a quiz (one here)
        assert client.get("/laporan/kuis").status_code == 200


def test_a_timed_out_passing_attempt_counts_as_passed_before_it_is_settled(app, world: World, coklit, max_queries):
    start = clock.now()
    with clock.frozen_at(start):
        attempt = start_attempt(coklit, world.pantarlih.id, world.election.id)
        db.session.flush()
        for shown in AttemptPlan(attempt.questions).questions:
            save_answer(attempt.id, shown.position, shown.question_id, key_response(shown.question, True))
        db.session.commit()
    with clock.frozen_at(start + timedelta(minutes=31)):  # the test course allows 30 minutes
        client = _login(app, world.ppk)
        with max_queries(10):
            page = client.get(f"{URL}?status=lulus").get_data(as_text=True)
        assert _names(page) == ["Sri Wahyuni"]
        assert "4 petugas: 1 lulus, 0 belum lulus, 3 belum mencoba" in _text(page)
