"""The quiz part of `flask demo seed`: reports have data, the five demo log-ins start clean."""

from __future__ import annotations

from sqlalchemy import func, select

from bimtek.demo.operations import DEMO_LOGINS, seed_demo
from bimtek.extensions import db
from bimtek.officers.models import Person
from bimtek.quizzes.models import Attempt, AttemptStatus
from tests.quizzes.conftest import SHIPPED_CONTENT, load_course


def test_demo_seed_skips_quizzes_without_courses(app):
    seed_demo()
    assert db.session.scalar(select(func.count(Attempt.id))) == 0


def test_demo_seed_gives_officers_passed_and_failed_attempts_once(app):
    for slug in ("prosedur-coklit", "sidalih-ecoklit", "bimtek-supervisi-pantarlih"):
        load_course(slug, root=SHIPPED_CONTENT)
    seed_demo()
    db.session.commit()
    attempts = db.session.scalars(select(Attempt)).all()
    assert attempts and all(a.status is AttemptStatus.FINISHED for a in attempts)
    assert any(a.passed for a in attempts) and any(not a.passed for a in attempts)
    demo_ids = set(db.session.scalars(select(Person.id).where(Person.username.in_([u for u, _ in DEMO_LOGINS]))))
    assert not {a.person_id for a in attempts} & demo_ids
    # Idempotent: seeding again adds nothing.
    seed_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count(Attempt.id))) == len(attempts)
    # The demo PPK sees results of their kecamatan.
    client = app.test_client()
    client.post("/login", data={"username": "ppk.demo", "password": "bimtek-demo"})
    page = client.get("/laporan/kuis/prosedur-coklit").get_data(as_text=True)
    assert "Lulus" in page and "Belum lulus" in page
