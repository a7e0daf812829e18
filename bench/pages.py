"""Benchmark: the lesson page for a learner with progress (server time and bytes), its 304 revisit, and the PDFs.

Builds a private temporary SQLite database (migrations, a region slice, the shipped content,
one desa of Pantarlih with progress), drives the app with Flask's test client and prints
`name: value unit` lines. Bounded: stops measuring after about 40 seconds.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fixtures import add_current_election, region_slice  # noqa: E402 - bench/ is the script's folder

REQUESTS = 200
BUDGET_SECONDS = 40
DESA = "17.03.06.2001"
PASSWORD = "bench-sandi-123"




def _timed(client, url: str, samples: int, deadline: float, **kwargs) -> tuple[list[float], object]:
    times, response = [], None
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(url, **kwargs)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 304), (url, response.status_code)
        if time.perf_counter() > deadline:
            break
    return times, response


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-pages-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BIMTEK_INSTANCE_DIR"] = str(workdir)
    os.environ["BIMTEK_INSECURE_COOKIES"] = "1"  # the test client speaks plain http

    from flask_migrate import upgrade
    from werkzeug.security import generate_password_hash

    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.courses.models import Course
    from bimtek.courses.operations import complete_lesson, sync_content
    from bimtek.extensions import db
    from bimtek.officers.models import Assignment, Person, Position, Role
    from bimtek.regions.operations import import_regions

    started_all = time.perf_counter()
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.db'}", DEBUG=False)
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        db.session.flush()
        password_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
        people = []
        for tps in range(1, 13):
            person = Person(full_name=f"Pantarlih Bench {tps}", username=f"pantarlih{tps}", password_hash=password_hash,
                            nik=f"17030641010{tps:05d}", phone=f"+62812000{tps:05d}")
            db.session.add(person)
            db.session.flush()
            db.session.add(Assignment(person_id=person.id, election_id=election.id, role=Role.PANTARLIH,
                                      position=Position.ANGGOTA, region_code=DESA, tps=tps))
            people.append(person)
        pps = Person(full_name="Ketua PPS Bench", username="pps", password_hash=password_hash,
                     nik="1703064101099999", phone="+6281299999999")
        db.session.add(pps)
        db.session.flush()
        db.session.add(Assignment(person_id=pps.id, election_id=election.id, role=Role.PPS, position=Position.KETUA,
                                  region_code=DESA))
        sync_content(Path(app.config["BIMTEK_CONTENT_DIR"]))
        course = db.session.scalar(db.select(Course).where(Course.slug == "prosedur-coklit"))
        for lesson in course.lessons[:3]:
            complete_lesson(people[0].id, election.id, lesson)
        slug = course.slug
        lesson_url = f"/kursus/{slug}/{course.lessons[1].key}"
        db.session.commit()
    print(f"setup: {time.perf_counter() - started_all:.2f} s")

    deadline = time.perf_counter() + BUDGET_SECONDS

    def logged_in(username: str):
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
        assert response.status_code == 302, response.status_code
        return client

    learner = logged_in("pantarlih1")
    _timed(learner, lesson_url, 5, deadline)  # warm up templates and caches
    times, response = _timed(learner, lesson_url, REQUESTS, deadline)
    print(f"lesson_page_median_ms: {statistics.median(times):.2f} ms")
    print(f"lesson_page_p95_ms: {sorted(times)[int(len(times) * 0.95) - 1]:.2f} ms")
    print(f"lesson_page_bytes: {len(response.data)} bytes")
    print(f"lesson_page_requests: {len(times)} requests")
    etag = response.headers["ETag"]
    times, response = _timed(learner, lesson_url, REQUESTS, deadline, headers={"If-None-Match": etag})
    assert response.status_code == 304
    print(f"lesson_page_304_median_ms: {statistics.median(times):.2f} ms")

    times, response = _timed(learner, f"/kursus/{slug}.pdf", 3, deadline)
    print(f"course_pdf_median_ms: {statistics.median(times):.0f} ms")
    print(f"course_pdf_bytes: {len(response.data)} bytes")
    times, response = _timed(learner, "/kursus/kartu-saku", 3, deadline)
    print(f"pocket_card_median_ms: {statistics.median(times):.0f} ms")
    times, response = _timed(logged_in("pps"), f"/kursus/kartu-saku/desa/{DESA}", 3, deadline)
    print(f"pocket_cards_desa_12_median_ms: {statistics.median(times):.0f} ms")
    print(f"total: {time.perf_counter() - started_all:.2f} s")


if __name__ == "__main__":
    main()
