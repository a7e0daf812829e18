"""Two app servers on one database and one storage folder behave like one: the app keeps no state
in its processes (sessions in signed cookies, throttles and limits in the database, files in storage)."""

from __future__ import annotations

import io

import click
import pytest
from PIL import Image
from sqlalchemy import text

from bimtek import create_app
from bimtek.certificates import codes, printing
from bimtek.config import ProductionConfig, TestingConfig, engine_options
from bimtek.extensions import db
from tests.conftest import FreshContextClient
from tests.factories import PASSWORD, World


@pytest.fixture
def second_app(app):
    """Another app server: its own process state, the same database, storage and secret key."""
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                       WTF_CSRF_ENABLED=False, BIMTEK_STORAGE_DIR=app.config["BIMTEK_STORAGE_DIR"],
                       BIMTEK_UPLOAD_DIR=app.config["BIMTEK_UPLOAD_DIR"])
    other.test_client_class = FreshContextClient
    assert other is not app
    yield other
    with other.app_context():
        db.engine.dispose()


def _carry_session(source, target) -> None:
    """Send the browser's next request to the other server: the same cookies, nothing else."""
    for name in ("session", "remember_token"):
        cookie = source.get_cookie(name)
        if cookie is not None:
            target.set_cookie(name, cookie.value)


def test_log_in_on_one_server_is_valid_on_the_other(app, second_app, world: World):
    first, second = app.test_client(), second_app.test_client()
    assert first.post("/login", data={"username": world.pps.username, "password": PASSWORD}).status_code == 302
    assert second.get("/").status_code == 302  # not logged in there yet: to the log-in page
    _carry_session(first, second)
    page = second.get("/")
    assert page.status_code == 200
    assert "Bambang Sutrisno" in page.get_data(as_text=True) or "Keluar" in page.get_data(as_text=True)
    # Logging out on the second ends the session the first one issued too.
    assert second.post("/logout").status_code in (302, 303)
    assert first.get("/").status_code == 302


def test_log_in_throttle_counted_on_one_server_refuses_on_the_other(app, second_app, world: World):
    first, second = app.test_client(), second_app.test_client()
    limit = app.config["BIMTEK_LOGIN_MAX_FAILURES_PER_ACCOUNT"]
    for _ in range(limit):
        response = first.post("/login", data={"username": world.pantarlih.username, "password": "salah-sandi"})
        assert response.status_code in (200, 422)
    refused = second.post("/login", data={"username": world.pantarlih.username, "password": PASSWORD})
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan" in refused.get_data(as_text=True)


def test_verify_rate_limit_is_shared_by_both_servers(app, second_app, world: World):
    app.config["BIMTEK_VERIFY_MIN_SECONDS"] = second_app.config["BIMTEK_VERIFY_MIN_SECONDS"] = 0
    limit = app.config["BIMTEK_VERIFY_PER_MINUTE"]
    code = codes.display(codes.new_code())
    clients = [app.test_client(), second_app.test_client()]
    statuses = [clients[index % 2].get(f"/v/{code}").status_code for index in range(limit)]
    assert set(statuses) == {404}
    assert clients[0].get(f"/v/{code}").status_code == 429
    assert clients[1].get(f"/v/{code}").status_code == 429


def test_file_uploaded_through_one_server_is_served_by_the_other(app, second_app, world: World):
    first, second = app.test_client(), second_app.test_client()
    for client in (first, second):
        assert client.post("/login", data={"username": world.operator.username, "password": PASSWORD}).status_code == 302
    png = io.BytesIO()
    Image.new("RGBA", (800, 300), (0, 0, 120, 255)).save(png, format="PNG")
    response = first.post("/sertifikat/pengaturan", data={
        "number_format": "{nomor}/KPU-BU/{tahun}", "signatory_name": "Drs. Ahmad Fauzi",
        "signatory_title": "Ketua KPU Kabupaten Bengkulu Utara", "signature": (io.BytesIO(png.getvalue()), "ttd.png"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    image = second.get("/sertifikat/pengaturan/tanda-tangan")
    assert image.status_code == 200 and image.data.startswith(b"\x89PNG")


def test_certificate_pdf_rendered_by_one_server_is_served_by_the_other(app, second_app, certificates, world, monkeypatch):
    valid = certificates["valid"]
    first, second = app.test_client(), second_app.test_client()
    for client in (first, second):
        assert client.post("/login", data={"username": world.pantarlih.username, "password": PASSWORD}).status_code == 302
    rendered = first.get(f"/sertifikat/{codes.display(valid.code)}.pdf")
    assert rendered.status_code == 200 and rendered.data.startswith(b"%PDF")

    def no_rendering(values):
        raise AssertionError("the second server rendered again instead of serving the stored PDF")

    monkeypatch.setattr(printing, "render_one", no_rendering)
    served = second.get(f"/sertifikat/{codes.display(valid.code)}.pdf")
    assert served.status_code == 200 and served.data == rendered.data


def test_production_start_without_secret_key_fails_clearly(app, tmp_path):
    with pytest.raises(RuntimeError) as refused:
        create_app(ProductionConfig, SECRET_KEY=None, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"])
    assert "SECRET_KEY" in str(refused.value) and "SECRET_KEY belum diatur" in str(refused.value)


def test_postgresql_pool_and_statement_timeout_settings():
    config = {**{key: getattr(TestingConfig, key) for key in dir(TestingConfig) if key.isupper()},
              "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://bimtek@db.example/bimtek",
              "BIMTEK_DB_POOL_SIZE": 4, "BIMTEK_DB_MAX_OVERFLOW": 2, "BIMTEK_STATEMENT_TIMEOUT_MS": 15000}
    options = engine_options(config)
    assert options["pool_size"] == 4 and options["max_overflow"] == 2
    assert options["pool_pre_ping"] is True and options["pool_recycle"] == 1800
    assert options["connect_args"]["options"] == "-c statement_timeout=15000 -c plan_cache_mode=force_custom_plan"
    assert engine_options(config, command_line=True)["connect_args"]["options"] == (
        "-c statement_timeout=0 -c plan_cache_mode=force_custom_plan")
    sqlite = engine_options({**config, "SQLALCHEMY_DATABASE_URI": "sqlite:///x.db"})
    assert "connect_args" not in sqlite and "pool_size" not in sqlite


def test_statement_timeout_reaches_postgresql(app, database_url):
    if not database_url.startswith("postgresql"):
        # SQLite has no statement timeout or server pool: nothing PostgreSQL-only reaches it.
        assert "connect_args" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
        return
    assert db.session.execute(text("SHOW statement_timeout")).scalar() == "15s"
    with click.Context(click.Command("x")):
        command_line = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with command_line.app_context():
        assert db.session.execute(text("SHOW statement_timeout")).scalar() == "0"
        db.session.remove()
        db.engine.dispose()
