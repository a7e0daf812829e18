"""The paperwork of a session (undangan, daftar hadir, laporan kegiatan, berita acara): the kop surat, signatories, print contexts.

Who signs follows the body that holds the session (its region's level): the Ketua KPU (name from the
kabupaten settings) for a kabupaten session, the Ketua PPK or Ketua PPS (from the officer list) below.
The laporan and the berita acara are signed by the one who reports (the first trainer) with
"Mengetahui," for that Ketua; the daftar hadir and the undangan carry the Ketua alone.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from sqlalchemy import select

from bimtek import clock
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.offices.models import Paper
from bimtek.offices.operations import logo_src, office_for
from bimtek.officers.models import Assignment, Person, Position, Role
from bimtek.region_codes import code_covers
from bimtek.regions.models import Region, RegionLevel, ancestor_at
from bimtek.training.checkin import check_in_lifetime
from bimtek.training.files import file_path, image_fits, print_path
from bimtek.training.models import AttendanceStatus, FileKind, TrainingSession
from bimtek.training.queries import roster, status_counts

BODY = {
    RegionLevel.KABUPATEN: ("KPU", "Komisi Pemilihan Umum"),
    RegionLevel.KECAMATAN: ("PPK", "Panitia Pemilihan Kecamatan"),
    RegionLevel.DESA: ("PPS", "Panitia Pemungutan Suara"),
}
# Who may sign a laporan as the one who reports: members of the bodies that train (not operators or staff).
REPORTING_ROLES = (Role.PPK, Role.PPS)
BLANK_NAME = "(..............................................)"


@dataclass(frozen=True)
class Signer:
    """One signature block: the line above (e.g. "Mengetahui,"), the title, the name (None: a dotted line)."""

    label: str
    title: str
    name: str | None


@dataclass(frozen=True)
class Kop:
    """The letterhead lines of a session's paperwork and the Ketua of the body holding it."""

    office_name: str
    body_line: str  # e.g. "PANITIA PEMUNGUTAN SUARA (PPS) DESA TALANG JAMBU", empty for KPU
    area_line: str
    address: str
    phone: str
    email: str
    logo: str  # a data: URI of the uploaded logo, or the static default's relative URL
    body_short: str  # KPU, PPK, PPS
    signatory_title: str  # e.g. "Ketua PPS Talang Jambu"
    signatory_name: str | None
    signatory_id: int | None
    place_name: str  # where letters are signed: the desa/kecamatan/kabupaten name


def _ketua(session: TrainingSession, role: Role) -> Person | None:
    return db.session.scalar(
        select(Person).join(Assignment, Assignment.person_id == Person.id)
        .where(Assignment.election_id == session.election_id, Assignment.role == role,
               Assignment.position == Position.KETUA, Assignment.region_code == session.region_code,
               Assignment.ended_at.is_(None)).order_by(Assignment.id).limit(1)
    )


def kop_for(session: TrainingSession) -> Kop:
    """Return the kop surat and the Ketua who signs for the body holding the session."""
    region = session.region
    office = office_for(ancestor_at(region.code, RegionLevel.KABUPATEN))
    short, long = BODY[region.level]
    body_line, area_line, ketua_id = "", "", None
    if region.level is RegionLevel.KABUPATEN:
        signatory_title, signatory_name = f"Ketua KPU {region.name}", office.ketua_name or None
    else:
        ketua = _ketua(session, Role.PPS if region.level is RegionLevel.DESA else Role.PPK)
        body_line = f"{long} ({short}) {region.display_name}".upper()
        if region.level is RegionLevel.DESA:
            kecamatan = db.session.get(Region, region.parent_code)
            area_line = f"Kecamatan {kecamatan.name}".upper() if kecamatan else ""
        signatory_title = f"Ketua {short} {region.name}"
        signatory_name, ketua_id = (ketua.full_name, ketua.id) if ketua else (None, None)
    return Kop(office.office_name, body_line, area_line, office.address, office.phone, office.email, logo_src(office),
               short, signatory_title, signatory_name, ketua_id, region.name)


