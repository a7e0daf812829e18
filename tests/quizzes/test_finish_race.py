"""Two requests starting or finishing the same attempt at once on PostgreSQL make one attempt, graded once."""

from __future__ import annotations

import os
import threading
import time

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bimtek import create_app, signals
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


def _race(clients, url: str) -> list[int]:
    """POST the same URL from every client at once; return the statuses."""
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def post(client) -> None:
        barrier.wait()
        statuses.append(client.post(url).status_code)

    threads = [threading.Thread(target=post, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return statuses


@pytest.mark.postgres
def test_a_quiz_submitted_twice_at_once_counts_once(pg_app, monkeypatch):
    """Issue 14: two devices start and submit at the same moment; one attempt, graded and announced once."""
    assert db.engine.dialect.name == "postgresql"
    election = make_election()
    learner = make_person("Sri Wahyuni", username="sri")
    assign(learner, election, Role.PANTARLIH, DESA, tps=1)
    db.session.commit()
    load_course("prosedur-coklit", quiz_rules={"questions": 6, "per_category": {"Dasar": 2, "Syarat": 2, "Lapangan": 2},
                                               "max_attempts": 5, "wait_minutes": 5})
    real_draw, real_grade = operations.draw_questions, operations._grade

    def slow_draw(*args, **kwargs):
        time.sleep(0.3)  # both "Mulai kuis" requests are inside start_attempt together
        return real_draw(*args, **kwargs)

    def slow_grade(attempt_id: int) -> None:
        time.sleep(0.3)  # the second "Selesai" arrives while the first still grades
        real_grade(attempt_id)

    monkeypatch.setattr(operations, "draw_questions", slow_draw)
    monkeypatch.setattr(operations, "_grade", slow_grade)
    announced: list[dict] = []

    def count(_sender, **kwargs) -> None:
        announced.append(kwargs)

    signals.quiz_finished.connect(count)
    try:
        clients = [pg_app.test_client() for _ in range(2)]
        for client in clients:
            assert client.post("/login", data={"username": "sri", "password": PASSWORD}).status_code == 302
        assert _race(clients, "/kursus/prosedur-coklit/kuis/mulai") == [302, 302]
        db.session.expire_all()
        attempts = db.session.scalars(select(Attempt)).all()
        assert len(attempts) == 1
        attempt = attempts[0]
        plan = AttemptPlan(attempt.questions)
        for shown in plan.questions:  # every answer wrong but the matching one's partial credit
            data = form_for(shown, key_response(shown.question, right=False))
            assert clients[0].post(f"/kuis/{attempt.id}/{shown.position}", data=data).status_code == 302

        assert _race(clients, f"/kuis/{attempt.id}/selesai") == [302, 302]
    finally:
        signals.quiz_finished.disconnect(count)

    assert len(announced) == 1 and announced[0]["passed"] is False
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Attempt.id))) == 1
    assert db.session.get(Attempt, attempt.id).status is AttemptStatus.FINISHED
    page = clients[1].get(f"/kuis/{attempt.id}/hasil").get_data(as_text=True)
    assert "0 dari 6 benar" in page
    assert "Sisa kesempatan: 4 dari 5 kali" in page
    db.session.commit()
