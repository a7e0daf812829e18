"""Jobs: progress committed with the work, resumed after a crash, never done twice, shown to the owner only."""

from __future__ import annotations

import errno
import time
import uuid
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bimtek import clock, jobs
from bimtek.directory.models import Person
from bimtek.extensions import db
from bimtek.jobs import runner, storage
from bimtek.jobs.dispatch import dispatch, local_worker
from bimtek.jobs.models import Job, JobStatus
from tests.factories import World, make_person

# What the test tasks do, per job token: raise on the first attempt after N units, etc.
BEHAVIOUR: dict[str, dict] = {}


@jobs.task("tests.people", label="Tambah orang (uji)")
def add_people(run: jobs.Run) -> None:
    """Add payload['count'] people, two per chunk, resuming from the checkpoint."""
    count = run.payload["count"]
    behaviour = BEHAVIOUR.get(run.token, {})
    run.set_total(count)
    start = run.checkpoint.get("next", 0)
    for first in range(start, count, 2):
        if behaviour.get("crash_at") == first and run.attempt == 1:
            raise RuntimeError("the worker died")
        if behaviour.get("fail_at") == first:
            raise jobs.JobFailed("Baris 3: wilayah tidak dikenal.")
        if behaviour.get("disk_full_at") == first:
            raise OSError(errno.ENOSPC, "No space left on device")
        for number in range(first, min(first + 2, count)):
            make_person(f"Orang {run.token[:4]} {number}", username=f"job-{run.token[:8]}-{number}".lower())
        run.advance(min(2, count - first), checkpoint={"next": first + 2})
    run.save_file(b"nomor;nama\n", "hasil.csv", "text/csv")
    run.finish(summary=f"{count} orang ditambahkan.", details=["baris 1: contoh catatan"])


def _people(token: str) -> int:
    return db.session.scalar(select(func.count(Person.id)).where(Person.username.like(f"job-{token[:8].lower()}-%")))


def _submit(owner: Person, count: int = 5, **behaviour) -> Job:
    job = jobs.submit("tests.people", owner_id=owner.id, label="Tambah orang", payload={"count": count},
                      input_bytes=b"isi berkas", input_name="orang.csv")
    BEHAVIOUR[job.token] = behaviour
    db.session.commit()
    return job


def _job(job_id: int) -> Job:
    db.session.expire_all()
    return db.session.get(Job, job_id)


def _login(app, person):
    client = app.test_client()
    client.post("/login", data={"username": person.username, "password": "rahasia-123"})
    return client


def test_a_job_runs_to_the_end_and_cleans_its_input(app, world: World):
    job = _submit(world.operator)
    assert storage.path(job.token, runner.INPUT).read_bytes() == b"isi berkas"
    assert runner.perform(job.id) is runner.Outcome.DONE
    job = _job(job.id)
    assert (job.status, job.done, job.total, job.attempts) == (JobStatus.DONE, 5, 5, 1)
    assert job.summary == "5 orang ditambahkan." and job.details == ["baris 1: contoh catatan"]
    assert job.result_name == "hasil.csv" and job.lease is None and job.finished_at is not None
    assert _people(job.token) == 5
    assert not storage.path(job.token, runner.INPUT).exists()
    assert runner.perform(job.id) is runner.Outcome.SKIPPED  # a second hand-over does nothing
    assert _people(job.token) == 5


def test_a_crash_mid_job_resumes_from_the_checkpoint_without_doing_a_row_twice(app, world: World):
    job = _submit(world.operator, count=5, crash_at=2)
    assert runner.perform(job.id) is runner.Outcome.RETRY
    job = _job(job.id)
    assert (job.status, job.done, job.checkpoint, job.lease) == (JobStatus.QUEUED, 2, {"next": 2}, None)
    assert _people(job.token) == 2  # the first chunk was committed with its checkpoint
    assert runner.perform(job.id) is runner.Outcome.DONE
    job = _job(job.id)
    assert (job.status, job.done, job.attempts) == (JobStatus.DONE, 5, 2)
    assert _people(job.token) == 5


