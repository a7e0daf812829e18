"""Importing officer lists (CSV/XLSX): read, check every row, then write all rows or none."""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, insert, select
from sqlalchemy.orm import aliased

from bimtek import jobs, signals
from bimtek.audit.operations import record
from bimtek.auth.operations import give_one_time_password, one_time_passwords
from bimtek.elections.models import Election
from bimtek.extensions import db
from bimtek.directory.identity import (
    MAX_TPS,
    is_valid_nik,
    name_problem,
    normalise_name,
    normalise_nik,
    normalise_phone,
    parse_tps,
)
from bimtek.directory.models import assignment_title
from bimtek.officers.models import Assignment, PasswordSheet, Person, Position, Role
from bimtek.regions.models import Region, RegionLevel
from bimtek.rows import RowError, RowsRejected
from bimtek.region_codes import region_clause
from bimtek.scope import code_covers
from bimtek.spreadsheet import csv_text, neutralised_row
from bimtek.officers.operations import create_password_sheet, password_entry, visible_sheet
from bimtek.roles import REGION_LEVEL

IMPORT_COLUMNS = ["nama", "nik", "peran", "jabatan", "kode_wilayah", "tps", "telepon"]
MAX_PANTARLIH_PER_TPS = 2
ROLE_LEVEL = REGION_LEVEL
LEVEL_LABEL = {
    RegionLevel.KABUPATEN: "kabupaten/kota",
    RegionLevel.KECAMATAN: "kecamatan",
    RegionLevel.DESA: "desa/kelurahan",
}
IMPORTABLE_ROLES = ", ".join(r.value for r in ROLE_LEVEL)
POSITIONS = ", ".join(p.value for p in Position)

class OfficerImportError(RowsRejected):
    """Raised with every bad row when an officer list cannot be imported."""


@dataclass(frozen=True, slots=True)
class OfficerRow:
    line: int
    name: str
    nik: str
    role: Role
    position: Position
    region_code: str
    tps: int | None
    phone: str | None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    passwords: list[dict] = field(default_factory=list)

    def add(self, other: ImportResult) -> None:
        """Add another chunk's result to this one."""
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.warnings.extend(other.warnings)
        self.passwords.extend(other.passwords)


# A kabupaten's whole roster (a few tens of thousands of officers) fits; anything longer is refused
# rather than read. Blank lines are skipped without being kept (a sheet can claim a million).
MAX_IMPORT_LINES = 60_000
MAX_HEADER_COLUMNS = 32
# What the XLSX's zip may unpack to in all, and how much one member may grow: checked on the
# sizes the zip declares before anything is decompressed (zipfile never reads past them).
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_XLSX_RATIO = 200


def iter_table(data: bytes, *, seconds: float | None = None, columns: list[str] = IMPORT_COLUMNS,
               rows_of: str = "petugas") -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line, row) pairs of the named columns from a CSV or XLSX upload (told apart by content), streaming.

    With `seconds`, a sheet that takes longer to read is refused: a web request must answer a
    hostile file quickly, while a job or the command line may take its time over a whole
    kabupaten. Every list people upload (officers, TPS) is read here, with the same limits on
    hostile files; nothing but the current row is held, so a 50,000-row roster streams.
    """
    if data[:4] == b"PK\x03\x04":
        rows = _xlsx_rows(data, None if seconds is None else time.monotonic() + seconds)
    else:
        rows = _csv_rows(data)
    return _with_header(rows, columns, rows_of)


def read_table(data: bytes, *, seconds: float | None = None, columns: list[str] = IMPORT_COLUMNS,
               rows_of: str = "petugas") -> list[tuple[int, dict[str, str]]]:
    """Read a CSV or XLSX upload into a list of (line, row) pairs (see `iter_table`)."""
    return list(iter_table(data, seconds=seconds, columns=columns, rows_of=rows_of))


def count_rows(data: bytes, *, seconds: float | None = None, xlsx_stop_after: int | None = None) -> int:
    """Return how many officer rows a file holds, refusing a malformed or hostile file as the import does.

    A CSV is counted whole (cheap, so an over-long one is refused at once). An XLSX is counted
    only up to `xlsx_stop_after` + 1 rows: its XML costs far more to read, and a longer one
    goes to a job, which reads it whole with the same limits but without a request's time budget.
    """
    count = 0
    is_xlsx = data[:4] == b"PK\x03\x04"
    for _row in iter_table(data, seconds=seconds):
        count += 1
        if is_xlsx and xlsx_stop_after is not None and count > xlsx_stop_after:
            break
    return count


def _csv_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """Yield the CSV's filled records with their record number (the header is record 1)."""
    first_line = data[:4096].split(b"\n", 1)[0]
    delimiter = ";" if first_line.count(b";") > first_line.count(b",") else ","
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    reader = csv.reader(stream, delimiter=delimiter)
    number = 0
    filled = 0
    try:
        for row in reader:
            number += 1
            if any(cell.strip() for cell in row):
                filled += 1
                if filled > MAX_IMPORT_LINES + 1:  # the header is a filled line too
                    raise _too_long()
                yield number, row
    except UnicodeDecodeError:
        raise OfficerImportError([RowError(max(number, 1), "berkas bukan CSV UTF-8 atau XLSX")]) from None
    except csv.Error as error:
        # A field over the csv module's limit, a NUL byte, a broken quote: say where, keep nothing.
        raise OfficerImportError(
            [RowError(number + 1, f"baris CSV tidak dapat dibaca ({_csv_problem(error)})")]
        ) from None


