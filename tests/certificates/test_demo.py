"""Demo data: Concong's Pantarlih hold certificates (one revoked, one replaced); the five log-ins hold none."""

from __future__ import annotations

from sqlalchemy import func, select

from bimtek.certificates.models import Certificate, CertificateStatus
from bimtek.demo.operations import DEMO_LOGINS
from bimtek.extensions import db
from bimtek.officers.models import Person
from tests.courses.conftest import sync_shipped_content


def test_demo_seed_gives_concong_certificates_and_stays_idempotent(app, runner):
    sync_shipped_content()
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    listed = runner.invoke(args=["certificates", "list", "14.04.18"])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    statuses = [line.split(" ", 2)[1] for line in lines]
    assert statuses.count("revoked") == 1 and statuses.count("replaced") == 1
    assert statuses.count("valid") >= 7
    count = db.session.scalar(select(func.count(Certificate.id)))
    assert runner.invoke(args=["demo", "seed"]).exit_code == 0
    assert db.session.scalar(select(func.count(Certificate.id))) == count
    demo_ids = select(Person.id).where(Person.username.in_([u for u, _ in DEMO_LOGINS]))
    assert db.session.scalar(select(func.count(Certificate.id)).where(Certificate.person_id.in_(demo_ids))) == 0
    replaced = db.session.scalar(select(Certificate).where(Certificate.status == CertificateStatus.REPLACED))
    assert db.session.get(Certificate, replaced.replaced_by_id).full_name.endswith(" Saputri")