def reporter_for(session: TrainingSession) -> Signer:
    """Return who signs the laporan as its author: the first trainer, titled by their post in the session's area."""
    person = session.trainers[0].person if session.trainers else None
    if person is None:
        return Signer("", "Pelatih", None)
    posts = [a for a in person.assignments
             if a.election_id == session.election_id and a.ended_at is None and a.role in REPORTING_ROLES
             and (code_covers(a.region_code, session.region_code) or code_covers(session.region_code, a.region_code))]
    if not posts:
        return Signer("", "Pelatih", person.full_name)
    post = max(posts, key=lambda a: len(a.region_code))
    return Signer("", f"{post.title} {post.region.name}", person.full_name)


def signers_for(session: TrainingSession, kop: Kop, document: str) -> list[Signer]:
    """Return the signature blocks of a document, left to right."""
    ketua_label = {"undangan": "Hormat kami,", "daftar-hadir": "Mengetahui,"}.get(document)
    ketua = Signer(ketua_label or "Mengetahui,", kop.signatory_title, kop.signatory_name)
    if ketua_label:
        return [ketua]
    author = reporter_for(session)
    label = "Yang membuat," if document == "berita-acara" else "Yang melaporkan,"
    if session.trainers and kop.signatory_id is not None and session.trainers[0].person_id == kop.signatory_id:
        return [Signer(label, kop.signatory_title, kop.signatory_name)]  # the Ketua reported: one signature
    return [ketua, Signer(label, author.title, author.name)]


def courses_covered(session: TrainingSession) -> list[dict]:
    """Return the courses the session covered with their modules, by title (a retired course still shows)."""
    if not session.course_slugs:
        return []
    courses = {c.slug: c for c in db.session.scalars(select(Course).where(Course.slug.in_(session.course_slugs)))}
    return [{"title": courses[slug].title, "modules": [l.title for l in courses[slug].lessons if not l.is_retired]}
            for slug in session.course_slugs if slug in courses]


def default_paper(session: TrainingSession) -> Paper:
    """Return the paper size the session's kabupaten prints on by default."""
    return office_for(ancestor_at(session.region_code, RegionLevel.KABUPATEN)).paper


PAPERS = {p.value: p for p in Paper}  # ?kertas=a4 / f4
TEMPLATES = {
    "undangan": "undangan.html",
    "daftar-hadir": "daftar_hadir.html",
    "laporan": "laporan.html",
    "berita-acara": "laporan.html",
}
BLANK_ROWS = 5  # room for walk-ins on the printed daftar hadir
# Rows printed on the signature's page whatever the break: the block never stands alone on a page.
KEEP_ROWS = 2
MAX_PHOTOS = 6


def check_in_minutes() -> float:
    """Return how long a check-in QR code or code stays valid, in minutes."""
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


def context(session: TrainingSession, document: str, paper: Paper | None = None) -> dict:
    """Return the plain values a print template needs (never a NIK); paper None = the kabupaten's default."""
    paper = paper or default_paper(session)
    zone = session.zone
    starts = clock.local(session.starts_at, zone)
    ends = clock.local(session.ends_at, zone)
    counts = status_counts(session)
    rows = [
        {"name": a.name, "title": a.title, "desa": a.desa, "status": a.status.label if a.status else "Belum dicatat"}
        for a in roster(session)
    ]
    kop = kop_for(session)
    return {
        "session": session,
        "kop": kop,
        "signers": signers_for(session, kop, document),
        "blank_name": BLANK_NAME,
        "paper_name": paper.value.upper(),
        "paper_size": paper.css_size,
        "berita_acara": document == "berita-acara",
        "day": clock.format_day(starts.date()),
        "weekday": clock.format_day(starts.date()).split(",")[0],
        "time_range": f"{starts:%H.%M} s.d. {ends:%H.%M} {zone}",
        "rows": rows,
        "keep_rows": KEEP_ROWS,
        "blank_rows": BLANK_ROWS,
        "trainers": [f"{t.person.full_name}" for t in session.trainers],
        "speakers": [f"{s.name} ({s.institution.label})" for s in session.speakers],
        "courses": courses_covered(session),
        "counts": [(s.label, counts.get(s, 0)) for s in AttendanceStatus],
        "unmarked": counts.get(None, 0),
        "total": len(session.attendances),
        "topics": [line.strip() for line in session.topics.splitlines() if line.strip()],
        "photos": _photos(session) if document in ("laporan", "berita-acara") else [],
        "photo_names": [f.original_name for f in session.files if f.kind is FileKind.FOTO],
        "printed_on": clock.format_day(clock.today(zone)),
    }
