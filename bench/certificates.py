"""Benchmark: one certificate PDF, 500 rendered naively one by one, and the same 500 through the bulk path.

Builds a private temporary SQLite database (migrations, a region slice, 500 Pantarlih of
Kecamatan Kerkap holding a certificate each) and a private storage folder; nothing leaves the
machine. Prints `name: value unit` lines. Bounded: the naive loop stops after NAIVE_BUDGET
seconds and its rate is taken from what it rendered; the whole run stays under 400 s.
"""

from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _fixtures import add_current_election, region_slice  # noqa: E402 - bench/ is the script's folder

COUNT = 500
NAIVE_BUDGET = 120
KECAMATAN = "17.03.06"
BASE_URL = "https://bimtek.example.id/"


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-certificates-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ["BIMTEK_INSTANCE_DIR"] = str(workdir)

    from flask_migrate import upgrade
    from sqlalchemy import select

    from bimtek import create_app
    from bimtek.certificates import bulk
    from bimtek.certificates.models import Certificate
    from bimtek.certificates.operations import _new_certificate, record_completion
    from bimtek.certificates.printing import certificate_dir, join, render_one
    from bimtek.certificates.queries import PrintValues, certificates_in_region
    from bimtek.config import Config
    from bimtek.courses.models import Course
    from bimtek.extensions import db
    from bimtek.jobs import Job, JobStatus, submit
    from bimtek.jobs.runner import RESULT, perform
    from bimtek.jobs.storage import path as job_file
    from bimtek.officers.models import Assignment, Person, Position, Role
    from bimtek.regions.operations import import_regions

    started_all = time.perf_counter()
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.db'}", DEBUG=False,
                     BIMTEK_STORAGE_DIR=str(workdir / "storage"), SERVER_NAME="bimtek.example.id",
                     PREFERRED_URL_SCHEME="https")
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        course = Course(slug="prosedur-coklit", title="Prosedur Coklit", audience=["pantarlih"],
                        completion={"lessons": "all", "quiz": True}, quiz_rules={}, content_hash="0" * 64)
        db.session.add(course)
        db.session.flush()
        desa = [code for (code,) in db.session.execute(
            db.text("SELECT code FROM region WHERE code LIKE :p ORDER BY code"), {"p": KECAMATAN + ".%"})]
        for index in range(COUNT):
            person = Person(full_name=f"Petugas Pantarlih {index:03d}", username=f"p{index}", password_hash="x")
            db.session.add(person)
            db.session.flush()
            assignment = Assignment(person_id=person.id, election_id=election.id, role=Role.PANTARLIH,
                                    position=Position.ANGGOTA, region_code=desa[index % len(desa)], tps=index % 12 + 1)
            db.session.add(assignment)
            db.session.flush()
            completion = record_completion(person.id, election.id, course)
            _new_certificate(person, assignment, course, completion.id, election.id)
        db.session.commit()
        certificates = certificates_in_region(election.id, KECAMATAN, valid_only=True)
        assert len(certificates) == COUNT

        with app.test_request_context(base_url=BASE_URL):
            values = PrintValues(BASE_URL)
            _path, first = values(certificates[0])
            render_one(first)  # warm: fonts, templates, imports
            samples, data = [], b""
            for certificate in certificates[:5]:
                started = time.perf_counter()
                data = render_one(values(certificate)[1])
                samples.append((time.perf_counter() - started) * 1000)
            print(f"certificate_ms: {statistics.median(samples):.0f} ms")
            print(f"certificate_bytes: {len(data)} bytes")

            # Naive: every certificate rendered on its own, one after another, nothing stored.
            started = time.perf_counter()
            rendered = 0
            for certificate in certificates:
                render_one(PrintValues(BASE_URL)(certificate)[1])
                rendered += 1
                if time.perf_counter() - started > NAIVE_BUDGET:
                    break
            naive_seconds = time.perf_counter() - started
            naive_rate = rendered / naive_seconds
            naive_total = COUNT / naive_rate
            print(f"naive_rendered: {rendered} certificates")
            print(f"naive_per_second: {naive_rate:.2f} certificates/s")
            print(f"naive_{COUNT}_seconds: {naive_total:.1f} s")

        actor = db.session.scalar(select(Person.id).limit(1))

        def bulk_run() -> float:
            # The job exactly as a bulk print queues it; run here by the same runner a worker uses.
            job = submit(bulk.TASK, owner_id=actor, election_id=election.id, label="Kecamatan Kerkap",
                         payload={"kind": "kecamatan", "target": KECAMATAN, "output": "pdf", "base_url": BASE_URL,
                                  "name": "Kecamatan-Kerkap"})
            db.session.commit()
            started = time.perf_counter()
            perform(job.id)
            elapsed = time.perf_counter() - started
            finished = db.session.get(Job, job.id)
            db.session.refresh(finished)
            assert finished.status is JobStatus.DONE and finished.done == COUNT, finished.error
            size = job_file(finished.token, RESULT).stat().st_size
            assert size > COUNT * 5000
            return elapsed

        shutil.rmtree(certificate_dir(), ignore_errors=True)
        cold = bulk_run()
        print(f"bulk_cold_{COUNT}_seconds: {cold:.1f} s")
        print(f"bulk_cold_per_second: {COUNT / cold:.1f} certificates/s")
        assert len(list(certificate_dir().glob("*.pdf"))) == COUNT
        warm = bulk_run()
        print(f"bulk_warm_{COUNT}_seconds: {warm:.2f} s")
        print(f"bulk_warm_per_second: {COUNT / warm:.0f} certificates/s")
        # The joiner chosen: qpdf through pikepdf against pypdf, on the same stored files.
        paths = sorted(certificate_dir().glob("*.pdf"))
        started = time.perf_counter()
        join(paths)
        print(f"join_{COUNT}_pikepdf_seconds: {time.perf_counter() - started:.2f} s")
        try:
            from pypdf import PdfWriter
        except ImportError:
            PdfWriter = None
        if PdfWriter is not None:
            started = time.perf_counter()
            writer = PdfWriter()
            for path in paths:
                writer.append(str(path))
            writer.write(io.BytesIO())
            print(f"join_{COUNT}_pypdf_seconds: {time.perf_counter() - started:.2f} s")
        print(f"bulk_cold_speedup: {naive_total / cold:.1f} x")
        print(f"bulk_warm_speedup: {naive_total / warm:.1f} x")
        assert db.session.scalar(select(db.func.count(Certificate.id))) == COUNT
    print(f"bench_seconds: {time.perf_counter() - started_all:.0f} s")
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
