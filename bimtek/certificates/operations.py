"""Writes on certificates: record completions, issue (once), number, revoke, reissue, kabupaten settings.

Operations flush, never commit: the view, CLI command or signal sender's request commits once.
Every refusal is a CertificateError whose message says why in Bahasa Indonesia.
"""

from __future__ import annotations

import io
import secrets
import string
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select, text, update

from bimtek import clock
from bimtek.audit.operations import record
from bimtek.transaction import Refusal
from bimtek.certificates import codes
from bimtek.certificates.models import (
    DEFAULT_NUMBER_FORMAT,
    Certificate,
    CertificateCounter,
    CertificateSettings,
    CertificateStatus,
    CourseCompletion,
)
from bimtek.certificates.printing import storage_root
from bimtek.certificates.requirements import has_earned
from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.images import OversizedImage, UnreadableImage, open_checked
from bimtek.officers.models import Assignment, Person, Role
from bimtek.regions.models import RegionLevel, ancestor_at

# Registered with the audit trail by certificates/access.py.
ACTION_LABELS = {
    "certificates.issue": "Terbitkan sertifikat",
    "certificates.revoke": "Cabut sertifikat",
    "certificates.reissue": "Terbitkan ulang sertifikat",
    "certificates.settings": "Ubah pengaturan sertifikat",
}

# The role a certificate names when the learner holds several: the one the course is for, highest first.
ROLE_ORDER = [Role.PANTARLIH, Role.SEKRETARIAT_PPS, Role.PPS, Role.PPK, Role.OPERATOR_KPU]
NUMBER_FIELDS = {"nomor", "kode_wilayah", "tahun", "bulan"}
ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
IMAGE_MAX_BYTES = 2 * 1024 * 1024
IMAGE_MAX_PIXELS = (900, 450)  # enough for print at the size the template shows them
# Judged from the header, before any pixel is decoded.
IMAGE_MAX_DECLARED_PIXELS = 40_000_000
IMAGE_MAX_SIDE = 12_000


class CertificateError(Refusal):
    """A refusal, with the reason in Bahasa Indonesia."""


def _insert(model):
    """Return the dialect's INSERT, which knows ON CONFLICT (SQLite and PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(model)


# --- earning and issuing ---------------------------------------------------------------------


def certificate_assignment(person_id: int, election_id: int, course: Course) -> Assignment | None:
    """Return the assignment the certificate names: an active one the course is meant for, else any active one."""
    active = list(db.session.scalars(
        select(Assignment).where(Assignment.person_id == person_id, Assignment.election_id == election_id,
                                 Assignment.ended_at.is_(None))
    ))
    if not active:
        return None
    audience = set(course.audience or ())
    ranked = sorted(active, key=lambda a: (a.role.value not in audience,
                                           ROLE_ORDER.index(a.role) if a.role in ROLE_ORDER else 99))
    return ranked[0]


def record_completion(person_id: int, election_id: int, course: Course) -> CourseCompletion:
    """Record that the learner completed the course (once; a racing second call gets the first record)."""
    statement = _insert(CourseCompletion).values(
        person_id=person_id, election_id=election_id, course_id=course.id, content_hash=course.content_hash or "",
        completed_at=clock.now(),
    ).on_conflict_do_nothing(index_elements=["person_id", "election_id", "course_id"])
    db.session.execute(statement)
    return db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.person_id == person_id, CourseCompletion.election_id == election_id,
        CourseCompletion.course_id == course.id))


def current_certificate(person_id: int, election_id: int, course_id: int) -> Certificate | None:
    """Return the certificate in force (valid or revoked) for the person, course and election."""
    return db.session.scalar(select(Certificate).where(
        Certificate.person_id == person_id, Certificate.election_id == election_id,
        Certificate.course_id == course_id, Certificate.status != CertificateStatus.REPLACED))


def format_number(pattern: str, *, number: int, kabupaten: str, when) -> str:
    """Write a certificate number in the kabupaten's letter style."""
    return pattern.format_map({
        "nomor": f"{number:04d}", "kode_wilayah": kabupaten.replace(".", ""), "tahun": str(when.year),
        "bulan": ROMAN_MONTHS[when.month - 1],
    })


def check_number_format(pattern: str) -> str:
    """Return the pattern if it is a usable number format, else raise CertificateError."""
    pattern = pattern.strip()
    try:
        fields = [name for _text, name, spec, conversion in string.Formatter().parse(pattern) if name is not None]
        unusable = [name for name in fields if name not in NUMBER_FIELDS]
        specs = [spec or conversion for _text, name, spec, conversion in string.Formatter().parse(pattern)
                 if name is not None and (spec or conversion)]
    except ValueError:
        raise CertificateError(_("Format nomor tidak dapat dibaca: periksa kurung kurawal { }.")) from None
    if unusable or specs:
        raise CertificateError(_(
            "Format nomor hanya boleh memakai {nomor}, {kode_wilayah}, {tahun} dan {bulan}."))
    if "nomor" not in fields:
        raise CertificateError(_("Format nomor harus memuat {nomor} agar setiap sertifikat bernomor berbeda."))
    return pattern


