"""The audit trail of an operator's area."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required
from sqlalchemy import func, select

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.audit.operations import action_label
from bimtek.extensions import db
from bimtek.scope import require

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50


@bp.route("/")
@login_required
def index():
    scope = require("audit.read")
    query = select(AuditEvent)
    if not scope.is_admin:
        query = query.where(
            AuditEvent.election_id == scope.election_id,
            scope.region_filter(AuditEvent.region_code),
        )
    page = max(1, request.args.get("halaman", 1, type=int) or 1)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    events = db.session.scalars(
        query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    return render_template(
        "audit/index.html", events=events, action_label=action_label, page=page,
        pages=max(1, -(-total // PAGE_SIZE)), zone=clock.zone_for_region(scope.area),
    )
