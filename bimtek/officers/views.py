"""Officer lists, profiles, corrections, password resets and list imports."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from bimtek.extensions import db
from bimtek.officers import handover
from bimtek.officers.forms import ImportForm, OfficerFilterForm, PersonForm
from bimtek.officers.models import PasswordSheet, Role
from bimtek.officers.imports import (
    COLUMN_NOTES,
    REQUEST_MAX_ROWS,
    OfficerImportError,
    count_rows,
    find_regions,
    import_officers,
    recent_imports,
    submit_import,
    template_csv,
    template_xlsx,
)
from bimtek.officers.panels import panels_for
from bimtek.officers.operations import (
    IdentityTaken,
    clear_password_sheet,
    create_password_sheet,
    password_entry,
    password_sheet_csv,
    reset_password,
    update_person,
    visible_sheet,
)
from bimtek.officers.queries import assignments_of, managing_assignment, officer_page
from bimtek.pdf import pdf_response
from bimtek.regions.queries import find_region
from bimtek.scope import current_scope, may, require, require_current_election

bp = Blueprint("officers", __name__, url_prefix="/petugas")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_operator():
    return require("officers.operate")


@bp.route("/")
@login_required
def index():
    scope = require("officers.list")
    form = OfficerFilterForm(request.args)
    form.role.choices = [SelectChoice("", _("Semua peran"))] + [
        SelectChoice(r.value, r.label) for r in Role if r is not Role.ADMIN
    ]
    typed = (request.args.get("wilayah") or "").strip()[:100]
    region, candidates = find_region(typed, within=scope.area) if typed else (None, [])  # a name or a code
    page = officer_page(
        scope,
        q=(form.q.data or "").strip(),
        role=form.role.data if form.role.data in Role.__members__.values() else "",
        region_code=region.code if region is not None and scope.covers(region.code) else "",
        page=max(1, request.args.get("halaman", 1, type=int) or 1),
    )
    return render_template("officers/index.html", page=page, form=form, scope=scope, typed=typed, region=region,
                           candidates=candidates)


@bp.route("/<int:person_id>")
@login_required
def show(person_id: int):
    scope = current_scope()
    person = scope.require_person(person_id)
    assignments = assignments_of(person.id, scope.election_id)
    return render_template(
        "officers/show.html",
        person=person,
        assignments=assignments,
        can_manage=managing_assignment(scope, person.id) is not None,
        can_edit=may("officers.operate") and managing_assignment(scope, person.id) is not None,
        is_self=person.id == current_user.id,
        panels=panels_for(scope, person),
    )


def _managed(person_id: int):
    """Return the person and the assignment through which the user is responsible for them, else 404."""
    scope = current_scope()
    person = scope.require_person(person_id)
    assignment = managing_assignment(scope, person.id)
    if assignment is None:
        abort(404)
    return scope, person, assignment


@bp.route("/<int:person_id>/ubah", methods=["GET", "POST"])
@login_required
def edit(person_id: int):
    _require_operator()
    scope, person, assignment = _managed(person_id)
    form = PersonForm(obj=person)
    if form.validate_on_submit():
        try:
            update_person(person, full_name=form.full_name.data, nik=form.nik.data, phone=form.phone.data or None,
                          actor_id=current_user.id, election_id=scope.election_id,
                          region_code=assignment.region_code)
        except IdentityTaken as taken:
            getattr(form, taken.field).errors.append(str(taken))
            return render_template("officers/edit.html", form=form, person=person), 422
        flash(_("Data petugas sudah disimpan."), "success")
        return redirect(url_for("officers.show", person_id=person.id))
    return render_template("officers/edit.html", form=form, person=person)


@bp.route("/<int:person_id>/sandi-baru", methods=["POST"])
@login_required
def reset(person_id: int):
    scope, person, assignment = _managed(person_id)
    password = reset_password(person, actor_id=current_user.id, election_id=scope.election_id,
                              region_code=assignment.region_code)
    sheet = create_password_sheet(
        [password_entry(person, assignment.title, assignment.region, password)], created_by_id=current_user.id
    )
    return redirect(url_for("officers.sheet", token=sheet.token))


@bp.route("/impor", methods=["GET", "POST"])
@login_required
def import_list():
    scope = _require_operator()
    election = require_current_election()
    form = ImportForm()
    errors = []
    if form.validate_on_submit():
        try:
            return _import(form.file.data.read(), form.file.data.filename, election, scope)
        except OfficerImportError as error:
            errors = error.errors
    return render_template("officers/import.html", form=form, errors=errors, election=election,
                           error_rows=len({e.line for e in errors}), notes=COLUMN_NOTES,
                           recent=recent_imports(current_user.id)), (422 if errors else 200)


def _import(data: bytes, filename: str | None, election, scope):
    """Import a file of up to REQUEST_MAX_ROWS rows within the request; hand a longer one to a job."""
    seconds = current_app.config["BIMTEK_IMPORT_READ_SECONDS"]
    rows = count_rows(data, seconds=seconds, xlsx_stop_after=REQUEST_MAX_ROWS)
    if rows > REQUEST_MAX_ROWS:
        job = submit_import(data, filename, election, area=scope.area, owner_id=current_user.id, rows=rows)
        return redirect(url_for("jobs.show", token=job.token))
    result = import_officers(data, election, area=scope.area, actor_id=current_user.id, read_seconds=seconds)
    sheet = create_password_sheet(result.passwords, created_by_id=current_user.id)
    flash(_("Impor selesai: %(created)d baru, %(updated)d diubah, %(unchanged)d tetap.",
            created=result.created, updated=result.updated, unchanged=result.unchanged), "success")
    for warning in result.warnings:
        flash(warning, "warning")
    if result.passwords:
        return redirect(url_for("officers.sheet", token=sheet.token))
    return redirect(url_for("officers.index"))


@bp.route("/impor/templat.<kind>")
@login_required
def import_template(kind: str):
    scope = _require_operator()
    if kind == "csv":
        body, mimetype = template_csv(scope.area), "text/csv; charset=utf-8"
    elif kind == "xlsx":
        body, mimetype = template_xlsx(scope.area), XLSX_MIMETYPE
    else:
        abort(404)
    return body, 200, {"Content-Type": mimetype,
                       "Content-Disposition": f'attachment; filename="templat-impor-petugas.{kind}"'}


@bp.route("/impor/kode-wilayah")
@login_required
def region_lookup():
    scope = _require_operator()
    text = request.args.get("q", "")[:100]
    matches = find_regions(scope.area, text, page=request.args.get("halaman", 1, type=int) or 1)
    return render_template("officers/import_regions.html", matches=matches, q=text)


def _own_sheet(token: str) -> PasswordSheet:
    sheet = db.session.scalar(select(PasswordSheet).where(PasswordSheet.token == token))
    if sheet is None or sheet.created_by_id != current_user.id or not visible_sheet(sheet):
        abort(404)
    return sheet


@bp.route("/sandi/<token>")
@login_required
def sheet(token: str):
    sheet = _own_sheet(token)
    page = handover.sheet_page(sheet, request.args.get("halaman", 1, type=int) or 1)
    response = render_template("officers/sheet.html", sheet=sheet, page=page)
    return response, 200, {"Cache-Control": "no-store"}


@bp.route("/sandi/<token>.pdf")
@login_required
def sheet_pdf(token: str):
    sheet = _own_sheet(token)
    if handover.pdf_by_job(sheet):
        flash(_("Daftar ini terlalu panjang untuk dicetak langsung. Tekan “Buat PDF” untuk membuatnya di latar belakang."), "info")
        return redirect(url_for("officers.sheet", token=token))
    return pdf_response(handover.slips_pdf(sheet.entries, handover.login_url()), "kata-sandi-sekali-pakai.pdf")


@bp.route("/sandi/<token>/pdf", methods=["POST"])
@login_required
def sheet_pdf_job(token: str):
    job = handover.pdf_job(_own_sheet(token), owner_id=current_user.id, address=handover.login_url())
    return redirect(url_for("jobs.show", token=job.token))


@bp.route("/permintaan-sandi")
@login_required
def password_requests():
    scope = require("officers.list")
    return render_template("officers/password_requests.html", requests=handover.waiting_requests(scope))


@bp.route("/sandi/<token>.csv")
@login_required
def sheet_csv(token: str):
    sheet = _own_sheet(token)
    return password_sheet_csv(sheet.entries), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="kata-sandi-sekali-pakai.csv"',
        "Cache-Control": "no-store",
    }


@bp.route("/sandi/<token>/tutup", methods=["POST"])
@login_required
def close_sheet(token: str):
    clear_password_sheet(_own_sheet(token))
    flash(_("Daftar kata sandi sudah dihapus dari server."), "info")
    return redirect(url_for("officers.index"))


@bp.route("/saya")
@login_required
def me():
    scope = current_scope()
    return render_template(
        "officers/me.html", person=current_user, assignments=assignments_of(current_user.id, scope.election_id)
    )
