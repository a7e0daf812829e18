"""Moodle's own GIFT test fixtures: checked, parsed, uploaded into a bank and taken as a quiz."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.quizzes.gift import export_gift, parse_gift
from bimtek.quizzes.models import Attempt, Response
from bimtek.quizzes.plan import AttemptPlan
from bimtek.quizzes.questions import Answer, MatchPair, NumericAnswer, Question, grade
from tests.factories import World
from tests.quizzes.conftest import answer, load_course

FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
QUESTIONS = FIXTURES / "questions.gift.txt"
IN_CATEGORY = FIXTURES / "questions_in_category.gift.txt"
NEW_FEATURES = "$course$/Default for New Features"


def _read(path: Path):
    return parse_gift(path.read_text(encoding="utf-8"), path.name)


def test_check_prints_every_imported_question_and_warns_for_the_essay(runner):
    result = runner.invoke(args=["quizzes", "check", str(QUESTIONS), str(IN_CATEGORY)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "5 matching Moodle activities",
        "14 single Q2",
        "22 multi colours",
        "31 numerical Q5",
        "34 short Shortanswer",
        "41 truefalse Q1",
        "46 truefalse 2-08 TSL",
        "49 truefalse 2-08 TSL",
        "5 matching Moodle activities",
        "14 single Greeting",
        "22 short Moodle user",
        "27 truefalse Moodle acronym",
    ]
    assert result.stderr.splitlines() == [f'{QUESTIONS}:2: skipped essay question "Q8"']


def test_questions_fixture_reads_as_moodle_reads_it():
    result = _read(QUESTIONS)
    assert result.errors == []
    assert [str(warning) for warning in result.warnings] == ['questions.gift.txt:2: skipped essay question "Q8"']
    assert result.questions == [
        Question(
            "Moodle activities", "matching", "Match the <b>activity</b> to the description.", "html",
            pairs=(
                MatchPair("An activity supporting asynchronous discussions.", "Forum"),
                MatchPair("A teacher asks a question and specifies a choice of multiple responses.", "Choice",
                          "plain"),
                MatchPair("A bank of record entries which participants can add to.", "Database", "plain"),
                MatchPair("A collection of web pages that anyone can add to or edit.", "Wiki", "markdown"),
                MatchPair("", "Chat"),
            ),
            line=5,
        ),
        Question(
            "Q2", "single", "What's between orange and green in the spectrum?",
            answers=(
                Answer("yellow", 1.0, "right; good!"),
                Answer("red", 0.0, "wrong, it's yellow", feedback_format="html"),
                Answer("blue", 0.0, "wrong, it's yellow"),
            ),
            line=14,
        ),
        Question(
            "colours", "multi", "What's between orange and green in the spectrum?",
            answers=(
                Answer("yellow", 0.5, "right; good!"),
                Answer("red", -1.0, "wrong", feedback_format="html"),
                Answer("off-beige", 0.5, "right; good!"),
                Answer("blue", -1.0, "wrong"),
            ),
            line=22,
        ),
        # Text after the closing brace makes it a missing-word question, in Moodle too.
        Question(
            "Q5", "numerical", 'What is a number from 1 to 5? _____";',
            numeric=(
                NumericAnswer(3.0, 2.0),
                NumericAnswer(0.0, fraction=0.0, feedback="Completely wrong", wildcard=True),
            ),
            line=31, blank=True,
        ),
        Question(
            "Shortanswer", "short", "Which is the best animal?",
            answers=(
                Answer("Frog", 1.0, "Good!"),
                Answer("Cat", 0.5, "What is it with Moodlers and cats?"),
                Answer("*", 0.0, "Completely wrong"),
            ),
            line=34,
        ),
        Question(
            "Q1", "truefalse", '42 is the Absolute Answer to everything._____";',
            truth=False, true_feedback="42 is the Ultimate Answer.", false_feedback="You gave the right answer.",
            explanation="This is, of course, a Hitchiker's Guide to the Galaxy reference.",
            line=41, blank=True,
        ),
        Question("2-08 TSL", "truefalse", "TSL is blablabla.", truth=True, line=46),
        Question("2-08 TSL", "truefalse", "TSL is blablabla.", truth=True, line=49),
    ]


def test_category_fixture_reads_as_moodle_reads_it():
    result = _read(IN_CATEGORY)
    assert (result.errors, result.warnings) == ([], [])
    activities, greeting, user, acronym = result.questions
    assert {question.category for question in result.questions} == {NEW_FEATURES}
    assert [pair.right for pair in activities.pairs] == ["Forum", "Choice", "Database", "Wiki", "Chat"]
    assert activities.pairs[-1].is_distractor and activities.pairs[0].left_format == ""
    assert greeting.text == (
        '<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3">Listen to this greeting:</a>'
        "<br /><br />What language is being spoken?"
    )
    assert greeting.answers[1] == Answer("French", 1.0, "Yes, well done!")
    assert (user.kind, user.answers) == ("short", (Answer("Moodler", 1.0),))
    assert (acronym.kind, acronym.truth, acronym.text_format) == ("truefalse", True, "html")


def test_fixtures_round_trip_through_export():
    for path in (QUESTIONS, IN_CATEGORY):
        first = _read(path).questions
        exported = export_gift(first)
        again = parse_gift(exported, "ekspor.gift")
        assert (again.errors, again.warnings) == ([], [])
        assert [replace(q, line=0) for q in again.questions] == [replace(q, line=0) for q in first]
    assert "\t= -> Chat\n" in export_gift(_read(QUESTIONS).questions)


def test_fixture_questions_grade_as_in_moodle():
    by_name = {question.name: question for question in _read(QUESTIONS).questions}
    shortanswer, q5, colours = by_name["Shortanswer"], by_name["Q5"], by_name["colours"]
    assert (grade(shortanswer, "frog").points, grade(shortanswer, "frog").feedback) == (1.0, ("Good!",))
    assert (grade(shortanswer, "Cat").points, grade(shortanswer, "Cat").feedback) == (
        0.5, ("What is it with Moodlers and cats?",)
    )
    assert (grade(shortanswer, "Dog").points, grade(shortanswer, "Dog").feedback) == (0.0, ("Completely wrong",))
    assert [grade(q5, typed).points for typed in ("1", "5", "3,5", "5.0000001")] == [1.0, 1.0, 1.0, 0.0]
    assert grade(q5, "6").feedback == ("Completely wrong",)
    assert grade(colours, ["0", "2"]).correct
    assert grade(colours, ["0", "1"]).points == 0.0
    assert grade(colours, ["1"]).feedback == ("wrong",)


def _upload(client, path: Path):
    page = client.post(
        "/bank-soal/prosedur-coklit/unggah",
        data={"file": (io.BytesIO(path.read_bytes()), path.name)},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    token = re.search(r'name="token" type="hidden" value="([0-9a-f]{64})"', page)[1]
    saved = client.post("/bank-soal/prosedur-coklit/unggah/simpan", data={"token": token, "filename": path.name})
    assert saved.status_code == 302
    return page


def _moodle_quiz(client, auth, world: World) -> tuple[Attempt, AttemptPlan]:
    """Upload both fixtures as the admin, then start the quiz as a Pantarlih."""
    load_course(
        "prosedur-coklit", bank=False,
        quiz_rules={"questions": 12, "shuffle_options": False, "pass_mark": 70, "max_attempts": 3,
                    "wait_minutes": 5, "time_limit_minutes": None, "review": "after_each"},
    )
    auth.login_as(world.admin)
    page = _upload(client, QUESTIONS)
    assert "questions.gift.txt:2: skipped essay question &#34;Q8&#34;" in page
    assert "2-08 TSL (2)" in page
    page = _upload(client, IN_CATEGORY)
    assert "Simpan 4 soal ke bank" in page
    bank = client.get("/bank-soal/prosedur-coklit").get_data(as_text=True)
    assert bank.count("Moodle activities") == 2  # one per category
    assert bank.count("<td>Menjodohkan</td>") == 2 and "<td>Isian angka</td>" in bank
    auth.logout()
    auth.login_as(world.pantarlih)
    started = client.post("/kursus/prosedur-coklit/kuis/mulai")
    attempt = db.session.get(Attempt, int(re.search(r"/kuis/(\d+)", started.headers["Location"])[1]))
    return attempt, AttemptPlan(attempt.questions)


def test_forged_matching_choice_is_refused_and_nothing_saved(app, client, auth, world: World):
    attempt, plan = _moodle_quiz(client, auth, world)
    matching = next(shown for shown in plan.questions if shown.kind == "matching")
    refused = client.post(
        f"/kuis/{attempt.id}/{matching.position}", data={"match-0": "Forum", "match-1": "Blog", "go": "next"}
    )
    assert refused.status_code == 400
    assert "Pilihan jawaban tidak dikenal" in refused.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 0
    # The distractor is a real choice: picking it is saved (and graded wrong).
    saved = client.post(f"/kuis/{attempt.id}/{matching.position}", data={"match-0": "Chat", "go": "next"})
    assert saved.status_code == 302
    assert db.session.scalar(select(Response.response)) == {"0": "Chat"}


def test_fixtures_upload_into_a_bank_and_make_a_quiz(app, client, auth, world: World):
    attempt, plan = _moodle_quiz(client, auth, world)
    assert len(plan) == 12
    for shown in plan.questions:
        html = client.get(f"/kuis/{attempt.id}/{shown.position}").get_data(as_text=True)
        form = html[html.index('class="quiz"'):html.index("</form>", html.index('class="quiz"'))]
        assert "style=" not in form and "<script" not in form
        if shown.question.name == "Greeting":
            assert ('<a href="http://demo.moodle.net/file.php/5/media/bonjour.mp3" '
                    'rel="noopener noreferrer nofollow">Listen to this greeting:</a>') in form
        if shown.question.name == "Moodle activities":
            assert form.count("<select") == 4 and form.count("<option>Chat</option>") == 4
        if shown.question.name == "Moodle acronym":
            assert "<span>Modular Object-Oriented Dynamic Learning Environment</span>" in form
        assert answer(client, attempt, shown, right=True).status_code == 302
    assert client.post(f"/kuis/{attempt.id}/selesai").status_code == 302
    db.session.expire_all()
    attempt = db.session.get(Attempt, attempt.id)
    assert (attempt.score, attempt.passed) == (100.0, True)
    result = client.get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    assert "Pembahasan" in result and "<script" not in result
