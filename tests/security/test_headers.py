"""Class 7: a Content-Security-Policy the pages keep, HSTS in production, no server banner."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bimtek import create_app
from bimtek.config import ProductionConfig
from tests.factories import World
from tests.quizzes.conftest import coklit  # noqa: F401 - fixture
from tests.training.conftest import pps_session  # noqa: F401 - fixture

PROJECT_ROOT = Path(__file__).resolve().parents[2]
INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline script"),
    (re.compile(r"<style\b", re.I), "style element"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _policy(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part for part in (p.strip() for p in header.split(";")) if part}


def test_policy_allows_no_inline_code_and_no_framing(client):
    policy = _policy(client.get("/login"))
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["frame-ancestors"] == "frame-ancestors 'self'"
    assert "unsafe-inline" not in str(policy) and "unsafe-eval" not in str(policy)


def test_pages_keep_the_policy(client, auth, world: World, coklit, pps_session):
    """Every page a role opens has nothing the policy would block."""
    pages = {
        world.pantarlih: ["/", "/petugas/saya", "/kursus/", "/kursus/prosedur-coklit", "/kursus/prosedur-coklit/kuis",
                          "/akun/kata-sandi"],
        world.pps: ["/", f"/bimtek/{pps_session.id}", f"/bimtek/{pps_session.id}/kehadiran", "/bimtek/",
                    f"/petugas/{world.pantarlih.id}"],
        world.operator: ["/", "/petugas/", "/petugas/impor", f"/petugas/{world.pps.id}/ubah", "/bimtek/kaskade"],
    }
    # Every page without arguments in the URL map too, so pages added later are held to the policy.
    plain = [rule.rule for rule in client.application.url_map.iter_rules()
             if "GET" in rule.methods and not rule.arguments and rule.endpoint != "static"]
    checked = 0
    for person, urls in pages.items():
        auth.login_as(person)
        for url in urls + plain:
            response = client.get(url)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            page = response.get_data(as_text=True)
            assert "Content-Security-Policy" in response.headers, url
            for pattern, what in INLINE:
                assert not pattern.search(page), f"{what} on {url}"
            checked += 1
        # The quiz pages once carried their own <style> block.
        if person is world.pantarlih:
            started = client.post("/kursus/prosedur-coklit/kuis/mulai", follow_redirects=True)
            assert started.status_code == 200
            for pattern, what in INLINE:
                assert not pattern.search(started.get_data(as_text=True)), f"{what} on the quiz question"
        auth.logout()
    assert checked >= 30


def test_hsts_only_in_production(app, client, _migrated, tmp_path):
    assert "Strict-Transport-Security" not in client.get("/login").headers
    production = create_app(ProductionConfig, SECRET_KEY="testing-only", SQLALCHEMY_DATABASE_URI=_migrated, BIMTEK_UPLOAD_DIR=str(tmp_path))
    with production.app_context():
        response = production.test_client().get("/login", base_url="https://bimtek.example")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_names_no_framework_and_production_sends_hsts(tmp_path):
    port = _free_port()
    env = {**os.environ, "BIMTEK_ENV": "production", "BIMTEK_INSTANCE_DIR": str(tmp_path),
           "DATABASE_URL": f"sqlite:///{tmp_path / 'kosong.db'}", "SECRET_KEY": "uji-header"}
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen([str(gunicorn), "-b", f"127.0.0.1:{port}", "-w", "1", "wsgi:app"], cwd=PROJECT_ROOT,
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    headers = response.headers
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert headers.get_all("Server") == ["Bimtek"]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Content-Security-Policy" in headers
    for banner in ("gunicorn", "werkzeug", "flask", "python"):
        assert banner not in str(headers).lower(), banner
