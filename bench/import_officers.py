"""Benchmark: importing a kabupaten-sized officer list (2,500 rows) and the national region list.

Runs on a private temporary SQLite database; prints `name: value unit` lines.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROWS = 2500


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    from flask_migrate import upgrade

    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.elections.models import Election, ElectionKind
    from bimtek.extensions import db
    from bimtek.officers.imports import import_officers
    from bimtek.regions.operations import DEFAULT_REGION_FILE, import_regions

    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.db'}")
    with app.app_context():
        upgrade()
        started = time.perf_counter()
        import_regions(DEFAULT_REGION_FILE.read_text(encoding="utf-8"))
        db.session.commit()
        print(f"region_import_national: {time.perf_counter() - started:.2f} s")

        from datetime import date

        election = Election(slug="bench", name="Bench", kind=ElectionKind.PILKADA, voting_day=date(2029, 11, 27),
                            bimtek_start=date(2029, 6, 1), bimtek_end=date(2029, 6, 20),
                            coklit_start=date(2029, 6, 24), coklit_end=date(2029, 7, 24), is_current=True)
        db.session.add(election)
        db.session.commit()
        desa = [c for c, in db.session.execute(db.text("SELECT code FROM region WHERE code LIKE '17.03.%.%'"))]
        header = "nama,nik,peran,jabatan,kode_wilayah,tps,telepon"
        rows = [
            f"Petugas {i},{1703064101000001 + i:016d},pantarlih,anggota,{desa[i // 12]},{i % 12 // 2 + 1},"
            f"08{1200000000 + i}"
            for i in range(ROWS)
        ]
        data = ("\n".join([header, *rows]) + "\n").encode()
        started = time.perf_counter()
        result = import_officers(data, election, area="17.03", actor_id=None)
        db.session.commit()
        elapsed = time.perf_counter() - started
        assert result.created == ROWS, result
        print(f"officer_import_{ROWS}: {elapsed:.2f} s")
        started = time.perf_counter()
        again = import_officers(data, election, area="17.03", actor_id=None)
        db.session.commit()
        assert again.unchanged == ROWS
        print(f"officer_reimport_{ROWS}_unchanged: {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main()
