"""Rendering print templates to PDF with WeasyPrint, fetching only the app's own static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template

STATIC_PREFIX = "/static/"


class ForbiddenResource(ValueError):
    """A print template asked for something other than the app's static files."""


def static_only_fetcher(url: str) -> dict:
    """Serve `bimtek-static:` and /static/ URLs from the static folder; refuse everything else."""
    parts = urlsplit(url)
    if parts.scheme == "data":
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url)
    if parts.scheme == "bimtek-static":
        relative = unquote(parts.path.lstrip("/"))
    elif parts.scheme in ("http", "https") and parts.netloc == "bimtek.invalid" and parts.path.startswith(STATIC_PREFIX):
        relative = unquote(parts.path[len(STATIC_PREFIX):])
    else:
        raise ForbiddenResource(f"resource not allowed in PDFs: {url}")
    root = Path(current_app.static_folder).resolve()
    path = (root / relative).resolve()
    if root not in path.parents or not path.is_file():
        raise ForbiddenResource(f"no such static file: {relative}")
    return {"string": path.read_bytes(), "mime_type": mimetypes.guess_type(path.name)[0], "redirected_url": url}


def render_pdf(template: str, **context) -> bytes:
    """Render a print template to PDF bytes."""
    from weasyprint import HTML

    html = render_template(template, **context)
    # Relative URLs in print templates resolve against this base, which the fetcher maps to static files.
    document = HTML(string=html, base_url="https://bimtek.invalid/static/", url_fetcher=static_only_fetcher)
    return document.write_pdf()


def pdf_response(data: bytes, filename: str, *, inline: bool = True):
    """Return PDF bytes as a download response that is not cached by shared caches."""
    response = current_app.response_class(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
