"""`flask worker` runs an RQ worker for the jobs; `flask jobs sweep|prune` look after the job table."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from bimtek import clock
from bimtek.extensions import db
from bimtek.jobs import dispatch, storage
from bimtek.jobs.models import Job, JobStatus
from bimtek.transaction import committing

SWEEP_EVERY = 30.0


def _sweeper(app, stop: threading.Event) -> None:
    # Jobs whose worker died (killed, out of memory, machine restarted) go back on the queue.
    while not stop.wait(SWEEP_EVERY):
        with app.app_context():
            try:
                dispatch.sweep()
            except Exception as error:  # noqa: BLE001 - e.g. the database restarting: try again later
                click.echo(f"sweep failed: {error}", err=True)
            finally:
                db.session.remove()


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@with_appcontext
def worker_cli(burst: bool) -> None:
    """Run an RQ worker for Bimtek's jobs (needs REDIS_URL)."""
    from rq import SimpleWorker

    app = current_app._get_current_object()
    if not app.config.get("REDIS_URL"):
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run in the app's own worker thread.")
    swept = dispatch.sweep()
    db.session.remove()
    if swept:
        click.echo(f"requeued {len(swept)} stale job(s): {', '.join(map(str, swept))}")
    stop = threading.Event()
    threading.Thread(target=_sweeper, args=(app, stop), daemon=True, name="bimtek-sweeper").start()
    # SimpleWorker runs each job in this process, inside the app; a job that dies with the
    # process is picked up again by the sweep of this or another worker.
    worker = SimpleWorker([dispatch.rq_queue(app)], connection=dispatch.redis_connection(app))
    try:
        worker.work(burst=burst, with_scheduler=False)
    finally:
        stop.set()


@click.group("jobs")
def jobs_cli() -> None:
    """Look after long-running jobs."""


@jobs_cli.command("sweep")
@with_appcontext
def sweep_command() -> None:
    """Hand jobs whose runner died to a runner again."""
    ids = dispatch.sweep()
    click.echo(f"requeued {len(ids)} job(s)")


@jobs_cli.command("prune")
@click.option("--days", default=30, show_default=True, help="Remove finished jobs older than this.")
@with_appcontext
def prune_command(days: int) -> None:
    """Remove finished jobs older than DAYS and their files."""
    cutoff = clock.now() - timedelta(days=days)
    jobs = db.session.scalars(select(Job).where(Job.status.in_((JobStatus.DONE, JobStatus.FAILED)),
                                                Job.finished_at < cutoff)).all()
    with committing():
        for job in jobs:
            storage.remove_all(job.token)
            db.session.delete(job)
    click.echo(f"removed {len(jobs)} job(s)")
