"""Benchmark: time and peak memory of hostile uploads (huge claimed sheets, zip and image bombs) and of a
50,000-row roster, each case in a fresh process so its peak resident memory is its own.

Prints `name: value unit` lines (`<case>_seconds`, `<case>_peak_rss`); the baseline case is the
interpreter with the app imported, which every other case's peak includes.
"""

from __future__ import annotations

import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = ["nama", "nik", "peran", "jabatan", "kode_wilayah", "tps", "telepon"]
ROW = ["Siti Aminah", "1703064101900001", "pps", "ketua", "17.03.06.2001", "", ""]
ROSTER = 50_000


def _roster_rows() -> list[list[str]]:
    # Valid NIKs: birth day 01-06 of January 1990, serial 0001-9999.
    return [[f"Petugas {i}", f"170306{1 + i // 9999:02d}0190{1 + i % 9999:04d}", "pps", "anggota", "17.03.06.2001",
             "", ""] for i in range(ROSTER)]


def _roster_xlsx() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Petugas")
    sheet.append(HEADER)
    for row in _roster_rows():
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _read(data: bytes) -> str:
    from bimtek.officers.imports import OfficerImportError, read_table

    try:
        return f"{len(read_table(data))} rows"
    except OfficerImportError as refusal:
        return f"refused: {refusal.errors[0]}"


def _image(kind: str):
    """Return a check of an uploaded image as the upload view makes it, inside an app context."""
    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.training.models import FileKind
    from bimtek.training.files import TrainingError, _checked_image

    create_app(Config, SQLALCHEMY_DATABASE_URI="sqlite://").app_context().push()

    def check(data: bytes) -> str:
        try:
            copy = _checked_image(data, FileKind(kind))
        except TrainingError as refusal:
            return f"refused: {refusal}"
        return f"print copy {len(copy or b'')} bytes"

    return check


def _import_roster() -> str:
    from flask_migrate import upgrade

    from bench._fixtures import add_current_election, region_slice
    from bimtek import create_app
    from bimtek.config import Config
    from bimtek.extensions import db
    from bimtek.officers.imports import import_officers
    from bimtek.regions.operations import import_regions

    workdir = Path(tempfile.mkdtemp(prefix="bimtek-bench-"))
    app = create_app(Config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{workdir / 'bench.db'}")
    with app.app_context():
        upgrade()
        import_regions(region_slice())
        election = add_current_election()
        db.session.commit()
        data = ("\n".join(",".join(row) for row in [HEADER, *_roster_rows()]) + "\n").encode()
        started = time.perf_counter()
        result = import_officers(data, election, area="17.03", actor_id=None)
        db.session.commit()
        return f"{result.created} created in {time.perf_counter() - started:.1f} s"


def _case(name: str):
    """Return (build the input, make the runner) for one case; only running it on the input is timed."""
    from tests.security import hostile

    cases = {
        "baseline": (lambda: b"", lambda: lambda data: "app imported"),
        "xlsx_claiming_20000x16384": (lambda: hostile.xlsx_claiming_huge_dimensions([HEADER, ROW]), lambda: _read),
        "xlsx_zip_bomb_40mb": (lambda: hostile.xlsx_zip_bomb([HEADER, ROW]), lambda: _read),
        "xlsx_claiming_1048576_rows": (
            lambda: hostile.xlsx([HEADER, ROW], extra='<row r="1048576"><c r="A1048576" t="inlineStr"><is><t></t></is></c></row>'),
            lambda: _read),
        "csv_field_over_limit": (
            lambda: (",".join(HEADER) + "\n" + '"' + "A" * 200_000 + '",1703064101900001,pps,ketua,17.03.06.2001,,\n').encode(),
            lambda: _read),
        "csv_60001_rows": (
            lambda: ("\n".join([",".join(HEADER)] + [f"P {i},{1703064101000000 + i},pps,anggota,17.03.06.2001,,"
                                                     for i in range(1, 60_002)])).encode(), lambda: _read),
        "png_13000x13000_upload": (lambda: hostile.png_bomb(), lambda: _image("foto")),
        "jpeg_4000x3000_upload": (lambda: hostile.jpeg(4000, 3000), lambda: _image("foto")),
        f"roster_{ROSTER}_xlsx_read": (_roster_xlsx, lambda: _read),
        f"roster_{ROSTER}_csv_import": (lambda: b"", lambda: lambda data: _import_roster()),
    }
    return cases[name] if name else list(cases)


def run_one(name: str) -> None:
    import bimtek  # noqa: F401 - the app's imports are part of every case's baseline

    build, make_runner = _case(name)
    data = build()
    run = make_runner()
    started = time.perf_counter()
    outcome = run(data)
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{name}_seconds: {seconds:.2f} s")
    print(f"{name}_peak_rss: {peak_mb:.0f} MB")
    print(f"# {name}: {len(data):,} bytes in -> {outcome}", file=sys.stderr)


def main() -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only")
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        run_one(sys.argv[2])
        return
    for name in _case(""):
        subprocess.run([sys.executable, __file__, "--case", name], check=True, cwd=ROOT)


if __name__ == "__main__":
    main()
