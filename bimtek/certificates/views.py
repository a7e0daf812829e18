"""Certificate pages: my certificates, download, the public verify page, revoke/reissue, settings, bulk printing."""

from __future__ import annotations

import time
from urllib.parse import quote

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from wtforms.fields.choices import SelectChoice

from bimtek import clock
from bimtek.certificates import bulk, codes
from bimtek.certificates.forms import BulkForm, ConfirmForm, RevokeForm, SettingsForm
from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.certificates.operations import (
    CertificateError,
    reissue,
    revoke,
    save_settings,
    settings_for,
    settings_image_path,
)
from bimtek.certificates.printing import public_base_url, stored_or_render, verify_url
from bimtek.certificates.queries import (
    PrintValues,
    by_code,
    certificates_in_region,
    certificates_of,
    regions_with_certificates,
    replacement_of,
)
from bimtek.certificates.verification import allow, look_up, pad_to_floor
from bimtek.extensions import db
from bimtek.jobs import jobs_of
from bimtek.officers.models import Role
from bimtek.pdf import pdf_response
from bimtek.regions.models import RegionLevel
from bimtek.regions.picker import pick_kabupaten
from bimtek.scope import Level, Scope, current_scope
from bimtek.storage import private_image
from bimtek.transaction import after_commit, keep_writes, refusals_return_to

bp = Blueprint("certificates", __name__)
MANAGER_ROLES = (Role.OPERATOR_KPU, Role.PPK)
MANAGE_PAGE_SIZE = 50  # keeps the list page well under 60 KB


def _can_manage_lifecycle(scope: Scope, certificate: Certificate) -> bool:
    """KPU operators of the certificate's kabupaten (and the admin) revoke and reissue."""
    if scope.is_admin:
        return True
    return any(a.role is Role.OPERATOR_KPU and a.election_id == certificate.election_id
               and (certificate.region_code == a.region_code or certificate.region_code.startswith(a.region_code + "."))
               for a in scope.assignments)


def _can_view(scope: Scope, certificate: Certificate) -> bool:
    if certificate.person_id == scope.person_id:
        return True
    return (scope.election_id == certificate.election_id and scope.level is not Level.SELF
            and (scope.is_admin or scope.role in MANAGER_ROLES) and scope.covers(certificate.region_code))


def _certificate(code: str, *, lifecycle: bool = False) -> tuple[Scope, Certificate]:
    scope = current_scope()
    certificate = by_code(codes.normalise(code)) if codes.shape(code) is codes.CodeShape.WELL_FORMED else None
    if certificate is None:
        abort(404)
    allowed = _can_manage_lifecycle(scope, certificate) if lifecycle else _can_view(scope, certificate)
    if not allowed:
        abort(404)
    return scope, certificate


def whatsapp_link(certificate: Certificate, base_url: str) -> str:
    """Return a wa.me link sharing the verify address of a certificate."""
    message = _("Sertifikat bimtek %(course)s atas nama %(name)s. Periksa keasliannya: %(url)s",
                course=certificate.course.title, name=certificate.full_name,
                url=verify_url(certificate.code, base_url))
    return "https://wa.me/?text=" + quote(message, safe="")


# --- the learner's own -----------------------------------------------------------------------


@bp.route("/sertifikat/")
@login_required
def index():
    scope = current_scope()
    mine = certificates_of(scope.person_id, scope.election_id) if scope.election_id else []
    base = public_base_url()
    return render_template(
        "certificates/index.html", certificates=mine, scope=scope, base_url=base,
        share={c.id: whatsapp_link(c, base) for c in mine}, display=codes.display,
        can_print=bulk.can_print(scope), can_manage=scope.election_id is not None and (
            scope.is_admin or scope.role in MANAGER_ROLES),
        can_configure=scope.is_admin or scope.has_role(Role.OPERATOR_KPU),
    )


@bp.route("/sertifikat/<code>.pdf")
@login_required
def download(code: str):
    _scope, certificate = _certificate(code)
    if certificate.status is not CertificateStatus.VALID:
        abort(404)
    path, values = PrintValues(public_base_url())(certificate)
    data = stored_or_render(path, values)
    return pdf_response(data, f"sertifikat-{codes.display(certificate.code)}.pdf", inline=False)


