"""Home-page steps and the menu link for courses and pocket cards."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import url_for
from flask_babel import gettext as _

from bimtek.courses.models import Course
from bimtek.courses.queries import course_statuses, my_courses
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.officers.models import Role
from bimtek.scope import Scope

# Higher features add cards to a course's page (e.g. the certificate once earned) without courses importing them.
CourseCardProvider = Callable[[Course, Scope], Iterable[Step]]
COURSE_CARD_PROVIDERS: list[CourseCardProvider] = []


def provides_course_cards(provider: CourseCardProvider) -> CourseCardProvider:
    """Register a function that returns extra cards for a course page."""
    COURSE_CARD_PROVIDERS.append(provider)
    return provider


def course_cards(course: Course, scope: Scope) -> list[Step]:
    """Collect every feature's cards for the course page."""
    return [card for provider in COURSE_CARD_PROVIDERS for card in provider(course, scope)]


@provides_menu
def course_menu(scope: Scope):
    if scope.assignments or scope.is_admin:
        yield MenuItem(_("Kursus"), url_for("courses.index"), 20)


@provides_steps
def course_steps(scope: Scope):
    if scope.election_id is None:
        return
    for status in course_statuses(my_courses(scope), scope.person_id, scope.election_id):
        course = status.course
        if status.next_lesson is None:
            continue
        yield Step(
            _("Pelajari: %(title)s", title=course.title),
            _("%(done)d dari %(total)d pelajaran selesai. Berikutnya: %(next)s.",
              done=status.done, total=status.total, next=status.next_lesson.title),
            url_for("courses.lesson", slug=course.slug, lesson_key=status.next_lesson.key),
            _("Lanjutkan") if status.done else _("Mulai belajar"),
            15,
        )
    if scope.has_role(Role.PANTARLIH) and not scope.is_admin:
        yield Step(_("Kartu saku coklit"),
                   _("Kode, bukti TMS, kasus sulit dan nomor HP PPS Anda dalam satu halaman untuk dicetak."),
                   url_for("courses.pocket_card"), _("Unduh kartu saku"), 30)
    if scope.role is Role.PPS:
        yield Step(_("Cetak kartu saku Pantarlih"),
                   _("Kartu saku semua Pantarlih di desa Anda dalam satu PDF, siap dibagikan saat bimtek."),
                   url_for("courses.pocket_card_index"), _("Cetak kartu saku"), 45)
