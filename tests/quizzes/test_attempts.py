"""Taking a quiz: drawing, one question per page, answers saved as upserts, resuming, finishing once."""

from __future__ import annotations

import random
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bimtek import clock
from bimtek.extensions import db
from bimtek.quizzes import operations
from bimtek.quizzes.models import Attempt, AttemptStatus, BankQuestion, Response
from bimtek.quizzes.plan import AttemptPlan
from bimtek.quizzes.queries import passed_course_ids
from tests.factories import World
from tests.quizzes.conftest import answer, form_for, key_response, load_course


def _begin(client, slug="prosedur-coklit") -> Attempt:
    response = client.post(f"/kursus/{slug}/kuis/mulai")
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    attempt_id = int(re.search(r"/kuis/(\d+)", response.headers["Location"])[1])
    db.session.expire_all()
    return db.session.get(Attempt, attempt_id)


def _plan(attempt: Attempt) -> AttemptPlan:
    return AttemptPlan(attempt.questions)


def _finish_all(client, attempt: Attempt, right: bool = True) -> None:
    for shown in _plan(attempt).questions:
        assert answer(client, attempt, shown, right).status_code == 302
    assert client.post(f"/kuis/{attempt.id}/selesai").status_code == 302


def _reload(attempt: Attempt) -> Attempt:
    db.session.expire_all()
    return db.session.get(Attempt, attempt.id)


