"""Job pages: my jobs, a job's progress (refreshing itself, no JavaScript) and its result file."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, send_file
from flask_login import current_user, login_required

from bimtek.jobs import runner, storage
from bimtek.jobs.dispatch import jobs_of, kick_if_stale
from bimtek.jobs.models import JobStatus
from bimtek.jobs.registry import task_of
from bimtek.scope import require

bp = Blueprint("jobs", __name__, url_prefix="/tugas")


@bp.route("/")
@login_required
def index():
    return render_template("jobs/index.html", jobs=jobs_of(current_user.id), task_of=task_of, Status=JobStatus)


@bp.route("/<token>")
@login_required
def show(token: str):
    job = require("jobs.view", token)
    # A job whose runner died is handed over again (a queue entry only: the runner's claim writes).
    revived = kick_if_stale(job)
    return render_template("jobs/show.html", job=job, task=task_of(job.kind), Status=JobStatus, revived=revived)


@bp.route("/<token>/berkas")
@login_required
def result(token: str):
    job = require("jobs.view", token)
    path = storage.path(job.token, runner.RESULT)
    if job.status is not JobStatus.DONE or not job.result_name or not path.is_file():
        abort(404)
    response = send_file(path, mimetype=job.result_type or "application/octet-stream", as_attachment=True,
                         download_name=job.result_name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    return response