def _allocate_number(kabupaten: str, election_id: int) -> int:
    """Take the kabupaten's next number in the election; the counter row stays locked until commit."""
    db.session.execute(_insert(CertificateCounter).values(
        region_code=kabupaten, election_id=election_id, last_number=0,
    ).on_conflict_do_nothing(index_elements=["region_code", "election_id"]))
    return db.session.execute(
        update(CertificateCounter)
        .where(CertificateCounter.region_code == kabupaten, CertificateCounter.election_id == election_id)
        .values(last_number=CertificateCounter.last_number + 1)
        .returning(CertificateCounter.last_number),
        execution_options={"synchronize_session": False},
    ).scalar_one()


def _new_certificate(person: Person, assignment: Assignment, course: Course, completion_id: int | None,
                     election_id: int) -> Certificate | None:
    """Insert a certificate unless one is already in force; number it; None when another request won."""
    now = clock.now()
    statement = _insert(Certificate).values(
        code=codes.new_code(), number="", person_id=person.id, election_id=election_id, course_id=course.id,
        completion_id=completion_id, status=CertificateStatus.VALID, full_name=person.full_name,
        role=assignment.title[:32], region_code=assignment.region_code, issued_at=now, revoke_reason="",
        created_at=now, updated_at=now,
    ).on_conflict_do_nothing(
        index_elements=["person_id", "election_id", "course_id"], index_where=text("status != 'replaced'"),
    )
    certificate_id = db.session.execute(statement.returning(Certificate.id)).scalar()
    if certificate_id is None:
        return None
    certificate = db.session.get(Certificate, certificate_id)
    kabupaten = ancestor_at(assignment.region_code, RegionLevel.KABUPATEN)
    settings = db.session.get(CertificateSettings, kabupaten)
    certificate.number = format_number(
        settings.number_format if settings else DEFAULT_NUMBER_FORMAT,
        number=_allocate_number(kabupaten, election_id), kabupaten=kabupaten,
        when=clock.local(now, clock.zone_for_region(kabupaten)),
    )
    db.session.flush()
    return certificate


def evaluate(person_id: int, election_id: int, course: Course, *, actor_id: int | None = None) -> Certificate | None:
    """Record the completion and issue the certificate if the learner has earned it; return the new certificate."""
    completion = db.session.scalar(select(CourseCompletion).where(
        CourseCompletion.person_id == person_id, CourseCompletion.election_id == election_id,
        CourseCompletion.course_id == course.id))
    if completion is None:
        # A recorded completion is never recomputed: content edits later do not take it away.
        if not has_earned(course, person_id, election_id):
            return None
        completion = record_completion(person_id, election_id, course)
    if current_certificate(person_id, election_id, course.id) is not None:
        return None
    assignment = certificate_assignment(person_id, election_id, course)
    if assignment is None:
        return None
    person = db.session.get(Person, person_id)
    certificate = _new_certificate(person, assignment, course, completion.id, election_id)
    if certificate is not None:
        record("certificates.issue", actor_id=actor_id, election_id=election_id, subject_id=person_id,
               region_code=certificate.region_code, code=certificate.code, course=course.slug)
    return certificate


def issue_due(election_id: int) -> list[Certificate]:
    """Issue every certificate that is earned but missing in the election (idempotent)."""
    from bimtek.courses.models import Lesson, LessonProgress

    issued: list[Certificate] = []
    courses = list(db.session.scalars(select(Course).where(Course.is_retired.is_(False)).order_by(Course.id)))
    for course in courses:
        # Every rule set includes the lessons, so only people with lesson progress can have earned it.
        learners = set(db.session.scalars(
            select(LessonProgress.person_id).join(Lesson, Lesson.id == LessonProgress.lesson_id)
            .where(Lesson.course_id == course.id, LessonProgress.election_id == election_id).distinct()
        )) | set(db.session.scalars(
            select(CourseCompletion.person_id).where(CourseCompletion.course_id == course.id,
                                                     CourseCompletion.election_id == election_id)
        ))
        for person_id in sorted(learners):
            certificate = evaluate(person_id, election_id, course)
            if certificate is not None:
                issued.append(certificate)
    return issued


# --- lifecycle -------------------------------------------------------------------------------


