"""Running a job: claim it with a lease, call its task, record progress and the end, retry on failure.

Exactly once: a task's work and its checkpoint are committed together by `Run.advance`, and only
while the runner still holds the job's lease. A runner that died (a killed worker, a restarted
server) stops renewing its heartbeat; once the heartbeat is older than BIMTEK_JOB_STALE_SECONDS,
another runner claims the job and resumes from the last checkpoint. Should the first runner come
back, its next commit finds the lease taken and is rolled back.
"""

from __future__ import annotations

import errno
import logging
import secrets
from datetime import timedelta
from enum import Enum
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import and_, func, or_, select, update

from bimtek import clock
from bimtek.extensions import db
from bimtek.jobs import storage
from bimtek.jobs.models import Job, JobStatus
from bimtek.jobs.registry import JobFailed, task_of
from bimtek.transaction import committing

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3
DETAIL_LIMIT = 500
INPUT = "input"
RESULT = "result"


class Outcome(Enum):
    SKIPPED = "skipped"  # not ours to run: finished, or another runner holds it
    DONE = "done"
    FAILED = "failed"
    RETRY = "retry"  # failed by surprise; queued again for another attempt


class LeaseLost(Exception):
    """Another runner took the job over (this one was thought dead): stop without committing."""


def stale_before():
    return clock.now() - timedelta(seconds=current_app.config["BIMTEK_JOB_STALE_SECONDS"])


def is_stale(job: Job) -> bool:
    """Say whether an unfinished job has had no sign of life for too long (its runner died)."""
    beat = job.heartbeat_at or job.created_at
    return not job.finished and beat < stale_before()


class Run:
    """What a task sees of its job: payload, checkpoint, input file, and the calls that commit progress."""

    def __init__(self, job: Job, lease: str):
        self.job_id = job.id
        self.token = job.token
        self.kind = job.kind
        self.label = job.label
        self.owner_id = job.owner_id
        self.election_id = job.election_id
        self.payload: dict = dict(job.payload or {})
        self.checkpoint: dict = dict(job.checkpoint or {})
        self.attempt = job.attempts
        self.input_name = job.input_name
        self.done = job.done
        self.total = job.total
        self.finished = False
        self._lease = lease
        self._result: tuple[str, str] | None = None

    def input_path(self) -> Path:
        return storage.path(self.token, INPUT)

    def input_bytes(self) -> bytes:
        """Return the file handed to submit()."""
        try:
            return self.input_path().read_bytes()
        except FileNotFoundError:
            raise JobFailed(_("Berkas yang diunggah untuk tugas ini tidak ditemukan lagi. Unggah ulang.")) from None

    def _update(self, **values) -> None:
        # Part of the caller's transaction: lost lease, nothing of this chunk is committed.
        result = db.session.execute(
            update(Job).where(Job.id == self.job_id, Job.lease == self._lease)
            .values(heartbeat_at=clock.now(), **values),
            execution_options={"synchronize_session": False},
        )
        if result.rowcount != 1:
            raise LeaseLost(self.job_id)

    def set_total(self, total: int, *, done: int | None = None) -> None:
        """Record how many units of work the job has, and how many are done already (commits)."""
        values = {"total": total} if done is None else {"total": total, "done": done}
        with committing():
            self._update(**values)
        self.total = total
        self.done = self.done if done is None else done

    def advance(self, count: int = 1, checkpoint: dict | None = None) -> None:
        """Commit the chunk of work just done together with the progress and where to resume."""
        if checkpoint is not None:
            self.checkpoint = dict(checkpoint)
        with committing():
            self._update(done=Job.done + count, checkpoint=self.checkpoint)
        self.done += count

    def heartbeat(self) -> None:
        """Say the runner is alive during a long step that commits nothing (commits only the heartbeat)."""
        with committing():
            self._update()

    def save_file(self, data: bytes, name: str, mimetype: str) -> None:
        """Keep the job's result file (downloaded from its progress page); recorded at finish()."""
        storage.write(self.token, RESULT, data)
        self._result = (name[:200], mimetype[:100])

    def finish(self, summary: str = "", details: list[str] | None = None) -> None:
        """End the job as done, with a summary line and detail lines for its page (commits)."""
        values = {"status": JobStatus.DONE, "summary": summary, "details": list(details or [])[:DETAIL_LIMIT],
                  "finished_at": clock.now(), "lease": None}
        if self.total == 0 and self.done:
            values["total"] = self.done
        if self._result:
            values["result_name"], values["result_type"] = self._result
        with committing():
            self._update(**values)
        self.finished = True


