"""Rendering print templates to PDF with WeasyPrint, fetching only the app's own static files."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, render_template
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in print templates resolve against this base, which the fetcher maps to static files.
BASE_URL = "https://bimtek.invalid/static/"
_STATIC_PREFIX = "/static/"


class ForbiddenResource(ValueError):
    """A print template asked for something other than the app's static files."""


class StaticOnlyFetcher(URLFetcher):
    """Serve the app's static files and data: URIs to WeasyPrint; refuse file://, the network, anything else."""

    def __init__(self, static_folder: str):
        super().__init__(allowed_protocols={"data"})
        self.root = Path(static_folder).resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if not (parts.scheme == "https" and parts.netloc == "bimtek.invalid" and parts.path.startswith(_STATIC_PREFIX)):
            raise ForbiddenResource(f"resource not allowed in PDFs: {url}")
        path = (self.root / unquote(parts.path[len(_STATIC_PREFIX):])).resolve()
        if self.root not in path.parents or not path.is_file():
            raise ForbiddenResource(f"no such static file: {url}")
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})


def html_to_pdf(html: str) -> bytes:
    """Turn print HTML into PDF bytes."""
    from weasyprint import HTML

    fetcher = StaticOnlyFetcher(current_app.static_folder)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()


def render_pdf(template: str, **context) -> bytes:
    """Render a print template (templates/<feature>/pdf/...) to PDF bytes."""
    return html_to_pdf(render_template(template, **context))


def pdf_response(data: bytes, filename: str, *, inline: bool = True):
    """Return PDF bytes as a response that shared caches do not keep."""
    response = current_app.response_class(data, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