# --- public verification ---------------------------------------------------------------------


@bp.route("/v")
def verify_form():
    typed = (request.args.get("kode") or "").strip()
    if typed:
        return redirect(url_for("certificates.verify", code=typed[:40]))
    return render_template("certificates/verify_form.html")


@bp.route("/v/<code>")
def verify(code: str):
    started = time.perf_counter()
    keep_writes()  # the rate-limit counter counts refused look-ups too
    if not allow(request.remote_addr):
        pad_to_floor(started)
        return render_template("certificates/verify.html", outcome="limited", typed=code[:40]), 429
    found = look_up(code[:40])
    context = {"typed": code[:40], "display": codes.display}
    if found.shape is codes.CodeShape.MISTYPED:
        response = render_template("certificates/verify.html", outcome="mistyped", **context), 422
    elif found.certificate is None:
        response = render_template("certificates/verify.html", outcome="unknown", **context), 404
    else:
        certificate = found.certificate
        values = PrintValues(public_base_url())
        replacement = replacement_of(certificate) if certificate.status is CertificateStatus.REPLACED else None
        response = render_template(
            "certificates/verify.html", outcome=certificate.status.value, certificate=certificate,
            area=values.area(certificate.region_code), issuer=values.issuer(certificate.region_code).name,
            issued=clock.format_day(clock.local(certificate.issued_at, clock.zone_for_region(certificate.region_code)).date()),
            revoked=clock.format_day(clock.local(certificate.revoked_at, clock.zone_for_region(certificate.region_code)).date())
            if certificate.revoked_at else None,
            replacement=replacement, **context,
        ), 200
    pad_to_floor(started)
    return response


# --- operators: list, revoke, reissue --------------------------------------------------------