def test_a_runner_whose_job_was_taken_over_commits_nothing_more(app, world: World):
    job = _submit(world.operator, count=4)
    lease = runner.claim(job.id)
    run = runner.Run(_job(job.id), lease)
    make_person("Orang lama", username=f"job-{job.token[:8].lower()}-x")
    # Another runner decided this one was dead and claimed the job.
    db.session.execute(db.update(Job).where(Job.id == job.id).values(lease="someone-else"))
    with pytest.raises(runner.LeaseLost):
        run.advance(1, checkpoint={"next": 1})
    db.session.rollback()
    assert _people(job.token) == 0 and _job(job.id).done == 0


def test_a_stale_running_job_is_claimed_again_but_a_live_one_is_not(app, world: World):
    job = _submit(world.operator, count=2)
    assert runner.claim(job.id) is not None
    assert runner.perform(job.id) is runner.Outcome.SKIPPED  # its runner is alive
    old = clock.now() - timedelta(seconds=app.config["BIMTEK_JOB_STALE_SECONDS"] + 5)
    db.session.execute(db.update(Job).where(Job.id == job.id).values(heartbeat_at=old))
    db.session.commit()
    assert runner.stale_job_ids() == [job.id]
    assert runner.perform(job.id) is runner.Outcome.DONE
    assert (_job(job.id).attempts, _people(job.token)) == (2, 2)


def test_a_task_refusal_fails_the_job_with_its_message(app, world: World):
    job = _submit(world.operator, count=6, fail_at=4)
    assert runner.perform(job.id) is runner.Outcome.FAILED
    job = _job(job.id)
    assert (job.status, job.error, job.done) == (JobStatus.FAILED, "Baris 3: wilayah tidak dikenal.", 4)
    assert not storage.path(job.token, runner.INPUT).exists()


def test_a_full_disk_is_reported_not_retried(app, world: World):
    job = _submit(world.operator, count=4, disk_full_at=2)
    assert runner.perform(job.id) is runner.Outcome.FAILED
    job = _job(job.id)
    assert job.status is JobStatus.FAILED and job.attempts == 1
    assert job.error.startswith("Ruang penyimpanan server penuh")


def test_a_job_failing_every_time_stops_after_three_attempts(app, world: World, monkeypatch):
    job = _submit(world.operator, count=2)

    def broken(run):
        raise ValueError("bug")

    monkeypatch.setitem(jobs.registry.TASKS, "tests.people", jobs.registry.Task("tests.people", broken, "x"))
    dispatch(job.id)  # eager in the tests: every attempt in a row
    job = _job(job.id)
    assert (job.status, job.attempts) == (JobStatus.FAILED, 3)
    assert job.error == "Terjadi kesalahan saat menjalankan tugas. Coba buat ulang, atau hubungi admin."


def test_the_progress_page_refreshes_until_done_and_is_only_for_its_owner(app, world: World):
    job = _submit(world.operator, count=40)
    db.session.execute(db.update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING, done=10, total=40,
                                                                     heartbeat_at=clock.now()))
    db.session.commit()
    client = _login(app, world.operator)
    page = client.get(f"/tugas/{job.token}").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="3">' in page and "10 dari 40 (25%)" in page
    assert client.get(f"/tugas/{job.token}/berkas").status_code == 404
    for person in (world.other_operator, world.ppk, world.pantarlih):
        other = _login(app, person)
        assert other.get(f"/tugas/{job.token}").status_code == 404
        assert other.get(f"/tugas/{job.token}/berkas").status_code == 404
    assert _login(app, world.admin).get(f"/tugas/{job.token}").status_code == 200
    assert client.get("/tugas/tidak-ada").status_code == 404
    assert app.test_client().get(f"/tugas/{job.token}").status_code == 302  # log in first


