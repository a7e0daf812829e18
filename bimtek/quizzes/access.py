"""Who may take a quiz, read the trainers' reports and manage the banks; `register()` plugs it all in."""

from __future__ import annotations

from bimtek.courses.access import active_course
from bimtek.courses.models import Course
from bimtek.quizzes import course_part
from bimtek.scope import Scope, register_rule


def may_take(scope: Scope, course: Course) -> bool:
    """Tell whether the user's roles in the current election make them a learner of the course."""
    roles = {assignment.role.value for assignment in scope.assignments}
    return scope.election_id is not None and bool(roles & set(course.audience or ()))


def may_read_reports(scope: Scope) -> bool:
    return scope.is_trainer and scope.election_id is not None


def may_manage_banks(scope: Scope, course: Course | None = None) -> bool:
    return scope.is_admin


def register() -> None:
    """Register the quiz rules with the scope and the quiz part of courses."""
    register_rule("quizzes.learner", load=active_course, allows=may_take)
    register_rule("quizzes.reports", allows=may_read_reports)
    register_rule("quizzes.banks", allows=may_manage_banks)
    register_rule("quizzes.bank", load=active_course, allows=may_manage_banks)
    course_part.register()
