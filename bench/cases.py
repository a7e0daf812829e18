"""Benchmark: a practice case page (server time and bytes), grading a posted case, and the trainer's counts.

Builds a private temporary SQLite database (migrations, a region slice, the shipped content with its
cases, one desa of Pantarlih who all answered the cases), drives the app with Flask's test client and
prints `name: value unit` lines. Bounded: stops measuring after about 40 seconds.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fixtures import add_current_election, region_slice  # noqa: E402 - bench/ is the script's folder

SAMPLES = 60
BUDGET_SECONDS = 40
DESA = "17.03.06.2001"
PASSWORD = "bench-sandi-123"
COURSE = "prosedur-coklit"


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-cases-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BIMTEK_INSTANCE_DIR"] = str(workdir)
    os.environ["BIMTEK_INSECURE_COOKIES"] = "1"  # the test client speaks plain http

    from flask_migrate import upgrade
    from sqlalchemy import select
    from werkzeug.security import generate_password_hash

    from bimtek import create_app
    from bimtek.cases.models import PracticeCase
    from bimtek.cases.operations import submit_case
    from bimtek.cases.rules import keyed_given
    from bimtek.config import Config
    from bimtek.courses.operations import sync_content
    from bimtek.extensions import db
    from bimtek.officers.models import Assignment, Person, Position, Role
    from bimtek.regions.operations import import_regions

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.db'}", DEBUG=False,
                     WTF_CSRF_ENABLED=False)
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        db.session.flush()
        sync_content()
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        cases = list(db.session.scalars(select(PracticeCase).order_by(PracticeCase.position)))
        for tps in range(1, 13):
            person = Person(full_name=f"Pantarlih Bench {tps}", username=f"pantarlih{tps}",
                            password_hash=password_hash, nik=f"17030641010{tps:05d}")
            db.session.add(person)
            db.session.flush()
            db.session.add(Assignment(person_id=person.id, election_id=election.id, role=Role.PANTARLIH,
                                      position=Position.ANGGOTA, region_code=DESA, tps=tps))
            for case in cases:
                submit_case(case, person.id, election.id, {s["key"]: keyed_given(s) for s in case.subjects})
        pps = Person(full_name="Ketua PPS Bench", username="pps", password_hash=password_hash, nik="1703064101099999")
        db.session.add(pps)
        db.session.flush()
        db.session.add(Assignment(person_id=pps.id, election_id=election.id, role=Role.PPS, position=Position.KETUA,
                                  region_code=DESA))
        db.session.commit()
        keys = [case.key for case in cases]
        forms = {case.key: {f"{s['key']}-{k}": v for s in case.subjects for k, v in keyed_given(s).to_dict().items()}
                 for case in cases}

    deadline = time.perf_counter() + BUDGET_SECONDS
    learner = app.test_client()
    assert learner.post("/login", data={"username": "pantarlih1", "password": PASSWORD}).status_code == 302
    page_ms, page_bytes, post_ms = [], [], []
    for index in range(SAMPLES):
        key = keys[index % len(keys)]
        started = time.perf_counter()
        response = learner.get(f"/kasus/{COURSE}/{key}")
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        page_bytes.append(len(response.data))
        started = time.perf_counter()
        response = learner.post(f"/kasus/{COURSE}/{key}", data=forms[key])
        post_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302
        if time.perf_counter() > deadline:
            break

    trainer = app.test_client()
    assert trainer.post("/login", data={"username": "pps", "password": PASSWORD}).status_code == 302
    report_ms, decisions_ms = [], []
    for index in range(SAMPLES // 3):
        started = time.perf_counter()
        assert trainer.get("/laporan/kasus").status_code == 200
        report_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        assert trainer.get(f"/laporan/kasus/{COURSE}/{keys[index % len(keys)]}").status_code == 200
        decisions_ms.append((time.perf_counter() - started) * 1000)
        if time.perf_counter() > deadline:
            break

    print(f"cases_shipped: {len(keys)} cases")
    print(f"case_page_median: {_median(page_ms)} ms")
    print(f"case_page_max_bytes: {max(page_bytes)} bytes")
    print(f"case_submit_median: {_median(post_ms)} ms")
    print(f"case_report_median: {_median(report_ms)} ms")
    print(f"case_decisions_report_median: {_median(decisions_ms)} ms")


if __name__ == "__main__":
    main()
