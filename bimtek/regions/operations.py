"""Loading region lists (all-or-nothing, with line numbers for every bad row)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from bimtek.extensions import db
from bimtek.regions.models import Region, level_of, parent_of
from bimtek.rows import RowError, RowsRejected

DEFAULT_REGION_FILE = Path(__file__).parent / "data" / "wilayah_kemendagri_2025.csv"
CODE_PATTERN = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$", re.ASCII)


class RegionImportError(RowsRejected):
    """Raised with every bad row when a region list cannot be loaded."""


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int


def parse_region_csv(text: str) -> list[tuple[int, str, str]]:
    """Parse and validate a `kode,nama` list; raise RegionImportError listing every bad row."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header[:2]] != ["kode", "nama"]:
        raise RegionImportError([RowError(1, "header harus 'kode,nama'")])
    rows: list[tuple[int, str, str]] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for line, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != 2:
            errors.append(RowError(line, f"harus 2 kolom (kode,nama), ada {len(row)}"))
            continue
        code, name = row[0].strip(), row[1].strip()
        if not CODE_PATTERN.match(code):
            errors.append(RowError(line, f"kode wilayah '{code}' tidak sesuai format Kemendagri (mis. 17.03.01.2001)"))
            continue
        if not name:
            errors.append(RowError(line, f"nama wilayah {code} kosong"))
            continue
        if code in seen:
            errors.append(RowError(line, f"kode {code} sudah ada di baris {seen[code]}"))
            continue
        seen[code] = line
        rows.append((line, code, name))
    if errors:
        raise RegionImportError(errors)
    return rows


def import_regions(text: str) -> ImportSummary:
    """Add or update regions from a `kode,nama` list; nothing is written if any row is bad."""
    rows = parse_region_csv(text)
    existing = dict(db.session.execute(select(Region.code, Region.name)).all())
    in_file = {code for _, code, _ in rows}
    errors = [
        RowError(line, f"wilayah induk {parent} tidak ada di berkas maupun di basis data")
        for line, code, _ in rows
        if (parent := parent_of(code)) and parent not in in_file and parent not in existing
    ]
    if errors:
        raise RegionImportError(errors)
    # Parents before children, so foreign keys hold on every engine.
    new = sorted(((c, n) for _, c, n in rows if c not in existing), key=lambda r: r[0].count("."))
    changed = [(c, n) for _, c, n in rows if c in existing and existing[c] != n]
    if new:
        db.session.execute(
            Region.__table__.insert(),
            [{"code": c, "name": n, "level": level_of(c).value, "parent_code": parent_of(c)} for c, n in new],
        )
    for code, name in changed:
        db.session.get(Region, code).name = name
    db.session.flush()
    return ImportSummary(added=len(new), updated=len(changed), unchanged=len(rows) - len(new) - len(changed))
