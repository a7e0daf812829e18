"""Home page and health check."""

from __future__ import annotations

from flask import Blueprint, jsonify, render_template
from flask_login import current_user, login_required
from sqlalchemy import text

from bimtek import clock
from bimtek.elections.queries import current_election, stages_for
from bimtek.extensions import db
from bimtek.navigation import steps_for
from bimtek.scope import current_scope

bp = Blueprint("home", __name__)


@bp.route("/healthz")
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any failure means the database does not answer
        return jsonify(status="error", database=False, detail=type(error).__name__), 503
    return jsonify(status="ok", database=True)


@bp.route("/")
@login_required
def index():
    scope = current_scope()
    election = current_election()
    stages = days_to_coklit = None
    if election:
        stages = stages_for(election, scope.area or None)
        days_to_coklit = (stages.coklit_start - clock.today(clock.zone_for_region(scope.area))).days
    return render_template(
        "home/index.html",
        scope=scope,
        election=election,
        stages=stages,
        days_to_coklit=days_to_coklit,
        steps=steps_for(scope),
        person=current_user,
    )
