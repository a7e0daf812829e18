"""The audit trail of an operator's area, in sentences, with filters and pages of fifty."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from bimtek import clock
from bimtek.audit.forms import AuditFilterForm
from bimtek.audit.queries import PAGE_SIZE, AuditFilter, audit_page
from bimtek.audit.sentences import ACTION_LABELS, describe
from bimtek.regions.queries import find_region
from bimtek.roles import Role
from bimtek.scope import Scope, require

bp = Blueprint("audit", __name__, url_prefix="/audit")
__all__ = ["PAGE_SIZE", "bp"]


def _filters(form: AuditFilterForm, scope: Scope, zone: str):
    """Return the filters the form asks for, the region it names and the regions it might mean."""
    region, candidates = None, []
    if form.wilayah.data and form.wilayah.data.strip():
        region, candidates = find_region(form.wilayah.data, within=scope.area)
    role = form.peran.data if form.peran.data in Role.__members__.values() else None
    filters = AuditFilter(
        actor=(form.pelaku.data or "").strip(), role=Role(role) if role else None,
        action=form.tindakan.data if form.tindakan.data in ACTION_LABELS else "",
        start=form.dari.data if not form.dari.errors else None, end=form.sampai.data if not form.sampai.errors else None,
        region_code=region.code if region else "", zone=zone,
    )
    return filters, region, candidates


@bp.route("/")
@login_required
def index():
    scope = require("audit.read")
    zone = clock.zone_for_region(scope.area)
    form = AuditFilterForm(request.args)
    form.validate()
    filters, region, candidates = _filters(form, scope, zone)
    result = audit_page(scope, request.args.get("halaman", 1, type=int) or 1, filters)
    return render_template(
        "audit/index.html", entries=describe(result.events), page=result.page, pages=result.pages,
        total=result.total, form=form, region=region, candidates=candidates, zone=zone,
    )
