"""The "Pengaturan kabupaten" page: the kop surat every document of the kabupaten prints, and its logo."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from bimtek.offices.access import own_kabupaten
from bimtek.offices.forms import OfficeForm
from bimtek.offices.models import Paper
from bimtek.offices.operations import DEFAULT_LOGO, OfficeError, logo_path, office_for, save_office
from bimtek.regions.picker import pick_kabupaten
from bimtek.scope import current_scope, require
from bimtek.storage import private_image

bp = Blueprint("offices", __name__, url_prefix="/pengaturan-kabupaten")


def _kabupaten():
    """Return the scope and the kabupaten asked for: the operator's own, or the admin's ?wilayah= (else 404)."""
    scope = current_scope()
    code = own_kabupaten(scope) or (request.args.get("wilayah", "").strip() if scope.is_admin else None)
    return scope, require("offices.settings", code)


@bp.route("/", methods=["GET", "POST"])
@login_required
def settings():
    scope = current_scope()
    if scope.is_admin and not own_kabupaten(scope):
        picker = pick_kabupaten("offices.settings", _("Pengaturan kabupaten"),
                                _("Pilih kabupaten/kota yang kop suratnya akan diubah."))
        if picker is not None:
            return picker
    scope, region = _kabupaten()
    current = office_for(region.code)
    form = OfficeForm(obj=current if request.method == "GET" else None)
    error = None
    if form.validate_on_submit():
        try:
            save_office(region.code, office_name=form.office_name.data, address=form.address.data,
                        phone=form.phone.data, email=form.email.data, ketua_name=form.ketua_name.data,
                        paper=Paper(form.paper.data), logo=form.logo.data.read() if form.logo.data else None,
                        remove_logo=form.remove_logo.data, actor_id=current_user.id, election_id=scope.election_id)
        except OfficeError as refusal:
            error = str(refusal)
        else:
            flash(_("Pengaturan kabupaten sudah disimpan."), "success")
            return redirect(url_for("offices.settings", **({"wilayah": region.code} if scope.is_admin else {})))
    return render_template("offices/settings.html", form=form, region=region, current=current, error=error,
                           default_logo=DEFAULT_LOGO, has_logo=logo_path(current) is not None,
                           admin_args={"wilayah": region.code} if scope.is_admin else {}), 422 if error or form.errors else 200


@bp.route("/logo")
@login_required
def logo():
    _scope, region = _kabupaten()
    path = logo_path(office_for(region.code))
    if path is None:
        abort(404)
    return private_image(path)
