"""`flask demo seed`: idempotent, the five log-ins start clean, dates relative to today."""

from datetime import timedelta

from sqlalchemy import func, select

from bimtek import clock
from bimtek.demo.operations import DEMO_LOGINS
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person


def test_seed_twice_creates_once(runner, app, client):
    first = runner.invoke(args=["demo", "seed"])
    assert first.exit_code == 0, first.output
    for username, _ in DEMO_LOGINS:
        assert username in first.output
    people = db.session.scalar(select(func.count()).select_from(Person))
    assignments = db.session.scalar(select(func.count()).select_from(Assignment))
    assert people > 200
    second = runner.invoke(args=["demo", "seed"])
    assert second.exit_code == 0, second.output
    assert db.session.scalar(select(func.count()).select_from(Person)) == people
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == assignments

    election = db.session.scalar(select(Election).where(Election.is_current))
    today = clock.today()
    assert election.bimtek_start <= today <= election.bimtek_end
    assert election.coklit_start == today + timedelta(days=14)

    for username, _ in DEMO_LOGINS:
        person = db.session.scalar(select(Person).where(Person.username == username))
        assert not person.must_change_password
        c = app.test_client()
        assert c.post("/login", data={"username": username, "password": "bimtek-demo"}).status_code == 302
        assert c.get("/").status_code == 200
