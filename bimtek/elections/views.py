"""Elections for the system admin; stage dates for KPU operators."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from bimtek.elections.forms import ElectionForm, StageDatesForm
from bimtek.elections.models import Election, ElectionKind
from bimtek.elections.operations import (
    ElectionError,
    create_election,
    make_current,
    set_kabupaten_schedule,
    update_election,
)
from bimtek.elections.queries import current_election, stages_for
from bimtek.extensions import db
from bimtek.elections.access import schedule_assignment
from bimtek.scope import require

bp = Blueprint("elections", __name__, url_prefix="/pemilihan")

_STAGE_FIELDS = ("bimtek_start", "bimtek_end", "coklit_start", "coklit_end")


def _require_admin():
    return require("elections.manage")


@bp.route("/")
@login_required
def index():
    _require_admin()
    elections = db.session.scalars(select(Election).order_by(Election.voting_day.desc())).all()
    return render_template("elections/index.html", elections=elections)


@bp.route("/baru", methods=["GET", "POST"])
@login_required
def create():
    _require_admin()
    form = ElectionForm()
    if form.validate_on_submit():
        try:
            election = create_election(
                name=form.name.data.strip(), kind=ElectionKind(form.kind.data),
                voting_day=form.voting_day.data, actor_id=current_user.id,
                **{name: getattr(form, name).data for name in _STAGE_FIELDS},
            )
        except ElectionError as error:
            form.voting_day.errors.append(str(error))
            return render_template("elections/form.html", form=form, election=None), 422
        if current_election() is None:
            make_current(election)
        flash(_("Pemilihan %(name)s dibuat.", name=election.name), "success")
        return redirect(url_for("elections.index"))
    return render_template("elections/form.html", form=form, election=None)


@bp.route("/<slug>/ubah", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    _require_admin()
    election = db.session.scalar(select(Election).where(Election.slug == slug)) or abort(404)
    form = ElectionForm(obj=election)
    if form.validate_on_submit():
        try:
            update_election(
                election, actor_id=current_user.id, name=form.name.data, kind=ElectionKind(form.kind.data),
                voting_day=form.voting_day.data, **{name: getattr(form, name).data for name in _STAGE_FIELDS},
            )
        except ElectionError as error:
            form.voting_day.errors.append(str(error))
            return render_template("elections/form.html", form=form, election=election), 422
        flash(_("Perubahan disimpan."), "success")
        return redirect(url_for("elections.index"))
    return render_template("elections/form.html", form=form, election=election)


@bp.route("/<slug>/aktifkan", methods=["POST"])
@login_required
def activate(slug: str):
    _require_admin()
    election = db.session.scalar(select(Election).where(Election.slug == slug)) or abort(404)
    make_current(election)
    flash(_("%(name)s sekarang menjadi pemilihan aktif.", name=election.name), "success")
    return redirect(url_for("elections.index"))


@bp.route("/jadwal", methods=["GET", "POST"])
@login_required
def schedule():
    operator = schedule_assignment(require("elections.schedule"))
    election = current_election()
    stages = stages_for(election, operator.region_code)
    form = StageDatesForm(data={name: getattr(stages, name) for name in _STAGE_FIELDS})
    if form.validate_on_submit():
        try:
            set_kabupaten_schedule(
                election, operator.region_code, actor_id=current_user.id,
                **{name: getattr(form, name).data for name in _STAGE_FIELDS},
            )
        except ElectionError as error:
            form.coklit_end.errors.append(str(error))
            return render_template("elections/schedule.html", form=form, election=election,
                                   region=operator.region), 422
        flash(_("Jadwal tahapan untuk %(region)s disimpan.", region=operator.region.name), "success")
        return redirect(url_for("home.index"))
    return render_template("elections/schedule.html", form=form, election=election, region=operator.region)
