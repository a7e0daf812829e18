"""Home-page cards, the menu link and the officer-page section of the reports.

The learner's cards say what is left per course on the quiz side (retake, and when; not yet
taken); the lesson cards come from courses and the certificate link from certificates.
"""

from __future__ import annotations

from flask import render_template, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from bimtek import clock
from bimtek.courses.queries import course_statuses, my_courses
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.officers.models import Role
from bimtek.officers.panels import provides_person_panel
from bimtek.quizzes.queries import attempted_course_ids, quiz_state
from bimtek.reports.queries import course_needs, person_progress
from bimtek.scope import Scope

REPORT_ROLES = (Role.OPERATOR_KPU, Role.PPK, Role.PPS)


def may_report(scope: Scope) -> bool:
    return scope.election_id is not None and (scope.is_admin or scope.role in REPORT_ROLES)


@provides_menu
def reports_menu(scope: Scope):
    if may_report(scope):
        yield MenuItem(_("Laporan"), url_for("reports.index"), 37)


@provides_steps
def reports_steps(scope: Scope):
    if not may_report(scope):
        return
    if scope.role in (Role.PPK, Role.PPS) and not scope.is_admin:
        yield Step(_("Siapa yang belum selesai"),
                   _("Daftar petugas di wilayah Anda yang belum menyelesaikan pelajaran, kuis, bimtek atau sertifikat, "
                     "lengkap dengan tombol telepon dan WhatsApp."),
                   url_for("reports.follow_up", code=scope.area), _("Lihat yang belum selesai"), 25)
    yield Step(_("Cakupan bimtek"),
               _("Berapa petugas di setiap wilayah yang sudah belajar, lulus kuis, hadir bimtek dan bersertifikat."),
               url_for("reports.index"), _("Buka cakupan"), 36)


@provides_steps
def quiz_left_steps(scope: Scope):
    """Remind the learner of each course quiz not yet passed: the retake (and when) or the quiz not taken."""
    if scope.election_id is None:
        return
    courses = [c for c in my_courses(scope) if (c.completion or {}).get("quiz")]
    if not courses:
        return
    zone = clock.zone_for_region(scope.area)
    # Two statements for every course at once; the full quiz state only for a quiz failed before.
    tried = attempted_course_ids(scope.person_id, scope.election_id, [c.id for c in courses])
    passed = {course_id for course_id, has_passed in tried.items() if has_passed}
    statuses = {status.course.id: status for status in course_statuses(
        [c for c in courses if c.id not in tried], scope.person_id, scope.election_id)}
    for course in courses:
        if course.id in passed:
            continue
        url = url_for("quizzes.start", slug=course.slug)
        if course.id not in tried:
            status = statuses[course.id]
            if status.lessons_complete:
                yield Step(_("Kerjakan kuis: %(title)s", title=course.title),
                           _("Semua pelajaran sudah selesai. Kerjakan kuisnya untuk menyelesaikan kursus ini."),
                           url, _("Kerjakan kuis"), 10)
            else:
                yield Step(_("Kuis belum dikerjakan: %(title)s", title=course.title),
                           _("Masih %(left)d pelajaran lagi, lalu kerjakan kuisnya.", left=status.total - status.done),
                           url, _("Lihat kuis"), 55)
            continue
        state = quiz_state(course, scope.person_id, scope.election_id)
        if state.passed or state.open_attempt is not None or not state.available:
            continue
        finished = [a for a in state.attempts if not a.is_open]
        if not finished:
            continue
        last = max(finished, key=lambda a: a.number)
        score = _("Nilai terakhir %(score)d, batas lulus %(mark)d.", score=round(last.score or 0),
                  mark=round(state.rules.pass_mark))
        if state.attempts_left == 0:
            text = score + " " + _("Kesempatan mengerjakan kuis sudah habis; hubungi PPS Anda.")
        elif state.wait_until is not None:
            text = score + " " + _("Anda dapat mengulang mulai %(when)s.",
                                   when=clock.format_moment(state.wait_until, zone))
        else:
            text = score + " " + _("Anda dapat mengulang sekarang.")
        yield Step(_("Ulangi kuis: %(title)s", title=course.title), text, url, _("Ulangi kuis"), 8)


@provides_person_panel
def progress_panel(scope, person) -> Markup | None:
    """Show the person's progress to the trainers who see them (and to themselves)."""
    if scope.election_id is None or not (may_report(scope) or scope.person_id == person.id):
        return None
    progress = person_progress(scope.election_id, person.id, course_needs())
    if not progress:
        return None
    return Markup(render_template("reports/person_panel.html", progress=progress))