@bp.route("/sertifikat/wilayah")
@login_required
def manage():
    scope = current_scope()
    if scope.election_id is None or not (scope.is_admin or scope.role in MANAGER_ROLES):
        abort(404)
    area = request.args.get("wilayah") or scope.area
    region = scope.require_region(area) if area else None
    rows = certificates_in_region(scope.election_id, region.code if region else "")
    pages = max(1, -(-len(rows) // MANAGE_PAGE_SIZE))
    page = min(max(request.args.get("halaman", 1, type=int), 1), pages)
    shown = rows[(page - 1) * MANAGE_PAGE_SIZE:page * MANAGE_PAGE_SIZE]
    return render_template(
        "certificates/manage.html", rows=shown, total=len(rows), region=region, display=codes.display,
        lifecycle={c.id for c in shown if _can_manage_lifecycle(scope, c)}, confirm=ConfirmForm(),
        page=page, pages=pages,
    )


@bp.route("/sertifikat/<code>/cabut", methods=["GET", "POST"])
@login_required
def revoke_page(code: str):
    _scope, certificate = _certificate(code, lifecycle=True)
    form = RevokeForm()
    error = None
    if form.validate_on_submit():
        try:
            revoke(certificate, form.reason.data or "", actor_id=current_user.id)
        except CertificateError as refusal:
            error = str(refusal)
        else:
            flash(_("Sertifikat %(code)s sudah dicabut.", code=codes.display(certificate.code)), "success")
            return redirect(url_for("certificates.manage", wilayah=certificate.region_code))
    status = 422 if error or form.errors else 200
    return render_template("certificates/revoke.html", form=form, certificate=certificate, error=error,
                           display=codes.display), status


@bp.route("/sertifikat/<code>/terbitkan-ulang", methods=["POST"])
@login_required
def reissue_page(code: str):
    _scope, certificate = _certificate(code, lifecycle=True)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    back = url_for("certificates.manage", wilayah=certificate.region_code)
    refusals_return_to(back)
    replacement = reissue(certificate, actor_id=current_user.id)
    flash(_("Sertifikat diterbitkan ulang atas nama %(name)s dengan kode baru %(code)s.",
            name=replacement.full_name, code=codes.display(replacement.code)), "success")
    return redirect(back)


# --- kabupaten settings ----------------------------------------------------------------------


def _settings_region(scope: Scope):
    kabupaten = next((a.region_code for a in scope.assignments if a.role is Role.OPERATOR_KPU), None)
    if kabupaten is None and scope.is_admin:
        kabupaten = request.args.get("wilayah")
    if not kabupaten:
        abort(404)
    region = scope.require_region(kabupaten)
    if region.level is not RegionLevel.KABUPATEN:
        abort(404)
    return region


@bp.route("/sertifikat/pengaturan", methods=["GET", "POST"])
@login_required
def settings():
    scope = current_scope()
    if scope.is_admin and not any(a.role is Role.OPERATOR_KPU for a in scope.assignments):
        picker = pick_kabupaten("certificates.settings", _("Pengaturan sertifikat"),
                                _("Pilih kabupaten/kota yang pengaturan sertifikatnya akan diubah."))
        if picker is not None:
            return picker
    region = _settings_region(scope)
    current = settings_for(region.code)
    form = SettingsForm(obj=current if request.method == "GET" else None)
    error = None
    if form.validate_on_submit():
        try:
            save_settings(
                region.code, number_format=form.number_format.data or "", signatory_name=form.signatory_name.data or "",
                signatory_title=form.signatory_title.data or "",
                signature=form.signature.data.read() if form.signature.data else None,
                stamp=form.stamp.data.read() if form.stamp.data else None,
                actor_id=current_user.id, election_id=scope.election_id,
            )
        except CertificateError as refusal:
            error = str(refusal)
        else:
            flash(_("Pengaturan sertifikat sudah disimpan."), "success")
            return redirect(url_for("certificates.settings", **({"wilayah": region.code} if scope.is_admin else {})))
    status = 422 if error or form.errors else 200
    return render_template("certificates/settings.html", form=form, region=region, current=current, error=error,
                           admin_args={"wilayah": region.code} if scope.is_admin else {}), status


@bp.route("/sertifikat/pengaturan/<kind>")
@login_required
def settings_image(kind: str):
    region = _settings_region(current_scope())
    path = settings_image_path(settings_for(region.code), kind)
    if path is None:
        abort(404)
    return private_image(path)


# --- bulk printing ---------------------------------------------------------------------------


def _bulk_form(scope: Scope) -> BulkForm:
    """Return the bulk-print form with the desa, kecamatan and sessions of the user's area to choose from."""
    from bimtek.training.queries import sessions_in_scope

    form = BulkForm()
    desa, kecamatan = regions_with_certificates(scope.region_filter, scope.election_id)
    form.desa.choices = [SelectChoice(r.code, f"{r.display_name} ({r.code})") for r in desa]
    form.kecamatan.choices = [SelectChoice(r.code, f"{r.display_name} ({r.code})") for r in kecamatan]
    form.session.choices = [SelectChoice(str(s.id), f"{s.title} · {clock.format_day(clock.local(s.starts_at, s.zone).date())}")
                            for s in sessions_in_scope(scope)]
    return form


@bp.route("/sertifikat/cetak", methods=["GET", "POST"])
@login_required
def bulk_new():
    scope = current_scope()
    if not bulk.can_print(scope):
        abort(404)
    form = _bulk_form(scope)
    if request.method == "GET":
        kind = request.args.get("jenis")
        if kind in bulk.KINDS:
            form.kind.data = kind
            getattr(form, "session" if kind == "bimtek" else kind).data = request.args.get("target", "")
    error = None
    if form.validate_on_submit():
        kind = form.kind.data or ""
        target = {"desa": form.desa.data, "kecamatan": form.kecamatan.data, "bimtek": form.session.data}.get(kind) or ""
        try:
            job = bulk.create_job(scope, kind, str(target), form.output.data or "", actor_id=current_user.id,
                                  base_url=public_base_url())
        except CertificateError as refusal:
            error = str(refusal)
        else:
            return redirect(url_for("jobs.show", token=job.token))
    status = 422 if error or form.errors else 200
    return render_template("certificates/bulk.html", form=form, error=error, jobs=jobs_of(current_user.id, kind=bulk.TASK)), status
