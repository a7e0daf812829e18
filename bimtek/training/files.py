"""Scans of the signed daftar hadir and documentation photos: checked by content, kept outside the database."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from bimtek.audit.operations import record
from bimtek.extensions import db
from bimtek.training.models import FileKind, SessionFile, TrainingSession
from bimtek.training.operations import TrainingError

MAGIC = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}
EXTENSIONS = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
ALLOWED_TYPES = {
    FileKind.DAFTAR_HADIR: ("application/pdf", "image/jpeg", "image/png"),
    FileKind.FOTO: ("image/jpeg", "image/png"),
}


def upload_max_bytes() -> int:
    return int(current_app.config["BIMTEK_TRAINING_UPLOAD_MAX_BYTES"])


def sniff_type(data: bytes) -> str | None:
    """Return the MIME type the file's first bytes show (PDF, JPEG, PNG), whatever its name says."""
    return next((mime for magic, mime in MAGIC.items() if data.startswith(magic)), None)


def upload_dir() -> Path:
    return Path(current_app.config["BIMTEK_UPLOAD_DIR"]) / "training"


def save_file(session: TrainingSession, kind: FileKind, data: bytes, filename: str, *,
              actor_id: int | None) -> SessionFile:
    """Keep a scan or photo with the session after checking its size and its content."""
    limit = upload_max_bytes()
    if len(data) > limit:
        raise TrainingError(_("Berkas terlalu besar: paling besar %(mb)d MB.", mb=limit // (1024 * 1024)))
    if not data:
        raise TrainingError(_("Berkas kosong."))
    mime = sniff_type(data)
    if mime not in ALLOWED_TYPES[kind]:
        wanted = "PDF, JPG atau PNG" if kind is FileKind.DAFTAR_HADIR else "JPG atau PNG"
        raise TrainingError(_("Isi berkas bukan %(wanted)s (yang diperiksa isi berkasnya, bukan namanya).", wanted=wanted))
    stored = f"{secrets.token_hex(16)}.{EXTENSIONS[mime]}"
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    item = SessionFile(kind=kind, stored_name=stored, original_name=Path(filename or "berkas").name[:200],
                       mime_type=mime, size=len(data), uploaded_by_id=actor_id)
    session.files.append(item)
    db.session.flush()
    record("training.file", actor_id=actor_id, election_id=session.election_id, region_code=session.region_code,
           session_id=session.id, kind=kind.value, name=item.original_name)
    return item


def file_path(item: SessionFile) -> Path:
    return upload_dir() / item.stored_name
