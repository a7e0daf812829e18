"""Handing jobs to a runner: RQ workers when REDIS_URL is set, else a worker thread in this process.

`BIMTEK_JOBS_EAGER` (the tests) runs a job right after the request commits, in the same thread.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time

from flask import Flask, current_app, has_request_context
from sqlalchemy import select

from bimtek import clock
from bimtek.extensions import db
from bimtek.jobs import runner, storage
from bimtek.jobs.models import Job, JobStatus
from bimtek.jobs.registry import task_of
from bimtek.transaction import after_commit

log = logging.getLogger(__name__)
# An RQ job may run this long before RQ stops it (the work is chunked and resumes from its checkpoint).
RQ_JOB_TIMEOUT = 6 * 3600


def submit(kind: str, *, owner_id: int | None, label: str, payload: dict | None = None,
           input_bytes: bytes | None = None, input_name: str | None = None,
           election_id: int | None = None) -> Job:
    """Add a job of this kind (flushed); in a request it is handed to a runner once the request commits."""
    if task_of(kind) is None:
        raise LookupError(f"no task {kind!r}: is its module in JOB_MODULES?")
    job = Job(token=secrets.token_urlsafe(24), kind=kind, label=label[:300], owner_id=owner_id,
              election_id=election_id, payload=payload or {}, checkpoint={}, status=JobStatus.QUEUED,
              input_name=(input_name or "")[:200] or None, heartbeat_at=clock.now(), details=[])
    db.session.add(job)
    db.session.flush()
    if input_bytes is not None:
        storage.write(job.token, runner.INPUT, input_bytes)
    if has_request_context():
        job_id = job.id
        after_commit(lambda: dispatch(job_id))
    return job


def dispatch(job_id: int) -> None:
    """Hand a committed job to a runner."""
    app = current_app._get_current_object()
    if app.config.get("BIMTEK_JOBS_EAGER"):
        for _attempt in range(runner.MAX_ATTEMPTS + 1):
            if runner.perform(job_id) is not runner.Outcome.RETRY:
                break
    elif app.config.get("REDIS_URL"):
        rq_queue(app).enqueue("bimtek.jobs.dispatch.perform_queued", job_id, job_timeout=RQ_JOB_TIMEOUT,
                              result_ttl=3600, failure_ttl=86400)
    else:
        local_worker(app).put(job_id)


def kick_if_stale(job: Job) -> bool:
    """Hand an unfinished job whose runner died to a runner again (its claim decides who runs it)."""
    if runner.is_stale(job):
        dispatch(job.id)
        return True
    return False


# --- RQ ------------------------------------------------------------------------------------------

def redis_connection(app: Flask):
    from redis import Redis

    return Redis.from_url(app.config["REDIS_URL"])


def rq_queue(app: Flask):
    from rq import Queue

    return Queue(app.config["BIMTEK_JOB_QUEUE"], connection=redis_connection(app))


def perform_queued(job_id: int) -> str:
    """RQ's entry point (run by `flask worker`, inside the app): run the job, queue it again to retry."""
    try:
        outcome = runner.perform(job_id)
        if outcome is runner.Outcome.RETRY:
            dispatch(job_id)
        return outcome.value
    finally:
        db.session.remove()


def sweep() -> list[int]:
    """Hand every stale job to a runner again; return their ids."""
    ids = runner.stale_job_ids()
    runner.mark_kicked(ids)
    for job_id in ids:
        dispatch(job_id)
    return ids


# --- The local worker thread (no Redis) ------------------------------------------------------------

class LocalWorker:
    """One daemon thread per process running jobs one at a time; it also picks up stale jobs."""

    SWEEP_EVERY = 30.0

    def __init__(self, app: Flask):
        self.app = app
        self.jobs: queue.SimpleQueue[int] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._loop, name="bimtek-jobs", daemon=True)
        self.thread.start()

    def put(self, job_id: int) -> None:
        self.jobs.put(job_id)

    def _loop(self) -> None:
        last_sweep = time.monotonic()
        while True:
            try:
                job_id = self.jobs.get(timeout=self.SWEEP_EVERY)
            except queue.Empty:
                job_id = None
            with self.app.app_context():
                try:
                    if job_id is not None and runner.perform(job_id) is runner.Outcome.RETRY:
                        self.put(job_id)
                    if time.monotonic() - last_sweep >= self.SWEEP_EVERY:
                        last_sweep = time.monotonic()
                        for stale in self._stale():
                            self.put(stale)
                except Exception:  # noqa: BLE001 - e.g. the database is down: the thread must live on
                    log.exception("local job runner")
                    db.session.rollback()
                finally:
                    db.session.remove()

    @staticmethod
    def _stale() -> list[int]:
        ids = runner.stale_job_ids()
        runner.mark_kicked(ids)
        return ids


_local_workers: dict[int, LocalWorker] = {}
_local_lock = threading.Lock()


def local_worker(app: Flask) -> LocalWorker:
    """Return this process's worker thread for the app, starting it on first use."""
    with _local_lock:
        worker = _local_workers.get(id(app))
        if worker is None or not worker.thread.is_alive():
            worker = _local_workers[id(app)] = LocalWorker(app)
        return worker


def jobs_of(owner_id: int, limit: int = 20, *, kind: str | None = None) -> list[Job]:
    """Return the person's latest jobs (of one kind)."""
    query = select(Job).where(Job.owner_id == owner_id)
    if kind:
        query = query.where(Job.kind == kind)
    return list(db.session.scalars(query.order_by(Job.id.desc()).limit(limit)))
