"""Bulk printing: a desa's, kecamatan's or bimtek session's certificates as one PDF or a ZIP of single files.

A job's state lives in the database (any app server can show its progress); a background
thread of the server that took the request renders what is missing, in many-page batches
on every core, then joins the stored PDFs without re-rendering them.
"""

from __future__ import annotations

import io
import logging
import re
import secrets
import threading
import unicodedata
import zipfile
from datetime import timedelta
from pathlib import Path

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy import select, update

from bimtek import clock
from bimtek.certificates.models import BulkJob, BulkStatus, Certificate
from bimtek.certificates.operations import CertificateError
from bimtek.certificates.printing import join, render_many, storage_root
from bimtek.certificates.queries import PrintValues, certificates_in_region, certificates_of_session
from bimtek.extensions import db
from bimtek.transaction import committing
from bimtek.officers.models import Role
from bimtek.regions.models import RegionLevel
from bimtek.scope import Scope
from bimtek.storage import DISK_FULL_MESSAGE, is_disk_full, write_atomic
from bimtek.training.models import TrainingSession
from bimtek.training.access import can_view_session

log = logging.getLogger(__name__)
KINDS = ("desa", "kecamatan", "bimtek")
OUTPUTS = ("pdf", "zip")
PRINTER_ROLES = (Role.OPERATOR_KPU, Role.PPK)
STALLED_AFTER = timedelta(minutes=30)


def can_print(scope: Scope) -> bool:
    """Say whether the user prints certificates in bulk (KPU operators, PPK, the admin)."""
    return scope.election_id is not None and (scope.is_admin or scope.role in PRINTER_ROLES)


def bulk_dir() -> Path:
    return storage_root() / "bulk"


def job_path(job: BulkJob) -> Path | None:
    return bulk_dir() / job.file_name if job.file_name else None


def target_certificates(kind: str, target: str, election_id: int) -> list[Certificate]:
    """Return the valid certificates a job prints."""
    if kind == "bimtek":
        session = db.session.get(TrainingSession, int(target))
        return certificates_of_session(session) if session else []
    return certificates_in_region(election_id, target, valid_only=True)


def check_target(scope: Scope, kind: str, target: str) -> str:
    """Return a label for what the user asked to print, or refuse (out of scope, wrong level, unknown)."""
    if kind not in KINDS:
        raise CertificateError(_("Pilih desa, kecamatan atau bimtek yang akan dicetak."))
    if kind == "bimtek":
        session = db.session.get(TrainingSession, int(target)) if target.isdigit() else None
        if session is None or session.election_id != scope.election_id or not can_view_session(scope, session):
            raise CertificateError(_("Bimtek itu tidak ditemukan di wilayah Anda."))
        return _("Bimtek %(title)s", title=session.title)
    from bimtek.regions.models import Region

    region = db.session.get(Region, target)
    wanted = RegionLevel.DESA if kind == "desa" else RegionLevel.KECAMATAN
    if region is None or not scope.covers(region.code) or region.level is not wanted:
        raise CertificateError(_("Wilayah itu tidak ditemukan di wilayah Anda."))
    return region.display_name


def create_job(scope: Scope, kind: str, target: str, output: str, *, actor_id: int) -> BulkJob:
    """Queue a bulk print after checking the target is in the user's scope and has certificates."""
    if output not in OUTPUTS:
        raise CertificateError(_("Pilih bentuk unduhan: satu PDF atau ZIP."))
    label = check_target(scope, kind, target)
    count = len(target_certificates(kind, target, scope.election_id))
    if count == 0:
        raise CertificateError(_("Belum ada sertifikat yang berlaku untuk %(label)s.", label=label))
    job = BulkJob(token=secrets.token_urlsafe(24), election_id=scope.election_id, requested_by_id=actor_id,
                  kind=kind, target=target, label=label[:300], output=output, status=BulkStatus.QUEUED,
                  total=count, done=0, error="")
    db.session.add(job)
    db.session.flush()
    return job


def start(job_id: int, base_url: str) -> threading.Thread:
    """Run the job in a background thread of this server (call after the job is committed)."""
    app = current_app._get_current_object()
    thread = threading.Thread(target=_run_in_app, args=(app, job_id, base_url), name=f"bulk-{job_id}", daemon=True)
    thread.start()
    return thread


def _run_in_app(app: Flask, job_id: int, base_url: str) -> None:
    with app.app_context():
        try:
            run(job_id, base_url)
        except Exception as error:  # noqa: BLE001 - the job records the failure; the server must keep running
            log.exception("bulk certificate job %s failed", job_id)
            db.session.rollback()
            with committing():
                db.session.execute(update(BulkJob).where(BulkJob.id == job_id).values(
                    status=BulkStatus.FAILED, finished_at=clock.now(),
                    error=DISK_FULL_MESSAGE if is_disk_full(error)
                    else "Terjadi kesalahan saat menyiapkan berkas. Coba buat ulang."))
        finally:
            db.session.remove()


def _set(job_id: int, **values) -> None:
    with committing():  # one chunk of the background job
        db.session.execute(update(BulkJob).where(BulkJob.id == job_id).values(**values),
                           execution_options={"synchronize_session": False})


def run(job_id: int, base_url: str) -> BulkJob:
    """Render what is missing, then build the job's PDF or ZIP from the stored certificates."""
    job = db.session.get(BulkJob, job_id)
    certificates = target_certificates(job.kind, job.target, job.election_id)
    values = PrintValues(base_url)
    items = [values(certificate) for certificate in certificates]
    missing = [item for item in items if not item[0].is_file()]
    done = len(items) - len(missing)
    _set(job_id, status=BulkStatus.RUNNING, total=len(items), done=done)

    def progress(count: int) -> None:
        nonlocal done
        done += count
        _set(job_id, done=done)

    render_many(missing, progress=progress)
    paths = [path for path, _values in items]
    folder = bulk_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{job.token}.{job.output}"
    data = join(paths) if job.output == "pdf" else _zip(certificates, paths)
    write_atomic(folder / name, data)
    _set(job_id, status=BulkStatus.DONE, done=len(items), file_name=name, finished_at=clock.now())
    db.session.expire_all()
    return db.session.get(BulkJob, job_id)


def safe_file_name(text: str, limit: int = 40) -> str:
    """Return text as a plain file-name part: ASCII letters, digits and dashes only."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")
    return (cleaned[:limit].strip("-") or "sertifikat")


def _zip(certificates: list[Certificate], paths: list[Path]) -> bytes:
    out = io.BytesIO()
    # PDFs are compressed already: storing them is as small and much faster.
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, (certificate, path) in enumerate(zip(certificates, paths, strict=True), start=1):
            name = f"{index:04d}-{safe_file_name(certificate.full_name)}-{certificate.code}.pdf"
            archive.write(path, name)
    return out.getvalue()


def is_stalled(job: BulkJob) -> bool:
    """Say whether an unfinished job has stopped (its server restarted): it will not finish by itself."""
    return job.status in (BulkStatus.QUEUED, BulkStatus.RUNNING) and clock.now() - job.created_at > STALLED_AFTER


def jobs_of(person_id: int, limit: int = 10) -> list[BulkJob]:
    """Return the person's latest bulk jobs."""
    return list(db.session.scalars(
        select(BulkJob).where(BulkJob.requested_by_id == person_id).order_by(BulkJob.id.desc()).limit(limit)
    ))