def _csv_problem(error: csv.Error) -> str:
    text = str(error)
    if "field larger than field limit" in text:
        return "satu sel terlalu panjang"
    if "NUL" in text:
        return "berisi karakter NUL"
    return "tanda kutip atau pemisah rusak"


def _too_long() -> OfficerImportError:
    return OfficerImportError(
        [RowError(1, f"berkas lebih dari {MAX_IMPORT_LINES:,} baris; bagi menjadi beberapa berkas".replace(",", "."))]
    )


def _check_zip(data: bytes) -> None:
    """Refuse an XLSX whose members would unpack to far more than any roster needs (a zip bomb)."""
    import zipfile

    damaged = OfficerImportError([RowError(1, "berkas XLSX rusak atau tidak dapat dibaca")])
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise damaged from None
    total = sum(info.file_size for info in members)
    if total > MAX_XLSX_UNPACKED_BYTES or any(
        info.file_size > 1024 * 1024 and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1)
        for info in members
    ):
        raise OfficerImportError([RowError(1, "isi berkas XLSX terlalu besar untuk sebuah daftar petugas")])


_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_DOC_RELS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_EXCEL_MAX_ROW = 1_048_576


class _Damaged(Exception):
    pass


def _xlsx_rows(data: bytes, deadline: float | None) -> Iterator[tuple[int, list[str]]]:
    """Yield the first sheet's filled rows with their row number, streaming its XML.

    Not through openpyxl: it trusts the sheet's declared dimension (a 2 KB file claiming
    16,384 columns made every row 16,384 cells) and builds an object per cell, so a
    kabupaten's roster took half a minute. Here only the header's columns are kept, rows are
    capped, and nothing is decompressed beyond the sizes the zip declares.
    """
    import zipfile
    from xml.etree.ElementTree import ParseError

    _check_zip(data)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            shared = _shared_strings(archive)
            with archive.open(_first_sheet(archive)) as sheet:
                yield from _sheet_rows(sheet, shared, deadline)
    except OfficerImportError:
        raise
    except (_Damaged, zipfile.BadZipFile, KeyError, ParseError, ValueError, IndexError, EOFError, OSError):
        raise OfficerImportError([RowError(1, "berkas XLSX rusak atau tidak dapat dibaca")]) from None


def _first_sheet(archive) -> str:
    from xml.etree import ElementTree

    workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    sheet = workbook.find(f"{_MAIN}sheets/{_MAIN}sheet")
    if sheet is None:
        raise _Damaged
    rel_id = sheet.get(f"{_DOC_RELS}id")
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    target = next((r.get("Target") for r in rels.iter(f"{_RELS}Relationship") if r.get("Id") == rel_id), None)
    if not target:
        raise _Damaged
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def _shared_strings(archive) -> list[str]:
    from xml.etree import ElementTree

    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as source:
        for _event, element in ElementTree.iterparse(source):
            if element.tag == f"{_MAIN}si":
                # Rich text is several runs; phonetic guides (rPh) are not part of the value.
                runs = element.findall(f"{_MAIN}t") + element.findall(f"{_MAIN}r/{_MAIN}t")
                strings.append("".join(t.text or "" for t in runs))
                element.clear()
    return strings


def _column_index(ref: str) -> int:
    index = 0
    for char in ref:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        else:
            break
    return index


def _number_text(text: str) -> str:
    # Excel keeps a NIK typed as a number as 1.703064101900001E+15: write it back in digits.
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and abs(number) < 1e17 else text


def _cell_value(cell, shared: list[str]) -> str:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{_MAIN}t"))
    value = cell.find(f"{_MAIN}v")
    text = value.text or "" if value is not None else ""
    if kind == "s":
        return shared[int(text)]
    if kind == "n":
        return _number_text(text)
    return text


def _sheet_rows(sheet, shared: list[str], deadline: float | None = None) -> Iterator[tuple[int, list[str]]]:
    """Yield the sheet's filled rows by row number, header columns only (the header first)."""
    from xml.etree import ElementTree

    width = MAX_HEADER_COLUMNS
    cells: dict[int, str] = {}
    next_column = 1
    filled = 0
    last = 0
    header_seen = False
    for seen, (_event, element) in enumerate(ElementTree.iterparse(sheet)):
        if deadline is not None and seen % 4096 == 0 and time.monotonic() > deadline:
            raise OfficerImportError([RowError(
                last + 1, "berkas XLSX terlalu besar atau rumit untuk dibaca di sini; simpan ulang hanya "
                          f"kolom {','.join(IMPORT_COLUMNS)}, atau bagi menjadi beberapa berkas")])
        tag = element.tag
        if tag == f"{_MAIN}c":
            ref = element.get("r")
            column = _column_index(ref) if ref else next_column
            next_column = column + 1
            if column <= width:
                cells[column] = _cell_value(element, shared)
            element.clear()
        elif tag == f"{_MAIN}row":
            number = int(element.get("r") or last + 1)
            if number <= last or number > _EXCEL_MAX_ROW:
                raise _Damaged
            last = number
            if not header_seen:
                if number != 1:
                    return  # no header on the first row: the sheet is read as empty
                # The header decides which columns are read at all.
                header = [cells.get(i, "") for i in range(1, width + 1)]
                while header and not header[-1].strip():
                    header.pop()
                width = len(header)
                header_seen = True
                yield number, header
            elif any(value.strip() for value in cells.values()):
                filled += 1
                if filled > MAX_IMPORT_LINES:
                    raise _too_long()
                yield number, [cells.get(i, "") for i in range(1, width + 1)]
            cells = {}
            next_column = 1
            element.clear()


