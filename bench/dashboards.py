"""Benchmark: the coverage dashboards on a synthetic province of about 100,000 officers, SQLite and PostgreSQL.

Builds every desa of Provinsi Sumatera Utara (12) from the shipped region list, with 5 PPK per
kecamatan, 3 PPS and 3 secretariat staff per desa and one Pantarlih per TPS (2 on a Pilkada TPS
above 400 voters), a TPS list, lesson progress, quiz attempts, attendance and certificates — all
with bulk inserts and one precomputed password hash, then builds the dashboards' summary table
once (bulk loads bypass the on-commit refresh). Then it measures, with Flask's test client
(server time in process), the median of the provinsi page (admin), a kabupaten page (KPU
operator), a kecamatan page (PPK) and the kabupaten CSV export, and prints `name: value unit`:
`<engine>_provinsi_ms`, `<engine>_kabupaten_ms`, `<engine>_kecamatan_ms`, `<engine>_export_ms`.
PostgreSQL uses its own database `bench_dashboards` on 127.0.0.1, created and dropped here.
"""

from __future__ import annotations

import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fixtures import add_current_election  # noqa: E402 - bench/ is the script's folder

PROVINSI = "12"  # Sumatera Utara: 33 kabupaten/kota, about 6,100 desa
PASSWORD = "bench-sandi-123"
PG_SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"
PG_DATABASE = "bench_dashboards"
SAMPLES = 9
CHUNK = 20_000


def _region_csv() -> str:
    from bimtek.regions.operations import DEFAULT_REGION_FILE

    lines = DEFAULT_REGION_FILE.read_text(encoding="utf-8").splitlines()
    keep = [line for line in lines[1:] if line.split(",", 1)[0] == PROVINSI or line.startswith(PROVINSI + ".")]
    return "\n".join([lines[0], *keep]) + "\n"


def _insert(table, rows: list[dict]) -> None:
    from bimtek.extensions import db

    for start in range(0, len(rows), CHUNK):
        db.session.execute(table.insert(), rows[start:start + CHUNK])


