"""PostgreSQL going away: a clear "coba lagi" page (503, Retry-After), never a half-saved quiz attempt,
and service back as soon as the database is.

Marked `faults`: deselected by default, run by `.ci/run` in its PostgreSQL stage
(`pytest -m faults`). They need PostgreSQL's server programs and fail, never skip, without them.
"""

from __future__ import annotations

import os
import threading
import time

import psycopg
import pytest
from flask_migrate import upgrade
from sqlalchemy import event, func, select, text

from bimtek import create_app
from bimtek.config import TestingConfig
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.quizzes import operations
from bimtek.quizzes.models import Attempt, AttemptStatus, Response
from bimtek.quizzes.plan import AttemptPlan
from bimtek.regions.operations import import_regions
from tests.conftest import FreshContextClient, _empty_tables, test_region_csv
from tests.factories import DESA, PASSWORD, assign, make_election, make_person
from tests.ops.conftest import libpq
from tests.ops.servers import Browser, Gunicorn, PrivatePostgres
from tests.quizzes.conftest import form_for, key_response, load_course

pytestmark = pytest.mark.faults
QUIZ_RULES = {"questions": 4, "shuffle_options": False, "pass_mark": 70, "max_attempts": 3, "wait_minutes": 5,
              "time_limit_minutes": None, "review": "after_each"}
COBA_LAGI = "Coba lagi sebentar lagi"


def _require_postgres(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.fail("The fault tests run against PostgreSQL: set TEST_DATABASE_URL (see .ci/run)")


def _learner_with_open_attempt():
    election = make_election()
    learner = make_person("Sri Wahyuni", username="sri")
    assign(learner, election, Role.PANTARLIH, DESA, tps=1)
    db.session.commit()
    course = load_course("prosedur-coklit", quiz_rules=QUIZ_RULES)
    attempt = operations.start_attempt(course, learner.id, election.id)
    db.session.commit()
    return learner, attempt, AttemptPlan(attempt.questions)


def _assert_coba_lagi(status: int, page: str, headers) -> None:
    assert status == 503, page[:500]
    assert "Server sedang sibuk" in page and COBA_LAGI in page
    assert "Traceback" not in page and "psycopg" not in page
    assert int(headers.get("Retry-After")) > 0


def _graded_responses(attempt_id: int) -> int:
    return db.session.scalar(select(func.count(Response.id)).where(
        Response.attempt_id == attempt_id, Response.points.is_not(None)))


@pytest.mark.parametrize("moment", ["while grading", "at commit"])
def test_connection_lost_mid_submit_leaves_the_attempt_open_and_unscored(app, database_url, monkeypatch, moment):
    """The backend serving the submit is terminated half-way: all of the attempt's writes or none."""
    _require_postgres(database_url)
    app.config["PROPAGATE_EXCEPTIONS"] = False  # as in production: errors become pages
    learner, attempt, plan = _learner_with_open_attempt()
    client = app.test_client()
    assert client.post("/login", data={"username": "sri", "password": PASSWORD}).status_code == 302
    for shown in plan.questions[:3]:
        data = form_for(shown, key_response(shown.question))
        assert client.post(f"/kuis/{attempt.id}/{shown.position}", data=data).status_code == 302

    def terminate_own_backend(session_or_connection) -> None:
        pid = db.session.execute(text("SELECT pg_backend_pid()")).scalar()
        with psycopg.connect(libpq(database_url), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))

    killed = []
    if moment == "while grading":
        real_grade = operations._grade

        def dying_grade(attempt_id: int) -> None:
            # The attempt's status is already set to finished in this transaction: then the line drops.
            if not killed:
                killed.append(attempt_id)
                terminate_own_backend(None)
            real_grade(attempt_id)

        monkeypatch.setattr(operations, "_grade", dying_grade)
    else:
        def before_commit(session) -> None:
            if not killed and session.info.get("finishing"):
                killed.append(attempt.id)
                terminate_own_backend(session)

        real_finish = operations.finish_attempt

        def marked_finish(attempt_id, now=None):
            db.session.info["finishing"] = True
            return real_finish(attempt_id, now)

        monkeypatch.setattr("bimtek.quizzes.views.finish_attempt", marked_finish)
        event.listen(db.session, "before_commit", before_commit)

    try:
        response = client.post(f"/kuis/{attempt.id}/selesai")
    finally:
        if moment == "at commit":
            event.remove(db.session, "before_commit", before_commit)
        db.session.info.pop("finishing", None)
    assert killed == [attempt.id]
    _assert_coba_lagi(response.status_code, response.get_data(as_text=True), response.headers)

    db.session.remove()
    open_attempt = db.session.get(Attempt, attempt.id)
    assert open_attempt.status is AttemptStatus.OPEN
    assert open_attempt.score is None and open_attempt.passed is None and open_attempt.finished_at is None
    assert _graded_responses(attempt.id) == 0
    # The three answers saved before the outage are still there, unscored.
    assert db.session.scalar(select(func.count(Response.id)).where(Response.attempt_id == attempt.id)) == 3
    db.session.commit()

    # The pool threw the dead connection away: the learner's next click works and grades once.
    monkeypatch.undo()
    assert client.post(f"/kuis/{attempt.id}/selesai").status_code == 302
    db.session.remove()
    finished = db.session.get(Attempt, attempt.id)
    assert finished.status is AttemptStatus.FINISHED
    assert finished.score == 75
    assert _graded_responses(attempt.id) == 4
    db.session.commit()


@pytest.fixture(scope="module")
def private_postgres():
    """A private PostgreSQL server holding the app's database "bimtek", migrated, with the test regions."""
    server = PrivatePostgres()
    try:
        server.init()
        with psycopg.connect(server.libpq(), autocommit=True) as connection:
            connection.execute('CREATE DATABASE "bimtek"')
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=server.url("bimtek"))
        with app.app_context():
            upgrade()
            import_regions(test_region_csv())
            db.session.commit()
            db.session.remove()
            db.engine.dispose()
        yield server
    finally:
        server.destroy()


