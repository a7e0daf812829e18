"""Practice case pages: the list, one household per page, the graded result, trainers' counts and the hall mode."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import login_required
from flask_wtf.csrf import ValidationError, validate_csrf

from bimtek import clock

# Importing operations registers the cases' content checker and syncer with the courses package.
from bimtek.cases import operations  # noqa: F401
from bimtek.cases.forms import ForgedAnswer, allowed_decisions, missing_message, read_answers
from bimtek.cases.operations import grade_case, submit_case
from bimtek.cases.queries import (
    active_cases,
    case_stats,
    courses_with_cases,
    decision_stats,
    my_result,
    my_results,
    next_to_practise,
    place_of,
    passed_case_count,
    require_case,
    require_case_course,
    required_cases,
)
from bimtek.cases.rules import (
    DECISIONS,
    DITANDAI_REASONS,
    EVIDENCE,
    FIELDS,
    TERSARING_REASONS,
    Given,
    describe_answer,
    describe_given,
    rule_for,
    shown_value,
)
from bimtek.extensions import csrf
from bimtek.scope import Scope, current_scope

bp = Blueprint("cases", __name__)


@bp.app_context_processor
def _case_helpers():
    return {"case_value": shown_value, "case_day": lambda iso: clock.format_day(date.fromisoformat(iso))}


def _vocabulary() -> dict:
    return {"decisions": DECISIONS, "tersaring_reasons": TERSARING_REASONS, "ditandai_reasons": DITANDAI_REASONS,
            "fields": FIELDS, "evidence": EVIDENCE, "allowed_decisions": allowed_decisions}


@bp.get("/kasus")
@login_required
def index():
    scope = current_scope()
    courses = []
    for course, count in courses_with_cases(scope):
        passed = passed_case_count(scope.person_id, scope.election_id, course.id) if scope.election_id else 0
        courses.append((course, count, passed, required_cases(course)))
    return render_template("cases/index.html", courses=courses)


@bp.get("/kasus/<slug>")
@login_required
def course(slug: str):
    scope = current_scope()
    course = require_case_course(scope, slug)
    cases = active_cases(course.id, with_data=True)
    results = my_results(scope.person_id, scope.election_id, course.id)
    current = {case.id for case in cases}
    passed = sum(1 for result in results.values() if result.ever_passed and result.case_id in current)
    return render_template("cases/course.html", course=course, cases=cases, results=results, passed=passed,
                           required=required_cases(course), has_election=scope.election_id is not None,
                           next_case=next_to_practise(cases, results))


def _render_case(scope: Scope, course, case, *, values: dict[str, Given] | None = None, error: str | None = None,
                 status: int = 200):
    place = place_of(case)
    result = my_result(scope.person_id, scope.election_id, case.id)
    if values is None:
        values = {key: Given.from_dict(data) for key, data in (result.answers if result else {}).items()}
    return render_template(
        "cases/case.html", course=course, case=case, data=case.data, values=values, error=error, result=result,
        previous=place.previous, following=place.following, can_record=scope.election_id is not None,
        **_vocabulary(),
    ), status


def _read_case_post(scope: Scope, course, case):
    """Read the posted decisions; return (answers, None), or (None, the case page with why they were refused)."""
    try:
        answers, missing = read_answers(case.data, request.form)
    except ForgedAnswer:
        return None, _render_case(
            scope, course, case, values={}, status=400,
            error=_("Pilihan jawaban tidak dikenal. Pilih dari pilihan yang tersedia, lalu kirim lagi."))
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        try:
            validate_csrf(request.form.get("csrf_token"))
        except ValidationError:
            return None, _render_case(
                scope, course, case, values=answers, status=400,
                error=_("Halaman ini sudah terlalu lama terbuka atau sesi berganti, jadi jawaban belum dinilai. "
                        "Pilihan Anda masih ada di bawah: tekan Periksa jawaban sekali lagi."))
    if missing:
        return None, _render_case(scope, course, case, values=answers, status=400, error=missing_message(missing))
    if scope.election_id is None:
        return None, _render_case(scope, course, case, values=answers, status=400,
                            error=_("Belum ada pemilihan yang aktif, jadi jawaban tidak dapat disimpan."))
    return answers, None


@bp.route("/kasus/<slug>/<key>", methods=["GET", "POST"])
@csrf.exempt  # checked in _answer, so a rejected post re-shows the household with the choices kept
@login_required
def case(slug: str, key: str):
    scope = current_scope()
    course = require_case_course(scope, slug)
    case = require_case(course, key)
    if request.method == "GET":
        return _render_case(scope, course, case)
    answers, refused = _read_case_post(scope, course, case)
    if refused is not None:
        return refused
    result, graded = submit_case(case, scope.person_id, scope.election_id, answers)
    if graded.passed:
        flash(_("Semua keputusan benar. Kasus ini lulus."), "success")
    else:
        flash(_("%(right)d dari %(total)d keputusan benar. Baca penjelasannya, lalu coba lagi.",
                right=graded.score, total=graded.total), "warning")
    return redirect(url_for("cases.result", slug=course.slug, key=case.key))


def _review(case, answers: dict[str, Given]):
    graded = grade_case(case.data, answers)
    rows = []
    for subject in case.subjects:
        given = answers.get(subject["key"], Given())
        verdict = graded.verdicts[subject["key"]]
        if subject["kind"] == "question":
            right, rules = subject["choices"][subject["correct"]], []
        else:
            right = " — atau — ".join(describe_answer(answer) for answer in subject["answers"])
            rules = [rule for answer in subject["answers"][:1] for rule in rule_for(answer)]
        rows.append({"subject": subject, "verdict": verdict, "given": describe_given(given, subject),
                     "right": right, "rules": rules})
    return graded, rows


@bp.get("/kasus/<slug>/<key>/hasil")
@login_required
def result(slug: str, key: str):
    scope = current_scope()
    course = require_case_course(scope, slug)
    case = require_case(course, key)
    result = my_result(scope.person_id, scope.election_id, case.id)
    if result is None:
        return redirect(url_for("cases.case", slug=slug, key=key))
    answers = {subject: Given.from_dict(data) for subject, data in result.answers.items()}
    graded, rows = _review(case, answers)
    return render_template("cases/result.html", course=course, case=case, result=result, graded=graded, rows=rows,
                           following=place_of(case).following, changed=result.content_hash != case.content_hash)


# --- Trainers ------------------------------------------------------------------------------------


def _trainer_scope() -> Scope:
    scope = current_scope()
    if not scope.is_trainer or scope.election_id is None:
        abort(404)
    return scope


@bp.get("/laporan/kasus")
@login_required
def report():
    scope = _trainer_scope()
    courses = [(course, case_stats(scope, course.id)) for course, _count in courses_with_cases(scope)]
    return render_template("cases/report.html", courses=courses)


@bp.get("/laporan/kasus/<slug>/<key>")
@login_required
def report_case(slug: str, key: str):
    scope = _trainer_scope()
    course = require_case_course(scope, slug)
    case = require_case(course, key)
    return render_template("cases/report_case.html", course=course, case=case, stats=decision_stats(scope, case))


@bp.get("/latihan-bersama/<slug>/<key>")
@login_required
def together(slug: str, key: str):
    scope = current_scope()
    if not scope.is_trainer:
        abort(404)
    course = require_case_course(scope, slug)
    case = require_case(course, key)
    place = place_of(case)
    reveal = request.args.get("jawaban") == "1"
    rows = _review(case, {})[1] if reveal else []
    return render_template("cases/together.html", course=course, case=case, data=case.data, reveal=reveal,
                           rows=rows, previous=place.previous, following=place.following, position=place.number,
                           total=place.total)
