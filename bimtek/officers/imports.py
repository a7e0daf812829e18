"""Importing officer lists (CSV/XLSX): read, check every row, then write all rows or none."""

from __future__ import annotations

import csv
import io
import re
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from bimtek.audit.operations import record
from bimtek.auth.operations import issue_one_time_password
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
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.regions.models import Region, RegionLevel
from bimtek.rows import RowError, RowsRejected
from bimtek.scope import code_covers
from bimtek.officers.operations import password_entry
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


@dataclass(frozen=True)
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


# A kabupaten's whole roster (a few tens of thousands of officers) fits; anything longer is refused
# rather than read. Blank lines are skipped without being kept (a sheet can claim a million).
MAX_IMPORT_LINES = 60_000
MAX_HEADER_COLUMNS = 32
# What the XLSX's zip may unpack to in all, and how much one member may grow: checked on the
# sizes the zip declares before anything is decompressed (zipfile never reads past them).
MAX_XLSX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_XLSX_RATIO = 200


def read_table(data: bytes, *, seconds: float | None = None, columns: list[str] = IMPORT_COLUMNS,
               rows_of: str = "petugas") -> list[tuple[int, dict[str, str]]]:
    """Read a CSV or XLSX upload (told apart by content) into (line, row) pairs of the named columns.

    With `seconds`, a sheet that takes longer to read is refused: a web request must answer a
    hostile file quickly, while the command line may take its time over a whole kabupaten. Every
    list people upload (officers, TPS) is read here, with the same limits on hostile files.
    """
    if data[:4] == b"PK\x03\x04":
        return _with_header(_read_xlsx(data, None if seconds is None else time.monotonic() + seconds), columns, rows_of)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise OfficerImportError([RowError(1, "berkas bukan CSV UTF-8 atau XLSX")]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows: list[list[str]] = []
    filled = 0
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                rows.append(row)
                filled += 1
                if filled > MAX_IMPORT_LINES + 1:  # the header is a filled line too
                    raise _too_long()
            else:
                rows.append(_BLANK)
    except csv.Error as error:
        # A field over the csv module's limit, a NUL byte, a broken quote: say where, keep nothing.
        raise OfficerImportError(
            [RowError(reader.line_num or 1, f"baris CSV tidak dapat dibaca ({_csv_problem(error)})")]
        ) from None
    return _with_header(rows, columns, rows_of)


_BLANK: list[str] = []


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


def _read_xlsx(data: bytes, deadline: float | None) -> list[list[str]]:
    """Read the first sheet's cells straight from its XML, streaming.

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
                rows = _sheet_rows(sheet, shared, deadline)
    except OfficerImportError:
        raise
    except (_Damaged, zipfile.BadZipFile, KeyError, ParseError, ValueError, IndexError, EOFError, OSError):
        raise OfficerImportError([RowError(1, "berkas XLSX rusak atau tidak dapat dibaca")]) from None
    return rows


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


def _sheet_rows(sheet, shared: list[str], deadline: float | None = None) -> list[list[str]]:
    """Return the sheet's rows by position (blank rows as the shared empty list), header columns only."""
    from xml.etree import ElementTree

    rows: list[list[str]] = []
    width = MAX_HEADER_COLUMNS
    cells: dict[int, str] = {}
    next_column = 1
    filled = 0
    for seen, (_event, element) in enumerate(ElementTree.iterparse(sheet)):
        if deadline is not None and seen % 4096 == 0 and time.monotonic() > deadline:
            raise OfficerImportError([RowError(
                len(rows) + 1, "berkas XLSX terlalu besar atau rumit untuk dibaca di sini; simpan ulang hanya "
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
            number = int(element.get("r") or len(rows) + 1)
            if number <= len(rows) or number > _EXCEL_MAX_ROW:
                raise _Damaged
            rows.extend([_BLANK] * (number - 1 - len(rows)))
            if not rows:
                # The header decides which columns are read at all.
                header = [cells.get(i, "") for i in range(1, width + 1)]
                while header and not header[-1].strip():
                    header.pop()
                width = len(header)
                rows.append(header)
            elif any(value.strip() for value in cells.values()):
                rows.append([cells.get(i, "") for i in range(1, width + 1)])
                filled += 1
                if filled > MAX_IMPORT_LINES:
                    raise _too_long()
            else:
                rows.append(_BLANK)
            cells = {}
            next_column = 1
            element.clear()
    if rows and rows[0] == _BLANK:
        return []
    return rows


def _with_header(rows: list[list[str]], columns: list[str], rows_of: str) -> list[tuple[int, dict[str, str]]]:
    if not rows:
        raise OfficerImportError([RowError(1, "berkas kosong")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in columns if c not in header]
    if missing:
        raise OfficerImportError(
            [RowError(1, f"kolom {', '.join(missing)} tidak ada; header harus {','.join(columns)}")]
        )
    result = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        padded = row + [""] * (len(header) - len(row))
        result.append((line, {name: padded[i].strip() for i, name in enumerate(header) if name in columns}))
    if not result:
        raise OfficerImportError([RowError(1, f"berkas tidak berisi satu pun baris {rows_of}")])
    return result


def _parse_row(line: int, raw: dict[str, str]) -> tuple[OfficerRow | None, list[RowError]]:
    errors: list[RowError] = []
    name = normalise_name(raw["nama"])
    if not name:
        errors.append(RowError(line, "nama kosong"))
    elif len(name) > 200:
        errors.append(RowError(line, "nama lebih dari 200 karakter"))
    elif problem := name_problem(name):
        errors.append(RowError(line, problem))
    nik = normalise_nik(raw["nik"])
    if not is_valid_nik(nik):
        errors.append(RowError(line, f"NIK '{_shown(raw['nik'])}' tidak valid (harus 16 angka 0-9)"))
    try:
        role = Role(raw["peran"].lower())
        if role not in ROLE_LEVEL:
            raise ValueError
    except ValueError:
        role = None
        errors.append(RowError(line, f"peran '{_shown(raw['peran'])}' tidak dikenal (pilihan: {IMPORTABLE_ROLES})"))
    position_text = raw["jabatan"].lower() or ("anggota" if role is Role.PANTARLIH else "")
    try:
        position = Position(position_text)
    except ValueError:
        position = None
        errors.append(RowError(line, f"jabatan '{_shown(raw['jabatan'])}' tidak dikenal (pilihan: {POSITIONS})"))
    tps = None
    if raw["tps"]:
        if (number := parse_tps(raw["tps"])) is None:
            errors.append(RowError(line, f"nomor TPS '{_shown(raw['tps'])}' tidak valid (harus angka 1-{MAX_TPS})"))
        elif role is not Role.PANTARLIH:
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
    if errors:
        return None, errors
    return OfficerRow(line, name, nik, role, position, raw["kode_wilayah"], tps, phone), []


def _shown(value: str) -> str:
    """Return a bad cell shortened and with invisible characters written as escapes, for an error line."""
    text = "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in value)
    return text if len(text) <= 40 else text[:40] + "…"


def import_officers(data: bytes, election: Election, *, area: str, actor_id: int | None,
                    read_seconds: float | None = None) -> ImportResult:
    """Import an officer list into an election, all-or-nothing, within the actor's area."""
    parsed: list[OfficerRow] = []
    errors: list[RowError] = []
    for line, raw in read_table(data, seconds=read_seconds):
        row, row_errors = _parse_row(line, raw)
        errors.extend(row_errors)
        if row:
            parsed.append(row)

    first_line: dict[str, int] = {}
    for row in parsed:
        if row.nik in first_line:
            errors.append(RowError(row.line, f"NIK sama dengan baris {first_line[row.nik]}"))
        first_line.setdefault(row.nik, row.line)
    phone_line: dict[str, int] = {}
    for row in parsed:
        if row.phone and row.phone in phone_line:
            errors.append(RowError(row.line, f"nomor HP sama dengan baris {phone_line[row.phone]}"))
        if row.phone:
            phone_line.setdefault(row.phone, row.line)

    regions = {
        r.code: r
        for r in db.session.scalars(select(Region).where(Region.code.in_({row.region_code for row in parsed})))
    }
    people = _people_by_nik({row.nik for row in parsed})
    phone_owners = dict(
        db.session.execute(
            select(Person.phone, Person.nik).where(Person.phone.in_({r.phone for r in parsed if r.phone}))
        ).all()
    )
    assignments = _assignments_of(election, [p.id for p in people.values()])

    for row in parsed:
        region = regions.get(row.region_code)
        if region is None:
            errors.append(RowError(row.line, f"kode wilayah '{_shown(row.region_code)}' tidak dikenal"))
        elif region.level is not ROLE_LEVEL[row.role]:
            errors.append(
                RowError(row.line, f"{row.role.label} harus berada di {LEVEL_LABEL[ROLE_LEVEL[row.role]]}, "
                                   f"bukan {region.kind_label.lower()} ({row.region_code})")
            )
        elif not code_covers(area, row.region_code):
            errors.append(RowError(row.line, f"wilayah {row.region_code} di luar wilayah kerja Anda"))
        if row.phone and row.phone in phone_owners and phone_owners[row.phone] != row.nik:
            errors.append(RowError(row.line, "nomor HP sudah dipakai orang lain"))
        person = people.get(row.nik)
        # Never say which role or region holds the NIK: the message is read by whoever typed it.
        if person and (person.is_admin or any(
            not code_covers(area, a.region_code) for a in assignments.get(person.id, [])
        )):
            errors.append(
                RowError(row.line, "NIK ini sudah terdaftar di luar wilayah kerja Anda; "
                                   "hanya operator wilayah itu yang dapat mengubahnya")
            )
    errors.extend(_check_tps_capacity(parsed, election, people))
    if errors:
        raise OfficerImportError(sorted(errors, key=lambda e: e.line))
    latest = _latest_regions([p.id for p in people.values()])
    locked = {person_id for person_id, code in latest.items() if not code_covers(area, code)}
    return _apply(parsed, election, people, assignments, regions, area=area, actor_id=actor_id, locked=locked)


def _people_by_nik(niks: set[str]) -> dict[str, Person]:
    people: dict[str, Person] = {}
    nik_list = list(niks)
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


def _check_tps_capacity(rows: list[OfficerRow], election: Election, people: dict[str, Person]) -> list[RowError]:
    """Refuse a third Pantarlih on one TPS, counting those already assigned but not in the file."""
    pantarlih_rows = [r for r in rows if r.role is Role.PANTARLIH]
    if not pantarlih_rows:
        return []
    desa = {r.region_code for r in pantarlih_rows}
    in_file_people = {people[r.nik].id for r in rows if r.nik in people}
    existing = db.session.execute(
        select(Assignment.region_code, Assignment.tps, Assignment.person_id).where(
            Assignment.election_id == election.id,
            Assignment.role == Role.PANTARLIH,
            Assignment.ended_at.is_(None),
            Assignment.region_code.in_(desa),
        )
    ).all()
    counts = Counter((code, tps) for code, tps, person_id in existing if person_id not in in_file_people)
    errors = []
    for row in pantarlih_rows:
        key = (row.region_code, row.tps)
        counts[key] += 1
        if counts[key] > MAX_PANTARLIH_PER_TPS:
            errors.append(
                RowError(row.line, f"TPS {row.tps:03d} di {row.region_code} sudah punya {MAX_PANTARLIH_PER_TPS} Pantarlih")
            )
    return errors


def _apply(rows, election, people, assignments, regions, *, area: str, actor_id: int | None,
           locked: set[int] = frozenset()) -> ImportResult:
    result = ImportResult()
    usernames = Usernames([row.name for row in rows if row.nik not in people])
    for row in rows:
        person = people.get(row.nik)
        if person is None:
            person = Person(full_name=row.name, nik=row.nik, phone=row.phone, username=usernames.new(row.name))
            password = issue_one_time_password(person)
            db.session.add(person)
            result.passwords.append(password_entry(person, _title(row), regions[row.region_code], password))
            _upsert_assignment(person, row, election, [], result)
            result.created += 1
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
    db.session.flush()
    record(
        "officers.import", actor_id=actor_id, election_id=election.id, region_code=area or None,
        created=result.created, updated=result.updated, unchanged=result.unchanged,
    )
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
    return Assignment(role=row.role, position=row.position, tps=row.tps).title


class Usernames:
    """Hand out unique usernames made from names ('Siti Aminah' -> 'siti.aminah', 'siti.aminah2', ...)."""

    def __init__(self, names: list[str] = ()) -> None:
        self._taken: dict[str, set[str]] = {}
        bases = sorted({self.base(name) for name in names})
        # One query per chunk of names rather than one per person: imports run to thousands of rows.
        for start in range(0, len(bases), 200):
            chunk = bases[start : start + 200]
            for base in chunk:
                self._taken[base] = set()
            clause = or_(*(func.lower(Person.username).like(base + "%") for base in chunk))
            with db.session.no_autoflush:
                for username in db.session.scalars(select(Person.username).where(clause)):
                    for base in chunk:
                        if username.lower().startswith(base):
                            self._taken[base].add(username.lower())

    @staticmethod
    def base(full_name: str) -> str:
        ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
        return ".".join(re.findall(r"[a-z0-9]+", ascii_name)[:3])[:50] or "petugas"

    def new(self, full_name: str) -> str:
        base = self.base(full_name)
        if base not in self._taken:
            with db.session.no_autoflush:
                self._taken[base] = {
                    u.lower() for u in db.session.scalars(
                        select(Person.username).where(func.lower(Person.username).like(base + "%"))
                    )
                }
        taken = self._taken[base]
        candidate, number = base, 1
        while candidate in taken:
            number += 1
            candidate = f"{base}{number}"
        taken.add(candidate)
        return candidate
