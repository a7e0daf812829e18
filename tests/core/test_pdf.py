"""PDFs fetch only the app's own static files: no file://, no network."""

import io

import pytest
from pypdf import PdfReader

from bimtek.pdf import BASE_URL, ForbiddenResource, StaticOnlyFetcher, html_to_pdf


@pytest.fixture
def fetcher(app):
    return StaticOnlyFetcher(app.static_folder)


def test_static_file_is_served(fetcher, app):
    response = fetcher.fetch(BASE_URL + "favicon.svg")
    assert response.read().startswith(b"<svg")
    assert response.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "http://example.com/logo.png",
        "https://bimtek.invalid/static/../../bimtek/config.py",
        "https://bimtek.invalid/static/%2e%2e/%2e%2e/pyproject.toml",
        "https://bimtek.invalid/other/favicon.svg",
        "https://bimtek.invalid/static/tidak-ada.png",
    ],
)
def test_everything_else_is_refused(fetcher, url):
    with pytest.raises(ForbiddenResource):
        fetcher.fetch(url)


def test_data_uri_is_allowed(fetcher):
    assert fetcher.fetch("data:text/plain,halo").read() == b"halo"


def test_pdf_renders_with_static_image_and_skips_forbidden_ones(app):
    html = (
        '<html><body><p>Daftar hadir uji</p><img src="favicon.svg" style="width:1cm">'
        '<img src="file:///etc/hostname"></body></html>'
    )
    with app.test_request_context():
        data = html_to_pdf(html)
    assert data.startswith(b"%PDF")
    assert "Daftar hadir uji" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
