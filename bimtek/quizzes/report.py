"""The trainers' quiz report of one course: every learner in their area with a status, filtered and paged.

A learner is anyone holding an active assignment, in the trainer's area, whose role is in the
course's audience, whether they tried the quiz or not. Filters (region, role, status) come from
the query string; one the trainer may not use (a region outside their area, a role the course
does not teach) is dropped with a notice, never widened. The page costs a fixed number of
statements whatever the number of learners: the totals, one page of rows, the late passes, the
region options and the per-question counts.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, case, func, or_, select

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person
from bimtek.quizzes.models import Attempt, AttemptStatus, Response
from bimtek.quizzes.queries import QuestionStat, grade_answers, question_stats
from bimtek.region_codes import code_covers, region_clause
from bimtek.regions.models import Region
from bimtek.roles import Role
from bimtek.scope import Scope

PAGE_SIZE = 50


class LearnerStatus(enum.StrEnum):
    """Where a learner stands with a course quiz; the values are what the status filter posts."""

    PASSED = "lulus"
    FAILED = "belum-lulus"
    NOT_TRIED = "belum-mencoba"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    LearnerStatus.PASSED: _l("Lulus"),
    LearnerStatus.FAILED: _l("Belum lulus"),
    LearnerStatus.NOT_TRIED: _l("Belum mencoba"),
}


@dataclass(frozen=True)
class ReportFilters:
    """The filters in force; `notices` says which asked-for filters were dropped and why."""

    region: Region | None = None
    role: Role | None = None
    status: LearnerStatus | None = None
    page: int = 1
    notices: tuple[str, ...] = ()

    def args(self) -> dict[str, str]:
        """Return the query-string arguments of the filters in force (for links that keep them)."""
        values = {"wilayah": self.region.code if self.region else "", "peran": self.role or "",
                  "status": self.status or ""}
        return {key: str(value) for key, value in values.items() if value}


@dataclass(frozen=True)
class LearnerRow:
    """One learner of the list: who, where, how many attempts, the best score and the status."""

    person_id: int
    name: str
    title: str
    region_code: str
    region_name: str
    attempts: int
    best: float | None
    status: LearnerStatus


@dataclass(frozen=True)
class RegionOption:
    """A region the filter offers; depth 1 sits under a depth-0 region chosen before."""

    code: str
    label: str
    depth: int


@dataclass
class LearnerReport:
    """One page of a course's learner list, its totals per status and the per-question counts."""

    filters: ReportFilters
    rows: list[LearnerRow]
    totals: dict[LearnerStatus, int]
    page: int
    pages: int
    region_options: list[RegionOption] = field(default_factory=list)
    role_options: list[Role] = field(default_factory=list)
    stats: list[QuestionStat] = field(default_factory=list)

    @property
    def statuses(self) -> list[LearnerStatus]:
        return list(LearnerStatus)

    @property
    def learners(self) -> int:
        return sum(self.totals.values())

    @property
    def shown_total(self) -> int:
        """Count the learners the list shows over all its pages (the status filter applied)."""
        return self.totals[self.filters.status] if self.filters.status else self.learners


def course_roles(course: Course) -> list[Role]:
    """Return the roles the course is for, in rank order."""
    audience = set(course.audience or ())
    return [role for role in Role if role.value in audience and role is not Role.ADMIN]


def read_filters(scope: Scope, course: Course, args: Mapping[str, str]) -> ReportFilters:
    """Read the report's filters from the query string, dropping with a notice any the user may not use."""
    notices = []
    region = None
    code = (args.get("wilayah") or "").strip()
    if code and code != scope.area:
        region = db.session.get(Region, code) if len(code) <= 13 else None
        if region is None or not scope.covers(code):
            region = None
            notices.append(_("Wilayah yang dipilih di luar wilayah Anda atau tidak dikenal, jadi daftar menampilkan "
                             "seluruh wilayah Anda."))
    role = None
    wanted = (args.get("peran") or "").strip()
    if wanted:
        role = next((r for r in course_roles(course) if r.value == wanted), None)
        if role is None:
            notices.append(_("Peran yang dipilih bukan peserta kursus ini, jadi filter peran tidak dipakai."))
    status = None
    wanted = (args.get("status") or "").strip()
    if wanted:
        status = next((s for s in LearnerStatus if s.value == wanted), None)
        if status is None:
            notices.append(_("Status yang dipilih tidak dikenal, jadi filter status tidak dipakai."))
    page_text = (args.get("halaman") or "1").strip()
    page = int(page_text) if page_text.isascii() and page_text.isdigit() and len(page_text) < 7 else 1
    return ReportFilters(region, role, status, max(page, 1), tuple(notices))


def _learners(scope: Scope, course: Course, filters: ReportFilters):
    """Select, through the scope, each learner in the filtered area once, with one of their matching assignments."""
    roles = [filters.role] if filters.role else course_roles(course)
    query = scope.assignments_query().where(Assignment.ended_at.is_(None), Assignment.role.in_(roles))
    if filters.region is not None:
        query = query.where(region_clause(Assignment.region_code, filters.region.code))
    return (
        query.with_only_columns(Assignment.person_id.label("person_id"), func.min(Assignment.id).label("assignment_id"))
        .group_by(Assignment.person_id)
        .subquery("learners")
    )


