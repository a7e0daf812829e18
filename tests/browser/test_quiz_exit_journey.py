"""Quiz journeys at 360 px, no JavaScript: leaving a quiz keeps one logged in; the operator filters the report."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from bimtek.extensions import db
from bimtek.quizzes.models import Attempt
from bimtek.quizzes.plan import AttemptPlan
from tests.browser.conftest import login
from tests.quizzes.conftest import form_for, key_response, load_course


def _give(page, shown, right: bool) -> None:
    """Fill the question page with the hand-written right (or wrong) answer of the tests' bank."""
    form = page.locator("form.quiz")
    for name, value in form_for(shown, key_response(shown.question, right)).items():
        if name.startswith("match-"):
            form.locator(f"select[name='{name}']").select_option(value)
        elif isinstance(value, list):
            for one in value:
                form.locator(f"input[name=answer][value='{one}']").check()
        elif form.locator(f"input[name=answer][value='{value}']").count():
            form.locator(f"input[name=answer][value='{value}']").check()
        else:
            form.locator("input[name=answer]").fill(value)


@pytest.mark.browser
def test_pantarlih_leaves_the_quiz_for_the_course_and_comes_back(live_server, small_page):
    load_course("prosedur-coklit")  # tests/quizzes/data: 6 questions, pass mark 70, 5 attempts, 5 minutes apart
    page = small_page
    login(page, live_server, "pantarlih.demo")
    page.goto(f"{live_server}/kursus/prosedur-coklit/kuis")
    page.click("text=Mulai kuis")
    assert re.search(r"/kuis/\d+/1$", page.url)
    attempt_id = int(re.search(r"/kuis/(\d+)/1$", page.url)[1])
    db.session.expire_all()
    plan = AttemptPlan(db.session.scalar(select(Attempt.questions).where(Attempt.id == attempt_id))).questions
    # Two questions answered wrong (never the matching one, which earns part of its points).
    wrong = [shown.position for shown in plan if shown.question.name != "uji-menjodohkan"][:2]

    _give(page, plan[0], right=plan[0].position not in wrong)
    page.click("button[value=next]")
    assert page.url.endswith(f"/kuis/{attempt_id}/2")
    assert page.locator("form[action='/logout']").count() == 0  # no log-out on a quiz in progress
    page.click("#keluar-kuis")
    assert page.url == f"{live_server}/kursus/prosedur-coklit"
    assert page.locator("form[action='/logout']").count() == 1  # still logged in: the main menu is back
    assert "Kuis belum selesai" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.click("text=Lanjutkan kuis")
    assert page.url.endswith(f"/kuis/{attempt_id}/2")  # the first answer was kept
    for shown in plan[1:]:
        _give(page, shown, right=shown.position not in wrong)
        page.click("button[value=next]" if shown.position < len(plan) else "button[value=summary]")
    assert page.url.endswith("/ringkasan") and "Terjawab 6 dari 6 soal." in page.content()
    assert page.locator("#keluar-kuis").get_attribute("href") == "/kursus/prosedur-coklit"
    page.click("#selesai")
    assert page.url.endswith(f"/kuis/{attempt_id}/hasil")
    summary = " ".join(page.locator("#hasil").inner_text().split())
    assert "4 dari 6 benar" in summary
    assert "Nilai: 67" in summary and "Nilai lulus: 70" in summary
    assert "Sisa kesempatan: 4 dari 5 kali" in summary
    assert re.search(r"Percobaan berikutnya dapat dimulai \w+, \d{1,2} \w+ \d{4} pukul \d\d\.\d\d WIB\.", summary)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.mark.browser
def test_operator_filters_the_quiz_report_on_a_phone(live_server, small_page):
    load_course("prosedur-coklit")
    page = small_page
    login(page, live_server, "kpu.bengkuluutara")
    page.goto(f"{live_server}/laporan/kuis")
    page.click("text=Prosedur Coklit (uji)")
    assert page.url.endswith("/laporan/kuis/prosedur-coklit")
    form = page.locator("#saring")
    form.locator("select[name=wilayah]").select_option(label="Kecamatan Kerkap")
    form.locator("select[name=peran]").select_option("pantarlih")
    form.locator("select[name=status]").select_option("belum-mencoba")
    form.locator("button[type=submit]").click()
    assert "wilayah=17.03.06" in page.url and "peran=pantarlih" in page.url and "status=belum-mencoba" in page.url
    names = page.locator("#peserta tbody tr")
    assert 1 <= names.count() <= 50
    assert "Belum mencoba" in page.locator("#peserta").inner_text()
    assert "17.03.06" not in page.locator("#peserta").inner_text()  # region names, not codes
    # The filter now offers the desa of Kerkap under the kecamatan.
    assert page.locator("select[name=wilayah] option", has_text="Desa Talang Jambu").count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server}/laporan/kuis/prosedur-coklit?status=belum-mencoba")
    total = int(re.search(r"(\d+) petugas", page.locator("#jumlah").inner_text())[1])
    assert total > 50  # the demo kabupaten has a few hundred officers: more than one page
    page.click("a[rel=next]")
    assert "status=belum-mencoba" in page.url and "halaman=2" in page.url
    assert "Halaman 2 dari" in page.locator(".pager").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
