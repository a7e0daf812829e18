"""Cells we write into CSV and XLSX files: neutralised so a spreadsheet never runs them as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Return a cell value that no spreadsheet treats as a formula (numbers pass through)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralised_row(row: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in row]


def csv_text(header: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """Render a table as CSV text with every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(neutralised_row(header))
    for row in rows:
        writer.writerow(neutralised_row("" if value is None else value for value in row))
    return out.getvalue()


def xlsx_bytes(header: Sequence[str], rows: Iterable[Iterable[object]], title: str = "Data") -> bytes:
    """Render a table as an XLSX workbook with every cell neutralised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(neutralised_row(header))
    for row in rows:
        sheet.append(neutralised_row(row))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
