"""Who may read which course; `register()` plugs the rule into the scope (`require_course(slug)`)."""

from __future__ import annotations

from sqlalchemy import select

from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.roles import READ_ALL_COURSES
from bimtek.scope import Scope, register_rule


def active_course(slug: str) -> Course | None:
    return db.session.scalar(select(Course).where(Course.slug == slug, Course.is_retired.is_(False)))


def can_read_course(scope: Scope, course: Course) -> bool:
    """Say whether the user may open the course: their own role's, and every course for trainers above PPS."""
    if scope.is_admin or scope.has_role(*READ_ALL_COURSES):
        return True
    roles = {assignment.role.value for assignment in scope.assignments}
    return scope.election_id is not None and bool(roles & set(course.audience or ()))


def register() -> None:
    """Register the course rule with the scope."""
    register_rule("courses.course", load=active_course, allows=can_read_course)
