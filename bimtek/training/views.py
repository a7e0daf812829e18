"""Bimtek pages: scheduling, the roster, attendance, check-in, paperwork and the cascade view."""

from __future__ import annotations

from datetime import date, datetime, time

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from bimtek import clock
from bimtek.elections.queries import current_election
from bimtek.extensions import db
from bimtek.forms import flash_form_errors
from bimtek.officers.models import Role
from bimtek.pdf import pdf_response, render_pdf
from bimtek.regions.models import Region, RegionLevel, ancestor_at
from bimtek.regions.queries import find_region
from bimtek.scope import (
    Level,
    Scope,
    current_scope,
    require,
    require_assignment,
    require_current_election,
    require_session,
)
from bimtek.training.access import can_manage_session, can_schedule, default_audience, invitable_roles
from bimtek.training import documents
from bimtek.training.cascade import (
    FILTER_ROLES,
    STATUS_LABELS,
    cascade_page,
    cascade_report,
    region_options,
    status_choices,
)
from bimtek.training.checkin import check_in_participant, in_window, issue_check_in, session_for_code, session_for_token
from bimtek.training.files import file_path, save_file, upload_max_bytes
from bimtek.training.forms import (
    CodeForm,
    NotesForm,
    SessionForm,
    TokenForm,
    UploadForm,
    WalkInForm,
)
from bimtek.training.models import Attendance, AttendanceStatus, FileKind, Institution, SessionFile, TrainingSession
from bimtek.training.operations import (
    SessionDetails,
    TrainingError,
    add_participant,
    add_walk_in,
    mark_attendance,
    match_walk_in,
    remove_participant,
    schedule_session,
    set_notes,
    update_session,
)
from bimtek.training.queries import (
    course_choices,
    match_candidates,
    participant_candidates,
    region_choices,
    roster,
    sessions_in_scope,
    sessions_invited,
    status_counts,
    trainer_candidates,
)
from bimtek.transaction import refusals_return_to

bp = Blueprint("training", __name__, url_prefix="/bimtek")


def _session(session_id: int, *, manage: bool = True) -> tuple[Scope, TrainingSession]:
    """Return the user's scope and a session they may manage (or view), through the access gate."""
    return current_scope(), require_session(session_id, manage=manage)


def _attendance(session: TrainingSession, attendance_id: int) -> Attendance:
    attendance = next((a for a in session.attendances if a.id == attendance_id), None)
    if attendance is None:
        abort(404)
    return attendance


def _to_utc(day: date, at: time, zone: str) -> datetime:
    return datetime.combine(day, at, tzinfo=clock.ZONES[zone]).astimezone(clock.now().tzinfo)


def _details(form: SessionForm, zone: str) -> SessionDetails:
    return SessionDetails(
        title=form.title.data or "",
        starts_at=_to_utc(form.day.data, form.start_time.data, zone),
        ends_at=_to_utc(form.day.data, form.end_time.data, zone),
        place=form.place.data or "",
        topics=form.topics.data or "",
        course_slugs=list(form.courses.data or []),
        is_makeup=form.is_makeup.data,
        trainer_ids=list(form.trainers.data or []),
        speakers=[(entry.form.name.data or "", Institution(entry.form.institution.data))
                  for entry in form.speakers if (entry.form.name.data or "").strip()],
    )


def _fill_choices(form: SessionForm, scope: Scope, election_id: int, session: TrainingSession | None = None) -> None:
    form.region_code.choices = [SelectChoice(r.code, r.display_name) for r in region_choices(scope)]
    courses = course_choices()
    known = dict(courses)
    form.courses.choices = [SelectChoice(slug, title) for slug, title in courses] + [
        SelectChoice(slug, slug) for slug in (session.course_slugs if session else []) if slug not in known
    ]
    roles = invitable_roles(scope, scope.area) if not scope.is_admin else invitable_roles(scope, "")
    form.audience.choices = [SelectChoice(r.value, r.label) for r in roles]
    candidates = trainer_candidates(scope, election_id)
    choices = {person.id: f"{person.full_name} — {assignment.title} {assignment.region.name}" for person, assignment in candidates}
    if session:
        for trainer in session.trainers:
            choices.setdefault(trainer.person_id, trainer.person.full_name)
    form.trainers.choices = [SelectChoice(pid, label) for pid, label in choices.items()]


@bp.route("/")
@login_required
def index():
    scope = current_scope()
    election = current_election()
    return render_template(
        "training/index.html", scope=scope, election=election, can_schedule=can_schedule(scope),
        sessions=sessions_in_scope(scope) if scope.level is not Level.SELF else [],
        invited=sessions_invited(scope),
    )


