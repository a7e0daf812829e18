"""Officer lists to download (follow-up, every officer): small ones at once, large ones as a job.

A kecamatan's list comes back in the request; a kabupaten's or provinsi's thousands of rows are
built by a job (`reports.export`) whose page the operator can leave and come back to.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from bimtek import jobs
from bimtek.elections.models import Election
from bimtek.regions.models import Region
from bimtek.reports.queries import (
    OfficerStatus,
    course_needs,
    officer_count,
    officers_chunk,
    statuses_of,
    unfinished_ids,
)
from bimtek.spreadsheet import csv_text, xlsx_bytes

TASK = "reports.export"
# Lists longer than this are built by a job rather than inside the request.
INLINE_ROWS = 1000
CHUNK = 2000
LISTS = {"tindak-lanjut": _l("Daftar tindak lanjut"), "petugas": _l("Daftar petugas")}
MIMETYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PEOPLE_HEADER = ["Nama", "Jabatan", "Desa/Kelurahan", "Kode wilayah", "Materi selesai", "Lulus kuis", "Hadir bimtek",
                 "Bersertifikat", "Selesai", "Yang belum"]


def _yes(flag: bool) -> str:
    return "ya" if flag else "belum"


def people_rows(people: list[OfficerStatus]) -> list[list]:
    """Return the download rows of officers (learners' course columns; '-' where a role takes no course)."""
    rows = []
    for p in people:
        learner = p.is_learner
        rows.append([
            p.name, p.title, p.region_name, p.region_code,
            _yes(p.lessons_ok) if learner else "-", _yes(p.quiz_ok) if learner else "-", _yes(p.trained),
            _yes(p.certified) if learner else "-", _yes(p.finished) if learner else "-",
            "; ".join(p.missing()) if learner else "",
        ])
    return rows


def file_name(list_name: str, code: str) -> str:
    return f"{list_name}-{code.replace('.', '') or 'nasional'}"


def encode(rows: list[list], name: str, fmt: str) -> bytes:
    """Return the table as CSV or XLSX bytes, every cell neutralised."""
    if fmt == "csv":
        return csv_text(PEOPLE_HEADER, rows).encode("utf-8")
    return xlsx_bytes(PEOPLE_HEADER, rows, title=name[:31])


def size(list_name: str, election: Election, code: str) -> int:
    """Return how many rows the list has."""
    needs = course_needs()
    if list_name == "tindak-lanjut":
        return len(unfinished_ids(election, code, needs))
    return officer_count(election, code, needs)


def build(list_name: str, election: Election, code: str, progress=None) -> list[list]:
    """Return every row of the list, reporting each chunk to progress(count)."""
    needs = course_needs()
    rows: list[list] = []
    if list_name == "tindak-lanjut":
        ids = unfinished_ids(election, code, needs)
        chunks = (statuses_of(election, code, needs, ids[start:start + CHUNK]) for start in range(0, len(ids), CHUNK))
    else:
        total = officer_count(election, code, needs)
        chunks = (officers_chunk(election, code, needs, offset=start, limit=CHUNK) for start in range(0, total, CHUNK))
    for chunk in chunks:
        rows.extend(people_rows(chunk))
        if progress is not None:
            progress(len(chunk))
    return rows


def submit(list_name: str, election: Election, region: Region | None, fmt: str, *, owner_id: int) -> jobs.Job:
    """Queue the list's file as a job (the caller checked the region is in the user's area)."""
    place = region.display_name if region else _("seluruh Indonesia")
    return jobs.submit(TASK, owner_id=owner_id, election_id=election.id,
                       label=_("%(list)s %(place)s (%(fmt)s)", list=LISTS[list_name], place=place, fmt=fmt.upper()),
                       payload={"list": list_name, "code": region.code if region else "", "fmt": fmt})


@jobs.task(TASK, label=_l("Unduhan laporan"))
def export_list(run: jobs.Run) -> None:
    """Build the list's file in chunks (it writes nothing, so a retry simply starts again)."""
    from bimtek.extensions import db

    payload = run.payload
    election = db.session.get(Election, run.election_id)
    if election is None:
        raise jobs.JobFailed(_("Pemilihan untuk unduhan ini sudah tidak ada."))
    list_name, code, fmt = payload["list"], payload["code"], payload["fmt"]
    run.set_total(size(list_name, election, code), done=0)
    rows = build(list_name, election, code, progress=lambda count: run.advance(count))
    name = file_name(list_name, code)
    run.save_file(encode(rows, name, fmt), f"{name}.{fmt}", MIMETYPES[fmt])
    run.finish(summary=_("Berkas siap: %(count)d baris.", count=len(rows)))
