"""Browser tests: the app served by a live server in a thread, driven by Playwright in Debian's chromium."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from bimtek import create_app
from bimtek.config import TestingConfig
from bimtek.demo.operations import seed_demo
from bimtek.extensions import db

CHROMIUM = os.environ.get("BIMTEK_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]
DEMO_PASSWORD = "bimtek-demo"


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Browser tests need Debian's chromium at {CHROMIUM}: run `make test` as root, "
                    "or `apt-get install chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app) -> Iterator[str]:
    """Serve a CSRF-enforcing app on the test database, seeded with the demo data."""
    seed_demo()
    db.session.commit()
    served = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        BIMTEK_UPLOAD_DIR=app.config["BIMTEK_UPLOAD_DIR"],
                        BIMTEK_STORAGE_DIR=app.config["BIMTEK_STORAGE_DIR"])
    server = make_server("127.0.0.1", 0, served, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)
        with served.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def small_page(browser):
    """A 360 px phone with JavaScript off."""
    context = browser.new_context(locale="id-ID", java_script_enabled=False,
                                  viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def login(page, base_url: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def logout(page) -> None:
    page.click("text=Keluar")
