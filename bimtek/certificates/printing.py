"""Certificate PDFs: the print values, rendering (one or many pages at once), storage and joining.

Each certificate's PDF is rendered once and stored under the storage folder with a fingerprint
of everything printed on it (values, images, template) in its name; a change of any of them
gives a new fingerprint, so a stale file is simply never asked for again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

import segno
from flask import current_app, render_template

from bimtek import clock
from bimtek.certificates import codes
from bimtek.certificates.models import Certificate, CertificateSettings
from bimtek.regions.models import Region
from bimtek.storage import write_atomic

TEMPLATE = "certificates/pdf/certificate.html"
# Files whose content is part of every certificate's look (the template and what it loads).
TEMPLATE_FILES = (
    "templates/certificates/pdf/certificate.html", "bimtek/static/certificates/emblem.svg",
    "bimtek/certificates/printing.py",  # the QR drawing
)
BATCH_SIZE = 25  # certificates per WeasyPrint document when rendering in bulk
_template_digest: dict[str, str] = {}


def storage_root() -> Path:
    """Return the configured storage folder (outside the web root)."""
    return Path(current_app.config["BIMTEK_STORAGE_DIR"])


def certificate_dir() -> Path:
    return storage_root() / "certificates"


def template_digest() -> str:
    """Return a digest of the certificate template and its static files (cached per process)."""
    from bimtek.config import PROJECT_ROOT

    key = "|".join(str((PROJECT_ROOT / name).stat().st_mtime_ns) for name in TEMPLATE_FILES)
    if key not in _template_digest:
        digest = hashlib.sha256()
        for name in TEMPLATE_FILES:
            digest.update((PROJECT_ROOT / name).read_bytes())
        _template_digest.clear()
        _template_digest[key] = digest.hexdigest()
    return _template_digest[key]


def verify_url(code: str, base_url: str) -> str:
    """Return the public verify address printed on the certificate and in its QR code."""
    return f"{base_url.rstrip('/')}/v/{codes.display(code)}"


# Where the template leaves the QR code's box, in mm from the page's left and bottom edges:
# the page margin (9 mm) + the border (2.2 mm) + the box's offset in the page (16 mm; 6 mm above
# the page box, which ends 10 mm above the sheet's edge).
QR_BOX_MM = (9 + 2.2 + 16, 10 + 2.2 + 6, 30)
_MM = 72 / 25.4


def qr_drawing(url: str) -> bytes:
    """Return PDF drawing operators for the QR code of a URL, as vector rectangles in its box.

    Drawn straight into the page after layout: WeasyPrint would parse a QR code's SVG path
    for every page, which took half the time of a bulk render.
    """
    rows = [list(row) for row in segno.make(url, error="m").matrix_iter(scale=1, border=4)]
    left, bottom, size = (value * _MM for value in QR_BOX_MM)
    module = size / len(rows)
    ops = ["q", "0 0 0 rg"]
    for index, row in enumerate(rows):
        y = bottom + (len(rows) - 1 - index) * module
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            ops.append(f"{left + start * module:.3f} {y:.3f} {(x - start) * module:.3f} {module:.3f} re")
    ops += ["f", "Q"]
    return "\n".join(ops).encode()


def add_qr_codes(data: bytes, urls: list[str]) -> list[bytes]:
    """Draw each page's QR code and return one single-page PDF per page."""
    import pikepdf

    pages = []
    with pikepdf.open(io.BytesIO(data)) as source:
        if len(source.pages) != len(urls):
            raise RuntimeError(f"rendered {len(source.pages)} pages for {len(urls)} certificates")
        for page, url in zip(source.pages, urls, strict=True):
            single = pikepdf.new()
            single.pages.append(page)
            target = single.pages[0]
            target.contents_add(pikepdf.Stream(single, b"q\n"), prepend=True)
            target.contents_add(pikepdf.Stream(single, b"\nQ\n"), prepend=False)
            target.contents_add(pikepdf.Stream(single, qr_drawing(url)), prepend=False)
            out = io.BytesIO()
            single.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
            pages.append(out.getvalue())
    return pages


def image_data_uri(name: str | None) -> str:
    """Return a stored settings image as a data: URI ('' when missing); the PDF fetcher reads no files."""
    if not name:
        return ""
    path = storage_root() / "certificate-settings" / name
    if not path.is_file():
        return ""
    mime = "image/png" if name.endswith(".png") else "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode()}"


@dataclass
class Issuer:
    """What a kabupaten prints on its certificates, loaded once per kabupaten."""

    name: str  # "KPU Kabupaten Bengkulu Utara"
    place: str  # "Bengkulu Utara"
    signatory_name: str
    signatory_title: str
    signature: str
    stamp: str


def issuer_for(kabupaten: Region, settings: CertificateSettings | None) -> Issuer:
    """Return the issuer block of a kabupaten's certificates."""
    name = f"KPU {kabupaten.display_name}"
    title = (settings.signatory_title if settings and settings.signatory_title else f"Ketua {name}")
    return Issuer(
        name=name, place=kabupaten.name.removeprefix("Kabupaten ").removeprefix("Kota "), signatory_name=settings.signatory_name if settings else "",
        signatory_title=title,
        signature=image_data_uri(settings.signature_file if settings else None),
        stamp=image_data_uri(settings.stamp_file if settings else None),
    )