def _late_passers(scope: Scope, course: Course, people: Select) -> set[int]:
    """Return the learners whose time ran out on an attempt that passes but is not settled yet.

    Such an attempt is graded when its learner comes back (or by `flask quizzes settle`); until
    then the report grades it here, in two statements however many there are.
    """
    late = db.session.execute(
        select(Attempt.id, Attempt.person_id, Attempt.questions, Attempt.rules).where(
            Attempt.election_id == scope.election_id, Attempt.course_id == course.id,
            Attempt.status == AttemptStatus.OPEN, Attempt.deadline.is_not(None), Attempt.deadline <= clock.now(),
            Attempt.person_id.in_(people),
        )
    ).all()
    if not late:
        return set()
    saved: dict[int, dict[int, Any]] = {}
    answers = select(Response.attempt_id, Response.position, Response.response).where(
        Response.attempt_id.in_([row.id for row in late])
    )
    for attempt_id, position, response in db.session.execute(answers):
        saved.setdefault(attempt_id, {})[position] = response
    return {
        row.person_id for row in late
        if grade_answers(row.id, row.questions or [], row.rules, saved.get(row.id, {})).passed
    }


def _status_column(learners, tries, late: set[int]) -> ColumnElement[str]:
    passed = tries.c.passed == 1
    if late:
        passed = or_(passed, learners.c.person_id.in_(sorted(late)))
    return case(
        (passed, LearnerStatus.PASSED.value),
        (tries.c.person_id.is_not(None), LearnerStatus.FAILED.value),
        else_=LearnerStatus.NOT_TRIED.value,
    ).label("status")


def _learner_status(scope: Scope, course: Course, filters: ReportFilters):
    """Return the learners subquery, their attempts subquery and the status column built on both."""
    learners = _learners(scope, course, filters)
    people = select(learners.c.person_id)
    tries = (
        select(
            Attempt.person_id.label("person_id"),
            func.count(Attempt.id).label("attempts"),
            func.max(Attempt.score).label("best"),
            func.max(case((Attempt.passed.is_(True), 1), else_=0)).label("passed"),
        )
        .where(Attempt.election_id == scope.election_id, Attempt.course_id == course.id,
               Attempt.person_id.in_(people))
        .group_by(Attempt.person_id)
        .subquery("tries")
    )
    return learners, tries, _status_column(learners, tries, _late_passers(scope, course, people))


def _totals(learners, tries, status) -> dict[LearnerStatus, int]:
    counted = (
        select(learners.c.person_id, status)
        .outerjoin(tries, tries.c.person_id == learners.c.person_id)
        .subquery("counted")
    )
    totals = dict.fromkeys(LearnerStatus, 0)
    for value, count in db.session.execute(select(counted.c.status, func.count()).group_by(counted.c.status)):
        totals[LearnerStatus(value)] = count
    return totals


def learner_totals(scope: Scope, course: Course) -> dict[LearnerStatus, int]:
    """Count the course's learners in the user's area per status (the overview's row)."""
    return _totals(*_learner_status(scope, course, ReportFilters()))


def learner_report(scope: Scope, course: Course, filters: ReportFilters) -> LearnerReport:
    """Build one page of the course's learners in the user's area, with the totals per status."""
    learners, tries, status = _learner_status(scope, course, filters)
    totals = _totals(learners, tries, status)
    shown = totals[filters.status] if filters.status else sum(totals.values())
    pages = max(1, -(-shown // PAGE_SIZE))
    page = min(filters.page, pages)
    query = (
        select(learners.c.person_id, Person.full_name, Assignment, Region, tries.c.attempts, tries.c.best, status)
        .join(Person, Person.id == learners.c.person_id)
        .join(Assignment, Assignment.id == learners.c.assignment_id)
        .join(Region, Region.code == Assignment.region_code)
        .outerjoin(tries, tries.c.person_id == learners.c.person_id)
        .order_by(Assignment.region_code, Person.full_name, Person.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    if filters.status:
        query = query.where(status == filters.status.value)
    rows = [
        LearnerRow(person_id, name, assignment.title, region.code, region.display_name, attempts or 0, best,
                   LearnerStatus(value))
        for person_id, name, assignment, region, attempts, best, value in db.session.execute(query)
    ]
    return LearnerReport(
        filters=filters, rows=rows, totals=totals, page=page, pages=pages,
        region_options=region_options(scope, filters.region), role_options=course_roles(course),
        stats=question_stats(scope, course.id, people=select(learners.c.person_id)),
    )


def region_options(scope: Scope, selected: Region | None) -> list[RegionOption]:
    """List the regions the filter offers: the areas just below the user's, and below each chosen one."""
    chain = [scope.area]
    if selected is not None:
        parts = selected.code.split(".")
        chain += [".".join(parts[:depth]) for depth in range(1, len(parts) + 1)]
    parents = sorted({code for code in chain if code_covers(scope.area, code)})
    clauses = [Region.parent_code.in_([code for code in parents if code])]
    if "" in parents:
        clauses.append(Region.parent_code.is_(None))
    regions = db.session.scalars(select(Region).where(or_(*clauses)).order_by(Region.code))
    base = len(scope.area.split(".")) if scope.area else 0
    return [RegionOption(region.code, region.display_name, len(region.code.split(".")) - base - 1)
            for region in regions]

