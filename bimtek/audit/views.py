"""The audit trail of an operator's area."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from bimtek import clock
from bimtek.audit.operations import action_label
from bimtek.audit.queries import PAGE_SIZE, audit_page
from bimtek.scope import require

bp = Blueprint("audit", __name__, url_prefix="/audit")
__all__ = ["PAGE_SIZE", "bp"]


@bp.route("/")
@login_required
def index():
    scope = require("audit.read")
    result = audit_page(scope, max(1, request.args.get("halaman", 1, type=int) or 1))
    return render_template(
        "audit/index.html", events=result.events, action_label=action_label, page=result.page,
        pages=result.pages, zone=clock.zone_for_region(scope.area),
    )