def build(app) -> dict[str, str]:
    """Create the schema and the synthetic province; return the codes and user names to measure with."""
    from flask_migrate import upgrade
    from sqlalchemy import select, text
    from werkzeug.security import generate_password_hash

    from bimtek import clock
    from bimtek.certificates.models import Certificate
    from bimtek.courses.models import Course, Lesson, LessonProgress
    from bimtek.courses.operations import sync_content
    from bimtek.extensions import db
    from bimtek.officers.models import Assignment, Person
    from bimtek.quizzes.models import Attempt
    from bimtek.regions.models import Region, RegionLevel
    from bimtek.regions.operations import import_regions
    from bimtek.reports.models import Tps
    from bimtek.training.models import Attendance, TrainingSession

    rng = random.Random(20240624)
    with app.app_context():
        upgrade()
        import_regions(_region_csv())
        election = add_current_election()
        sync_content(Path(app.config["BIMTEK_CONTENT_DIR"]))
        db.session.flush()
        courses = list(db.session.scalars(select(Course).where(Course.is_retired.is_(False))))
        lessons = {c.id: [l.id for l in db.session.scalars(select(Lesson).where(Lesson.course_id == c.id,
                                                                              Lesson.is_retired.is_(False)))]
                   for c in courses}
        courses_of = {role: [c.id for c in courses if role in c.audience] for role in ("pps", "pantarlih")}
        regions = db.session.execute(select(Region.code, Region.level)).all()
        kecamatan = sorted(code for code, level in regions if level is RegionLevel.KECAMATAN)
        desa = sorted(code for code, level in regions if level is RegionLevel.DESA)
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        now = clock.now()

        people, assignments, tps_rows = [], [], []
        serial = 0

        def officer(role: str, position: str, region: str, tps: int | None = None, username: str | None = None):
            nonlocal serial
            serial += 1
            people.append({"id": serial, "full_name": f"Petugas {serial}", "username": username or f"u{serial}",
                           "password_hash": password_hash, "nik": f"12{serial:014d}",
                           "phone": f"+6281{serial:09d}", "must_change_password": False, "is_admin": False,
                           "is_active_account": True, "session_version": 1, "created_at": now, "updated_at": now})
            assignments.append({"person_id": serial, "election_id": election.id, "role": role, "position": position,
                                "region_code": region, "tps": tps, "created_at": now, "updated_at": now})
            return serial

        # Measure the biggest kabupaten and its biggest kecamatan (by desa).
        def desa_count(prefix: str) -> int:
            return sum(1 for code in desa if code.startswith(prefix + "."))

        kabupaten = max(sorted({code[:5] for code in kecamatan}), key=desa_count)
        measured_kecamatan = max((code for code in kecamatan if code.startswith(kabupaten + ".")), key=desa_count)
        officer("operator_kpu", "staf", kabupaten, username="operator")
        for code in kecamatan:
            for seat in range(5):
                officer("ppk", "ketua" if seat == 0 else "anggota", code,
                        username="ppk" if code == measured_kecamatan and seat == 0 else None)
        learners: list[tuple[int, str, str]] = []
        for code in desa:
            for seat in range(3):
                learners.append((officer("pps", "ketua" if seat == 0 else "anggota", code), "pps", code))
            for seat in range(3):
                officer("sekretariat_pps", "sekretaris" if seat == 0 else "staf", code)
            for number in range(1, rng.randint(3, 11) + 1):
                voters = rng.randint(150, 600)
                tps_rows.append({"election_id": election.id, "region_code": code, "number": number, "voters": voters})
                for _seat in range(2 if voters > 400 else 1):
                    learners.append((officer("pantarlih", "anggota", code, number), "pantarlih", code))
        people.append({"id": serial + 1, "full_name": "Admin", "username": "admin", "password_hash": password_hash,
                       "nik": None, "phone": None, "must_change_password": False, "is_admin": True,
                       "is_active_account": True, "session_version": 1, "created_at": now, "updated_at": now})
        _insert(Person.__table__, people)
        _insert(Assignment.__table__, assignments)
        _insert(Tps.__table__, tps_rows)

        sessions = {}
        session_rows = []
        for index, code in enumerate(desa, start=1):
            sessions[code] = index
            session_rows.append({"id": index, "election_id": election.id, "region_code": code,
                                 "title": "Bimtek Pantarlih", "starts_at": now - timedelta(days=2),
                                 "ends_at": now - timedelta(days=2, hours=-3), "place": "Balai desa", "topics": "",
                                 "course_slugs": [], "is_makeup": False, "notes": "", "created_at": now,
                                 "updated_at": now})
        _insert(TrainingSession.__table__, session_rows)

        progress, attempts, attendance, certificates = [], [], [], []
        for person_id, role, code in learners:
            stage = rng.random()
            course_ids = courses_of[role]
            if stage < 0.15:
                continue
            all_lessons = stage > 0.35
            for course_id in course_ids:
                done = lessons[course_id] if all_lessons else lessons[course_id][: rng.randint(1, 3)]
                for lesson_id in done:
                    progress.append({"person_id": person_id, "election_id": election.id, "lesson_id": lesson_id,
                                     "completed_at": now - timedelta(days=rng.randint(1, 9))})
            if not all_lessons:
                continue
            passed = stage > 0.5
            for course_id in course_ids:
                number = 1
                if rng.random() < 0.3 or not passed:
                    attempts.append({"person_id": person_id, "election_id": election.id, "course_id": course_id,
                                     "number": number, "status": "finished", "question_count": 10,
                                     "started_at": now - timedelta(days=3), "finished_at": now - timedelta(days=3),
                                     "score": 40.0, "passed": False, "rules": {}, "questions": []})
                    number += 1
                if passed:
                    attempts.append({"person_id": person_id, "election_id": election.id, "course_id": course_id,
                                     "number": number, "status": "finished", "question_count": 10,
                                     "started_at": now - timedelta(days=2), "finished_at": now - timedelta(days=2),
                                     "score": 85.0, "passed": True, "rules": {}, "questions": []})
            hadir = stage > 0.45
            if hadir:
                attendance.append({"session_id": sessions[code], "person_id": person_id, "status": "hadir",
                                   "method": "daftar", "marked_at": now - timedelta(days=2)})
            if passed and hadir and stage > 0.6:
                for course_id in course_ids:
                    certificates.append({
                        "code": f"B{len(certificates):015d}", "number": f"{len(certificates)}/BIMTEK",
                        "person_id": person_id, "election_id": election.id, "course_id": course_id,
                        "status": "valid", "full_name": f"Petugas {person_id}", "role": role, "region_code": code,
                        "issued_at": now - timedelta(days=1), "revoke_reason": "", "created_at": now,
                        "updated_at": now})
        _insert(LessonProgress.__table__, progress)
        _insert(Attempt.__table__, attempts)
        _insert(Attendance.__table__, attendance)
        _insert(Certificate.__table__, certificates)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            for table in ("person", "assignment", "lesson_progress", "quiz_attempt", "training_attendance",
                          "training_session", "certificate", "tps"):
                db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                        f"(SELECT coalesce(max(id), 1) FROM {table}))"))
        db.session.execute(text("ANALYZE"))
        db.session.commit()
        print(f"officers: {len(assignments)} count")
        print(f"lesson_progress_rows: {len(progress)} count")
        return {"provinsi": PROVINSI, "kabupaten": kabupaten, "kecamatan": measured_kecamatan}


