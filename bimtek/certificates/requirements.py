"""What earning a course's certificate takes: one small function per `completion:` key of course.yaml.

Each requirement answers for one learner whether the rule's value is met. A course completes
when every key in its `completion` rules has a requirement here and each one is met; a key
without a requirement never completes (a rule nobody can check is not waved through).
Adding a rule is one function and one entry in REQUIREMENTS.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from bimtek.cases.queries import passed_case_count
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.extensions import db
from bimtek.quizzes.queries import passed_course_ids
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession


@dataclass(frozen=True)
class Learner:
    """One person working through one course in one election."""

    person_id: int
    election_id: int
    course: Course


def lessons_done(learner: Learner, value: Any) -> bool:
    """Every current lesson of the course is finished (value 'all')."""
    if value != "all":
        return False
    current = select(Lesson.id).where(Lesson.course_id == learner.course.id, Lesson.is_retired.is_(False))
    total = db.session.scalar(select(func.count()).select_from(current.subquery()))
    done = db.session.scalar(
        select(func.count(LessonProgress.id)).where(
            LessonProgress.person_id == learner.person_id, LessonProgress.election_id == learner.election_id,
            LessonProgress.lesson_id.in_(current),
        )
    )
    return total > 0 and done == total


def quiz_passed(learner: Learner, value: Any) -> bool:
    """The course's quiz was passed in this election (when the rule is true)."""
    if value is not True:
        return True
    return learner.course.id in passed_course_ids(learner.person_id, learner.election_id)


def attended(learner: Learner, value: Any) -> bool:
    """Marked Hadir at a bimtek session of the election that covered the course (when the rule is true)."""
    if value is not True:
        return True
    covered = db.session.scalars(
        select(TrainingSession.course_slugs)
        .join(Attendance, Attendance.session_id == TrainingSession.id)
        .where(TrainingSession.election_id == learner.election_id, Attendance.person_id == learner.person_id,
               Attendance.status == AttendanceStatus.HADIR)
    )
    return any(learner.course.slug in (slugs or ()) for slugs in covered)


def cases_passed(learner: Learner, value: Any) -> bool:
    """At least N of the course's practice cases passed in this election (value N)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return False
    return passed_case_count(learner.person_id, learner.election_id, learner.course.id) >= value


Requirement = Callable[[Learner, Any], bool]
REQUIREMENTS: dict[str, Requirement] = {
    "lessons": lessons_done,
    "quiz": quiz_passed,
    "attendance": attended,
    "cases": cases_passed,
}


def has_earned(course: Course, person_id: int, election_id: int) -> bool:
    """Say whether the learner meets every completion rule of the course."""
    rules = course.completion or {"lessons": "all"}
    learner = Learner(person_id, election_id, course)
    return all(key in REQUIREMENTS and REQUIREMENTS[key](learner, value) for key, value in rules.items())
