"""Writes of the reports: importing a TPS list (the expected number of Pantarlih), all rows or none."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, insert, select

from bimtek.elections.models import Election
from bimtek.officers.imports import OfficerImportError, read_table
from bimtek.extensions import db
from bimtek.regions.models import Region, RegionLevel
from bimtek.reports.models import Tps
from bimtek.reports.summary import is_built, refresh_regions
from bimtek.rows import RowError, RowsRejected
from bimtek.scope import code_covers

TPS_COLUMNS = ["kode_wilayah", "tps", "pemilih"]
MAX_TPS_NUMBER = 999
MAX_VOTERS = 99_999
# ASCII digits only: str.isdigit() also accepts Arabic-Indic and other scripts' digits.
_ASCII_DIGITS = re.compile(r"^[0-9]+$")


class TpsImportError(RowsRejected):
    """Raised with every bad row when a TPS list cannot be imported; nothing was written."""


@dataclass(frozen=True)
class TpsImportResult:
    desa: int
    tps: int
    replaced: int


def _number(text: str, low: int, high: int) -> int | None:
    return int(text) if _ASCII_DIGITS.match(text) and low <= int(text) <= high else None


def import_tps(data: bytes, election: Election, *, area: str = "") -> TpsImportResult:
    """Replace the TPS lists of the desa named in a CSV/XLSX (kode_wilayah,tps,pemilih), all rows or none."""
    try:
        # The officer import's reader: the same limits on hostile CSV and XLSX files.
        rows = read_table(data, columns=TPS_COLUMNS, rows_of="TPS")
    except OfficerImportError as error:
        raise TpsImportError(error.errors) from None
    parsed: list[tuple[int, str, int, int]] = []
    errors: list[RowError] = []
    for line, cells in rows:
        number = _number(cells["tps"], 1, MAX_TPS_NUMBER)
        voters = _number(cells["pemilih"], 1, MAX_VOTERS)
        if number is None:
            errors.append(RowError(line, f"nomor TPS '{cells['tps']}' tidak valid (angka 1 sampai {MAX_TPS_NUMBER})"))
        if voters is None:
            errors.append(RowError(line, f"jumlah pemilih '{cells['pemilih']}' tidak valid (angka 1 sampai {MAX_VOTERS})"))
        if not cells["kode_wilayah"]:
            errors.append(RowError(line, "kode wilayah kosong"))
        if number is not None and voters is not None and cells["kode_wilayah"]:
            parsed.append((line, cells["kode_wilayah"], number, voters))
    codes = {code for _line, code, _n, _v in parsed}
    regions = {r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(codes)))} if codes else {}
    seen: dict[tuple[str, int], int] = {}
    for line, code, number, _voters in parsed:
        region = regions.get(code)
        if region is None:
            errors.append(RowError(line, f"kode wilayah '{code}' tidak dikenal"))
        elif region.level is not RegionLevel.DESA:
            errors.append(RowError(line, f"TPS harus berada di desa/kelurahan, bukan {region.kind_label.lower()} ({code})"))
        elif not code_covers(area, code):
            errors.append(RowError(line, f"wilayah {code} di luar wilayah kerja Anda"))
        if (code, number) in seen:
            errors.append(RowError(line, f"TPS {number:03d} desa {code} sudah ada di baris {seen[(code, number)]}"))
        seen.setdefault((code, number), line)
    if errors:
        raise TpsImportError(sorted(errors, key=lambda e: e.line))
    replaced = db.session.execute(
        delete(Tps).where(Tps.election_id == election.id, Tps.region_code.in_(codes))
    ).rowcount or 0
    db.session.execute(insert(Tps), [
        {"election_id": election.id, "region_code": code, "number": number, "voters": voters}
        for _line, code, number, voters in parsed
    ])
    if is_built(election.id):
        refresh_regions(election.id, codes)
    return TpsImportResult(desa=len(codes), tps=len(parsed), replaced=replaced)
