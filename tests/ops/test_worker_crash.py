"""A job survives its RQ worker being killed mid-way: another worker resumes it from the last
checkpoint and every unit of work is done exactly once.

Marked `faults` (run by `.ci/run` against PostgreSQL and Redis); fails, never skips, without Redis.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from sqlalchemy import text

from bimtek import jobs
from bimtek.config import PROJECT_ROOT
from bimtek.extensions import db
from bimtek.jobs.dispatch import dispatch
from bimtek.jobs.models import Job, JobStatus
from tests.ops import slow_task
from tests.ops.conftest import libpq
from tests.ops.servers import stop_process

pytestmark = pytest.mark.faults
UNITS = 12
STALE_SECONDS = 3


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/3"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=5).ping()
    except redis.RedisError as error:
        pytest.fail(f"The worker-crash test needs Redis at {url} (set TEST_REDIS_URL): {error}")
    return url


class Worker:
    """`flask worker` in its own process, as deployed, with the test's slow task loaded."""

    def __init__(self, env: dict[str, str], log: Path):
        self.log = log
        handle = log.open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "flask"), "--app", "tests.ops.worker_app", "worker"],
            cwd=PROJECT_ROOT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), **env},
            stdout=handle, stderr=subprocess.STDOUT,
        )
        handle.close()

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        stop_process(self.process)


def _job_state(job_id: int) -> tuple[JobStatus, int, int]:
    db.session.expire_all()
    job = db.session.get(Job, job_id)
    state = (job.status, job.done, job.attempts)
    db.session.commit()
    return state


def _wait_for(condition, what: str, log: Path, worker: Worker, seconds: float = 180):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker.process.poll() is not None:
            raise AssertionError(f"`flask worker` exited with {worker.process.returncode} before {what}; "
                                 f"its log:\n{log.read_text()[-4000:]}")
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; worker log:\n{log.read_text()[-4000:]}")


def test_job_survives_a_killed_worker_and_does_each_unit_once(app, database_url, redis_url, monkeypatch, tmp_path):
    if not database_url.startswith("postgresql"):
        pytest.fail("The fault tests run against PostgreSQL: set TEST_DATABASE_URL (see .ci/run)")
    queue = f"ops-faults-{secrets.token_hex(4)}"
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.config, "BIMTEK_JOBS_EAGER", False)
    monkeypatch.setitem(app.config, "BIMTEK_JOB_QUEUE", queue)
    slow_task.create_table()
    job = jobs.submit(slow_task.KIND, owner_id=None, label="Uji: unit lambat", payload={"units": UNITS, "delay": 0.4})
    db.session.commit()
    job_id = job.id
    dispatch(job_id)  # onto the RQ queue, as a request's commit would

    env = {"DATABASE_URL": libpq(database_url), "REDIS_URL": redis_url, "BIMTEK_JOB_QUEUE": queue,
           "BIMTEK_JOB_STALE_SECONDS": str(STALE_SECONDS), "SECRET_KEY": "faults-test-key",
           "BIMTEK_STORAGE_DIR": app.config["BIMTEK_STORAGE_DIR"], "BIMTEK_UPLOAD_DIR": app.config["BIMTEK_UPLOAD_DIR"],
           "BIMTEK_INSTANCE_DIR": str(tmp_path / "instance")}
    log = tmp_path / "workers.log"
    first = Worker(env, log)
    second = None
    try:
        _wait_for(lambda: _job_state(job_id)[1] >= 3, "the first worker to do a few units", log, first)
        first.kill()  # SIGKILL: no cleanup, its lease and its open transaction die with it
        status, done_at_kill, attempts = _job_state(job_id)
        assert status is JobStatus.RUNNING and 3 <= done_at_kill < UNITS and attempts == 1

        # Once the dead worker's heartbeat is stale, a new worker's start-up sweep hands the job over.
        time.sleep(STALE_SECONDS + 1)
        second = Worker(env, log)
        _wait_for(lambda: _job_state(job_id)[0] is JobStatus.DONE, "the second worker to finish the job", log, second)
    finally:
        for worker in (first, second):
            if worker is not None:
                worker.stop()
        redis.Redis.from_url(redis_url).delete(f"rq:queue:{queue}")

    status, done, attempts = _job_state(job_id)
    assert (status, done, attempts) == (JobStatus.DONE, UNITS, 2)
    rows = db.session.execute(text(f"SELECT unit, worker_pid FROM {slow_task.TABLE} WHERE job_id = :job ORDER BY unit"),
                              {"job": job_id}).all()
    assert [unit for unit, _pid in rows] == list(range(UNITS))  # each unit exactly once
    pids = [pid for _unit, pid in rows]
    assert pids[:done_at_kill] == [first.process.pid] * done_at_kill
    assert set(pids[done_at_kill:]) == {second.process.pid}
    db.session.execute(text(f"DROP TABLE {slow_task.TABLE}"))
    db.session.commit()
