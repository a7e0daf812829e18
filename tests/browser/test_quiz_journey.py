"""Quiz journey: pantarlih.demo answers half the quiz of the tests' own coklit course, reloads, finishes with a double click."""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.quizzes import operations
from bimtek.quizzes.models import Attempt, AttemptStatus, Response
from tests.browser.conftest import login
from tests.quizzes.conftest import load_course


def _answer_shown_question(page) -> None:
    """Give some answer to whatever kind of question the page shows."""
    form = page.locator("form.quiz")
    if form.locator("input[name=answer][type=radio]").count():
        form.locator("input[name=answer][type=radio]").first.check()
    elif form.locator("input[name=answer][type=checkbox]").count():
        form.locator("input[name=answer][type=checkbox]").first.check()
    elif form.locator("select").count():
        for select_box in form.locator("select").all():
            select_box.select_option(index=1)
    else:
        form.locator("input[name=answer]").fill("1")


def _question_number(page) -> int:
    return int(re.search(r"/kuis/\d+/(\d+)$", page.url)[1])


@pytest.mark.browser
@pytest.mark.parametrize("fixture", ["page", "small_page"])
def test_pantarlih_takes_the_coklit_quiz(request, live_server, monkeypatch, fixture):
    load_course("prosedur-coklit")
    graded: list[int] = []
    real_grade = operations._grade


    def slow_grade(attempt_id: int) -> None:
        graded.append(attempt_id)
        time.sleep(0.5)  # a slow server: the officer clicks again while the first click is still loading
        real_grade(attempt_id)

    monkeypatch.setattr(operations, "_grade", slow_grade)
    page = request.getfixturevalue(fixture)

    login(page, live_server, "pantarlih.demo")
    page.goto(f"{live_server}/kursus/prosedur-coklit/kuis")
    assert "6 soal diambil acak" in page.content()  # tests/quizzes/data: a 6-question quiz
    page.click("text=Mulai kuis")
    assert _question_number(page) == 1
    attempt_url = re.search(r"(/kuis/\d+)/1$", page.url)[1]

    for number in range(1, 4):
        assert _question_number(page) == number
        assert f"Soal {number} dari 6" in page.locator("h1").inner_text()
        _answer_shown_question(page)
        page.click("button[value=next]")
    assert _question_number(page) == 4

    # Signal drops, the officer reloads: the attempt resumes at question 4 with the answers kept.
    page.wait_for_load_state("load")
    page.reload(wait_until="load")
    assert _question_number(page) == 4
    assert "Terjawab 3 dari 6" in page.content()
    page.goto(f"{live_server}{attempt_url}")
    assert _question_number(page) == 4
    page.goto(f"{live_server}{attempt_url}/1")
    assert page.locator("form.quiz input:checked, form.quiz input[type=text][value]:not([value=''])").count() >= 1 \
        or page.locator("form.quiz select option:checked:not([value=''])").count() >= 1
    page.goto(f"{live_server}{attempt_url}/4")

    for number in range(4, 7):
        assert _question_number(page) == number
        _answer_shown_question(page)
        page.click("button[value=next]" if number < 6 else "button[value=summary]")
    assert page.url.endswith("/ringkasan")
    assert "Terjawab 6 dari 6 soal." in page.content()

    finishes: list[str] = []
    page.on("request", lambda req: finishes.append(req.url) if req.method == "POST" and "/selesai" in req.url else None)
    # A double click on "Selesai": the second lands while the first request is still being answered.
    box = page.locator("#selesai").bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with page.expect_request(lambda req: req.method == "POST" and "/selesai" in req.url):
        page.mouse.click(x, y)
    page.mouse.click(x, y)
    # The second click aborts the first navigation; expect() polls until the result page is there.
    expect(page).to_have_url(re.compile(r".*/hasil$"), timeout=15_000)
    page.wait_for_load_state()
    content = page.content()
    assert "Hasil kuis" in content and "Nilai:" in content
    assert "Pembahasan" in content and "Jawaban Anda:" in content
    assert len(finishes) == 2, finishes

    db.session.expire_all()
    attempts = db.session.scalars(select(Attempt)).all()
    assert len(attempts) == 1 and attempts[0].status is AttemptStatus.FINISHED
    assert graded == [attempts[0].id]
    assert attempts[0].score is not None
    assert db.session.scalar(select(func.count(Response.id))) == 6
    if fixture == "small_page":
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
