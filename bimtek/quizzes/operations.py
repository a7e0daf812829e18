"""The writes of quizzes: start an attempt, save an answer, finish and grade (once), settle expired ones."""

from __future__ import annotations

import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, exists, select, update

from bimtek import clock, signals
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.quizzes.bank import bank_questions
from bimtek.quizzes.models import Attempt, AttemptStatus, BankQuestion, Response
from bimtek.quizzes.plan import draw_order
from bimtek.quizzes.questions import Question
from bimtek.quizzes.queries import QuizState, expired_open_attempt_ids, grade_attempt, quiz_state
from bimtek.quizzes.rules import QuizRules
from bimtek.transaction import Refusal


class QuizUnavailable(Refusal):
    """A new attempt cannot start; the message says why, in Bahasa Indonesia."""


def _insert(model):
    """Return the dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


def draw_questions(bank: list[BankQuestion], rules: QuizRules, rng: random.Random) -> list[BankQuestion]:
    """Draw the questions of one attempt at random, per category when the rules say so."""
    if rules.per_category:
        drawn = []
        for category, count in rules.per_category.items():
            pool = [question for question in bank if question.category == category]
            if len(pool) < count:
                raise QuizUnavailable(
                    f"Bank soal kategori \u201c{category}\u201d baru berisi {len(pool)} soal, perlu {count}."
                )
            drawn.extend(rng.sample(pool, count))
        return drawn
    if not bank:
        raise QuizUnavailable("Bank soal kursus ini masih kosong.")
    drawn = rng.sample(bank, min(rules.questions, len(bank)))
    return drawn


def start_attempt(course: Course, person_id: int, election_id: int, rng: random.Random | None = None) -> Attempt:
    """Start a new attempt, or return the open one; raise QuizUnavailable when the rules forbid it."""
    settle_expired(Attempt.person_id == person_id, Attempt.course_id == course.id)
    state = quiz_state(course, person_id, election_id)
    if state.open_attempt is not None:
        return state.open_attempt
    _require_can_start(state)
    rng = rng or random.Random(secrets.randbits(64))
    rules = state.rules
    drawn = draw_questions(bank_questions(course.id), rules, rng)
    questions = []
    for row in drawn:
        question = Question.from_dict(row.data)
        questions.append(
            {"question_id": row.id, "snapshot": question.to_dict(),
             "order": draw_order(question, rng, rules.shuffle_options)}
        )
    now = clock.now()
    values = dict(
        person_id=person_id, election_id=election_id, course_id=course.id, number=len(state.attempts) + 1,
        status=AttemptStatus.OPEN, question_count=len(questions), started_at=now,
        deadline=now + timedelta(minutes=rules.time_limit_minutes) if rules.time_limit_minutes else None,
        rules=rules.to_dict(), questions=questions,
    )
    # A second click racing this one to the same attempt number inserts nothing and gets the first's attempt.
    statement = _insert(Attempt).values(**values).on_conflict_do_nothing(
        index_elements=["person_id", "election_id", "course_id", "number"]
    )
    attempt_id = db.session.execute(statement.returning(Attempt.id)).scalar()
    if attempt_id is None:
        attempt_id = db.session.scalar(
            select(Attempt.id).where(
                Attempt.person_id == person_id, Attempt.election_id == election_id, Attempt.course_id == course.id,
                Attempt.number == values["number"],
            )
        )
    return db.session.get(Attempt, attempt_id)


def _require_can_start(state: QuizState) -> None:
    if state.passed:
        raise QuizUnavailable("Anda sudah lulus kuis ini.")
    if not state.available:
        raise QuizUnavailable("Kuis ini belum tersedia: bank soalnya belum lengkap.")
    if state.attempts_left is not None and state.attempts_left <= 0:
        raise QuizUnavailable("Kesempatan mengerjakan kuis ini sudah habis.")
    if state.wait_until is not None:
        raise QuizUnavailable("Tunggu sebentar sebelum mencoba lagi.")


def _save_answer_statement(dialect: str):
    """Build, once per dialect, the upsert that saves an answer only while its attempt is open."""
    if dialect not in _SAVE_ANSWER:
        now = bindparam("now", type_=Response.answered_at.type)
        attempt_id = bindparam("attempt_id", type_=db.Integer)
        still_open = exists().where(
            Attempt.id == attempt_id, Attempt.status == AttemptStatus.OPEN,
            (Attempt.deadline.is_(None)) | (Attempt.deadline > now),
        )
        values = select(
            attempt_id, bindparam("position", type_=db.Integer), bindparam("question_id", type_=db.Integer),
            bindparam("response", type_=Response.response.type), now,
        ).where(still_open)
        statement = _insert(Response).from_select(
            ["attempt_id", "position", "question_id", "response", "answered_at"], values
        )
        statement = statement.on_conflict_do_update(
            index_elements=["attempt_id", "position"],
            set_={"response": statement.excluded.response, "answered_at": statement.excluded.answered_at},
        )
        _SAVE_ANSWER[dialect] = statement.returning(Response.id)
    return _SAVE_ANSWER[dialect]


# Answer saves are the hottest write: the statement is built once, not per request.
_SAVE_ANSWER: dict[str, Any] = {}


def save_answer(attempt_id: int, position: int, question_id: int | None, response: Any,
                now: datetime | None = None) -> bool:
    """Upsert the answer at a position while the attempt is open; return False when it was closed."""
    statement = _save_answer_statement(db.session.get_bind().dialect.name)
    params = {"attempt_id": attempt_id, "position": position, "question_id": question_id, "response": response,
              "now": now or clock.now()}
    # Through the session's connection: with parameters, Session.execute would take an INSERT as an ORM bulk insert.
    return db.session.connection().execute(statement, params).scalar() is not None


def finish_attempt(attempt_id: int, now: datetime | None = None) -> bool:
    """Close the attempt if it is still open and grade it; return False when someone else already did.

    The conditional UPDATE is the lock: of two clicks, replays or racing requests, exactly
    one sees a row count of 1 and grades; the others only redirect to the result.
    """
    now = now or clock.now()
    deadline = db.session.scalar(select(Attempt.deadline).where(Attempt.id == attempt_id))
    finished_at = min(now, deadline) if deadline else now
    result = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt_id, Attempt.status == AttemptStatus.OPEN)
        .values(status=AttemptStatus.FINISHED, finished_at=finished_at),
        execution_options={"synchronize_session": False},
    )
    if result.rowcount != 1:
        return False
    _grade(attempt_id)
    return True


def _grade(attempt_id: int) -> None:
    """Score every question of a just-closed attempt and record the result on it."""
    person_id, election_id, course_id = db.session.execute(
        select(Attempt.person_id, Attempt.election_id, Attempt.course_id).where(Attempt.id == attempt_id)
    ).one()
    grade = grade_attempt(attempt_id)
    if grade.rows:
        # One multi-row upsert: the answers given keep their text, every position gets its score.
        statement = _insert(Response).values(grade.rows)
        db.session.execute(
            statement.on_conflict_do_update(
                index_elements=["attempt_id", "position"],
                set_={"points": statement.excluded.points, "correct": statement.excluded.correct},
            ),
            execution_options={"synchronize_session": False},
        )
    db.session.execute(
        update(Attempt).where(Attempt.id == attempt_id).values(score=grade.percent, passed=grade.passed),
        execution_options={"synchronize_session": False},
    )
    db.session.flush()
    signals.quiz_finished.send(person_id=person_id, election_id=election_id, course_id=course_id,
                               passed=grade.passed)


def settle_expired(*clauses) -> int:
    """Close and grade the open attempts whose time is up (matching the clauses); return how many."""
    settled = 0
    for attempt_id in expired_open_attempt_ids(*clauses):
        settled += finish_attempt(attempt_id)
    if settled:
        db.session.expire_all()
    return settled
