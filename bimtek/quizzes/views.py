"""Quiz pages: the intro, one question per page, finishing, the result, trainers' reports and bank uploads."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import ValidationError, validate_csrf
from sqlalchemy import select

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.extensions import csrf, db
from bimtek.quizzes import bank as banks
from bimtek.quizzes.forms import ConfirmUploadForm, UploadBankForm
from bimtek.quizzes.gift import export_gift
from bimtek.quizzes.operations import finish_attempt, save_answer, start_attempt
from bimtek.quizzes.plan import InvalidAnswer
from bimtek.quizzes.queries import (
    AttemptHead,
    answered_positions,
    as_finished,
    attempt_head,
    attempt_plan,
    attempt_with_responses,
    course_by_slug,
    quiz_state,
    result_page,
    saved_responses,
)
from bimtek.quizzes.questions import Question
from bimtek.quizzes.report import LearnerStatus, learner_report, learner_totals, read_filters
from bimtek.scope import Scope, current_scope, require
from bimtek.transaction import refusals_return_to

bp = Blueprint("quizzes", __name__)

MAX_UPLOAD_BYTES = 1024 * 1024


def _learner_course(slug: str) -> tuple[Scope, Course]:
    """Return the course if the user is one of its learners in the current election, else 404."""
    return current_scope(), require("quizzes.learner", slug)


def _own_attempt(attempt_id: int, *, for_share: bool = False, notice: bool = True) -> AttemptHead:
    """Return the user's own attempt (404 for anyone else's), read as finished if its time is up."""
    head = attempt_head(attempt_id, for_share=for_share)
    return _settled(attempt_id, head, notice=notice)


def _settled(attempt_id: int, head: AttemptHead | None, *, notice: bool = True) -> AttemptHead:
    """Return the attempt; one whose time is up is closed on a POST and only read as finished on a GET."""
    if head is None or head.person_id != current_user.id:
        abort(404)
    if not head.expired():
        return head
    if request.method == "POST":
        closed = finish_attempt(head.id)
        head = attempt_head(attempt_id)
    else:
        closed, head = True, as_finished(head)
    if closed and notice:
        flash(_("Waktu mengerjakan kuis sudah habis. Jawaban yang tersimpan sudah dinilai."), "warning")
    return head


@bp.get("/kursus/<slug>/kuis")
@login_required
def start(slug: str):
    scope, course = _learner_course(slug)
    state = quiz_state(course, scope.person_id, scope.election_id)
    return render_template(
        "quizzes/start.html", course=course, state=state, rules=state.rules, zone=clock.zone_for_region(scope.area)
    )


@bp.post("/kursus/<slug>/kuis/mulai")
@login_required
def begin(slug: str):
    scope, course = _learner_course(slug)
    refusals_return_to(url_for("quizzes.start", slug=slug))
    attempt = start_attempt(course, scope.person_id, scope.election_id)
    return redirect(url_for("quizzes.resume", attempt_id=attempt.id))


@bp.get("/kuis/<int:attempt_id>")
@login_required
def resume(attempt_id: int):
    head = _own_attempt(attempt_id)
    if not head.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))
    answered = answered_positions(attempt_id)
    first_open = next((n for n in range(1, head.question_count + 1) if n not in answered), None)
    if first_open is None:
        return redirect(url_for("quizzes.summary", attempt_id=attempt_id))
    return redirect(url_for("quizzes.question", attempt_id=attempt_id, number=first_open))


def _render_question(head: AttemptHead, position: int, *, value=None, error: str | None = None, status: int = 200,
                     saved: dict | None = None):
    plan = attempt_plan(head)
    shown = plan.at(position)
    if saved is None:
        saved = saved_responses(head.id)
    if value is None and error is None:
        value = shown.shown_value(saved.get(position))
    answered = {p for p, response in saved.items() if shown.answered(response)}
    remaining = None
    if head.deadline is not None:
        remaining = max(0, int((head.deadline - clock.now()).total_seconds() // 60))
    heading = _("Soal %(n)d dari %(total)d", n=position, total=len(plan))
    return render_template(
        "quizzes/question.html", head=head, shown=shown, position=position, total=len(plan), value=value,
        error=error, answered=answered, remaining=remaining, heading=heading,
    ), status


# The number is a plain path segment (not <int:>): the fixed /hasil and /ringkasan routes still win.
@bp.route("/kuis/<int:attempt_id>/<number>", methods=["GET", "POST"])
@csrf.exempt  # checked below, so a rejected post re-shows the question with the answer kept
@login_required
def question(attempt_id: int, number: str):
    saved = None
    if request.method == "GET":
        head, saved = attempt_with_responses(attempt_id)
        if head is not None and head.expired():
            saved = None
        head = _settled(attempt_id, head)
    else:
        head = _own_attempt(attempt_id, for_share=True)
    position = int(number) if number.isascii() and number.isdigit() and len(number) < 6 else 0
    if not 1 <= position <= head.question_count:
        abort(404)
    if not head.is_open:
        if request.method == "POST":
            flash(_("Kuis ini sudah ditutup, jadi jawaban tadi tidak disimpan."), "warning")
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))
    if request.method == "GET":
        return _render_question(head, position, saved=saved)
    return _save_posted_answer(head, position)


def _save_posted_answer(head: AttemptHead, position: int):
    """Save the posted answer and go on, or re-show the question with the reason it was not saved."""
    shown = attempt_plan(head).at(position)
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            return _render_question(
                head, position, value=shown.posted_value(request.form), status=400,
                error=_("Halaman ini sudah terlalu lama terbuka atau sesi berganti, jadi jawaban belum disimpan. "
                        "Jawaban Anda masih ada di bawah: tekan Simpan sekali lagi."),
            )
    try:
        response = shown.read(request.form)
    except InvalidAnswer:
        return _render_question(
            head, position, value=None, status=400,
            error=_("Pilihan jawaban tidak dikenal. Pilih salah satu pilihan yang tersedia."),
        )
    if not save_answer(head.id, position, shown.question_id, response):
        flash(_("Kuis ini sudah ditutup, jadi jawaban tadi tidak disimpan."), "warning")
        return redirect(url_for("quizzes.result", attempt_id=head.id))
    return redirect(_next_url(head, position, request.form.get("go", "next")))


def _next_url(head: AttemptHead, position: int, go: str) -> str:
    """Return where the learner goes after saving: previous, next, a chosen number or the summary."""
    if go == "prev" and position > 1:
        target = position - 1
    elif go == "next" and position < head.question_count:
        target = position + 1
    elif go.isascii() and go.isdigit() and 1 <= int(go) <= head.question_count:
        target = int(go)
    else:
        return url_for("quizzes.summary", attempt_id=head.id)
    return url_for("quizzes.question", attempt_id=head.id, number=target)


@bp.get("/kuis/<int:attempt_id>/ringkasan")
@login_required
def summary(attempt_id: int):
    head = _own_attempt(attempt_id)
    if not head.is_open:
        return redirect(url_for("quizzes.result", attempt_id=attempt_id))
    plan = attempt_plan(head)
    answered = answered_positions(attempt_id)
    remaining = None
    if head.deadline is not None:
        remaining = max(0, int((head.deadline - clock.now()).total_seconds() // 60))
    return render_template("quizzes/summary.html", head=head, plan=plan, answered=answered, remaining=remaining)


@bp.post("/kuis/<int:attempt_id>/selesai")
@login_required
def finish(attempt_id: int):
    head = _own_attempt(attempt_id)
    if head.is_open and finish_attempt(head.id):
        flash(_("Kuis selesai dan sudah dinilai."), "success")
    return redirect(url_for("quizzes.result", attempt_id=attempt_id))


@bp.get("/kuis/<int:attempt_id>/hasil")
@login_required
def result(attempt_id: int):
    head = _own_attempt(attempt_id, notice=False)
    if head.is_open:
        return redirect(url_for("quizzes.resume", attempt_id=attempt_id))
    scope = current_scope()
    return render_template("quizzes/result.html", head=head, rules=head.quiz_rules, page=result_page(head, scope),
                           zone=clock.zone_for_region(scope.area))


# --- Trainers ------------------------------------------------------------------------------------


def _trainer_scope() -> Scope:
    return require("quizzes.reports")


def _quiz_courses() -> list[Course]:
    courses = db.session.scalars(select(Course).where(Course.is_retired.is_(False)).order_by(Course.title))
    return [course for course in courses if course.quiz_rules or (course.completion or {}).get("quiz")]


@bp.get("/laporan/kuis")
@login_required
def report():
    scope = _trainer_scope()
    rows = [(course, learner_totals(scope, course)) for course in _quiz_courses()]
    return render_template("quizzes/report.html", rows=rows, statuses=list(LearnerStatus), scope=scope)


@bp.get("/laporan/kuis/<slug>")
@login_required
def report_course(slug: str):
    scope = _trainer_scope()
    course = course_by_slug(slug)
    if course is None:
        abort(404)
    report = learner_report(scope, course, read_filters(scope, course, request.args))
    return render_template("quizzes/report_course.html", course=course, report=report, scope=scope)


# --- System admin: the banks ---------------------------------------------------------------------


def _admin_course(slug: str) -> Course:
    return require("quizzes.bank", slug)


def _upload_path(token: str) -> Path:
    return Path(current_app.config["BIMTEK_UPLOAD_DIR"]) / "quiz-banks" / f"{token}.gift"


@bp.get("/bank-soal")
@login_required
def banks_index():
    require("quizzes.banks")
    courses = _quiz_courses()
    counts = {course.id: banks.bank_counts(course.id) for course in courses}
    return render_template("quizzes/banks.html", courses=courses, counts=counts)


@bp.get("/bank-soal/<slug>")
@login_required
def bank(slug: str):
    course = _admin_course(slug)
    questions = banks.bank_questions(course.id, include_retired=True)
    return render_template("quizzes/bank.html", course=course, questions=questions, form=UploadBankForm())


@bp.post("/bank-soal/<slug>/unggah")
@login_required
def upload_preview(slug: str):
    course = _admin_course(slug)
    form = UploadBankForm()
    if not form.validate_on_submit():
        questions = banks.bank_questions(course.id, include_retired=True)
        return render_template("quizzes/bank.html", course=course, questions=questions, form=form), 400
    raw = form.file.data.read(MAX_UPLOAD_BYTES + 1)
    filename = Path(form.file.data.filename or "unggahan.gift").name
    try:
        if len(raw) > MAX_UPLOAD_BYTES:
            raise UnicodeError
        text = raw.decode("utf-8-sig")
    except UnicodeError:
        flash(_("Berkas harus berupa teks UTF-8 dan paling besar 1 MB."), "error")
        return redirect(url_for("quizzes.bank", slug=slug))
    token = hashlib.sha256(raw).hexdigest()
    path = _upload_path(token)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    preview = banks.preview_upload(course, text, filename)
    confirm = ConfirmUploadForm(token=token, filename=filename)
    return render_template("quizzes/upload_preview.html", course=course, preview=preview, confirm=confirm)


@bp.post("/bank-soal/<slug>/unggah/simpan")
@login_required
def upload_confirm(slug: str):
    course = _admin_course(slug)
    form = ConfirmUploadForm()
    if not form.validate_on_submit() or not _upload_path(form.token.data).exists():
        flash(_("Unggahan tidak ditemukan. Unggah berkasnya sekali lagi."), "error")
        return redirect(url_for("quizzes.bank", slug=slug))
    text = _upload_path(form.token.data).read_text(encoding="utf-8")
    preview = banks.preview_upload(course, text, form.filename.data or "unggahan.gift")
    if not preview.ok:
        confirm = ConfirmUploadForm(token=form.token.data, filename=preview.filename)
        return render_template("quizzes/upload_preview.html", course=course, preview=preview, confirm=confirm), 400
    message = banks.import_upload(course, preview)
    _upload_path(form.token.data).unlink(missing_ok=True)
    flash(message, "success")
    return redirect(url_for("quizzes.bank", slug=slug))


@bp.get("/bank-soal/<slug>/ekspor")
@login_required
def export(slug: str):
    course = _admin_course(slug)
    questions = [Question.from_dict(row.data) for row in banks.bank_questions(course.id)]
    return Response(
        export_gift(questions), mimetype="text/plain; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{course.slug}.gift"'},
    )
