"""The demo: a cascade in Concong complete but for one secretary, a broken one in Enggano, clean demo log-ins; pages stay small."""

from __future__ import annotations

import pytest
from sqlalchemy import func, or_, select

from bimtek.demo.operations import CONCONG, DEMO_DESA, DEMO_KECAMATAN, SECOND_KECAMATAN, seed_demo
from bimtek.extensions import db
from bimtek.officers.models import Person, Role
from bimtek.training.models import Attendance, SessionTrainer, TrainingSession
from bimtek.training.cascade import cascade_report

DEMO_ACCOUNTS = ("admin", "kpu.bengkuluutara", "ppk.demo", "pps.demo", "pantarlih.demo")


@pytest.fixture
def demo(app):
    context = seed_demo()
    db.session.commit()
    return context


def test_demo_cascades(app, demo):
    concong = cascade_report(demo.election, CONCONG)
    # Concong's one gap is the secretary who was ill (Sakit) at the PPS bimtek: not complete.
    assert [(f.severity, f.kind) for f in concong.flags] == [("warning", "petugas_belum_dilatih")]
    assert "(Sekretaris PPS) belum pernah mengikuti bimtek (hadir)" in concong.flags[0].message
    assert concong.status() == "belum"
    assert concong.status(roles=(Role.PPS, Role.PANTARLIH)) == "lengkap"
    assert all(p.trained for p in concong.people if p.role.value in ("ppk", "pps", "pantarlih"))
    enggano = cascade_report(demo.election, SECOND_KECAMATAN)
    kinds = {(f.severity, f.kind) for f in enggano.flags}
    # The demo's "after coklit began" bimtek is dated after today, so it does not count as training yet.
    assert kinds == {
        ("broken", "belum_dilatih"), ("broken", "desa_tanpa_bimtek"), ("warning", "pengganti_tanpa_susulan"),
        ("warning", "pelatih_belum_dilatih"), ("warning", "petugas_belum_dilatih"),
    }


def test_demo_accounts_start_clean(app, demo):
    ids = [demo.people[name].id for name in DEMO_ACCOUNTS]
    assert db.session.scalar(select(func.count()).select_from(Attendance).where(Attendance.person_id.in_(ids))) == 0
    assert db.session.scalar(select(func.count()).select_from(SessionTrainer).where(SessionTrainer.person_id.in_(ids))) == 0
    assert db.session.scalar(select(func.count()).select_from(TrainingSession).where(
        or_(TrainingSession.created_by_id.in_(ids), TrainingSession.region_code.like(DEMO_KECAMATAN + "%")))) == 0
    kerkap = cascade_report(demo.election, DEMO_KECAMATAN)
    assert any(f.kind == "desa_tanpa_bimtek" and f.region_code == DEMO_DESA for f in kerkap.flags)


def test_demo_seed_is_idempotent(app, demo):
    before = db.session.scalar(select(func.count()).select_from(TrainingSession))
    seed_demo()
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(TrainingSession)) == before
    assert db.session.scalar(select(func.count()).select_from(Person).where(Person.full_name == "Rudi Harahap")) == 1


@pytest.mark.parametrize(("username", "code"), [("kpu.bengkuluutara", "17.03"), ("kpu.bengkuluutara", SECOND_KECAMATAN),
                                                ("kpu.indragirihilir", "14.04"), ("kpu.indragirihilir", CONCONG),
                                                ("admin", "17.03.01.2001"), ("ppk.demo", DEMO_KECAMATAN)])
def test_cascade_pages_stay_small(app, demo, username, code):
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "bimtek-demo"})
    response = client.get(f"/bimtek/kaskade/{code}")
    assert response.status_code == 200
    assert len(response.data) < 60_000, len(response.data)
