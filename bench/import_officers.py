"""Benchmark: importing a 50,000-row officer list the way the import job does.

Generates a realistic roster for Provinsi Bengkulu (every desa of the shipped region list: PPK
per kecamatan, PPS and sekretariat per desa, Pantarlih per TPS; Indonesian names, valid NIKs
and phone numbers), then runs the job's own task body (`officers.imports.run_import`) in an app
context: the whole file checked, then written in chunks, each committed with its checkpoint.

SQLite in a temporary directory by default; `--database-url postgresql://...` runs against that
database instead (its public schema is dropped and rebuilt first, so give it a scratch database).
Loopback only, bounded: one file of 50,000 rows. Prints:

    officer_import_50000_s: <n> s
    officer_import_50000_peak_mb: <n> MB
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = 50_000
PROVINSI = "17"
FIRST = ["Siti", "Budi", "Agus", "Dewi", "Sri", "Ahmad", "Nur", "Rina", "Joko", "Wahyu", "Eko", "Fitri",
         "Yusuf", "Ratna", "Hendra", "Lestari", "Bambang", "Indah", "Rudi", "Putri", "Slamet", "Ani",
         "Muhammad", "Dian", "Teguh", "Wulan", "Rahmat", "Yanti", "Iwan", "Maya"]
LAST = ["Aminah", "Santoso", "Salim", "Lestari", "Wahyuni", "Hidayat", "Saputra", "Rahayu", "Pratama",
        "Susanti", "Kurniawan", "Handayani", "Setiawan", "Purnamasari", "Nugroho", "Harahap", "Siregar",
        "Simanjuntak", "Wijaya", "Utami", "Fauzi", "Maharani", "Syahputra", "Marlina", "Gunawan"]


def region_slice(provinsi: str) -> str:
    """Return the shipped region list cut to one provinsi."""
    from bimtek.regions.operations import DEFAULT_REGION_FILE

    lines = DEFAULT_REGION_FILE.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines[1:] if line.split(",", 1)[0].split(".")[0] == provinsi]
    return "\n".join([lines[0], *kept]) + "\n"


def roster(codes: list[str], rows: int) -> bytes:
    """Return a CSV roster of `rows` officers over the given kecamatan and desa codes."""
    rng = random.Random(14)
    kecamatan = [c for c in codes if c.count(".") == 2]
    desa = [c for c in codes if c.count(".") == 3]
    lines = ["nama,nik,peran,jabatan,kode_wilayah,tps,telepon"]

    def person(i: int, code: str) -> tuple[str, str, str]:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        day = rng.randint(1, 28) + (40 if i % 2 else 0)
        nik = f"{code.replace('.', '')[:6]}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{i % 9999 + 1:04d}"
        return name, nik, f"08{1300000000 + i}"

    serial = 0
    seen_nik: set[str] = set()

    def add(role: str, position: str, code: str, tps: str) -> None:
        nonlocal serial
        if len(lines) - 1 >= rows:
            return
        while True:
            serial += 1
            name, nik, phone = person(serial, code)
            if nik not in seen_nik:
                break
        seen_nik.add(nik)
        lines.append(f"{name},{nik},{role},{position},{code},{tps},{phone}")

    for code in kecamatan:
        for position in ("ketua", "anggota", "anggota", "anggota", "anggota"):
            add("ppk", position, code, "")
    for code in desa:
        for position in ("ketua", "anggota", "anggota"):
            add("pps", position, code, "")
        for position in ("sekretaris", "staf"):
            add("sekretariat_pps", position, code, "")
    tps = 1
    while len(lines) - 1 < rows:
        for code in desa:
            if len(lines) - 1 >= rows:
                break
            for _ in range(2):
                if len(lines) - 1 < rows:
                    add("pantarlih", "anggota", code, str(tps))
        tps += 1
    return ("\n".join(lines) + "\n").encode()


class BenchRun:
    """The part of a job run the import task uses, committing at each advance as the job runner does."""

    def __init__(self, data: bytes, payload: dict) -> None:
        self._data = data
        self.payload = payload
        self.checkpoint: dict = {}
        self.total = 0
        self.done = 0
        self.summary = ""
        self.details: list[str] = []

    def input_bytes(self) -> bytes:
        return self._data

    def heartbeat(self) -> None:
        from bimtek.extensions import db

        db.session.commit()

    def set_total(self, total: int) -> None:
        self.total = total

    def advance(self, count: int, checkpoint: dict) -> None:
        from bimtek.extensions import db

        self.done += count
        self.checkpoint = checkpoint
        db.session.commit()

    def finish(self, summary: str, details: list[str] = ()) -> None:
        from bimtek.extensions import db

        self.summary, self.details = summary, list(details)
        db.session.commit()


def _reset_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database-url", help="PostgreSQL scratch database (emptied); default: temporary SQLite")
    parser.add_argument("--rows", type=int, default=ROWS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    url = args.database_url or f"sqlite:///{workdir / 'bench.db'}"
    if url.startswith("postgresql"):
        _reset_postgresql(url)
    from flask_migrate import upgrade

    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.extensions import db
    from bimtek.officers.imports import run_import
    from bimtek.officers.models import Person
    from bimtek.regions.operations import import_regions
    from bench._fixtures import add_current_election

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=url, BIMTEK_INSTANCE_DIR=str(workdir),
                     BIMTEK_UPLOAD_DIR=str(workdir / "uploads"))
    with app.app_context():
        upgrade()
        regions = region_slice(PROVINSI)
        import_regions(regions)
        election = add_current_election()
        operator = Person(full_name="Operator Bench", username="operator.bench", password_hash="x")
        db.session.add(operator)
        db.session.commit()
        codes = [line.split(",", 1)[0] for line in regions.splitlines()[1:]]
        data = roster(codes, args.rows)
        run = BenchRun(data, {"election_id": election.id, "area": PROVINSI, "actor_id": operator.id})
        started, cpu_started = time.perf_counter(), time.process_time()
        run_import(run)
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        assert run.summary == f"Impor selesai: {args.rows} baru, 0 diubah, 0 tetap.", (run.summary, run.details[:5])
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # CPU time goes to stderr: on a shared machine it says what the wall time cannot.
    print(f"(import used {cpu:.1f} s of CPU; load average {os.getloadavg()[0]:.1f})", file=sys.stderr)
    print(f"officer_import_{args.rows}_s: {elapsed:.1f} s")
    print(f"officer_import_{args.rows}_peak_mb: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