def revoke(certificate: Certificate, reason: str, *, actor_id: int | None) -> None:
    """Revoke a valid certificate with a reason; its verify page says so from now on."""
    reason = " ".join(reason.split())
    if certificate.status is not CertificateStatus.VALID:
        raise CertificateError(_("Sertifikat ini sudah tidak berlaku; tidak dapat dicabut lagi."))
    if len(reason) < 5:
        raise CertificateError(_("Tuliskan alasan pencabutan (paling sedikit 5 huruf)."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_at = clock.now()
    certificate.revoke_reason = reason[:1000]
    db.session.flush()
    record("certificates.revoke", actor_id=actor_id, election_id=certificate.election_id,
           subject_id=certificate.person_id, region_code=certificate.region_code, code=certificate.code,
           reason=certificate.revoke_reason)


def reissue(certificate: Certificate, *, actor_id: int | None) -> Certificate:
    """Replace a valid certificate with a new one (new code) carrying the person's current name and post."""
    if certificate.status is not CertificateStatus.VALID:
        raise CertificateError(_("Hanya sertifikat yang berlaku yang dapat diterbitkan ulang."))
    person = db.session.get(Person, certificate.person_id)
    course = db.session.get(Course, certificate.course_id)
    assignment = certificate_assignment(person.id, certificate.election_id, course)
    if assignment is None:
        raise CertificateError(_("%(name)s tidak lagi bertugas pada pemilihan ini.", name=person.full_name))
    certificate.status = CertificateStatus.REPLACED
    db.session.flush()
    replacement = _new_certificate(person, assignment, course, certificate.completion_id, certificate.election_id)
    if replacement is None:  # pragma: no cover - the old one was the only one in force and is now replaced
        raise CertificateError(_("Sertifikat pengganti tidak dapat dibuat. Coba lagi."))
    certificate.replaced_by_id = replacement.id
    db.session.flush()
    record("certificates.reissue", actor_id=actor_id, election_id=certificate.election_id,
           subject_id=person.id, region_code=replacement.region_code, old_code=certificate.code,
           code=replacement.code, old_name=certificate.full_name, name=replacement.full_name)
    return replacement


# --- kabupaten settings ----------------------------------------------------------------------


def settings_dir() -> Path:
    return storage_root() / "certificate-settings"


def settings_for(kabupaten: str) -> CertificateSettings:
    """Return the kabupaten's certificate settings, or unsaved defaults."""
    settings = db.session.get(CertificateSettings, kabupaten)
    if settings is None:
        settings = CertificateSettings(region_code=kabupaten, number_format=DEFAULT_NUMBER_FORMAT,
                                       signatory_name="", signatory_title="")
    return settings


def prepare_image(data: bytes) -> tuple[bytes, str]:
    """Check an uploaded signature or stamp by its content and shrink it for print; return (bytes, extension)."""
    if not data:
        raise CertificateError(_("Berkas gambar kosong."))
    if len(data) > IMAGE_MAX_BYTES:
        raise CertificateError(_("Gambar terlalu besar: paling besar 2 MB."))
    kind = next((ext for magic, ext in MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise CertificateError(_("Isi berkas bukan gambar PNG atau JPG (yang diperiksa isinya, bukan namanya)."))
    unreadable = CertificateError(_("Gambar rusak atau tidak dapat dibaca. Unggah PNG atau JPG lain."))
    try:
        image = open_checked(data, max_pixels=IMAGE_MAX_DECLARED_PIXELS, max_side=IMAGE_MAX_SIDE)
    except OversizedImage:
        raise CertificateError(_("Gambar terlalu besar ukurannya.")) from None
    except UnreadableImage:
        raise unreadable from None
    try:
        with image:
            image.thumbnail(IMAGE_MAX_PIXELS)
            out = io.BytesIO()
            # PNG keeps a transparent background, so the signature sits on the stamp as ink does.
            if image.mode not in ("RGBA", "LA", "L", "RGB", "P"):
                image = image.convert("RGBA")
            image.save(out, format="PNG", optimize=True)
    except Exception:  # noqa: BLE001 - a corrupt body shows only when decoding
        raise unreadable from None
    return out.getvalue(), "png"


def save_settings(kabupaten: str, *, number_format: str, signatory_name: str, signatory_title: str,
                  signature: bytes | None = None, stamp: bytes | None = None, actor_id: int | None,
                  election_id: int | None = None) -> CertificateSettings:
    """Save a kabupaten's certificate settings; uploaded images are checked by content and kept outside the web root."""
    pattern = check_number_format(number_format)
    images = {}
    for field, data in (("signature_file", signature), ("stamp_file", stamp)):
        if data:
            images[field] = prepare_image(data)
    settings = db.session.get(CertificateSettings, kabupaten)
    if settings is None:
        settings = CertificateSettings(region_code=kabupaten)
        db.session.add(settings)
    settings.number_format = pattern
    settings.signatory_name = " ".join(signatory_name.split())[:200]
    settings.signatory_title = " ".join(signatory_title.split())[:200]
    folder = settings_dir()
    for field, (data, ext) in images.items():
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{kabupaten.replace('.', '')}-{field.split('_')[0]}-{secrets.token_hex(8)}.{ext}"
        (folder / name).write_bytes(data)
        setattr(settings, field, name)
    settings.updated_by_id = actor_id
    db.session.flush()
    record("certificates.settings", actor_id=actor_id, election_id=election_id, region_code=kabupaten,
           images=sorted(field.split("_")[0] for field in images))
    return settings


def settings_image_path(settings: CertificateSettings, kind: str) -> Path | None:
    name = settings.signature_file if kind == "tanda-tangan" else settings.stamp_file if kind == "stempel" else None
    if not name:
        return None
    path = settings_dir() / name
    return path if path.is_file() else None
