"""Reads of quizzes: a learner's attempts and passes, an attempt's plan, and the trainers' reports."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import Select, bindparam, case, func, literal, select

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person
from bimtek.quizzes.models import Attempt, AttemptStatus, BankQuestion, Response
from bimtek.quizzes.plan import AttemptPlan
from bimtek.quizzes.rules import QuizRules
from bimtek.regions.models import Region
from bimtek.roles import CASCADE_TIER, MANAGES, Position, Role
from bimtek.scope import Scope

PLAN_CACHE_SIZE = 5000


def passed_course_ids(person_id: int, election_id: int) -> set[int]:
    """Return the ids of the courses whose quiz the person has passed in the election."""
    return set(
        db.session.scalars(
            select(Attempt.course_id)
            .where(Attempt.person_id == person_id, Attempt.election_id == election_id, Attempt.passed.is_(True))
            .distinct()
        )
    )


def attempted_course_ids(person_id: int, election_id: int, course_ids: list[int]) -> dict[int, bool]:
    """Return, for each of the courses the person has started a quiz of in the election, whether one was passed."""
    rows = db.session.execute(
        select(Attempt.course_id, func.max(case((Attempt.passed.is_(True), 1), else_=0)))
        .where(Attempt.person_id == person_id, Attempt.election_id == election_id, Attempt.course_id.in_(course_ids))
        .group_by(Attempt.course_id)
    )
    return {course_id: bool(passed) for course_id, passed in rows}


@dataclass(frozen=True)
class AttemptHead:
    """What every attempt page needs, read in one small query (the snapshots come from the plan cache)."""

    id: int
    person_id: int
    election_id: int
    course_id: int
    number: int
    status: AttemptStatus
    question_count: int
    started_at: datetime
    deadline: datetime | None
    finished_at: datetime | None
    score: float | None
    passed: bool | None
    rules: dict[str, Any] | None  # None when read for the question page, which does not need them
    course_slug: str
    course_title: str

    @property
    def is_open(self) -> bool:
        return self.status is AttemptStatus.OPEN

    def expired(self, now: datetime | None = None) -> bool:
        """Tell whether an open attempt has run out of time."""
        return self.is_open and self.deadline is not None and (now or clock.now()) >= self.deadline

    @property
    def quiz_rules(self) -> QuizRules:
        return QuizRules.from_dict(self.rules)


_HEAD_COLUMNS = (
    Attempt.id, Attempt.person_id, Attempt.election_id, Attempt.course_id, Attempt.number, Attempt.status,
    Attempt.question_count, Attempt.started_at, Attempt.deadline, Attempt.finished_at, Attempt.score,
    Attempt.passed, Attempt.rules, Course.slug, Course.title,
)


# The hot paths (every question page and answer save) reuse statements built once with a bound
# parameter: building a select costs more than SQLite takes to run it.
_HEAD_QUERY = (
    select(*_HEAD_COLUMNS).join(Course, Course.id == Attempt.course_id).where(Attempt.id == bindparam("attempt_id"))
)
_HEAD_QUERY_FOR_SHARE = _HEAD_QUERY.with_for_update(read=True, of=Attempt)
# The rules stay out: they are not needed to show a question and would be decoded once per row.
_WITH_RESPONSES_QUERY = (
    select(*[literal(None) if column is Attempt.rules else column for column in _HEAD_COLUMNS],
           Response.position, Response.response)
    .join(Course, Course.id == Attempt.course_id)
    .outerjoin(Response, Response.attempt_id == Attempt.id)
    .where(Attempt.id == bindparam("attempt_id"))
)


def attempt_head(attempt_id: int, *, for_share: bool = False) -> AttemptHead | None:
    """Read an attempt's head; `for_share` locks the row against a concurrent finish (PostgreSQL)."""
    lock = for_share and db.session.get_bind().dialect.name == "postgresql"
    row = db.session.execute(_HEAD_QUERY_FOR_SHARE if lock else _HEAD_QUERY, {"attempt_id": attempt_id}).first()
    return AttemptHead(*row) if row else None


def attempt_with_responses(attempt_id: int) -> tuple[AttemptHead | None, dict[int, Any]]:
    """Read an attempt's head and its saved responses by position in one round trip."""
    rows = db.session.execute(_WITH_RESPONSES_QUERY, {"attempt_id": attempt_id}).all()
    if not rows:
        return None, {}
    head = AttemptHead(*rows[0][: len(_HEAD_COLUMNS)])
    return head, {row[-2]: row[-1] for row in rows if row[-2] is not None}


def attempt_plan(head: AttemptHead) -> AttemptPlan:
    """Return the attempt's questions as shown, parsed once per process: snapshots never change."""
    cache: dict[tuple[int, datetime], AttemptPlan] = current_app.extensions.setdefault("quiz_plans", {})
    key = (head.id, head.started_at)
    plan = cache.get(key)
    if plan is None:
        plan = AttemptPlan(db.session.scalar(select(Attempt.questions).where(Attempt.id == head.id)) or [])
        if len(cache) >= PLAN_CACHE_SIZE:
            cache.clear()
        cache[key] = plan
    return plan


