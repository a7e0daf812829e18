"""Scans of the signed daftar hadir and documentation photos: checked by content, kept outside the database."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from bimtek.audit.operations import record
from bimtek.extensions import db
from bimtek.images import OversizedImage, UnreadableImage, declared_size, open_checked
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
    print_copy = _checked_image(data, kind) if mime.startswith("image/") else None
    stored = f"{secrets.token_hex(16)}.{EXTENSIONS[mime]}"
    folder = upload_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    if print_copy is not None:
        (folder / print_name(stored)).write_bytes(print_copy)
    item = SessionFile(kind=kind, stored_name=stored, original_name=Path(filename or "berkas").name[:200],
                       mime_type=mime, size=len(data), uploaded_by_id=actor_id)
    session.files.append(item)
    db.session.flush()
    record("training.file", actor_id=actor_id, election_id=session.election_id, region_code=session.region_code,
           session_id=session.id, kind=kind.value, name=item.original_name)
    return item


def file_path(item: SessionFile) -> Path:
    return upload_dir() / item.stored_name


# A phone camera makes 12-50 megapixels; a 20 KB PNG can claim 169 (13,000 x 13,000) and take
# gigabytes to decode. Checked from the header, before any pixel is decoded.
MAX_IMAGE_PIXELS = 50_000_000
MAX_IMAGE_SIDE = 12_000
# Photos in the laporan and berita acara: a half-page of A4 at print resolution is plenty.
PRINT_IMAGE_SIDE = 1600


def print_name(stored_name: str) -> str:
    """Return the file name of a photo's downscaled copy for print."""
    return stored_name.rsplit(".", 1)[0] + ".cetak.jpg"


def print_path(item: SessionFile) -> Path:
    return upload_dir() / print_name(item.stored_name)


def image_fits(path: Path) -> bool:
    """Say whether an image's header declares dimensions small enough to decode."""
    try:
        width, height = declared_size(path.read_bytes())
    except (OversizedImage, UnreadableImage, OSError):
        return False
    return width * height <= MAX_IMAGE_PIXELS and max(width, height) <= MAX_IMAGE_SIDE


def _checked_image(data: bytes, kind: FileKind) -> bytes | None:
    """Refuse an image too large to decode safely; return a photo's downscaled JPEG copy for print."""
    import io

    from PIL import ImageOps

    unreadable = TrainingError(_("Gambar rusak atau tidak dapat dibaca."))
    try:
        image = open_checked(data, max_pixels=MAX_IMAGE_PIXELS, max_side=MAX_IMAGE_SIDE)
    except OversizedImage:
        raise TrainingError(_(
            "Ukuran gambar terlalu besar: paling besar %(mp)d megapiksel dan %(side)d piksel per sisi. "
            "Kirim foto dari kamera ponsel biasa.",
            mp=MAX_IMAGE_PIXELS // 1_000_000, side=MAX_IMAGE_SIDE,
        )) from None
    except UnreadableImage:
        raise unreadable from None
    if kind is not FileKind.FOTO:
        return None
    try:
        # JPEG decodes straight at a fraction of its size; the rest is scaled after decoding.
        image.draft("RGB", (PRINT_IMAGE_SIDE, PRINT_IMAGE_SIDE))
        image = ImageOps.exif_transpose(image)
        image.thumbnail((PRINT_IMAGE_SIDE, PRINT_IMAGE_SIDE))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80, optimize=True)
    except Exception:  # noqa: BLE001 - a truncated or corrupt body shows only when decoding
        raise unreadable from None
    return out.getvalue()
