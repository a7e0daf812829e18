"""Home-page cards and menu links of the quizzes: resume an open quiz, trainers' results, the banks."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.courses.steps import provides_course_cards
from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.quizzes.models import Attempt, AttemptStatus
from bimtek.scope import Scope


@provides_menu
def quiz_menu(scope: Scope):
    if scope.is_trainer and scope.election_id is not None:
        yield MenuItem(_("Hasil kuis"), url_for("quizzes.report"), 35)
    if scope.is_admin:
        yield MenuItem(_("Bank soal"), url_for("quizzes.banks_index"), 85)


@provides_steps
def quiz_steps(scope: Scope):
    if scope.election_id is None:
        return
    open_attempts = db.session.execute(
        select(Attempt.id, Course.title)
        .join(Course, Course.id == Attempt.course_id)
        .where(Attempt.person_id == scope.person_id, Attempt.election_id == scope.election_id,
               Attempt.status == AttemptStatus.OPEN,
               Attempt.deadline.is_(None) | (Attempt.deadline > clock.now()))
    )
    for attempt_id, title in open_attempts:
        yield Step(_("Lanjutkan kuis %(title)s", title=title),
                   _("Jawaban Anda sudah tersimpan. Lanjutkan dari soal yang belum dijawab."),
                   url_for("quizzes.resume", attempt_id=attempt_id), _("Lanjutkan kuis"), 5)
    if scope.is_trainer and not scope.is_admin:
        yield Step(_("Hasil kuis petugas"),
                   _("Lihat siapa yang sudah lulus kuis dan soal mana yang paling sering salah di wilayah Anda."),
                   url_for("quizzes.report"), _("Lihat hasil kuis"), 45)


@provides_course_cards
def open_quiz_card(course: Course, scope: Scope):
    """Offer the quiz the learner left (by "Keluar dari kuis" or a lost signal) on the course page."""
    if scope.election_id is None:
        return
    attempt_id = db.session.scalar(
        select(Attempt.id).where(
            Attempt.person_id == scope.person_id, Attempt.election_id == scope.election_id,
            Attempt.course_id == course.id, Attempt.status == AttemptStatus.OPEN,
            Attempt.deadline.is_(None) | (Attempt.deadline > clock.now()),
        )
    )
    if attempt_id is not None:
        yield Step(_("Kuis belum selesai"),
                   _("Jawaban yang sudah Anda simpan tetap tersimpan. Lanjutkan dari soal yang belum dijawab, "
                     "lalu tekan Selesai."),
                   url_for("quizzes.resume", attempt_id=attempt_id), _("Lanjutkan kuis"))
