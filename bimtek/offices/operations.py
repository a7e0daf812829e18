"""Reads and writes on the office settings: defaults, saving, the logo checked by content and kept outside the web root."""

from __future__ import annotations

import base64
import io
import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from bimtek.audit.operations import record
from bimtek.extensions import db
from bimtek.images import OversizedImage, UnreadableImage, open_checked
from bimtek.offices.models import Office, Paper
from bimtek.regions.models import Region
from bimtek.transaction import Refusal

ACTION_LABELS = {"offices.settings": "Ubah pengaturan kabupaten (kop surat)"}
# The audit trail's label, sentence and detail words for this feature's action (see offices.access).
ACTION_SENTENCES = {"offices.settings": "{actor} mengubah pengaturan kabupaten (kop surat) {region}"}
DETAIL_LABELS = {"logo": "Logo"}
VALUE_LABELS = {"baru": "logo baru diunggah", "bawaan": "kembali ke logo bawaan"}

# The logo is drawn about 2 cm wide on paper: 600 px is plenty at print resolution.
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_PIXELS = 40_000_000  # judged from the header, before any pixel is decoded
LOGO_MAX_SIDE = 12_000
LOGO_PRINT_SIDE = 600
MAGIC = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
# Shipped placeholder (a neutral drawing, not the KPU emblem), used until the office uploads its logo.
DEFAULT_LOGO = "offices/logo-default.svg"


class OfficeError(Refusal):
    """The office settings could not be saved; the message says why."""


def default_office_name(region: Region) -> str:
    """Return the kop's first line for a kabupaten that has not set one."""
    return f"KOMISI PEMILIHAN UMUM {region.name.upper()}"


def office_for(kabupaten_code: str) -> Office:
    """Return the kabupaten's office settings, or unsaved defaults derived from its name."""
    office = db.session.get(Office, kabupaten_code)
    if office is None:
        region = db.session.get(Region, kabupaten_code)
        office = Office(region_code=kabupaten_code, office_name=default_office_name(region) if region else "",
                        address="", phone="", email="", ketua_name="", paper=Paper.A4, logo_file=None)
    return office


def logo_dir() -> Path:
    """Return the folder of uploaded logos (under the storage folder every app server shares)."""
    return Path(current_app.config["BIMTEK_STORAGE_DIR"]) / "office-logos"


def logo_path(office: Office) -> Path | None:
    """Return the uploaded logo's file, or None when the office prints the default."""
    if not office.logo_file:
        return None
    path = logo_dir() / office.logo_file
    return path if path.is_file() else None


def logo_src(office: Office) -> str:
    """Return the logo for a print template: the upload as a data: URI, else the static default (the PDF fetcher reads no uploads)."""
    path = logo_path(office)
    if path is None:
        return DEFAULT_LOGO
    return f"data:image/png;base64,{base64.b64encode(path.read_bytes()).decode()}"


def prepare_logo(data: bytes) -> bytes:
    """Check an uploaded logo by its content and size, and return it shrunk for print as PNG."""
    if not data:
        raise OfficeError(_("Berkas logo kosong."))
    if len(data) > LOGO_MAX_BYTES:
        raise OfficeError(_("Logo terlalu besar: paling besar 2 MB."))
    if not any(data.startswith(magic) for magic in MAGIC):
        raise OfficeError(_("Isi berkas bukan gambar PNG atau JPG (yang diperiksa isinya, bukan namanya)."))
    unreadable = OfficeError(_("Gambar logo rusak atau tidak dapat dibaca. Unggah PNG atau JPG lain."))
    try:
        image = open_checked(data, max_pixels=LOGO_MAX_PIXELS, max_side=LOGO_MAX_SIDE)
    except OversizedImage:
        raise OfficeError(_("Ukuran gambar logo terlalu besar: paling besar %(mp)d megapiksel dan %(side)d piksel per sisi.",
                            mp=LOGO_MAX_PIXELS // 1_000_000, side=LOGO_MAX_SIDE)) from None
    except UnreadableImage:
        raise unreadable from None
    try:
        image.draft("RGB", (LOGO_PRINT_SIDE, LOGO_PRINT_SIDE))
        image.thumbnail((LOGO_PRINT_SIDE, LOGO_PRINT_SIDE))
        if image.mode not in ("RGBA", "LA", "L", "RGB", "P"):
            image = image.convert("RGBA")
        out = io.BytesIO()
        # PNG keeps a transparent background, so the logo sits on the page as printed ink does.
        image.save(out, format="PNG", optimize=True)
    except Exception:  # noqa: BLE001 - a truncated or corrupt body shows only when decoding
        raise unreadable from None
    return out.getvalue()


def _clean(text: str | None, length: int) -> str:
    return " ".join((text or "").split())[:length]


def save_office(kabupaten_code: str, *, office_name: str, address: str, phone: str, email: str, ketua_name: str,
                paper: Paper, logo: bytes | None = None, remove_logo: bool = False, actor_id: int | None,
                election_id: int | None = None) -> Office:
    """Save a kabupaten's office settings; a new logo is checked before anything changes."""
    logo_png = prepare_logo(logo) if logo else None
    office = db.session.get(Office, kabupaten_code)
    if office is None:
        office = Office(region_code=kabupaten_code)
        db.session.add(office)
    office.office_name = _clean(office_name, 200).upper()
    office.address = _clean(address, 300)
    office.phone = _clean(phone, 60)
    office.email = _clean(email, 120)
    office.ketua_name = _clean(ketua_name, 200)
    office.paper = paper
    logo_change = None
    if logo_png is not None:
        folder = logo_dir()
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{kabupaten_code.replace('.', '')}-logo-{secrets.token_hex(8)}.png"
        (folder / name).write_bytes(logo_png)
        office.logo_file, logo_change = name, "baru"
    elif remove_logo and office.logo_file:
        office.logo_file, logo_change = None, "bawaan"
    office.updated_by_id = actor_id
    db.session.flush()
    record("offices.settings", actor_id=actor_id, election_id=election_id, region_code=kabupaten_code,
           **({"logo": logo_change} if logo_change else {}))
    return office
