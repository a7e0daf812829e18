"""The paperwork of a session (undangan, daftar hadir, laporan kegiatan, berita acara): the kop surat and print contexts."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import select

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.regions.models import Region, RegionLevel, ancestor_at
from bimtek.training.models import AttendanceStatus, FileKind, Letterhead, TrainingSession
from bimtek.training.checkin import check_in_lifetime
from bimtek.training.files import file_path, image_fits, print_path
from bimtek.training.queries import roster, status_counts

BODY = {
    RegionLevel.KABUPATEN: ("KPU", "Komisi Pemilihan Umum"),
    RegionLevel.KECAMATAN: ("PPK", "Panitia Pemilihan Kecamatan"),
    RegionLevel.DESA: ("PPS", "Panitia Pemungutan Suara"),
}


@dataclass(frozen=True)
class Kop:
    """The letterhead lines and the signatory of a session's paperwork."""

    office_name: str
    body_line: str  # e.g. "PANITIA PEMUNGUTAN SUARA (PPS) DESA TALANG JAMBU", empty for KPU
    area_line: str
    address: str
    phone: str
    body_short: str  # KPU, PPK, PPS
    signatory_title: str  # e.g. "Ketua PPS Talang Jambu"
    signatory_name: str | None
    place_name: str  # where letters are signed: the desa/kecamatan/kabupaten name


def default_office_name(kabupaten: Region) -> str:
    return f"KOMISI PEMILIHAN UMUM {kabupaten.name.upper()}"


def letterhead_for(kabupaten_code: str) -> Letterhead:
    """Return the kabupaten's kop settings, or an unsaved default derived from its name."""
    letterhead = db.session.get(Letterhead, kabupaten_code)
    if letterhead is None:
        region = db.session.get(Region, kabupaten_code)
        letterhead = Letterhead(region_code=kabupaten_code, office_name=default_office_name(region), address="", phone="")
    return letterhead


def kop_for(session: TrainingSession) -> Kop:
    region = session.region
    letterhead = letterhead_for(ancestor_at(region.code, RegionLevel.KABUPATEN))
    short, long = BODY[region.level]
    if region.level is RegionLevel.KABUPATEN:
        body_line, area_line = "", ""
        signatory_title, signatory_name = f"Ketua KPU {region.name}", None
    else:
        role = Role.PPS if region.level is RegionLevel.DESA else Role.PPK
        ketua = db.session.scalar(
            select(Person.full_name).join(Assignment, Assignment.person_id == Person.id)
            .where(Assignment.election_id == session.election_id, Assignment.role == role,
                   Assignment.position == Position.KETUA, Assignment.region_code == region.code,
                   Assignment.ended_at.is_(None)).limit(1)
        )
        body_line = f"{long} ({short}) {region.display_name}".upper()
        area_line = ""
        if region.level is RegionLevel.DESA:
            kecamatan = db.session.get(Region, region.parent_code)
            area_line = f"Kecamatan {kecamatan.name}".upper() if kecamatan else ""
        signatory_title, signatory_name = f"Ketua {short} {region.name}", ketua
    return Kop(letterhead.office_name, body_line, area_line, letterhead.address, letterhead.phone, short,
               signatory_title, signatory_name, region.name)


# CSS page sizes: F4 (folio) is what Indonesian offices print on besides A4.
PAPER = {"a4": ("A4", "210mm 297mm"), "f4": ("F4", "215mm 330mm")}
TEMPLATES = {
    "undangan": "undangan.html",
    "daftar-hadir": "daftar_hadir.html",
    "laporan": "laporan.html",
    "berita-acara": "laporan.html",
}
BLANK_ROWS = 5  # room for walk-ins on the printed daftar hadir
MAX_PHOTOS = 6


def check_in_minutes() -> float:
    return check_in_lifetime().total_seconds() / 60


def _photos(session: TrainingSession) -> list[str]:
    # Photos go in as data: URIs; the PDF fetcher serves nothing from the upload folder.
    # The downscaled copy made at upload; a photo kept from before copies were made is used only
    # when its header shows it is small enough to decode.
    photos = []
    for item in session.files:
        if item.kind is FileKind.FOTO and len(photos) < MAX_PHOTOS:
            copy = print_path(item)
            if copy.is_file():
                photos.append(f"data:image/jpeg;base64,{base64.b64encode(copy.read_bytes()).decode()}")
                continue
            path = file_path(item)
            if path.is_file() and image_fits(path):
                photos.append(f"data:{item.mime_type};base64,{base64.b64encode(path.read_bytes()).decode()}")
    return photos


def context(session: TrainingSession, document: str, paper: str) -> dict:
    """Return the plain values a print template needs (never a NIK)."""
    zone = session.zone
    starts = clock.local(session.starts_at, zone)
    ends = clock.local(session.ends_at, zone)
    counts = status_counts(session)
    rows = [
        {"name": a.name, "title": a.title, "desa": a.desa, "status": a.status.label if a.status else "Belum dicatat"}
        for a in roster(session)
    ]
    return {
        "session": session,
        "kop": kop_for(session),
        "paper_name": PAPER[paper][0],
        "paper_size": PAPER[paper][1],
        "berita_acara": document == "berita-acara",
        "day": clock.format_day(starts.date()),
        "weekday": clock.format_day(starts.date()).split(",")[0],
        "time_range": f"{starts:%H.%M} s.d. {ends:%H.%M} {zone}",
        "rows": rows,
        "blank_rows": BLANK_ROWS,
        "trainers": [f"{t.person.full_name}" for t in session.trainers],
        "speakers": [f"{s.name} ({s.institution.label})" for s in session.speakers],
        "counts": [(s.label, counts.get(s, 0)) for s in AttendanceStatus],
        "unmarked": counts.get(None, 0),
        "total": len(session.attendances),
        "topics": [line.strip() for line in session.topics.splitlines() if line.strip()],
        "photos": _photos(session) if document in ("laporan", "berita-acara") else [],
        "photo_names": [f.original_name for f in session.files if f.kind is FileKind.FOTO],
        "printed_on": clock.format_day(clock.today(zone)),
    }
