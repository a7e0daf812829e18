"""Reads on practice cases: what a learner may open, their results, and the trainers' counts per case and decision."""

from __future__ import annotations

from dataclasses import dataclass

from flask import abort
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import defer

from bimtek.cases.models import CaseDecision, CaseResult, PracticeCase
from bimtek.courses.models import Course
from bimtek.courses.queries import readable_courses
from bimtek.extensions import db
from bimtek.scope import Scope


def passed_case_count(person_id: int, election_id: int, course_id: int) -> int:
    """Return how many of the course's current cases the learner has passed (every decision right) in the election."""
    return db.session.scalar(
        select(func.count(CaseResult.id))
        .join(PracticeCase, PracticeCase.id == CaseResult.case_id)
        .where(CaseResult.person_id == person_id, CaseResult.election_id == election_id,
               CaseResult.ever_passed.is_(True), PracticeCase.course_id == course_id,
               PracticeCase.is_retired.is_(False))
    ) or 0


def required_cases(course: Course) -> int:
    """Return how many passed cases the course requires for completion (0 when none)."""
    value = (course.completion or {}).get("cases")
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def active_cases(course_id: int, *, with_data: bool = False) -> list[PracticeCase]:
    """Return the course's current cases in file order (the household data only when asked for)."""
    return list(db.session.scalars(
        select(PracticeCase)
        .options(*(() if with_data else (defer(PracticeCase.data),)))
        .where(PracticeCase.course_id == course_id, PracticeCase.is_retired.is_(False))
        .order_by(PracticeCase.position, PracticeCase.key)
    ))


def case_counts() -> dict[int, int]:
    """Return the number of current cases per course id."""
    return dict(db.session.execute(
        select(PracticeCase.course_id, func.count(PracticeCase.id))
        .where(PracticeCase.is_retired.is_(False))
        .group_by(PracticeCase.course_id)
    ).all())


def courses_with_cases(scope: Scope) -> list[tuple[Course, int]]:
    """Return the courses the user may read that have practice cases, with how many."""
    counts = case_counts()
    return [(course, counts[course.id]) for course in readable_courses(scope) if counts.get(course.id)]


def require_case_course(scope: Scope, slug: str) -> Course:
    """Return the course if the user may read it and it has cases, else 404."""
    course = next((course for course, _count in courses_with_cases(scope) if course.slug == slug), None)
    if course is None:
        abort(404)
    return course


def require_case(course: Course, key: str) -> PracticeCase:
    """Return the course's current case by file name, else 404."""
    case = db.session.scalar(select(PracticeCase).where(
        PracticeCase.course_id == course.id, PracticeCase.key == key, PracticeCase.is_retired.is_(False)))
    if case is None:
        abort(404)
    return case


@dataclass(frozen=True)
class Place:
    """Where a case sits in its course: the cases before and after it, its number and the count."""

    previous: PracticeCase | None
    following: PracticeCase | None
    number: int
    total: int


def place_of(case: PracticeCase) -> Place:
    """Work out the case's neighbours and position among the course's current cases."""
    cases = active_cases(case.course_id)
    index = next(i for i, item in enumerate(cases) if item.id == case.id)
    return Place(cases[index - 1] if index else None, cases[index + 1] if index + 1 < len(cases) else None,
                 index + 1, len(cases))


def next_to_practise(cases: list[PracticeCase], results: dict[int, CaseResult]) -> PracticeCase | None:
    """Return the first case the learner has not passed yet."""
    return next((case for case in cases if not (case.id in results and results[case.id].ever_passed)), None)


def my_results(person_id: int, election_id: int | None, course_id: int) -> dict[int, CaseResult]:
    """Return the learner's results in the course, by case id."""
    if election_id is None:
        return {}
    rows = db.session.scalars(
        select(CaseResult)
        .join(PracticeCase, PracticeCase.id == CaseResult.case_id)
        .where(CaseResult.person_id == person_id, CaseResult.election_id == election_id,
               PracticeCase.course_id == course_id)
    )
    return {row.case_id: row for row in rows}


def my_result(person_id: int, election_id: int | None, case_id: int) -> CaseResult | None:
    if election_id is None:
        return None
    return db.session.scalar(select(CaseResult).where(
        CaseResult.person_id == person_id, CaseResult.election_id == election_id, CaseResult.case_id == case_id))


@dataclass(frozen=True)
class CaseStat:
    """How the learners in a trainer's area did on one case."""

    case: PracticeCase
    learners: int
    first_try_passed: int
    passed: int


def case_stats(scope: Scope, course_id: int) -> list[CaseStat]:
    """Count, per case of the course, the learners in the user's area who answered it and who passed it."""
    rows = dict(
        (case_id, (learners, first, passed)) for case_id, learners, first, passed in db.session.execute(
            select(
                CaseResult.case_id,
                func.count(CaseResult.id),
                func.sum(sql_case((CaseResult.ever_passed.is_(True) & (CaseResult.tries == 1), 1), else_=0)),
                func.sum(sql_case((CaseResult.ever_passed.is_(True), 1), else_=0)),
            )
            .join(PracticeCase, PracticeCase.id == CaseResult.case_id)
            .where(PracticeCase.course_id == course_id, CaseResult.election_id == scope.election_id,
                   CaseResult.person_id.in_(scope.visible_person_ids()))
            .group_by(CaseResult.case_id)
        ).all()
    )
    return [
        CaseStat(case, *(int(value or 0) for value in rows.get(case.id, (0, 0, 0))))
        for case in active_cases(course_id)
    ]


@dataclass(frozen=True)
class DecisionStat:
    """How the learners in a trainer's area did on one decision of a case."""

    subject: dict
    answered: int
    first_correct: int
    last_correct: int

    @property
    def first_percent(self) -> int:
        return round(100 * self.first_correct / self.answered) if self.answered else 0


def decision_stats(scope: Scope, case: PracticeCase) -> list[DecisionStat]:
    """Count, per row, person and question of the case, how many learners in the user's area got it right."""
    rows = {
        subject: (answered, first, last) for subject, answered, first, last in db.session.execute(
            select(
                CaseDecision.subject,
                func.count(CaseDecision.id),
                func.sum(sql_case((CaseDecision.first_correct.is_(True), 1), else_=0)),
                func.sum(sql_case((CaseDecision.last_correct.is_(True), 1), else_=0)),
            )
            .join(CaseResult, CaseResult.id == CaseDecision.result_id)
            .where(CaseResult.case_id == case.id, CaseResult.election_id == scope.election_id,
                   CaseResult.person_id.in_(scope.visible_person_ids()))
            .group_by(CaseDecision.subject)
        ).all()
    }
    return [
        DecisionStat(subject, *(int(value or 0) for value in rows.get(subject["key"], (0, 0, 0))))
        for subject in case.subjects
    ]
