"""Reads on courses: which courses a user may read, each learner's progress, and the pocket cards' data."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from flask import abort
from sqlalchemy import func, select
from sqlalchemy.orm import load_only

from bimtek.courses.access import can_read_course
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.courses.parts import quiz_part
from bimtek.extensions import db
from bimtek.directory.identity import display_phone
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.regions.models import Region, RegionLevel, parent_of
from bimtek.scope import Scope

# Roles that train the cascade above PPS read every course, whatever its audience.


def learner_roles(scope: Scope) -> set[str]:
    """Return the role tokens the user holds in the current election."""
    return {assignment.role.value for assignment in scope.assignments}


def _active_courses() -> list[Course]:
    return list(db.session.scalars(
        select(Course).where(Course.is_retired.is_(False)).order_by(Course.title)
    ))


def my_courses(scope: Scope) -> list[Course]:
    """Return the courses meant for the user's roles in the current election."""
    if scope.election_id is None:
        return []
    roles = learner_roles(scope)
    return [course for course in _active_courses() if roles & set(course.audience)]


def readable_courses(scope: Scope) -> list[Course]:
    """Return every course the user may open: their own, and all of them for trainers above PPS."""
    return [course for course in _active_courses() if can_read_course(scope, course)]


def require_lesson(course: Course, key: str) -> Lesson:
    """Return the course's lesson by file key (retired ones too, shown read-only), else 404."""
    lesson = db.session.scalar(select(Lesson).where(Lesson.course_id == course.id, Lesson.key == key))
    if lesson is None:
        abort(404)
    return lesson


@dataclass(frozen=True)
class CourseStatus:
    """A learner's progress through one course."""

    course: Course
    lessons: tuple[Lesson, ...]  # the current lessons, in order
    done_ids: frozenset[int]  # every finished lesson of the course, retired ones included
    quiz_required: bool
    quiz_passed: bool

    @property
    def total(self) -> int:
        return len(self.lessons)

    @property
    def done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.id in self.done_ids)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def next_lesson(self) -> Lesson | None:
        """Return the first lesson not yet finished, where the learner resumes."""
        return next((lesson for lesson in self.lessons if lesson.id not in self.done_ids), None)

    @property
    def lessons_complete(self) -> bool:
        return self.done == self.total

    @property
    def is_complete(self) -> bool:
        return self.lessons_complete and (self.quiz_passed or not self.quiz_required)

    def is_done(self, lesson: Lesson) -> bool:
        return lesson.id in self.done_ids

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        """Return the lessons before and after this one (none for a retired lesson)."""
        keys = [item.key for item in self.lessons]
        if lesson.key not in keys:
            return None, None
        index = keys.index(lesson.key)
        return (self.lessons[index - 1] if index else None,
                self.lessons[index + 1] if index + 1 < len(self.lessons) else None)

    @property
    def fingerprint(self) -> str:
        """Return a short digest of the progress state (part of the lesson pages' ETag)."""
        state = ",".join(str(i) for i in sorted(self.done_ids)) + f"|{int(self.quiz_passed)}"
        return hashlib.sha256(state.encode()).hexdigest()[:16]


def course_status(course: Course, person_id: int, election_id: int | None) -> CourseStatus:
    """Work out a learner's progress through a course: lessons done of total, next lesson, quiz passed."""
    return course_statuses([course], person_id, election_id)[0]


def course_statuses(courses: list[Course], person_id: int, election_id: int | None) -> list[CourseStatus]:
    """Work out a learner's progress through several courses in three queries, whatever their number."""
    ids = [course.id for course in courses]
    lessons: dict[int, list[Lesson]] = {course_id: [] for course_id in ids}
    for lesson in db.session.scalars(
        select(Lesson)
        .options(load_only(Lesson.id, Lesson.key, Lesson.title, Lesson.order, Lesson.minutes, Lesson.is_retired,
                           Lesson.content_hash, Lesson.course_id))
        .where(Lesson.course_id.in_(ids), Lesson.is_retired.is_(False))
        .order_by(Lesson.order, Lesson.key)
    ):
        lessons[lesson.course_id].append(lesson)
    done: dict[int, set[int]] = {course_id: set() for course_id in ids}
    passed: set[int] = set()
    if election_id is not None and ids:
        for lesson_id, course_id in db.session.execute(
            select(LessonProgress.lesson_id, Lesson.course_id)
            .join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(LessonProgress.person_id == person_id, LessonProgress.election_id == election_id,
                   Lesson.course_id.in_(ids))
        ):
            done[course_id].add(lesson_id)
        passed = _passed_course_ids(person_id, election_id)
    return [
        CourseStatus(course, tuple(lessons[course.id]), frozenset(done[course.id]),
                     bool(course.completion.get("quiz")), course.id in passed)
        for course in courses
    ]


