"""The demo seed gives Concong's trainers case results to read, once, and leaves the demo log-ins clean."""

from __future__ import annotations

from sqlalchemy import func, select

from bimtek.cases.models import CaseDecision, CaseResult
from bimtek.demo.operations import DEMO_LOGINS, seed_demo
from bimtek.extensions import db
from bimtek.officers.models import Person


def test_demo_seed_adds_case_results_once(app, synced):
    seed_demo()
    db.session.commit()
    results = db.session.scalar(select(func.count(CaseResult.id)))
    decisions = db.session.scalar(select(func.count(CaseDecision.id)))
    assert results > 20
    assert db.session.scalar(select(func.count(CaseResult.id)).where(CaseResult.passed.is_(False))) > 0
    seed_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count(CaseResult.id))) == results
    assert db.session.scalar(select(func.count(CaseDecision.id))) == decisions
    demo_ids = select(Person.id).where(Person.username.in_([name for name, _ in DEMO_LOGINS]))
    assert db.session.scalar(select(func.count(CaseResult.id)).where(CaseResult.person_id.in_(demo_ids))) == 0


def test_concong_operator_sees_the_seeded_results(app, client, auth, synced):
    seed_demo()
    db.session.commit()
    auth.login("kpu.indragirihilir", "bimtek-demo")
    page = client.get("/laporan/kasus").get_data(as_text=True)
    assert "Menikah di usia 16 tahun" in page
    assert "<td>0</td><td>0</td><td>0</td>" not in page.split("Menikah di usia 16 tahun", 1)[1].split("</tr>", 1)[0]