@bp.route("/baru", methods=["GET", "POST"])
@login_required
def new():
    scope = require("training.schedule")
    election = require_current_election()
    form = SessionForm()
    _fill_choices(form, scope, election.id)
    if request.method == "GET":
        form.audience.data = [r.value for r in default_audience(scope)]
        if scope.person_id in {choice.value for choice in form.trainers.choices}:
            form.trainers.data = [scope.person_id]
        if form.region_code.choices:
            form.region_code.data = form.region_code.choices[0].value
        form.day.data = clock.today(clock.zone_for_region(scope.area))
    error = None
    if form.validate_on_submit():
        zone = clock.zone_for_region(form.region_code.data)
        try:
            session = schedule_session(
                scope, election, form.region_code.data or "", _details(form, zone),
                [Role(r) for r in form.audience.data or [] if r in Role.__members__.values()],
                actor_id=current_user.id,
            )
        except TrainingError as refusal:
            error = str(refusal)
        else:
            flash(_("Bimtek sudah dijadwalkan dengan %(count)d peserta diundang.", count=len(session.attendances)), "success")
            return redirect(url_for("training.show", session_id=session.id))
    return render_template("training/form.html", form=form, error=error, scope=scope, session=None), (422 if error else 200)


@bp.route("/<int:session_id>")
@login_required
def show(session_id: int):
    scope, session = _session(session_id, manage=False)
    manage = can_manage_session(scope, session)
    mine = next((a for a in session.attendances if a.person_id == scope.person_id), None)
    return render_template(
        "training/show.html", session=session, manage=manage, mine=mine, counts=status_counts(session),
        roster=roster(session) if manage else [], notes_form=NotesForm(obj=session), upload_form=UploadForm(),
        max_mb=upload_max_bytes() // (1024 * 1024), statuses=list(AttendanceStatus),
        course_titles=dict(course_choices()) if session.course_slugs else {},
    )


