"""Demo quiz activity: some officers passed, some failed, so trainers' reports show data."""

from __future__ import annotations

import hashlib
import random
from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.demo.operations import CONCONG, DEMO_KECAMATAN, DEMO_LOGINS, SECOND_KECAMATAN, DemoContext
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.quizzes.models import Attempt, BankQuestion
from bimtek.quizzes.operations import QuizUnavailable, finish_attempt, save_answer, start_attempt
from bimtek.quizzes.plan import AttemptPlan
from bimtek.quizzes.questions import Question

LEARNER_SHARE = 4  # about one officer in four has taken the quizzes
DEMO_USERNAMES = {username for username, _label in DEMO_LOGINS}


def sample_response(question: Question, right: bool, rng: random.Random) -> Any:
    """Return a stored response that is right (or wrong) for the question, as a learner might give."""
    return question.qtype.sample_response(question, right, rng)


def take_quiz(course: Course, person_id: int, election_id: int, skill: float, rng: random.Random) -> Attempt:
    """Start an attempt and answer every question, each right with probability `skill`, then finish it."""
    attempt = start_attempt(course, person_id, election_id, rng)
    db.session.flush()
    for shown in AttemptPlan(attempt.questions).questions:
        response = sample_response(shown.question, rng.random() < skill, rng)
        save_answer(attempt.id, shown.position, shown.question_id, response)
    finish_attempt(attempt.id)
    return attempt


def seed(context: DemoContext) -> None:
    """Give a few officers per kecamatan finished attempts; never the five demo log-ins."""
    courses = [
        course for course in db.session.scalars(select(Course).where(Course.is_retired.is_(False)).order_by(Course.id))
        if db.session.scalar(select(BankQuestion.id).where(BankQuestion.course_id == course.id).limit(1))
    ]
    if not courses:
        return
    for kecamatan in (DEMO_KECAMATAN, SECOND_KECAMATAN, CONCONG):
        learners = [
            a for a in context.officers(Role.PANTARLIH, kecamatan) + context.officers(Role.PPS, kecamatan)
            if a.person.username not in DEMO_USERNAMES
        ]
        # Chosen by their username alone, so every run of the seed picks the same officers.
        for assignment in [a for a in learners if _chosen(a.person.username)]:
            rng = random.Random(f"{kecamatan}:{assignment.person_id}")
            for course in courses:
                if assignment.role.value in (course.audience or ()):
                    _seed_learner(course, assignment.person_id, context.election.id, rng)


def _chosen(username: str) -> bool:
    return int(hashlib.sha1(username.encode()).hexdigest(), 16) % LEARNER_SHARE == 0


def _seed_learner(course: Course, person_id: int, election_id: int, rng: random.Random) -> None:
    exists = db.session.scalar(
        select(Attempt.id).where(Attempt.person_id == person_id, Attempt.election_id == election_id,
                                 Attempt.course_id == course.id).limit(1)
    )
    if exists:
        return
    skill = rng.choice([0.45, 0.6, 0.75, 0.9, 0.95])
    for number in range(2):
        try:
            attempt = take_quiz(course, person_id, election_id, skill, rng)
        except QuizUnavailable:
            return
        # Move the attempt into the past, so the waiting time never blocks the next one.
        earlier = clock.now() - timedelta(days=2 - number, hours=rng.randint(1, 8))
        db.session.execute(
            update(Attempt).where(Attempt.id == attempt.id)
            .values(started_at=earlier, finished_at=earlier + timedelta(minutes=rng.randint(8, 25)),
                    deadline=None),
            execution_options={"synchronize_session": False},
        )
        db.session.flush()
        db.session.refresh(attempt)
        if attempt.passed:
            return
        skill = min(0.97, skill + 0.25)