def saved_responses(attempt_id: int) -> dict[int, Any]:
    """Return the stored responses of an attempt by position (one light query)."""
    rows = db.session.execute(
        select(Response.position, Response.response).where(Response.attempt_id == attempt_id)
    )
    return dict(rows.all())


def answered_positions(attempt_id: int) -> set[int]:
    """Return the positions that hold an answer."""
    return {position for position, response in saved_responses(attempt_id).items() if is_answered(response)}


def is_answered(response: Any) -> bool:
    return response not in (None, "", [], {})


@dataclass(frozen=True)
class Grade:
    """An attempt's score: per position (for the write), the percentage and whether it passes."""

    rows: list[dict[str, Any]]
    percent: float
    passed: bool


def grade_attempt(attempt_id: int) -> Grade:
    """Score every question of an attempt from its saved answers, without writing anything."""
    questions, rules = db.session.execute(
        select(Attempt.questions, Attempt.rules).where(Attempt.id == attempt_id)
    ).one()
    saved = dict(db.session.execute(
        select(Response.position, Response.response).where(Response.attempt_id == attempt_id)
    ).all())
    return grade_answers(attempt_id, questions, rules, saved)


def grade_answers(attempt_id: int, questions: list[dict[str, Any]], rules: dict[str, Any] | None,
                  saved: dict[int, Any]) -> Grade:
    """Score an attempt's questions (as stored on it) against the answers saved by position."""
    plan = AttemptPlan(questions)
    rows, total = [], 0.0
    for shown in plan.questions:
        response = saved.get(shown.position)
        score = shown.grade(response)
        total += score.points
        rows.append(dict(attempt_id=attempt_id, position=shown.position, question_id=shown.question_id,
                         response=response, points=score.points, correct=score.correct))
    percent = round(100 * total / len(plan), 2) if len(plan) else 0.0
    return Grade(rows, percent, percent >= QuizRules.from_dict(rules).pass_mark)


def as_finished(head: AttemptHead) -> AttemptHead:
    """Read an open attempt whose time is up as finished and graded (it is settled on the next POST)."""
    grade = grade_attempt(head.id)
    return replace(head, status=AttemptStatus.FINISHED, finished_at=head.deadline, score=grade.percent,
                   passed=grade.passed)


class TimedOutAttempt:
    """An open attempt whose time is up, read as finished and graded; the stored row is left alone.

    The next POST of its learner, or `flask quizzes settle`, closes and grades it for good.
    """

    is_open = False

    def __init__(self, attempt: Attempt):
        self._attempt = attempt
        grade = grade_attempt(attempt.id)
        self.score, self.passed, self.finished_at = grade.percent, grade.passed, attempt.deadline
        self.status = AttemptStatus.FINISHED

    def __getattr__(self, name: str) -> Any:
        return getattr(self._attempt, name)


def read_as_finished(attempt: Attempt) -> Attempt | TimedOutAttempt:
    """Return the attempt, or its finished reading when its time is up but it is still open."""
    if attempt.is_open and attempt.deadline is not None and clock.now() >= attempt.deadline:
        return TimedOutAttempt(attempt)
    return attempt


def attempts_of(person_id: int, election_id: int, course_id: int) -> list[Attempt]:
    """Return a learner's attempts at a course quiz in an election, oldest first."""
    return list(
        db.session.scalars(
            select(Attempt)
            .where(Attempt.person_id == person_id, Attempt.election_id == election_id, Attempt.course_id == course_id)
            .order_by(Attempt.number)
        )
    )


def expired_open_attempt_ids(*clauses) -> list[int]:
    """Return the open attempts whose time is up, matching the extra clauses."""
    return list(
        db.session.scalars(
            select(Attempt.id).where(
                Attempt.status == AttemptStatus.OPEN, Attempt.deadline.is_not(None), Attempt.deadline <= clock.now(),
                *clauses,
            )
        )
    )


def bank_size(course_id: int) -> dict[str, int]:
    """Count a course's active bank questions per category."""
    rows = db.session.execute(
        select(BankQuestion.category, func.count(BankQuestion.id))
        .where(BankQuestion.course_id == course_id, BankQuestion.is_retired.is_(False))
        .group_by(BankQuestion.category)
    )
    return dict(rows.all())


def course_by_slug(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.is_retired.is_(False)))


@dataclass(frozen=True)
class QuizState:
    """Where a learner stands with a course quiz: what they did and whether they may start now."""

    rules: QuizRules
    attempts: list[Attempt]
    open_attempt: Attempt | None
    available: bool
    passed: bool
    attempts_left: int | None
    wait_until: datetime | None

    @property
    def can_start(self) -> bool:
        return (
            self.open_attempt is None and self.available and not self.passed
            and (self.attempts_left is None or self.attempts_left > 0) and self.wait_until is None
        )


