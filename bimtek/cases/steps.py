"""Home-page cards and menu links of the practice cases."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from bimtek.cases.queries import courses_with_cases, passed_case_count, required_cases
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.scope import Scope


@provides_menu
def case_menu(scope: Scope):
    if scope.assignments or scope.is_admin:
        yield MenuItem(_("Latihan kasus"), url_for("cases.index"), 25)
    if scope.is_trainer and scope.election_id is not None:
        yield MenuItem(_("Hasil latihan kasus"), url_for("cases.report"), 36)


@provides_steps
def case_steps(scope: Scope):
    if scope.election_id is None or scope.is_admin:
        return
    for course, count in courses_with_cases(scope):
        if scope.is_trainer:
            continue
        passed = passed_case_count(scope.person_id, scope.election_id, course.id)
        required = required_cases(course)
        if passed >= count:
            continue
        text = _("%(passed)d dari %(count)d kasus lulus.", passed=passed, count=count)
        if required:
            text += " " + _("Kursus ini mensyaratkan %(n)d kasus lulus.", n=required)
        yield Step(_("Latihan kasus coklit: %(title)s", title=course.title), text,
                   url_for("cases.course", slug=course.slug), _("Berlatih"), 20)
    if scope.is_trainer:
        yield Step(_("Hasil latihan kasus"),
                   _("Lihat keputusan mana yang paling sering salah di wilayah Anda, dan tayangkan kasus saat bimtek."),
                   url_for("cases.report"), _("Lihat hasil latihan"), 46)