@bp.route("/<int:session_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(session_id: int):
    scope, session = _session(session_id)
    form = SessionForm(obj=None if request.method == "POST" else session)
    _fill_choices(form, scope, session.election_id, session)
    zone = session.zone
    if request.method == "GET":
        form.day.data = clock.local(session.starts_at, zone).date()
        form.start_time.data = clock.local(session.starts_at, zone).time()
        form.end_time.data = clock.local(session.ends_at, zone).time()
        form.courses.data = session.course_slugs
        form.trainers.data = [t.person_id for t in session.trainers]
        for entry, speaker in zip(form.speakers, session.speakers):
            entry.form.name.data, entry.form.institution.data = speaker.name, speaker.institution.value
    form.region_code.data = session.region_code
    error = None
    if form.validate_on_submit():
        try:
            update_session(session, _details(form, zone), actor_id=current_user.id)
        except TrainingError as refusal:
            error = str(refusal)
        else:
            flash(_("Perubahan bimtek sudah disimpan."), "success")
            return redirect(url_for("training.show", session_id=session.id))
    return render_template("training/form.html", form=form, error=error, scope=scope, session=session), (422 if error else 200)


@bp.route("/<int:session_id>/peserta")
@login_required
def roster_page(session_id: int):
    scope, session = _session(session_id)
    q = (request.args.get("q") or "").strip()[:100]
    return render_template("training/roster.html", session=session, roster=roster(session), q=q,
                           candidates=participant_candidates(scope, session, q))


@bp.route("/<int:session_id>/peserta/tambah", methods=["POST"])
@login_required
def add(session_id: int):
    scope, session = _session(session_id)
    assignment = require_assignment(request.form.get("assignment_id", type=int))
    back = url_for("training.roster_page", session_id=session.id, q=request.form.get("q", ""))
    refusals_return_to(back)
    add_participant(scope, session, assignment, actor_id=current_user.id)
    flash(_("%(name)s ditambahkan ke daftar peserta.", name=assignment.person.full_name), "success")
    return redirect(back)


@bp.route("/<int:session_id>/peserta/<int:attendance_id>/hapus", methods=["GET", "POST"])
@login_required
def remove(session_id: int, attendance_id: int):
    _scope, session = _session(session_id)
    back = url_for("training.roster_page", session_id=session.id)
    attendance = next((a for a in session.attendances if a.id == attendance_id), None)
    if attendance is None:  # a second click, or another trainer removed them first
        flash(_("Peserta itu sudah tidak ada di daftar peserta (mungkin sudah dihapus). Tidak ada yang diubah."), "info")
        return redirect(back)
    if request.method == "GET" or request.form.get("yakin") != "ya":
        return render_template("training/remove.html", session=session, attendance=attendance)
    name = attendance.name
    remove_participant(session, attendance, actor_id=current_user.id)
    flash(_("%(name)s dihapus dari daftar peserta.", name=name), "info")
    return redirect(back)


@bp.route("/<int:session_id>/kehadiran")
@login_required
def attendance(session_id: int):
    _scope, session = _session(session_id)
    return render_template("training/attendance.html", session=session, roster=roster(session),
                           statuses=list(AttendanceStatus), started=session.has_started(),
                           counts=status_counts(session), walk_in_form=WalkInForm())


@bp.route("/<int:session_id>/kehadiran/<int:attendance_id>", methods=["POST"])
@login_required
def mark(session_id: int, attendance_id: int):
    _scope, session = _session(session_id)
    attendance = _attendance(session, attendance_id)
    value = request.form.get("status", "")
    status = AttendanceStatus(value) if value in AttendanceStatus.__members__.values() else None
    if value and status is None:
        abort(400)
    back = url_for("training.attendance", session_id=session.id) + f"#p{attendance.id}"
    refusals_return_to(back)
    mark_attendance(session, attendance, status, actor_id=current_user.id)
    return redirect(back)


@bp.route("/<int:session_id>/kehadiran/tambah", methods=["POST"])
@login_required
def walk_in(session_id: int):
    _scope, session = _session(session_id)
    form = WalkInForm()
    back = url_for("training.attendance", session_id=session.id)
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(back)
    refusals_return_to(back)
    attendance = add_walk_in(session, form.name.data, form.title.data or "", form.desa.data or "",
                             actor_id=current_user.id)
    flash(_("%(name)s ditambahkan. Cocokkan dengan akunnya nanti.", name=attendance.name), "success")
    return redirect(back + f"#p{attendance.id}")


@bp.route("/<int:session_id>/kehadiran/<int:attendance_id>/cocokkan", methods=["GET", "POST"])
@login_required
def match(session_id: int, attendance_id: int):
    scope, session = _session(session_id)
    attendance = _attendance(session, attendance_id)
    if not attendance.is_walk_in:
        abort(404)
    if request.method == "POST" and TokenForm().validate_on_submit():
        assignment = require_assignment(request.form.get("assignment_id", type=int))
        refusals_return_to(request.full_path)
        match_walk_in(session, attendance, assignment, actor_id=current_user.id)
        flash(_("Peserta sudah dicocokkan dengan akun %(name)s.", name=assignment.person.full_name), "success")
        return redirect(url_for("training.attendance", session_id=session.id))
    q = (request.args.get("q") or attendance.walk_in_name or "").strip()[:100]
    candidates = match_candidates(session, q)
    if not candidates and request.args.get("q") is None:
        q, candidates = "", match_candidates(session)
    return render_template("training/match.html", session=session, attendance=attendance, q=q, candidates=candidates)


@bp.route("/<int:session_id>/qr")
@login_required
def qr(session_id: int):
    _scope, session = _session(session_id)
    token = code = svg = None
    error = None
    try:
        token, code = issue_check_in(session)
    except TrainingError as refusal:
        error = str(refusal)
    else:
        import segno

        link = url_for("training.check_in", token=token, _external=True)
        svg = segno.make(link, error="m").svg_inline(scale=6, dark="#000", light="#fff")
    return render_template("training/qr.html", session=session, svg=svg, code=code, error=error,
                           minutes=int(documents.check_in_minutes()))


@bp.route("/hadir/<token>", methods=["GET", "POST"])
@login_required
def check_in(token: str):
    form = TokenForm()
    error = done = None
    session = None
    try:
        session = session_for_token(token)
        if session.election_id != current_scope().election_id:
            raise TrainingError(_("Bimtek ini bukan bagian dari pemilihan yang aktif."))
        if form.validate_on_submit():
            check_in_participant(session, current_user, method="qr")
            done = True
    except TrainingError as refusal:
        error = str(refusal)
    return render_template("training/check_in.html", session=session, error=error, done=done, form=form,
                           token=token), (422 if error else 200)


@bp.route("/hadir", methods=["GET", "POST"])
@login_required
def check_in_code():
    form = CodeForm()
    error = done = None
    session = None
    if form.validate_on_submit():
        try:
            election = require_current_election()
            session = session_for_code(form.code.data, election)
            check_in_participant(session, current_user, method="kode")
            done = True
        except TrainingError as refusal:
            error = str(refusal)
    return render_template("training/check_in_code.html", form=form, error=error, done=done, session=session), (
        422 if error else 200
    )


@bp.route("/<int:session_id>/<document>.pdf")
@login_required
def document(session_id: int, document: str):
    _scope, session = _session(session_id)
    paper = request.args.get("kertas", "").lower()
    if (paper and paper not in documents.PAPERS) or document not in documents.TEMPLATES:
        abort(404)
    values = documents.context(session, document, documents.PAPERS.get(paper))
    data = render_pdf(f"training/pdf/{documents.TEMPLATES[document]}", **values)
    return pdf_response(data, f"{document}-bimtek-{session.id}-{values['paper_name'].lower()}.pdf")


@bp.route("/<int:session_id>/notulen", methods=["POST"])
@login_required
def notes(session_id: int):
    _scope, session = _session(session_id)
    form = NotesForm()
    if form.validate_on_submit():
        set_notes(session, form.notes.data or "", actor_id=current_user.id)
        flash(_("Notulen sudah disimpan."), "success")
    return redirect(url_for("training.show", session_id=session.id) + "#laporan")


@bp.route("/<int:session_id>/berkas", methods=["POST"])
@login_required
def upload(session_id: int):
    _scope, session = _session(session_id)
    form = UploadForm()
    back = url_for("training.show", session_id=session.id) + "#berkas"
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(back)
    refusals_return_to(back)
    storage = form.file.data
    data = storage.stream.read(upload_max_bytes() + 1)
    save_file(session, FileKind(form.kind.data), data, storage.filename or "", actor_id=current_user.id)
    flash(_("Berkas sudah disimpan."), "success")
    return redirect(back)


@bp.route("/<int:session_id>/berkas/<int:file_id>")
@login_required
def file(session_id: int, file_id: int):
    _scope, session = _session(session_id)
    item = db.session.get(SessionFile, file_id)
    if item is None or item.session_id != session.id or not file_path(item).is_file():
        abort(404)
    response = send_file(file_path(item), mimetype=item.mime_type, download_name=item.original_name,
                         as_attachment=item.mime_type == "application/pdf", max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/kaskade")
@login_required
def cascade():
    scope = require("training.cascade")
    typed = (request.args.get("kode") or "").strip()
    filters = {key: request.args[key] for key in ("peran", "status") if request.args.get(key)}
    candidates = []
    if typed and not scope.is_admin:
        return redirect(url_for("training.cascade_region", code=typed, **filters))
    if typed:
        below = (RegionLevel.KABUPATEN, RegionLevel.KECAMATAN, RegionLevel.DESA)
        found, candidates = find_region(typed, level=below)  # a name or a code
        if found is not None:
            return redirect(url_for("training.cascade_region", code=found.code, **filters))
    if scope.is_admin:
        kabupaten = db.session.scalars(
            db.select(Region).where(Region.level == RegionLevel.KABUPATEN).order_by(Region.code).limit(600)
        ).all()
        return render_template("training/cascade_pick.html", kabupaten=kabupaten, typed=typed, candidates=candidates)
    return redirect(url_for("training.cascade_region", code=scope.area))


@bp.route("/kaskade/<code>")
@login_required
def cascade_region(code: str):
    scope = require("training.cascade")
    region = scope.require_region(code)
    if region.level is RegionLevel.PROVINSI:
        abort(404)
    election = require_current_election()
    roles, statuses = FILTER_ROLES[region.level], status_choices(region.level)
    role_arg, status_arg = request.args.get("peran") or "", request.args.get("status") or ""
    role = next((r for r in roles if r.value == role_arg), None)
    status = status_arg if status_arg in statuses else None
    page = cascade_page(cascade_report(election, region.code), role=role, status=status,
                        page=request.args.get("halaman", 1, type=int) or 1)
    parents = [db.session.get(Region, ancestor_at(region.code, level)) for level in (RegionLevel.KABUPATEN, RegionLevel.KECAMATAN)
               if region.code.count(".") > {RegionLevel.KABUPATEN: 1, RegionLevel.KECAMATAN: 2}[level]]
    options = region_options(scope.area or ancestor_at(region.code, RegionLevel.KABUPATEN), region)
    return render_template("training/cascade.html", view=page, report=page.report, region=region, Role=Role,
                           parents=[p for p in parents if scope.covers(p.code)], level=region.level.value,
                           roles=roles, statuses=statuses, options=options, status_labels=STATUS_LABELS,
                           unknown=(role_arg and not role) or (status_arg and not status))


@bp.app_template_filter("status_label")
def status_label(status: AttendanceStatus | None) -> str:
    return status.label if status else _("Belum dicatat")


@bp.app_template_filter("status_class")
def status_class(status: AttendanceStatus | None) -> str:
    """Return the CSS class giving each attendance status its own colour (the label is always shown too)."""
    return f"st-{status.value}" if status else "st-none"


@bp.app_context_processor
def _training_helpers():
    return {"training_in_window": in_window}