@pytest.fixture
def outage_world(private_postgres):
    """The app on the private server, emptied, with a learner in the middle of a quiz."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=private_postgres.url("bimtek"))
    app.test_client_class = FreshContextClient
    with app.app_context():
        _empty_tables()
        learner, attempt, plan = _learner_with_open_attempt()
        attempt_id = attempt.id
        db.session.remove()  # hold no connection across the outage
        yield app, attempt_id, plan
        if not private_postgres.running:  # a test failed during its outage
            private_postgres.start()
        db.session.remove()
        db.engine.dispose()


def test_postgres_restarted_during_traffic(database_url, private_postgres, outage_world, tmp_path):
    """gunicorn (deploy/gunicorn.conf.py) under steady traffic while PostgreSQL stops and starts again."""
    _require_postgres(database_url)
    outage_app, attempt_id, plan = outage_world
    server = Gunicorn({
        "DATABASE_URL": private_postgres.libpq("bimtek"), "SECRET_KEY": "faults-test-key",
        "BIMTEK_INSECURE_COOKIES": "1", "BIMTEK_INSTANCE_DIR": str(tmp_path / "instance"),
        "BIMTEK_STORAGE_DIR": str(tmp_path / "storage"), "BIMTEK_UPLOAD_DIR": str(tmp_path / "uploads"),
    }, tmp_path / "gunicorn.log")
    stop = threading.Event()
    try:
        learner = Browser(server.base)
        learner.log_in("sri", PASSWORD)
        for shown in plan.questions[:3]:
            data = form_for(shown, key_response(shown.question))
            status, page, _headers = learner.request(f"/kuis/{attempt_id}/{shown.position}",
                                                     {**data, "csrf_token": learner.csrf(f"/kuis/{attempt_id}/{shown.position}")})
            assert status == 200, page[:300]
        submit_token = learner.csrf(f"/kuis/{attempt_id}/ringkasan")

        # Background traffic: three more people reloading their home page.
        results: list[tuple[float, float, int, str, dict]] = []  # started, answered, status, page, headers
        readers = []
        for _ in range(3):
            reader = Browser(server.base)
            reader.log_in("sri", PASSWORD)
            readers.append(reader)

        def browse(reader: Browser) -> None:
            while not stop.is_set():
                started = time.monotonic()
                status, page, headers = reader.request("/")
                results.append((started, time.monotonic(), status, page, headers))
                time.sleep(0.05)

        threads = [threading.Thread(target=browse, args=(reader,), daemon=True) for reader in readers]
        for thread in threads:
            thread.start()
        time.sleep(1.0)
        private_postgres.stop()
        down_at = time.monotonic()
        time.sleep(1.5)
        # The learner submits the quiz while the database is down.
        status, page, headers = learner.request(f"/kuis/{attempt_id}/selesai", {"csrf_token": submit_token})
        _assert_coba_lagi(status, page, headers)
        private_postgres.start()
        up_at = time.monotonic()
        time.sleep(1.5)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)

        statuses = {status for _started, _answered, status, _page, _headers in results}
        assert statuses <= {200, 503}, f"unexpected statuses {statuses}\n{server.log_tail()}"
        # Requests made wholly while the database was down.
        during = [(status, page, headers) for started, answered, status, page, headers in results
                  if down_at < started and answered < up_at]
        assert during and all(status == 503 for status, _page, _headers in during)
        for status, page, headers in during:
            _assert_coba_lagi(status, page, headers)
        # pool_pre_ping: the first request after the restart already gets a live connection.
        after = [status for started, _answered, status, _page, _headers in results if started > up_at]
        assert after and set(after) == {200}, after

        # Nothing of the submit made during the outage was saved; sent again, it is graded once.
        with outage_app.app_context():
            db.session.remove()
            db.engine.dispose()
            still_open = db.session.get(Attempt, attempt_id)
            assert still_open.status is AttemptStatus.OPEN and still_open.score is None
            assert _graded_responses(attempt_id) == 0
            db.session.remove()
        status, page, _headers = learner.request(f"/kuis/{attempt_id}/selesai", {"csrf_token": submit_token})
        assert status == 200 and "75" in page, page[:500]
        with outage_app.app_context():
            finished = db.session.get(Attempt, attempt_id)
            assert finished.status is AttemptStatus.FINISHED and finished.score == 75
            assert _graded_responses(attempt_id) == 4
            db.session.remove()
    finally:
        stop.set()
        server.stop()


def test_without_pre_ping_one_request_per_worker_gets_the_page_then_the_pool_recovers(private_postgres,
                                                                                         outage_world):
    """The handler's invalidation alone: after a restart a dead pooled connection costs one 503, not a 500."""
    outage_app, _attempt_id, _plan = outage_world
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=private_postgres.url("bimtek"),
                     BIMTEK_DB_PRE_PING=False, PROPAGATE_EXCEPTIONS=False, WTF_CSRF_ENABLED=False)
    app.test_client_class = FreshContextClient
    with app.app_context():
        try:
            client = app.test_client()
            assert client.get("/login").status_code == 200
            assert client.post("/login", data={"username": "sri", "password": PASSWORD}).status_code == 302
            assert client.get("/").status_code == 200  # the pool now holds a connection
            private_postgres.stop()
            private_postgres.start()
            first = client.get("/")
            _assert_coba_lagi(first.status_code, first.get_data(as_text=True), first.headers)
            assert client.get("/").status_code == 200
        finally:
            db.session.remove()
            db.engine.dispose()