def test_intro_shows_rules_and_start_button(client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    page = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    assert "6 soal diambil acak" in page  # tests/quizzes/data/prosedur-coklit/course.yaml
    assert "Nilai lulus: 70" in page
    assert "Batas waktu: 30 menit" in page
    assert "Mulai kuis" in page


def test_quiz_is_only_for_the_course_audience(client, auth, world: World, coklit):
    auth.login_as(world.sekretariat)  # audience is pantarlih and pps
    assert client.get("/kursus/prosedur-coklit/kuis").status_code == 404
    assert client.post("/kursus/prosedur-coklit/kuis/mulai").status_code == 404
    assert client.get("/kursus/tidak-ada/kuis").status_code == 404


def test_draw_follows_categories_and_stores_snapshots_and_orders(client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    assert attempt.question_count == 6 and attempt.election_id == world.election.id
    categories = [item["snapshot"]["category"] for item in attempt.questions]
    for category, count in coklit.quiz_rules["per_category"].items():
        assert categories.count(category) == count
    for item in attempt.questions:
        row = db.session.get(BankQuestion, item["question_id"])
        assert item["snapshot"] == row.data
        if item["snapshot"]["kind"] in ("single", "multi"):
            assert sorted(item["order"]) == list(range(len(item["snapshot"]["answers"])))


def test_options_are_shuffled_per_attempt(app, world: World, coklit):
    orders = set()
    for seed in range(6):
        attempt = operations.start_attempt(coklit, world.pantarlih.id, world.election.id, random.Random(seed))
        orders.add(tuple(tuple(item["order"]) for item in attempt.questions if item["snapshot"]["kind"] == "single"))
        db.session.rollback()
    assert len(orders) > 1


def test_question_page_never_contains_the_answer_key(client, auth, world: World, coklit):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    for shown in _plan(attempt).questions:
        html = client.get(f"/kuis/{attempt.id}/{shown.position}").get_data(as_text=True)
        question = shown.question
        assert "%" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S)
        if question.explanation:
            assert question.explanation not in html
        for choice in question.answers:
            if choice.feedback:
                assert choice.feedback not in html
            if question.kind == "short":  # accepted short answers are the key
                form = html[html.index('class="quiz"'):html.index("</form>", html.index('class="quiz"'))]
                visible = re.sub(r"<[^>]+>", " ", form.replace(str(shown.html), ""))
                assert not re.search(rf"(?<!\w){re.escape(choice.text)}(?!\w)", visible), choice.text
        for number in question.numeric:
            if number.feedback:
                assert number.feedback not in html
        assert "fraction" not in html and "truth" not in html
        # Option keys are per-attempt letters, never the original positions in the bank.
        values = re.findall(r'name="answer" value="([^"]*)"', html)
        assert all(value in ("true", "false") or re.fullmatch("[a-z]", value) for value in values)


def test_each_answer_is_one_upserted_row_and_resume_keeps_it(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    first, second = _plan(attempt).questions[:2]
    assert answer(client, attempt, first, right=False).status_code == 302
    assert answer(client, attempt, first, right=True).status_code == 302
    rows = db.session.scalars(select(Response).where(Response.attempt_id == attempt.id)).all()
    assert len(rows) == 1 and rows[0].position == 1 and rows[0].question_id == first.question_id
    assert first.grade(rows[0].response).correct
    # Resuming (another device: a fresh log-in) lands on the first unanswered question.
    auth.logout()
    auth.login_as(world.pantarlih)
    response = client.get(f"/kuis/{attempt.id}")
    assert response.headers["Location"].endswith(f"/kuis/{attempt.id}/2")
    page = client.get(f"/kuis/{attempt.id}/1").get_data(as_text=True)
    posted = form_for(first, rows[0].response)
    if first.kind in ("single", "truefalse"):
        assert f'value="{posted["answer"]}" checked' in page
    elif first.kind in ("short", "numerical"):
        assert f'value="{posted["answer"]}"' in page
    # The intro offers to resume, not to start another attempt.
    intro = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    assert "Lanjutkan kuis" in intro and "Mulai kuis" not in intro
    assert _begin(client).id == attempt.id
    assert second.position == 2


def test_navigation_buttons(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    shown = _plan(attempt).questions
    assert answer(client, attempt, shown[1], go="prev").headers["Location"].endswith(f"/kuis/{attempt.id}/1")
    assert answer(client, attempt, shown[1], go="4").headers["Location"].endswith(f"/kuis/{attempt.id}/4")
    assert answer(client, attempt, shown[3], go="next").headers["Location"].endswith("/ringkasan")
    summary = client.get(f"/kuis/{attempt.id}/ringkasan").get_data(as_text=True)
    assert "Terjawab 2 dari 4 soal." in summary and "Selesai" in summary


def test_bad_input(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    plan = _plan(attempt)
    choice = next((s for s in plan.questions if s.kind in ("single", "multi", "truefalse")), plan.questions[0])
    response = client.post(f"/kuis/{attempt.id}/{choice.position}", data={"answer": "zz", "go": "next"})
    if choice.kind in ("single", "multi", "truefalse"):
        assert response.status_code == 400
        assert "Pilihan jawaban tidak dikenal" in response.get_data(as_text=True)
    assert client.get(f"/kuis/{attempt.id}/0").status_code == 404
    assert client.get(f"/kuis/{attempt.id}/5").status_code == 404
    assert client.post(f"/kuis/{attempt.id}/5", data={"answer": "a"}).status_code == 404
    assert client.get(f"/kuis/{attempt.id + 99}/1").status_code == 404


def test_someone_elses_attempt_is_404(app, client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    other = app.test_client()
    other.post("/login", data={"username": world.other_pantarlih.username, "password": "rahasia-123"})
    for url in (f"/kuis/{attempt.id}", f"/kuis/{attempt.id}/1", f"/kuis/{attempt.id}/ringkasan",
                f"/kuis/{attempt.id}/hasil"):
        assert other.get(url).status_code == 404, url
    assert other.post(f"/kuis/{attempt.id}/1", data={"answer": "a"}).status_code == 404
    assert other.post(f"/kuis/{attempt.id}/selesai").status_code == 404
    assert _reload(attempt).status is AttemptStatus.OPEN
    # In-scope control: the owner still reaches every page.
    assert client.get(f"/kuis/{attempt.id}/1").status_code == 200


def test_finish_grades_and_passing_completes_the_quiz(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    assert passed_course_ids(world.pantarlih.id, world.election.id) == set()
    _finish_all(client, attempt, right=True)
    attempt = _reload(attempt)
    assert attempt.status is AttemptStatus.FINISHED and attempt.score == 100 and attempt.passed
    assert passed_course_ids(world.pantarlih.id, world.election.id) == {small_quiz.id}
    page = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    assert "Nilai: 100" in page and "Anda lulus" in page and "Pembahasan" in page
    # Another election, another person: not passed there.
    assert passed_course_ids(world.pantarlih.id, world.election.id + 1) == set()
    assert passed_course_ids(world.other_pantarlih.id, world.election.id) == set()


def test_answer_after_close_is_refused_with_a_message(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    assert client.post(f"/kuis/{attempt.id}/selesai").status_code == 302
    shown = _plan(attempt).questions[0]
    response = answer(client, attempt, shown)
    assert response.headers["Location"].endswith(f"/kuis/{attempt.id}/hasil")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "jawaban tadi tidak disimpan" in page
    assert db.session.scalar(select(Response.response).where(Response.attempt_id == attempt.id,
                                                             Response.position == 1)) is None


def test_replayed_finish_post_grades_once(client, auth, world: World, small_quiz, monkeypatch):
    graded = []
    real_grade = operations._grade
    monkeypatch.setattr(operations, "_grade", lambda attempt_id: (graded.append(attempt_id), real_grade(attempt_id)))
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    for shown in _plan(attempt).questions[:2]:
        answer(client, attempt, shown)
    first = client.post(f"/kuis/{attempt.id}/selesai")
    score = _reload(attempt).score
    # The same raw POST replayed, twice: it only redirects to the result.
    for _replay in range(2):
        again = client.post(f"/kuis/{attempt.id}/selesai")
        assert again.status_code == 302 and again.headers["Location"] == first.headers["Location"]
    assert graded == [attempt.id]
    assert _reload(attempt).score == score == 50
    assert db.session.scalar(select(func.count(Response.id)).where(Response.attempt_id == attempt.id)) == 4
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_finish_attempt_is_a_conditional_update(app, world: World, small_quiz):
    attempt = operations.start_attempt(small_quiz, world.pantarlih.id, world.election.id)
    db.session.commit()
    assert operations.finish_attempt(attempt.id) is True
    assert operations.finish_attempt(attempt.id) is False
    db.session.commit()


def test_time_limit_is_enforced_by_the_server(client, auth, world: World, frozen_clock):
    load_course("prosedur-coklit", quiz_rules={"questions": 4, "time_limit_minutes": 10, "review": "after_each"})
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    assert attempt.deadline == frozen_clock + timedelta(minutes=10)
    shown = _plan(attempt).questions
    answer(client, attempt, shown[0])
    clock.advance(timedelta(minutes=11))
    # The answer arriving late is not saved; reading the attempt closes and grades it.
    late = answer(client, attempt, shown[1])
    assert late.headers["Location"].endswith("/hasil")
    attempt = _reload(attempt)
    assert attempt.status is AttemptStatus.FINISHED
    assert attempt.score == 25
    assert attempt.finished_at == frozen_clock + timedelta(minutes=10)


def test_expired_attempt_reads_as_finished_and_the_next_post_settles_it(client, auth, world: World, frozen_clock):
    load_course("prosedur-coklit", quiz_rules={"questions": 4, "time_limit_minutes": 10, "wait_minutes": 0})
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    clock.advance(timedelta(hours=1))
    page = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    result = client.get(f"/kuis/{attempt.id}/hasil")
    assert "Coba lagi" in page and result.status_code == 200
    # Pages only read: the attempt is shown finished, the row is closed by the next POST.
    assert _reload(attempt).status is AttemptStatus.OPEN
    second = _begin(client)
    settled = _reload(attempt)
    assert second.number == 2
    assert settled.status is AttemptStatus.FINISHED and settled.score == 0
    assert settled.finished_at == frozen_clock + timedelta(minutes=10)


def test_settle_command_closes_timed_out_attempts(client, auth, runner, world: World, frozen_clock):
    load_course("prosedur-coklit", quiz_rules={"questions": 4, "time_limit_minutes": 10, "wait_minutes": 0})
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    clock.advance(timedelta(minutes=9))
    assert runner.invoke(args=["quizzes", "settle"]).output == "0 percobaan yang waktunya habis sudah dinilai.\n"
    clock.advance(timedelta(minutes=2))
    assert runner.invoke(args=["quizzes", "settle"]).output == "1 percobaan yang waktunya habis sudah dinilai.\n"
    settled = _reload(attempt)
    assert settled.status is AttemptStatus.FINISHED and settled.passed is False


def test_waiting_time_and_max_attempts(client, auth, world: World, frozen_clock):
    load_course("prosedur-coklit", quiz_rules={"questions": 4, "max_attempts": 2, "wait_minutes": 5})
    auth.login_as(world.pantarlih)
    first = _begin(client)
    _finish_all(client, first, right=False)
    refused = client.post("/kursus/prosedur-coklit/kuis/mulai", follow_redirects=True).get_data(as_text=True)
    assert "Tunggu sebentar" in refused
    intro = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    assert "Anda dapat mencoba lagi mulai Senin, 24 Juni 2024 pukul 08.05 WIB" in intro
    clock.advance(timedelta(minutes=5))
    second = _begin(client)
    assert second.number == 2
    _finish_all(client, second, right=False)
    clock.advance(timedelta(minutes=10))
    refused = client.post("/kursus/prosedur-coklit/kuis/mulai", follow_redirects=True).get_data(as_text=True)
    assert "Kesempatan mengerjakan kuis ini sudah habis" in refused
    assert db.session.scalar(select(func.count(Attempt.id))) == 2


def test_no_new_attempt_after_passing(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    _finish_all(client, _begin(client), right=True)
    intro = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    assert "Anda sudah lulus kuis ini." in intro


@pytest.mark.parametrize(
    ("policy", "right", "shows"),
    [("after_each", False, True), ("after_pass", False, False), ("after_pass", True, True), ("never", True, False)],
)
def test_review_policy(client, auth, world: World, policy, right, shows):
    load_course("prosedur-coklit", quiz_rules={"questions": 4, "review": policy})
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    _finish_all(client, attempt, right=right)
    page = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    explanations = [s.question.explanation for s in _plan(attempt).questions if s.question.explanation]
    assert ("Pembahasan</h2>" in page) is shows
    assert all((text in page) is shows for text in explanations)
    assert ("Jawaban benar:" in page) is (shows and not right)


def test_snapshot_keeps_graded_results_when_the_bank_changes(client, auth, world: World, small_quiz):
    auth.login_as(world.pantarlih)
    attempt = _begin(client)
    _finish_all(client, attempt, right=True)
    before = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    # An editor rewrites every question of the bank (and retires none).
    for row in db.session.scalars(select(BankQuestion)):
        row.data = {**row.data, "text": "Soal yang sudah diubah"}
    db.session.commit()
    after = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    assert "Soal yang sudah diubah" not in after
    assert _reload(attempt).score == 100
    assert before.count("benar") == after.count("benar")


def test_csrf_rejection_reshows_the_question_with_the_answer_kept(csrf_app, world: World, small_quiz):
    client = csrf_app.test_client()
    login_page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"', login_page)
    token = token[1] or token[2]
    client.post("/login", data={"username": world.pantarlih.username, "password": "rahasia-123", "csrf_token": token})
    intro = client.get("/kursus/prosedur-coklit/kuis").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', intro)[1]
    started = client.post("/kursus/prosedur-coklit/kuis/mulai", data={"csrf_token": token})
    attempt_id = int(re.search(r"/kuis/(\d+)", started.headers["Location"])[1])
    attempt = db.session.get(Attempt, attempt_id)
    plan = _plan(attempt)
    shown = next(s for s in plan.questions if s.kind in ("single", "truefalse", "short", "numerical"))
    data = form_for(shown, key_response(shown.question))
    rejected = client.post(f"/kuis/{attempt_id}/{shown.position}", data={**data, "csrf_token": "basi", "go": "next"})
    page = rejected.get_data(as_text=True)
    assert rejected.status_code == 400
    assert "jawaban belum disimpan" in page
    if shown.kind in ("single", "truefalse"):
        assert f'value="{data["answer"]}" checked' in page
    else:
        assert f'value="{data["answer"]}"' in page
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # The page it re-showed carries a valid token: posting it again saves the answer.
    fresh = re.search(r'<form method="post" action="/kuis/[^"]+" class="quiz">\s*<input type="hidden" name="csrf_token" value="([^"]+)"', page)[1]
    saved = client.post(f"/kuis/{attempt_id}/{shown.position}", data={**data, "csrf_token": fresh, "go": "next"})
    assert saved.status_code == 302
    assert db.session.scalar(select(func.count(Response.id))) == 1
    # Finishing without a token is refused by the global CSRF check and changes nothing.
    assert client.post(f"/kuis/{attempt_id}/selesai").status_code == 400
    assert _reload(attempt).status is AttemptStatus.OPEN