def _with_header(rows: Iterator[tuple[int, list[str]]], columns: list[str],
                 rows_of: str) -> Iterator[tuple[int, dict[str, str]]]:
    first = next(rows, None)
    if first is None:
        raise OfficerImportError([RowError(1, "berkas kosong")])
    header = [h.strip().lower() for h in first[1]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise OfficerImportError(
            [RowError(1, f"kolom {', '.join(missing)} tidak ada; header harus {','.join(columns)}")]
        )
    wanted = [(i, name) for i, name in enumerate(header) if name in columns]
    any_row = False
    for line, row in rows:
        any_row = True
        yield line, {name: (row[i].strip() if i < len(row) else "") for i, name in wanted}
    if not any_row:
        raise OfficerImportError([RowError(1, f"berkas tidak berisi satu pun baris {rows_of}")])


@dataclass(slots=True)
class _Draft:
    """A row as read, with what could be made of each cell (None where the cell is bad)."""

    line: int
    name: str
    nik: str | None
    role: Role | None
    position: Position | None
    region_code: str
    tps: int | None
    phone: str | None
    errors: list[RowError]

    def row(self) -> OfficerRow:
        return OfficerRow(self.line, self.name, self.nik, self.role, self.position, self.region_code, self.tps,
                          self.phone)


def _parse_row(line: int, raw: dict[str, str]) -> _Draft:
    """Read every cell of a row, noting each bad one (a bad cell never hides the others)."""
    errors: list[RowError] = []
    name = normalise_name(raw["nama"])
    if not name:
        errors.append(RowError(line, "nama kosong"))
    elif len(name) > 200:
        errors.append(RowError(line, "nama lebih dari 200 karakter"))
    elif problem := name_problem(name):
        errors.append(RowError(line, problem))
    nik: str | None = normalise_nik(raw["nik"])
    if not is_valid_nik(nik):
        nik = None
        errors.append(RowError(line, f"NIK '{_shown(raw['nik'])}' tidak valid (harus 16 angka 0-9)"))
    try:
        role: Role | None = Role(raw["peran"].lower())
        if role not in ROLE_LEVEL:
            raise ValueError
    except ValueError:
        role = None
        errors.append(RowError(line, f"peran '{_shown(raw['peran'])}' tidak dikenal (pilihan: {IMPORTABLE_ROLES})"))
    position_text = raw["jabatan"].lower() or ("anggota" if role is Role.PANTARLIH else "")
    try:
        position: Position | None = Position(position_text)
    except ValueError:
        position = None
        errors.append(RowError(line, f"jabatan '{_shown(raw['jabatan'])}' tidak dikenal (pilihan: {POSITIONS})"))
    tps = None
    if raw["tps"]:
        if (number := parse_tps(raw["tps"])) is None:
            errors.append(RowError(line, f"nomor TPS '{_shown(raw['tps'])}' tidak valid (harus angka 1-{MAX_TPS})"))
        elif role is not Role.PANTARLIH:
            if role is not None:
                errors.append(RowError(line, "nomor TPS hanya diisi untuk Pantarlih"))
        else:
            tps = number
    elif role is Role.PANTARLIH:
        errors.append(RowError(line, "Pantarlih wajib punya nomor TPS"))
    phone = None
    if raw["telepon"]:
        phone = normalise_phone(raw["telepon"])
        if phone is None:
            errors.append(RowError(line, f"nomor HP '{_shown(raw['telepon'])}' tidak valid (contoh: 081234567890 atau +6281234567890)"))
    return _Draft(line, name, nik, role, position, raw["kode_wilayah"], tps, phone, errors)


def _shown(value: str) -> str:
    """Return a bad cell shortened and with invisible characters written as escapes, for an error line."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    return text if len(text) <= 40 else text[:40] + "…"


# Rows read, checked and written together: one set of look-ups (regions, people, phones,
# assignments) per chunk, and in a job one commit per chunk with its checkpoint.
CHUNK_ROWS = 1000
# Files up to this many rows are imported within the request; longer ones become a job.
REQUEST_MAX_ROWS = 1000


class OfficerCheck:
    """Check an officer list chunk by chunk, keeping what spans chunks (repeated NIKs and phones, TPS counts)."""

    def __init__(self, election: Election, *, area: str) -> None:
        self.election = election
        self.area = area
        self.rows: list[OfficerRow] = []
        self.errors: list[RowError] = []
        self._nik_line: dict[str, int] = {}
        self._phone_line: dict[str, int] = {}
        self._pantarlih: list[tuple[int, str, int]] = []
        self._in_file_people: set[int] = set()

    def add(self, chunk: list[tuple[int, dict[str, str]]]) -> None:
        """Check a chunk of rows against each other, the rows before and the database."""
        drafts = [_parse_row(line, raw) for line, raw in chunk]
        regions = _regions({d.region_code for d in drafts})
        people = _people_by_nik({d.nik for d in drafts if d.nik})
        phone_owners = _phone_owners({d.phone for d in drafts if d.phone})
        assignments = _assignments_of(self.election, [p.id for p in people.values()])
        self._in_file_people.update(p.id for p in people.values())
        for draft in drafts:
            self._check(draft, regions.get(draft.region_code), people.get(draft.nik or ""), phone_owners, assignments)
            self.errors.extend(draft.errors)
            if draft.role is Role.PANTARLIH and draft.tps is not None:
                self._pantarlih.append((draft.line, draft.region_code, draft.tps))
            if not draft.errors:
                self.rows.append(draft.row())

    def _check(self, draft: _Draft, region: Region | None, person: Person | None, phone_owners: dict[str, str],
               assignments: dict[int, list[Assignment]]) -> None:
        line, errors = draft.line, draft.errors
        if draft.nik:
            if draft.nik in self._nik_line:
                errors.append(RowError(line, f"NIK sama dengan baris {self._nik_line[draft.nik]}"))
            self._nik_line.setdefault(draft.nik, line)
        if draft.phone:
            if draft.phone in self._phone_line:
                errors.append(RowError(line, f"nomor HP sama dengan baris {self._phone_line[draft.phone]}"))
            self._phone_line.setdefault(draft.phone, line)
        code = draft.region_code
        if not code:
            errors.append(RowError(line, "kode wilayah kosong"))
        elif region is None:
            errors.append(RowError(line, f"kode wilayah '{_shown(code)}' tidak dikenal"))
        elif draft.role is not None and region.level is not ROLE_LEVEL[draft.role]:
            errors.append(
                RowError(line, f"{draft.role.label} harus berada di {LEVEL_LABEL[ROLE_LEVEL[draft.role]]}, "
                               f"bukan {region.kind_label.lower()} ({code})")
            )
        elif not code_covers(self.area, code):
            errors.append(RowError(line, f"wilayah {code} di luar wilayah kerja Anda"))
        if draft.phone and draft.phone in phone_owners and phone_owners[draft.phone] != draft.nik:
            errors.append(RowError(line, "nomor HP sudah dipakai orang lain"))
        # Never say which role or region holds the NIK: the message is read by whoever typed it.
        if person and (person.is_admin or any(
            not code_covers(self.area, a.region_code) for a in assignments.get(person.id, [])
        )):
            errors.append(
                RowError(line, "NIK ini sudah terdaftar di luar wilayah kerja Anda; "
                               "hanya operator wilayah itu yang dapat mengubahnya")
            )

    def finish(self) -> list[OfficerRow]:
        """Return the rows to write, or raise every error of the file in line order."""
        self.errors.extend(self._tps_capacity())
        if self.errors:
            raise OfficerImportError(sorted(self.errors, key=lambda e: e.line))
        return self.rows

    def _tps_capacity(self) -> list[RowError]:
        """Refuse a third Pantarlih on one TPS, counting those already assigned but not in the file."""
        counts: Counter[tuple[str, int]] = Counter()
        desa = sorted({code for _line, code, _tps in self._pantarlih})
        for start in range(0, len(desa), 500):
            existing = db.session.execute(
                select(Assignment.region_code, Assignment.tps, Assignment.person_id).where(
                    Assignment.election_id == self.election.id,
                    Assignment.role == Role.PANTARLIH,
                    Assignment.ended_at.is_(None),
                    Assignment.region_code.in_(desa[start:start + 500]),
                )
            )
            counts.update((code, tps) for code, tps, person_id in existing if person_id not in self._in_file_people)
        errors = []
        for line, code, tps in self._pantarlih:
            counts[(code, tps)] += 1
            if counts[(code, tps)] > MAX_PANTARLIH_PER_TPS:
                errors.append(RowError(line, f"TPS {tps:03d} di {code} sudah punya {MAX_PANTARLIH_PER_TPS} Pantarlih"))
        return errors


def check_officers(data: bytes, election: Election, *, area: str, read_seconds: float | None = None,
                   chunk_rows: int = CHUNK_ROWS, on_chunk: Callable[[], None] | None = None) -> list[OfficerRow]:
    """Read and check a whole officer list, streaming it in chunks; raise every row error at once."""
    check = OfficerCheck(election, area=area)
    chunk: list[tuple[int, dict[str, str]]] = []
    for item in iter_table(data, seconds=read_seconds):
        chunk.append(item)
        if len(chunk) >= chunk_rows:
            check.add(chunk)
            chunk = []
            if on_chunk is not None:
                on_chunk()
    if chunk:
        check.add(chunk)
    return check.finish()


def write_officers(rows: list[OfficerRow], election: Election, *, area: str, after_line: int = 0,
                   on_chunk: Callable[[int, ImportResult], None] | None = None,
                   chunk_rows: int = CHUNK_ROWS) -> ImportResult:
    """Write checked rows in chunks (flushed, not committed), skipping those up to `after_line`.

    `on_chunk(last_line, chunk_result)` runs after each chunk is flushed: a job commits there,
    with the line reached as its checkpoint.
    """
    result = ImportResult()
    pending = [row for row in rows if row.line > after_line]
    usernames = Usernames()
    passwords = PasswordPool(current_app.config["BIMTEK_ONE_TIME_PASSWORD_METHOD"])
    passwords.prepare(len(pending[:chunk_rows]))
    try:
        for start in range(0, len(pending), chunk_rows):
            chunk = pending[start:start + chunk_rows]
            part = _write_chunk(chunk, election, area=area, usernames=usernames, passwords=passwords)
            db.session.flush()
            result.add(part)
            # The next chunk's passwords are hashed while this one is committed.
            passwords.prepare(len(pending[start + chunk_rows:start + 2 * chunk_rows]))
            if on_chunk is not None:
                on_chunk(chunk[-1].line, part)
    finally:
        passwords.close()
    return result


def record_import(result: ImportResult, election: Election, *, area: str, actor_id: int | None) -> None:
    """Record an officer import in the audit trail."""
    record(
        "officers.import", actor_id=actor_id, election_id=election.id, region_code=area or None,
        created=result.created, updated=result.updated, unchanged=result.unchanged,
    )


def import_officers(data: bytes, election: Election, *, area: str, actor_id: int | None,
                    read_seconds: float | None = None) -> ImportResult:
    """Import an officer list into an election, all-or-nothing, within the actor's area."""
    rows = check_officers(data, election, area=area, read_seconds=read_seconds)
    result = write_officers(rows, election, area=area)
    record_import(result, election, area=area, actor_id=actor_id)
    return result


def _regions(codes: set[str]) -> dict[str, Region]:
    found: dict[str, Region] = {}
    code_list = sorted(c for c in codes if c)
    for start in range(0, len(code_list), 500):
        chunk = code_list[start:start + 500]
        found.update({r.code: r for r in db.session.scalars(select(Region).where(Region.code.in_(chunk)))})
    return found


def _phone_owners(phones: set[str]) -> dict[str, str]:
    owners: dict[str, str] = {}
    phone_list = sorted(phones)
    for start in range(0, len(phone_list), 500):
        chunk = phone_list[start:start + 500]
        owners.update(db.session.execute(select(Person.phone, Person.nik).where(Person.phone.in_(chunk))).all())
    return owners


def _people_by_nik(niks: set[str]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    nik_list = sorted(niks)
    for start in range(0, len(nik_list), 500):
        chunk = nik_list[start : start + 500]
        people.update({p.nik: p for p in db.session.scalars(select(Person).where(Person.nik.in_(chunk)))})
    return people


def _assignments_of(election: Election, person_ids: list[int]) -> dict[int, list[Assignment]]:
    result: dict[int, list[Assignment]] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        query = select(Assignment).where(Assignment.election_id == election.id, Assignment.person_id.in_(chunk))
        for assignment in db.session.scalars(query):
            result.setdefault(assignment.person_id, []).append(assignment)
    return result


def _latest_regions(person_ids: list[int]) -> dict[int, str]:
    """Return the region of each person's latest assignment in any election."""
    latest: dict[int, str] = {}
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        query = (
            select(Assignment.person_id, Assignment.region_code)
            .where(Assignment.person_id.in_(chunk))
            .order_by(Assignment.person_id, Assignment.created_at, Assignment.id)
        )
        latest.update({person_id: code for person_id, code in db.session.execute(query)})
    return latest


def _write_chunk(rows: list[OfficerRow], election: Election, *, area: str, usernames: Usernames,
                 passwords: PasswordPool) -> ImportResult:
    people = _people_by_nik({row.nik for row in rows})
    ids = [p.id for p in people.values()]
    assignments = _assignments_of(election, ids)
    locked = {person_id for person_id, code in _latest_regions(ids).items() if not code_covers(area, code)}
    regions = _regions({row.region_code for row in rows})
    result = ImportResult()
    created = _create_people([row for row in rows if row.nik not in people], election, regions, result, usernames,
                             passwords)
    for row in rows:
        person = people.get(row.nik)
        if person is None or row.nik in created:
            continue
        if person.id in locked:
            # Their latest assignment is in another operator's area: only that operator corrects them.
            person_changed = False
            if person.full_name != row.name or (row.phone and person.phone != row.phone):
                result.warnings.append(
                    f"baris {row.line}: nama dan nomor HP tidak diubah karena petugas ini terakhir terdaftar "
                    "di luar wilayah kerja Anda"
                )
        else:
            person_changed = _update_person(person, row)
        assignment_changed = _upsert_assignment(person, row, election, assignments.get(person.id, []), result)
        if person_changed or assignment_changed:
            result.updated += 1
        else:
            result.unchanged += 1
    return result


def _update_person(person: Person, row: OfficerRow) -> bool:
    changed = False
    if person.full_name != row.name:
        person.full_name, changed = row.name, True
    if row.phone and person.phone != row.phone:
        person.phone, changed = row.phone, True
    return changed


def _upsert_assignment(
    person: Person, row: OfficerRow, election: Election, held: list[Assignment], result: ImportResult
) -> bool:
    """Create or update the person's assignment for the row's role; say whether anything changed."""
    current = next((a for a in held if a.role is row.role), None)
    if current is None:
        db.session.add(
            Assignment(person=person, election_id=election.id, role=row.role, position=row.position,
                       region_code=row.region_code, tps=row.tps)
        )
        if held:
            result.warnings.append(
                f"baris {row.line}: {row.name} juga menjabat {', '.join(a.role.label for a in held)} "
                "di pemilihan ini (rangkap peran)"
            )
        return True
    wanted = (row.position, row.region_code, row.tps, None)
    if (current.position, current.region_code, current.tps, current.ended_at) == wanted:
        return False
    current.position, current.region_code, current.tps, current.ended_at = wanted
    return True


def _title(row: OfficerRow) -> str:
    """Return how the row's assignment is written on paperwork (as `Assignment.title`)."""
    return assignment_title(row.role, row.position, row.tps)


# Hashing one-time passwords is most of a large import's work, and hashlib releases the GIL
# while it hashes: passwords are made on this many threads.
PASSWORD_THREADS = 2


class PasswordPool:
    """One-time passwords with their hashes, made ahead on threads while the chunk before is written.

    Hashing a chunk's passwords takes as long as writing the chunk; made ahead, the two overlap.
    Each chunk takes what it needs and asks for the next chunk's worth; a re-import whose rows
    are mostly known leaves some unused, kept for the chunks after it.
    """

    def __init__(self, method: str):
        self.method = method
        self.ready: list[tuple[str, str]] = []
        self.coming = []
        self.executor = ThreadPoolExecutor(max_workers=PASSWORD_THREADS, thread_name_prefix="passwords")

    def prepare(self, count: int) -> None:
        """Start making passwords so that `count` are ready (or coming) for the next chunk."""
        missing = count - len(self.ready) - sum(size for size, _future in self.coming)
        if missing <= 0:
            return
        size = -(-missing // PASSWORD_THREADS)
        for start in range(0, missing, size):
            part = min(size, missing - start)
            self.coming.append((part, self.executor.submit(one_time_passwords, part, self.method)))

    def take(self, count: int) -> list[tuple[str, str]]:
        """Return `count` passwords with their hashes, waiting for those being made."""
        self.prepare(count)
        while len(self.ready) < count:
            _size, future = self.coming.pop(0)
            self.ready.extend(future.result())
        taken, self.ready = self.ready[:count], self.ready[count:]
        return taken

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


_NEW_PERSON_COLUMNS = ("full_name", "nik", "phone", "username", "password_hash", "must_change_password",
                       "session_version")


def _create_people(rows: list[OfficerRow], election: Election, regions: dict[str, Region],
                   result: ImportResult, usernames: Usernames, passwords: PasswordPool) -> set[str]:
    """Create the people of a chunk not yet known, with their assignment and one-time password; return their NIKs.

    People and assignments go in as two bulk INSERTs: a unit-of-work flush of a thousand
    objects costs more than hashing their passwords. Whatever follows assignments (the
    dashboards' summary) is told through `signals.assignments_written`.
    """
    if not rows:
        return set()
    usernames.prepare([row.name for row in rows])
    titles: dict[tuple, str] = {}
    people = []
    for row in rows:
        # Plain values, not a Person: give_one_time_password and password_entry only read and set attributes.
        people.append(SimpleNamespace(id=None, full_name=row.name, nik=row.nik, phone=row.phone,
                                      username=usernames.new(row.name), session_version=0))
    made = passwords.take(len(people))
    for row, person, (password, password_hash) in zip(rows, people, made, strict=True):
        give_one_time_password(person, password_hash)
        key = (row.role, row.position, row.tps)
        title = titles.get(key) or titles.setdefault(key, _title(row))
        # Through password_entry, so the sheet gets whatever a reset's sheet gets.
        result.passwords.append(password_entry(person, title, regions[row.region_code], password))
    # A plain executemany, then the ids by NIK (unique): cheaper than rendering INSERT .. RETURNING per row.
    db.session.execute(insert(Person), [{column: getattr(person, column) for column in _NEW_PERSON_COLUMNS}
                                        for person in people])
    id_of = dict(db.session.execute(select(Person.nik, Person.id).where(Person.nik.in_([p.nik for p in people]))).all())
    ids = [id_of[person.nik] for person in people]
    for person, person_id in zip(people, ids):
        person.id = person_id
    db.session.execute(insert(Assignment), [
        {"person_id": person_id, "election_id": election.id, "role": row.role, "position": row.position,
         "region_code": row.region_code, "tps": row.tps}
        for person_id, row in zip(ids, rows)
    ])
    signals.assignments_written.send(person_ids=ids)
    result.created += len(rows)
    return {row.nik for row in rows}


class Usernames:
    """Hand out unique usernames made from names ('Siti Aminah' -> 'siti.aminah', 'siti.aminah2', ...).

    Usernames we make are lower case, so the taken ones are looked up by exact candidates on the
    unique index (base, base2, base3, ...), a window per base, in one query per few hundred
    candidates: a 50,000-row import must not scan the person table per name.
    """

    SPARE = 3

    def __init__(self, names: list[str] = ()) -> None:
        self._taken: dict[str, set[str]] = {}
        self._loaded: dict[str, int] = {}
        self.prepare(names)

    def prepare(self, names: list[str]) -> None:
        """Look up, in a few queries, the taken usernames of the names about to be given one."""
        wanted = Counter(self.base(name) for name in names)
        windows = {}
        for base, count in wanted.items():
            if base not in self._taken:
                windows[base] = (1, count + self.SPARE)
            elif (needed := len(self._taken[base]) + count + self.SPARE) > self._loaded[base]:
                windows[base] = (self._loaded[base] + 1, needed - self._loaded[base])
        self._load(windows)

    @staticmethod
    def base(full_name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
        return ".".join(re.findall(r"[a-z0-9]+", ascii_name)[:3])[:50] or "petugas"

    @staticmethod
    def _candidate(base: str, number: int) -> str:
        return base if number == 1 else f"{base}{number}"

    def _load(self, windows: dict[str, tuple[int, int]]) -> None:
        """Note which usernames are taken among numbers [first, first + width) of each base."""
        owners: dict[str, list[str]] = {}
        for base, (first, width) in windows.items():
            self._taken.setdefault(base, set())
            self._loaded[base] = first + width - 1
            for number in range(first, first + width):
                owners.setdefault(self._candidate(base, number), []).append(base)
        candidates = sorted(owners)
        with db.session.no_autoflush:
            for start in range(0, len(candidates), 500):
                chunk = candidates[start:start + 500]
                for username in db.session.scalars(select(Person.username).where(Person.username.in_(chunk))):
                    for base in owners.get(username, ()):
                        self._taken[base].add(username)

    def new(self, full_name: str) -> str:
        base = self.base(full_name)
        if base not in self._taken:
            self._load({base: (1, self.SPARE)})
        taken = self._taken[base]
        number = 1
        while True:
            if number > self._loaded[base]:
                # A common name: look further ahead each time, so its numbers cost few queries.
                self._load({base: (number, max(self.SPARE, number))})
            candidate = self._candidate(base, number)
            if candidate not in taken:
                break
            number += 1
        taken.add(candidate)
        return candidate


# A job's result lists this many row errors or warnings, then says how many more there are.
SHOWN_PROBLEMS = 100


def problem_lines(errors: list[RowError], shown: int = SHOWN_PROBLEMS) -> list[str]:
    """Return the first row errors as lines for a person to read, and a last line counting the rest."""
    lines = [f"Baris {e.line}: {e.message}" for e in errors[:shown]]
    if len(errors) > shown:
        lines.append(f"… dan {len(errors) - shown} masalah lain.")
    return lines


def rejected_summary(errors: list[RowError]) -> str:
    """Say that nothing was imported, with how many rows and problems (one row may have several)."""
    rows = len({e.line for e in errors})
    return (f"Tidak ada yang diimpor: {rows} baris bermasalah. Ada {len(errors)} masalah; "
            "perbaiki berkas lalu unggah lagi.")


IMPORT_TASK = "officers.import"


@jobs.task(IMPORT_TASK, label=_l("Impor petugas"))
def run_import(run: jobs.Run) -> None:
    """Import a long officer list as a job: check every row, then write in chunks, each committed with its checkpoint.

    All-or-nothing as within a request: a file with any row error imports nothing and the job's
    result lists the errors. Once checked, each chunk is committed together with the line it
    reached (`run.advance`), so a worker killed mid-way resumes after that line and never
    writes a row twice (the file is checked again first: rows already written now count as
    people of the operator's own area, so the check comes out the same). Each chunk's
    one-time passwords are kept in a password sheet committed with the chunk; at the end they
    are joined into one sheet for the operator who uploaded, linked from the import page.
    """
    payload = run.payload
    election = db.session.get(Election, payload["election_id"])
    area, actor_id = payload["area"], payload["actor_id"]
    state = {"row": 0, "created": 0, "updated": 0, "unchanged": 0, "sheets": [], "warnings": [], "warning_count": 0}
    state.update(run.checkpoint)
    if "sheet" not in state:
        try:
            rows = check_officers(run.input_bytes(), election, area=area, on_chunk=lambda: run.heartbeat())
        except OfficerImportError as error:
            run.finish(summary=rejected_summary(error.errors), details=problem_lines(error.errors))
            return
        run.set_total(len(rows))

        def commit_chunk(last_line: int, part: ImportResult) -> None:
            if part.passwords:
                state["sheets"] = [*state["sheets"], create_password_sheet(part.passwords, created_by_id=actor_id).id]
            for key in ("created", "updated", "unchanged"):
                state[key] += getattr(part, key)
            state["warnings"] = (state["warnings"] + part.warnings)[:SHOWN_PROBLEMS]
            state["warning_count"] += len(part.warnings)
            state["row"] = last_line
            run.advance(part.created + part.updated + part.unchanged, checkpoint=dict(state))

        write_officers(rows, election, area=area, after_line=state["row"], on_chunk=commit_chunk,
                       chunk_rows=CHUNK_ROWS)
        total = ImportResult(created=state["created"], updated=state["updated"], unchanged=state["unchanged"])
        record_import(total, election, area=area, actor_id=actor_id)
        # The joined sheet, the audit entry and "all written" are committed together.
        state["sheet"] = join_password_sheets(state["sheets"], created_by_id=actor_id)
        run.advance(0, checkpoint=dict(state))
    total = ImportResult(created=state["created"], updated=state["updated"], unchanged=state["unchanged"])
    run.finish(summary=import_summary(total), details=_job_details(state))


def submit_import(data: bytes, filename: str | None, election: Election, *, area: str, owner_id: int,
                  rows: int) -> jobs.Job:
    """Hand a long officer list to a job (run once the request commits)."""
    name = (filename or "petugas").rsplit("/", 1)[-1][:100]
    label = f"Impor petugas: {name}"
    if data[:4] != b"PK\x03\x04":  # an XLSX was counted only as far as needed to know it is long
        label += f" ({rows:,} baris)".replace(",", ".")
    return jobs.submit(IMPORT_TASK, owner_id=owner_id, label=label, election_id=election.id,
                       payload={"election_id": election.id, "area": area, "actor_id": owner_id},
                       input_bytes=data, input_name=name)


@dataclass(frozen=True)
class RecentImport:
    job: jobs.Job
    sheet_token: str | None  # the one-time-password sheet, while it can still be opened


def recent_imports(owner_id: int, limit: int = 5) -> list[RecentImport]:
    """Return the person's latest import jobs, with the password sheet each made if it is still open."""
    recent = jobs.jobs_of(owner_id, limit, kind=IMPORT_TASK)
    tokens = {token for job in recent if (token := (job.checkpoint or {}).get("sheet"))}
    open_sheets = {
        sheet.token for sheet in db.session.scalars(select(PasswordSheet).where(PasswordSheet.token.in_(tokens)))
        if sheet.created_by_id == owner_id and visible_sheet(sheet)
    } if tokens else set()
    return [RecentImport(job, token if (token := (job.checkpoint or {}).get("sheet")) in open_sheets else None)
            for job in recent]


def import_summary(result: ImportResult) -> str:
    """Say what an import did."""
    return f"Impor selesai: {result.created} baru, {result.updated} diubah, {result.unchanged} tetap."


def join_password_sheets(sheet_ids: list[int], *, created_by_id: int) -> str | None:
    """Join a job's per-chunk password sheets into one (in row order); return its token, None if no passwords."""
    if not sheet_ids:
        return None
    sheets = {s.id: s for s in db.session.scalars(select(PasswordSheet).where(PasswordSheet.id.in_(sheet_ids)))}
    entries = [entry for sheet_id in sheet_ids for entry in sheets[sheet_id].entries]
    for sheet in sheets.values():
        db.session.delete(sheet)
    return create_password_sheet(entries, created_by_id=created_by_id).token


def _job_details(state: dict) -> list[str]:
    details = []
    if state.get("sheet"):
        details.append("Kata sandi sekali pakai akun baru ada di lembar kata sandi: buka halaman Impor petugas "
                       "(berlaku 24 jam).")
    details += [f"Peringatan {warning}" for warning in state["warnings"]]
    if state["warning_count"] > len(state["warnings"]):
        details.append(f"… dan {state['warning_count'] - len(state['warnings'])} peringatan lain.")
    return details


# What each column of the template takes, shown on the import page and in the XLSX's second sheet.
COLUMN_NOTES = [
    ("nama", "wajib", "Nama lengkap sesuai KTP.", "Siti Aminah"),
    ("nik", "wajib", "NIK 16 angka. Di Excel simpan kolom ini sebagai teks agar angkanya tidak berubah.",
     "1703064101900001"),
    ("peran", "wajib", f"Salah satu: {IMPORTABLE_ROLES}.", "pps"),
    ("jabatan", "wajib kecuali Pantarlih", f"Salah satu: {POSITIONS}. Kosong untuk Pantarlih berarti anggota.",
     "ketua"),
    ("kode_wilayah", "wajib", "Kode wilayah Kemendagri: kabupaten/kota untuk operator_kpu, kecamatan untuk ppk, "
     "desa/kelurahan untuk pps, sekretariat_pps dan pantarlih. Cari kodenya di halaman Cari kode wilayah.",
     "17.03.06.2001"),
    ("tps", "hanya Pantarlih", f"Nomor TPS 1-{MAX_TPS}; paling banyak {MAX_PANTARLIH_PER_TPS} Pantarlih per TPS.", "3"),
    ("telepon", "boleh kosong", "Nomor HP untuk mengirim kata sandi lewat WhatsApp.", "081234567890"),
]


def template_rows(area: str) -> list[list[str]]:
    """Return one example row per role, with real region codes of the area, ready to import as they are."""
    kabupaten, kecamatan, desa = _example_regions(area)
    digits = (kecamatan or "00.00.00").replace(".", "")[:6].ljust(6, "0")
    examples = [
        ("Contoh Operator KPU", Role.OPERATOR_KPU, Position.STAF, kabupaten, ""),
        ("Contoh Ketua PPK", Role.PPK, Position.KETUA, kecamatan, ""),
        ("Contoh Ketua PPS", Role.PPS, Position.KETUA, desa, ""),
        ("Contoh Sekretaris PPS", Role.SEKRETARIAT_PPS, Position.SEKRETARIS, desa, ""),
        ("Contoh Pantarlih", Role.PANTARLIH, Position.ANGGOTA, desa, "1"),
    ]
    return [
        [name, f"{digits}0101900{number:03d}", role.value, position.value, code or "", tps, f"0812000000{number:02d}"]
        for number, (name, role, position, code, tps) in enumerate(examples, start=1)
    ]


def _example_regions(area: str) -> tuple[str | None, str | None, str | None]:
    """Return the first kabupaten, kecamatan and desa codes within the area (the area itself when it is one)."""
    found = []
    for level in (RegionLevel.KABUPATEN, RegionLevel.KECAMATAN, RegionLevel.DESA):
        found.append(db.session.scalar(
            select(Region.code).where(region_clause(Region.code, area), Region.level == level)
            .order_by(Region.code).limit(1)
        ))
    return found[0], found[1], found[2]


def template_csv(area: str) -> str:
    """Return the import template as CSV: the header the importer expects and one example row per role."""
    return csv_text(IMPORT_COLUMNS, template_rows(area))


def template_xlsx(area: str) -> bytes:
    """Return the import template as XLSX: the rows on the first sheet, what each column takes on the second."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    rows = workbook.create_sheet(title="Petugas")
    rows.append(neutralised_row(IMPORT_COLUMNS))
    for row in template_rows(area):
        rows.append(neutralised_row(row))
    notes = workbook.create_sheet(title="Petunjuk")
    notes.append(neutralised_row(["kolom", "isian", "keterangan", "contoh"]))
    for note in COLUMN_NOTES:
        notes.append(neutralised_row(note))
    notes.append(neutralised_row(["", "", "Hanya lembar pertama (Petugas) yang dibaca. Hapus baris contoh "
                                  "sebelum mengisi data sebenarnya.", ""]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


LOOKUP_PAGE_SIZE = 25
_CODE_TEXT = re.compile(r"[0-9.]+")


@dataclass(frozen=True)
class RegionMatches:
    rows: list[tuple[Region, str | None]]  # region and its parent's display name
    total: int
    page: int
    pages: int


def find_regions(area: str, text: str, *, page: int = 1) -> RegionMatches:
    """Find regions within the area by code prefix or by a part of the name (any case), a page at a time.

    The area's range of codes comes first (the primary key's index), so an operator's search
    reads only their kabupaten's few hundred regions whatever the name filter.
    """
    text = normalise_name(text)[:100]
    clauses = [region_clause(Region.code, area), Region.level != RegionLevel.PROVINSI]
    if _CODE_TEXT.fullmatch(text):
        clauses += [Region.code >= text, Region.code < text + "~"]
    elif text:
        escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(func.lower(Region.name).like(f"%{escaped}%", escape="\\"))
    total = db.session.scalar(select(func.count()).select_from(Region).where(*clauses))
    pages = max(1, -(-total // LOOKUP_PAGE_SIZE))
    page = min(max(page, 1), pages)
    parent = aliased(Region)
    query = (
        select(Region, parent).outerjoin(parent, parent.code == Region.parent_code).where(*clauses)
        .order_by(Region.code).offset((page - 1) * LOOKUP_PAGE_SIZE).limit(LOOKUP_PAGE_SIZE)
    )
    rows = [(region, up.display_name if up else None) for region, up in db.session.execute(query)]
    return RegionMatches(rows, total, page, pages)