def test_a_stalled_job_is_picked_up_again_when_its_page_is_opened(app, world: World):
    job = _submit(world.operator, count=3, crash_at=2)
    runner.perform(job.id)  # attempt 1 dies after the first chunk
    old = clock.now() - timedelta(hours=1)
    db.session.execute(db.update(Job).where(Job.id == job.id).values(status=JobStatus.RUNNING, heartbeat_at=old))
    db.session.commit()
    client = _login(app, world.operator)
    client.get(f"/tugas/{job.token}")  # hands it over again (run at once in the tests)
    page = client.get(f"/tugas/{job.token}").get_data(as_text=True)
    assert "3 orang ditambahkan." in page and 'http-equiv="refresh"' not in page
    download = client.get(f"/tugas/{job.token}/berkas")
    assert download.status_code == 200 and download.data == b"nomor;nama\n"
    assert download.headers["Content-Disposition"] == "attachment; filename=hasil.csv"
    assert _people(job.token) == 3
    listing = client.get("/tugas/").get_data(as_text=True)
    assert "Tambah orang" in listing and "selesai" in listing


def test_the_menu_leads_operators_and_ppk_to_their_jobs(app, world: World):
    for person, shown in ((world.operator, True), (world.ppk, True), (world.admin, True), (world.pps, False),
                          (world.pantarlih, False)):
        home = _login(app, person).get("/").get_data(as_text=True)
        assert ('href="/tugas/"' in home) is shown, person.username


def test_without_redis_a_worker_thread_runs_the_job(app, world: World):
    app.config["BIMTEK_JOBS_EAGER"] = False
    job = _submit(world.operator, count=3)
    dispatch(job.id)
    deadline = time.monotonic() + 30
    while _job(job.id).status is not JobStatus.DONE:
        assert time.monotonic() < deadline, "the worker thread did not finish the job"
        time.sleep(0.1)
    assert local_worker(app).thread.is_alive() and _people(job.token) == 3


def _redis_app(app):
    from redis import Redis
    from redis.exceptions import ConnectionError as RedisDown

    url = "redis://127.0.0.1:6379/1"
    try:
        Redis.from_url(url, socket_connect_timeout=2).ping()
    except RedisDown as error:
        pytest.fail(f"these tests need Redis at {url} (apt-get install redis-server): {error}")
    app.config.update(BIMTEK_JOBS_EAGER=False, REDIS_URL=url, BIMTEK_JOB_QUEUE=f"test-{uuid.uuid4().hex}")
    return app


def test_with_redis_an_rq_worker_runs_the_job_and_retries_a_crash(app, world: World):
    from rq import SimpleWorker

    from bimtek.jobs.dispatch import redis_connection, rq_queue

    _redis_app(app)
    job = _submit(world.operator, count=5, crash_at=2)
    job_id, token = job.id, job.token
    dispatch(job_id)
    queue = rq_queue(app)
    assert queue.count == 1 and _job(job_id).status is JobStatus.QUEUED
    try:  # the worker runs each job in this process and ends its database session after it
        SimpleWorker([queue], connection=redis_connection(app)).work(burst=True, with_scheduler=False)
    finally:
        queue.delete(delete_jobs=True)
    job = _job(job_id)
    assert (job.status, job.attempts, job.done) == (JobStatus.DONE, 2, 5)
    assert _people(token) == 5


def test_flask_worker_needs_redis(app):
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL is not set" in result.output


def test_prune_removes_old_finished_jobs_and_their_files(app, world: World):
    old, new = _submit(world.operator, count=1), _submit(world.operator, count=1)
    for job in (old, new):
        runner.perform(job.id)
    db.session.execute(db.update(Job).where(Job.id == old.id).values(finished_at=clock.now() - timedelta(days=40)))
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["jobs", "prune", "--days", "30"])
    assert result.exit_code == 0 and "removed 1 job(s)" in result.output
    assert [j.id for j in db.session.scalars(select(Job))] == [new.id]
    assert not storage.job_dir(old.token).exists() and storage.path(new.token, runner.RESULT).exists()