def completed_course_ids(person_id: int, election_id: int) -> set[int]:
    """Return the ids of the courses the learner has completed in the election (lessons and, if required, quiz)."""
    return {status.course.id for status in course_statuses(_active_courses(), person_id, election_id)
            if status.is_complete}


@dataclass(frozen=True)
class PocketCard:
    """What one Pantarlih's pocket card shows (never the NIK)."""

    name: str
    title: str
    tps: str
    desa: str
    kecamatan: str
    pps_name: str
    pps_title: str
    pps_phone: str


def pantarlih_assignments(election_id: int, desa_code: str, person_id: int | None = None) -> list[Assignment]:
    """Return the active Pantarlih assignments of a desa (or one person's), by TPS."""
    query = (
        select(Assignment)
        .join(Person, Person.id == Assignment.person_id)
        .where(Assignment.election_id == election_id, Assignment.role == Role.PANTARLIH,
               Assignment.region_code == desa_code, Assignment.ended_at.is_(None))
        .order_by(Assignment.tps, Person.full_name)
    )
    if person_id is not None:
        query = query.where(Assignment.person_id == person_id)
    return list(db.session.scalars(query))


def pps_contact(election_id: int, desa_code: str) -> tuple[Person, Assignment] | None:
    """Return the PPS member a Pantarlih should call: the Ketua if they have a phone, else any member with one."""
    row = db.session.execute(
        select(Person, Assignment)
        .join(Assignment, Assignment.person_id == Person.id)
        .where(Assignment.election_id == election_id, Assignment.role == Role.PPS,
               Assignment.region_code == desa_code, Assignment.ended_at.is_(None), Person.phone.is_not(None))
        .order_by((Assignment.position != Position.KETUA), Assignment.id)
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def pocket_cards(assignments: list[Assignment]) -> list[PocketCard]:
    """Build the pocket cards for Pantarlih assignments (all of one election)."""
    cards: list[PocketCard] = []
    contacts: dict[str, tuple[Person, Assignment] | None] = {}
    for assignment in assignments:
        desa = assignment.region
        if desa.code not in contacts:
            contacts[desa.code] = pps_contact(assignment.election_id, desa.code)
        kecamatan = db.session.get(Region, parent_of(desa.code)) if parent_of(desa.code) else None
        contact = contacts[desa.code]
        cards.append(PocketCard(
            name=assignment.person.full_name,
            title=assignment.title,
            tps=f"TPS {assignment.tps:03d}" if assignment.tps else "",
            desa=desa.display_name,
            kecamatan=kecamatan.display_name if kecamatan else "",
            pps_name=contact[0].full_name if contact else "",
            pps_title=contact[1].title if contact else "",
            pps_phone=display_phone(contact[0].phone) if contact else "",
        ))
    return cards


def desa_with_pantarlih(scope: Scope) -> list[tuple[Region, int]]:
    """Return the desa in the user's area that have Pantarlih, with how many."""
    rows = db.session.execute(
        select(Region, func.count(Assignment.id))
        .join(Assignment, Assignment.region_code == Region.code)
        .where(Assignment.election_id == scope.election_id, Assignment.role == Role.PANTARLIH,
               Assignment.ended_at.is_(None), Region.level == RegionLevel.DESA,
               scope.region_filter(Assignment.region_code))
        .group_by(Region.code)
        .order_by(Region.code)
    ).all()
    return [(region, count) for region, count in rows]


def _passed_course_ids(person_id: int, election_id: int) -> set[int]:
    part = quiz_part()
    return part.passed_course_ids(person_id, election_id) if part else set()
