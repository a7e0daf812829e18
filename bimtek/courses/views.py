"""Learning pages: my courses, a course, a lesson (with progress), the course PDF and the pocket cards."""

from __future__ import annotations

import hashlib

from flask import (
    Blueprint, abort, current_app, flash, make_response, redirect, render_template, request, send_file, session,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from bimtek import clock
from bimtek.courses.content import IMAGE_FILE, svg_is_safe
from bimtek.courses.operations import complete_lesson as record_completion
from bimtek.courses.operations import content_dir, image_version
from bimtek.courses.queries import (
    course_status, course_statuses, desa_with_pantarlih, my_courses, pantarlih_assignments, readable_courses,
    require_lesson,
)
from bimtek.courses.queries import pocket_cards as build_pocket_cards
from bimtek.courses.render import render_for_print
from bimtek.courses.steps import course_cards
from bimtek.officers.models import Role
from bimtek.pdf import pdf_response, render_pdf
from bimtek.regions.models import RegionLevel
from bimtek.scope import Level, current_scope, may, require_course

bp = Blueprint("courses", __name__, url_prefix="/kursus")

# Bump when the lesson template changes, so browsers drop pages cached under the old one.
LESSON_PAGE_VERSION = "1"
YEAR = 365 * 24 * 3600


@bp.route("/")
@login_required
def index():
    scope = current_scope()
    mine = my_courses(scope)
    others = [course for course in readable_courses(scope) if course not in mine]
    return render_template(
        "courses/index.html",
        statuses=course_statuses(mine, current_user.id, scope.election_id),
        others=others,
        is_pantarlih=scope.has_role(Role.PANTARLIH) and not scope.is_admin,
        prints_cards=scope.level is not Level.SELF and scope.election_id is not None,
        has_election=scope.election_id is not None,
    )


@bp.route("/<slug>")
@login_required
def show(slug: str):
    scope = current_scope()
    course = require_course(slug)
    status = course_status(course, current_user.id, scope.election_id)
    quiz_url = None
    # Only a learner of the course (by one of their roles) is offered its quiz; trainers read its report.
    if course.quiz_rules and "quizzes.start" in current_app.view_functions and may("quizzes.learner", course):
        quiz_url = url_for("quizzes.start", slug=course.slug)
    return render_template("courses/show.html", course=course, status=status, quiz_url=quiz_url,
                           can_record=scope.election_id is not None, cards=course_cards(course, scope))


def _lesson_etag(lesson, status) -> str:
    """Build the lesson page's validator from the content and the learner's progress, not from the body.

    The body carries a CSRF token that changes per session, so the session's token is folded in
    (hashed) to keep a cached page's form valid; the user id keeps one person's page from another.
    """
    generate_csrf()
    token = session.get("csrf_token", "")
    parts = [
        LESSON_PAGE_VERSION, status.course.content_hash, lesson.content_hash, str(lesson.is_retired),
        status.fingerprint, current_user.get_id(), str(current_scope().election_id),
        hashlib.sha256(token.encode()).hexdigest()[:8],
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]


@bp.route("/<slug>/<lesson_key>")
@login_required
def lesson(slug: str, lesson_key: str):
    scope = current_scope()
    course = require_course(slug)
    lesson = require_lesson(course, lesson_key)
    status = course_status(course, current_user.id, scope.election_id)
    etag = _lesson_etag(lesson, status)
    # A pending flash message must be shown, so only a page without one may be answered with 304.
    if etag in request.if_none_match and not session.get("_flashes"):
        response = current_app.response_class(status=304)
    else:
        previous, following = status.neighbours(lesson)
        response = make_response(render_template(
            "courses/lesson.html", course=course, lesson=lesson, status=status, previous=previous,
            following=following, can_record=scope.election_id is not None,
        ))
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    return response


@bp.route("/<slug>/<lesson_key>/selesai", methods=["POST"])
@login_required
def complete_lesson(slug: str, lesson_key: str):
    scope = current_scope()
    course = require_course(slug)
    lesson = require_lesson(course, lesson_key)
    if lesson.is_retired or scope.election_id is None:
        abort(404)
    if record_completion(current_user.id, scope.election_id, lesson):
        flash(_("Pelajaran \u201c%(title)s\u201d ditandai selesai.", title=lesson.title), "success")
    status = course_status(course, current_user.id, scope.election_id)
    following = status.neighbours(lesson)[1]
    if following is not None:
        return redirect(url_for("courses.lesson", slug=course.slug, lesson_key=following.key))
    return redirect(url_for("courses.show", slug=course.slug))


@bp.route("/<slug>.pdf")
@login_required
def pdf(slug: str):
    scope = current_scope()
    course = require_course(slug)
    status = course_status(course, current_user.id, scope.election_id)
    folder = content_dir() / course.slug
    lessons = [
        (lesson.title, render_for_print(lesson.body_markdown, folder, svg_is_safe))
        for lesson in status.lessons
    ]
    learner = next((a for a in scope.assignments if a.role is Role.PANTARLIH), None) or next(
        iter(scope.assignments), None)
    data = render_pdf(
        "courses/pdf/course.html", course=course, lessons=lessons, printed_on=clock.today(),
        learner_name=current_user.full_name,
        learner_title=learner.title if learner else "",
        learner_region=learner.region.display_name if learner else "",
    )
    return pdf_response(data, f"{course.slug}.pdf")


@bp.route("/<slug>/gambar/<filename>")
@login_required
def asset(slug: str, filename: str):
    course = require_course(slug)
    folder = (content_dir() / course.slug).resolve()
    path = (folder / filename).resolve()
    if not IMAGE_FILE.match(filename) or path.parent != folder or not path.is_file():
        abort(404)
    response = send_file(path, conditional=True, etag=True, max_age=0)
    # The URL carries the file's fingerprint, so a matching one can be kept for a year.
    if request.args.get("v") == image_version(path):
        response.headers["Cache-Control"] = f"private, max-age={YEAR}, immutable"
    else:
        response.headers["Cache-Control"] = "private, no-cache"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response


@bp.route("/kartu-saku")
@login_required
def pocket_card():
    scope = current_scope()
    mine = [assignment for assignment in scope.assignments if assignment.role is Role.PANTARLIH]
    if not mine:
        abort(404)
    data = render_pdf("courses/pdf/pocket_cards.html", cards=build_pocket_cards(mine))
    return pdf_response(data, "kartu-saku-coklit.pdf")


@bp.route("/kartu-saku/desa/")
@login_required
def pocket_card_index():
    scope = current_scope()
    if scope.level is Level.SELF or scope.election_id is None:
        abort(404)
    return render_template("courses/pocket_index.html", rows=desa_with_pantarlih(scope))


@bp.route("/kartu-saku/desa/<code>")
@login_required
def pocket_cards(code: str):
    scope = current_scope()
    if scope.level is Level.SELF or scope.election_id is None:
        abort(404)
    region = scope.require_region(code)
    if region.level is not RegionLevel.DESA:
        abort(404)
    assignments = pantarlih_assignments(scope.election_id, region.code)
    if not assignments:
        flash(_("Belum ada Pantarlih di %(desa)s.", desa=region.display_name), "warning")
        return redirect(url_for("courses.pocket_card_index"))
    data = render_pdf("courses/pdf/pocket_cards.html", cards=build_pocket_cards(assignments))
    return pdf_response(data, f"kartu-saku-{region.code.replace('.', '')}.pdf")