def print_values(certificate: Certificate, *, issuer: Issuer, area: str, course_title: str, election_name: str,
                 base_url: str) -> dict:
    """Return the plain values printed on one certificate (never a NIK or phone)."""
    zone = clock.zone_for_region(certificate.region_code)
    day = clock.local(certificate.issued_at, zone).date()
    url = verify_url(certificate.code, base_url)
    return {
        "name": certificate.full_name,
        "role": certificate.role,
        "area": area,
        "course": course_title,
        "election": election_name,
        "number": certificate.number,
        "code": codes.display(certificate.code),
        "verify_url": url,
        "issuer_upper": f"KOMISI PEMILIHAN UMUM {issuer.name.removeprefix('KPU ')}".upper(),
        "issuer": issuer.name,
        "place_date": f"{issuer.place}, {clock.format_day(day).split(', ', 1)[1]}",
        "signatory_title": issuer.signatory_title,
        "signatory_name": issuer.signatory_name,
        "signature": issuer.signature,
        "stamp": issuer.stamp,
    }


def fingerprint(values: dict) -> str:
    """Return a digest of everything on the page: the values and the template."""
    payload = json.dumps(values, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(payload + template_digest().encode()).hexdigest()[:20]


def stored_path(code: str, values: dict) -> Path:
    return certificate_dir() / f"{code}-{fingerprint(values)}.pdf"


def certificate_html(items: list[dict]) -> str:
    """Render the certificate template for one or more certificates (one page each, QR box left empty)."""
    return render_template(TEMPLATE, certificates=items)


def html_to_pdf_bytes(html: str, static_folder: str) -> bytes:
    """Render print HTML to PDF with the static-only fetcher (runs in worker processes too)."""
    from weasyprint import HTML

    from bimtek.pdf import BASE_URL, StaticOnlyFetcher

    return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher(static_folder)).write_pdf()


def store(path: Path, data: bytes) -> None:
    """Write a PDF atomically and drop the certificate's older renderings."""
    code = path.name.split("-", 1)[0]
    write_atomic(path, data)  # a full disk leaves no truncated PDF behind
    for old in path.parent.glob(f"{code}-*.pdf"):
        if old != path:
            old.unlink(missing_ok=True)


def render_one(values: dict) -> bytes:
    """Render a single certificate's PDF."""
    data = html_to_pdf_bytes(certificate_html([values]), current_app.static_folder)
    return add_qr_codes(data, [values["verify_url"]])[0]


def join(paths: list[Path]) -> bytes:
    """Join stored single-certificate PDFs into one print-ready PDF (nothing is re-rendered)."""
    import pikepdf

    out_pdf = pikepdf.new()
    opened = []
    try:
        for path in paths:
            source = pikepdf.open(path)
            opened.append(source)
            out_pdf.pages.extend(source.pages)
        out = io.BytesIO()
        out_pdf.save(out)
        return out.getvalue()
    finally:
        for source in opened:
            source.close()


def _render_batch(html: str, static_folder: str) -> bytes:
    return html_to_pdf_bytes(html, static_folder)


def render_many(items: list[tuple[Path, dict]], *, workers: int | None = None, progress=None) -> None:
    """Render and store the missing certificates in many-page batches spread over the CPU cores."""
    if not items:
        return
    workers = workers or current_app.config.get("BIMTEK_CERTIFICATE_WORKERS") or os.cpu_count() or 1
    batches = [items[start:start + BATCH_SIZE] for start in range(0, len(items), BATCH_SIZE)]
    # Smaller batches when there are few certificates, so every core gets work.
    if len(batches) < workers and len(items) > 1:
        size = max(1, -(-len(items) // workers))
        batches = [items[start:start + size] for start in range(0, len(items), size)]
    htmls = [certificate_html([values for _path, values in batch]) for batch in batches]
    static_folder = current_app.static_folder
    if workers == 1 or len(batches) == 1:
        results = (html_to_pdf_bytes(html, static_folder) for html in htmls)
        _store_batches(batches, results, progress)
        return
    # Fresh interpreter processes: forking a threaded server holding database connections is unsafe.
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=get_context("spawn")) as pool:
        results = pool.map(_render_batch, htmls, [static_folder] * len(htmls))
        _store_batches(batches, results, progress)


def _store_batches(batches, results, progress) -> None:
    for batch, data in zip(batches, results, strict=True):
        pages = add_qr_codes(data, [values["verify_url"] for _path, values in batch])
        for (path, _values), page in zip(batch, pages, strict=True):
            store(path, page)
        if progress is not None:
            progress(len(batch))


def public_base_url() -> str:
    """Return the address the verify links start with: BIMTEK_PUBLIC_URL, else the address of this request."""
    from flask import has_request_context, request

    configured = current_app.config.get("BIMTEK_PUBLIC_URL")
    if configured:
        return configured
    return request.url_root if has_request_context() else "http://127.0.0.1:5000/"


def stored_or_render(path: Path, values: dict) -> bytes:
    """Return the stored PDF, rendering and storing it first when it is missing or stale."""
    if path.is_file():
        return path.read_bytes()
    data = render_one(values)
    store(path, data)
    return data