def claim(job_id: int) -> str | None:
    """Take the job for this runner if it waits or its runner died; return the lease, or None."""
    lease = secrets.token_hex(8)
    now = clock.now()
    with committing():
        result = db.session.execute(
            update(Job)
            .where(Job.id == job_id, or_(
                Job.status == JobStatus.QUEUED,
                and_(Job.status == JobStatus.RUNNING, or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale_before())),
            ))
            .values(status=JobStatus.RUNNING, lease=lease, attempts=Job.attempts + 1, heartbeat_at=now,
                    started_at=func.coalesce(Job.started_at, now)),
            execution_options={"synchronize_session": False},
        )
    return lease if result.rowcount == 1 else None


def _end(job_id: int, lease: str, status: JobStatus, **values) -> None:
    with committing():
        db.session.execute(
            update(Job).where(Job.id == job_id, Job.lease == lease)
            .values(status=status, lease=None, heartbeat_at=clock.now(), **values),
            execution_options={"synchronize_session": False},
        )


def _fail(job_id: int, lease: str, message: str) -> Outcome:
    _end(job_id, lease, JobStatus.FAILED, error=message, finished_at=clock.now())
    return Outcome.FAILED


def _clean_input(job: Job) -> None:
    task = task_of(job.kind)
    if not (task and task.keep_input):
        storage.remove(job.token, INPUT)


def perform(job_id: int) -> Outcome:
    """Run the job once if it is ours to run; say how it ended."""
    lease = claim(job_id)
    if lease is None:
        return Outcome.SKIPPED
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    task = task_of(job.kind)
    if task is None:
        return _fail(job_id, lease, _("Jenis tugas ini tidak dikenal oleh server."))
    if job.attempts > MAX_ATTEMPTS:
        _clean_input(job)
        return _fail(job_id, lease, _("Tugas gagal setelah %(count)d kali dicoba. Coba buat ulang.", count=MAX_ATTEMPTS))
    run = Run(job, lease)
    try:
        task.run(run)
        if not run.finished:
            run.finish()
    except LeaseLost:
        db.session.rollback()
        log.warning("job %s was taken over by another runner; this runner stops", job_id)
        return Outcome.SKIPPED
    except JobFailed as failure:
        db.session.rollback()
        outcome = _fail(job_id, lease, str(failure))
    except OSError as error:
        db.session.rollback()
        if error.errno != errno.ENOSPC:
            return _retry_or_fail(job, lease, error)
        log.error("job %s: storage full: %s", job_id, error)
        outcome = _fail(job_id, lease, _("Ruang penyimpanan server penuh, berkas tidak dapat disimpan. "
                                         "Hubungi admin, lalu coba lagi."))
    except Exception as error:  # noqa: BLE001 - any surprise is retried, then reported; the worker lives on
        db.session.rollback()
        return _retry_or_fail(job, lease, error)
    else:
        outcome = Outcome.DONE
    _clean_input(job)
    return outcome


def _retry_or_fail(job: Job, lease: str, error: BaseException) -> Outcome:
    log.error("job %s (%s) attempt %s failed", job.id, job.kind, job.attempts, exc_info=error)
    if job.attempts < MAX_ATTEMPTS:
        _end(job.id, lease, JobStatus.QUEUED)
        return Outcome.RETRY
    _clean_input(job)
    return _fail(job.id, lease, _("Terjadi kesalahan saat menjalankan tugas. Coba buat ulang, atau hubungi admin."))


def stale_job_ids(limit: int = 100) -> list[int]:
    """Return unfinished jobs that have shown no sign of life for too long (to be run again)."""
    return list(db.session.scalars(
        select(Job.id).where(Job.status.in_((JobStatus.QUEUED, JobStatus.RUNNING)),
                             or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale_before()))
        .order_by(Job.id).limit(limit)
    ))


def mark_kicked(job_ids: list[int]) -> None:
    """Renew the heartbeat of waiting jobs handed to a queue again, so a sweep hands each over once."""
    if job_ids:
        with committing():
            db.session.execute(
                update(Job).where(Job.id.in_(job_ids), Job.status == JobStatus.QUEUED).values(heartbeat_at=clock.now()),
                execution_options={"synchronize_session": False},
            )
