"""Issue certificates the moment they are earned, on the signals lower features send (never committing)."""

from __future__ import annotations

from sqlalchemy import select

from bimtek import signals
from bimtek.certificates.operations import evaluate
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.training.models import Attendance, AttendanceStatus, TrainingSession


def _evaluate(person_id: int, election_id: int | None, course_id: int) -> None:
    if election_id is None:
        return
    course = db.session.get(Course, course_id)
    if course is not None and not course.is_retired:
        evaluate(person_id, election_id, course)


@signals.lesson_completed.connect
def on_lesson_completed(_sender, *, person_id: int, election_id: int, course_id: int, **_extra) -> None:
    _evaluate(person_id, election_id, course_id)


@signals.quiz_finished.connect
def on_quiz_finished(_sender, *, person_id: int, election_id: int, course_id: int, passed: bool, **_extra) -> None:
    if passed:
        _evaluate(person_id, election_id, course_id)


@signals.case_finished.connect
def on_case_finished(_sender, *, person_id: int, election_id: int, course_id: int, passed: bool, **_extra) -> None:
    if passed:
        _evaluate(person_id, election_id, course_id)


@signals.attendance_changed.connect
def on_attendance_changed(_sender, *, session_id: int, person_ids, **_extra) -> None:
    """Someone marked (or corrected to) Hadir may now have earned a course that asks for attendance."""
    session = db.session.get(TrainingSession, session_id)
    if session is None or not session.course_slugs:
        return
    courses = [
        course for course in db.session.scalars(select(Course).where(Course.slug.in_(session.course_slugs)))
        if not course.is_retired and (course.completion or {}).get("attendance") is True
    ]
    if not courses:
        return
    present = set(db.session.scalars(select(Attendance.person_id).where(
        Attendance.session_id == session_id, Attendance.status == AttendanceStatus.HADIR,
        Attendance.person_id.in_([pid for pid in person_ids if pid is not None]))))
    for person_id in sorted(present):
        for course in courses:
            evaluate(person_id, session.election_id, course)