def _logged_in(app, username: str):
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302, response.status_code
    return client


def _median_ms(client, url: str) -> float:
    times = []
    client.get(url)  # warm up templates and caches
    for _ in range(SAMPLES):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        assert len(response.data) < 60_000 or url.endswith(".csv"), (url, len(response.data))
    return statistics.median(times)


def run(engine: str, url: str) -> None:
    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.extensions import db

    started = time.perf_counter()
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, DEBUG=False)
    codes = build(app)
    print(f"{engine}_build_s: {time.perf_counter() - started:.1f} s")
    with app.app_context():
        from bimtek.elections.queries import current_election
        from bimtek.reports.summary import rebuild_summary

        summary_started = time.perf_counter()
        rebuild_summary(current_election().id)
        db.session.commit()
        print(f"{engine}_summary_build_s: {time.perf_counter() - summary_started:.1f} s", flush=True)
    admin, operator, ppk = (_logged_in(app, name) for name in ("admin", "operator", "ppk"))
    pages = [
        ("provinsi", admin, "/laporan/cakupan/" + codes["provinsi"]),
        ("kabupaten", operator, "/laporan/cakupan/" + codes["kabupaten"]),
        ("kecamatan", ppk, "/laporan/cakupan/" + codes["kecamatan"]),
        ("export", operator, "/laporan/cakupan/" + codes["kabupaten"] + "/unduh.csv"),
    ]
    for name, client, url in pages:
        print(f"{engine}_{name}_ms: {_median_ms(client, url):.1f} ms", flush=True)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _fresh_postgres() -> str:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{PG_DATABASE}"


def _drop_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_SERVER, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')


def main() -> None:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-dashboards-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BIMTEK_INSTANCE_DIR"] = str(workdir)
    os.environ["BIMTEK_INSECURE_COOKIES"] = "1"  # the test client speaks plain http
    engines = sys.argv[1:] or ["sqlite", "postgresql"]
    if "sqlite" in engines:
        run("sqlite", f"sqlite:///{workdir / 'bench.db'}")
    if "postgresql" in engines:
        try:
            url = _fresh_postgres()
        except Exception as error:  # noqa: BLE001 - an unreachable PostgreSQL is reported, not fatal
            print(f"postgresql_unavailable: 1 ({type(error).__name__})")
        else:
            try:
                run("postgresql", url)
            finally:
                _drop_postgres()
    print(f"total: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