def quiz_state(course: Course, person_id: int, election_id: int) -> QuizState:
    """Work out a learner's attempts, open attempt and whether a new one may start now."""
    rules = QuizRules.from_dict(course.quiz_rules)
    attempts = [read_as_finished(a) for a in attempts_of(person_id, election_id, course.id)]
    open_attempt = next((a for a in attempts if a.is_open), None)
    finished = [a for a in attempts if not a.is_open]
    wait_until = None
    if finished and rules.wait_minutes:
        last = max(a.finished_at or a.started_at for a in finished)
        until = last + timedelta(minutes=rules.wait_minutes)
        wait_until = until if until > clock.now() else None
    sizes = bank_size(course.id)
    if rules.per_category:
        available = all(sizes.get(category, 0) >= count for category, count in rules.per_category.items())
    else:
        available = sum(sizes.values()) > 0
    return QuizState(
        rules=rules,
        attempts=attempts,
        open_attempt=open_attempt,
        available=available,
        passed=any(a.passed for a in finished),
        attempts_left=None if rules.max_attempts is None else max(0, rules.max_attempts - len(attempts)),
        wait_until=wait_until,
    )


# --- The result page -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    """Whom a learner asks about the quiz: the nearest body of the cascade above them."""

    name: str
    title: str
    region: str
    phone: str | None


@dataclass(frozen=True)
class ResultPage:
    """What the result page says: how many right, the review (when the rules allow) and what comes next."""

    right: int
    total: int
    review: list[tuple[Any, Any, Any]]
    state: QuizState
    contact: Contact | None


def result_page(head: AttemptHead, scope: Scope) -> ResultPage:
    """Grade the finished attempt's answers for the page and work out the learner's next step."""
    plan = attempt_plan(head)
    saved = saved_responses(head.id)
    graded = [(shown, saved.get(shown.position), shown.grade(saved.get(shown.position))) for shown in plan.questions]
    course = db.session.get(Course, head.course_id)
    state = quiz_state(course, head.person_id, head.election_id)
    exhausted = not state.passed and state.attempts_left == 0
    return ResultPage(
        right=sum(1 for _shown, _response, score in graded if score.correct),
        total=len(plan),
        review=graded if head.quiz_rules.shows_review(head.passed) else [],
        state=state,
        contact=trainer_contact(scope) if exhausted else None,
    )


def _trainer_role(role: Role) -> Role | None:
    """Return the nearest role above that looks after this one (PPS for Pantarlih, PPK for PPS)."""
    above = [manager for manager, managed in MANAGES.items() if role in managed and manager is not role]
    return max(above, key=lambda manager: CASCADE_TIER[manager], default=None)


def trainer_contact(scope: Scope) -> Contact | None:
    """Return the learner's nearest trainer in the election (the Ketua first), or None if none is recorded."""
    for mine in sorted(scope.assignments, key=lambda a: -CASCADE_TIER.get(a.role, 0)):
        role = _trainer_role(mine.role)
        if role is None:
            continue
        parts = mine.region_code.split(".")
        covering = [".".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
        row = db.session.execute(
            select(Assignment, Person, Region)
            .join(Person, Person.id == Assignment.person_id)
            .join(Region, Region.code == Assignment.region_code)
            .where(Assignment.election_id == mine.election_id, Assignment.role == role,
                   Assignment.ended_at.is_(None), Assignment.region_code.in_(covering),
                   Assignment.person_id != scope.person_id)
            .order_by(Assignment.region_code.desc(), case((Assignment.position == Position.KETUA, 0), else_=1),
                      Person.full_name)
            .limit(1)
        ).first()
        if row is not None:
            assignment, person, region = row
            return Contact(person.full_name, assignment.title, region.display_name, person.phone)
    return None


# --- Trainers' reports -------------------------------------------------------------------------


def people_in_scope(scope: Scope) -> Select:
    """Select the ids of the learners a trainer may see results of (never the whole country but for admin)."""
    return scope.visible_person_ids()


@dataclass
class QuestionStat:
    question_id: int
    name: str
    text: str
    category: str
    answered: int = 0
    right: int = 0

    @property
    def percent(self) -> int:
        return round(100 * self.right / self.answered) if self.answered else 0


def question_stats(scope: Scope, course_id: int, people: Select | None = None) -> list[QuestionStat]:
    """Count, per bank question, how often people in scope (or the given ones) were asked it and got it right."""
    counts = (
        select(
            Response.question_id.label("question_id"),
            func.count(Response.id).label("asked"),
            func.count(case((Response.correct.is_(True), Response.id))).label("right"),
        )
        .join(Attempt, Attempt.id == Response.attempt_id)
        .where(
            Attempt.election_id == scope.election_id,
            Attempt.course_id == course_id,
            Attempt.status == AttemptStatus.FINISHED,
            Attempt.person_id.in_(people_in_scope(scope) if people is None else people),
        )
        .group_by(Response.question_id)
        .subquery()
    )
    rows = db.session.execute(
        select(BankQuestion, counts.c.asked, counts.c.right).join(counts, counts.c.question_id == BankQuestion.id)
    )
    stats = [
        QuestionStat(question.id, question.name, (question.data or {}).get("text", ""), question.category, asked, right)
        for question, asked, right in rows
    ]
    return sorted(stats, key=lambda s: (s.percent, s.name))
