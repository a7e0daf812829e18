"""Two requests finishing the same attempt at once on PostgreSQL grade it exactly once."""

from __future__ import annotations

import os
import threading
import time

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bimtek import create_app
from bimtek.config import TestingConfig
from bimtek.extensions import db
from bimtek.officers.models import Role
from bimtek.quizzes import operations
from bimtek.quizzes.models import Attempt, AttemptStatus, Response
from bimtek.quizzes.plan import AttemptPlan
from bimtek.regions.operations import import_regions
from tests.conftest import FreshContextClient, _empty_tables, _reset_database, test_region_csv
from tests.factories import DESA, PASSWORD, assign, make_election, make_person
from tests.quizzes.conftest import form_for, key_response, load_course

PRIVATE_DATABASE = "bimtek_quiz_race"
SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"


def _private_database_url() -> str:
    """Create (once) a private PostgreSQL database for this test and return its SQLAlchemy URL."""
    try:
        with psycopg.connect(SERVER, autocommit=True, connect_timeout=5) as connection:
            exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PRIVATE_DATABASE,)).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{PRIVATE_DATABASE}"')
    except psycopg.OperationalError as error:
        pytest.fail(
            "The concurrent-finish test needs PostgreSQL: set TEST_DATABASE_URL, or run PostgreSQL on "
            f"127.0.0.1:5432 with a passwordless 'postgres' user ({error})"
        )
    return str(make_url(SERVER).set(drivername="postgresql+psycopg", database=PRIVATE_DATABASE))


@pytest.fixture
def pg_app(request):
    """The suite's app when it already runs on PostgreSQL, else one on a private PostgreSQL database."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith(("postgresql", "postgres")):
        yield request.getfixturevalue("app")
        return
    from flask_migrate import upgrade

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=_private_database_url(), WTF_CSRF_ENABLED=False)
    app.test_client_class = FreshContextClient
    with app.app_context():
        _reset_database()
        upgrade()
        import_regions(test_region_csv())
        db.session.commit()
        _empty_tables()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.postgres
def test_two_concurrent_finishes_grade_once(pg_app, monkeypatch):
    assert db.engine.dialect.name == "postgresql"
    election = make_election()
    learner = make_person("Sri Wahyuni", username="sri")
    assign(learner, election, Role.PANTARLIH, DESA, tps=1)
    db.session.commit()
    course = load_course("prosedur-coklit", quiz_rules={"questions": 4, "review": "after_each"})
    attempt = operations.start_attempt(course, learner.id, election.id)
    db.session.commit()
    plan = AttemptPlan(attempt.questions)

    graded: list[int] = []
    real_grade = operations._grade

    def slow_grade(attempt_id: int) -> None:
        graded.append(attempt_id)
        time.sleep(0.3)  # hold the row lock while the other request's UPDATE waits on it
        real_grade(attempt_id)

    monkeypatch.setattr(operations, "_grade", slow_grade)
    # Two devices of the same learner, both on the summary page.
    clients = [pg_app.test_client() for _ in range(2)]
    for client in clients:
        assert client.post("/login", data={"username": "sri", "password": PASSWORD}).status_code == 302
    for shown in plan.questions[:3]:
        data = form_for(shown, key_response(shown.question))
        assert clients[0].post(f"/kuis/{attempt.id}/{shown.position}", data=data).status_code == 302

    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def submit(client) -> None:
        barrier.wait()
        statuses.append(client.post(f"/kuis/{attempt.id}/selesai").status_code)

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert statuses == [302, 302]
    assert graded == [attempt.id]
    db.session.expire_all()
    finished = db.session.get(Attempt, attempt.id)
    assert finished.status is AttemptStatus.FINISHED
    assert finished.score == 75
    assert db.session.scalar(select(func.count(Attempt.id))) == 1
    assert db.session.scalar(select(func.count(Response.id)).where(Response.points.is_not(None))) == 4
    db.session.commit()
