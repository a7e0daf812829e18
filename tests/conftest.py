"""Shared fixtures: the app on a real database migrated to head, a client, and small factories.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL is set
(.ci/run does both). The schema is built only through the migrations.
"""

from __future__ import annotations

import csv
import io
import os
import re
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import event, inspect, text

from bimtek import clock, create_app
from bimtek.config import TestingConfig
from bimtek.extensions import db as _db
from bimtek.regions.operations import DEFAULT_REGION_FILE, import_regions

# The regions the tests use: Bengkulu Utara, Indragiri Hilir/Concong, Kota Denpasar (WITA), Jayapura (WIT).
TEST_REGION_PREFIXES = ("17", "14", "51", "91")
_TEST_REGION_PATTERN = re.compile(r"^(17(\.03.*)?|14(\.04(\.18.*)?)?|51(\.71.*)?|91(\.01(\.01.*)?)?)$")
KEEP_TABLES = {"region", "alembic_version"}


def test_region_csv() -> str:
    """Return the slice of the shipped region list the tests load."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["kode", "nama"])
    with DEFAULT_REGION_FILE.open(encoding="utf-8") as handle:
        reader = csv.reader(handle)
        next(reader)
        for code, name in reader:
            if _TEST_REGION_PATTERN.match(code):
                writer.writerow([code, name])
    return out.getvalue()


test_region_csv.__test__ = False


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith("postgresql://") else url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'bimtek-test.db'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    return _database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def _migrated(database_url, tmp_path_factory):
    """Build the schema from an empty database through the migrations, once per run."""
    from flask_migrate import upgrade

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        _reset_database()
        upgrade()
        import_regions(test_region_csv())
        _db.session.commit()
    return database_url


def _reset_database() -> None:
    engine = _db.engine
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        else:
            connection.execute(text("PRAGMA foreign_keys=OFF"))
            for table in inspect(connection).get_table_names():
                connection.execute(text(f'DROP TABLE "{table}"'))


def _empty_tables() -> None:
    """Delete every row but the regions, so each test starts clean without re-migrating."""
    engine = _db.engine
    # Only tables the migrations made: a model without its migration fails test_migrations, not every test.
    existing = set(inspect(engine).get_table_names())
    tables = [t for t in reversed(_db.metadata.sorted_tables) if t.name in existing - KEEP_TABLES]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in tables:
                connection.execute(table.delete())


class FreshContextClient(FlaskClient):
    """A test client whose every request gets its own app context, as in production.

    The app fixture keeps an app context pushed for the test's own database work; without
    this, requests would reuse it and share `g` (the logged-in user, the scope) between them.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def app(_migrated, tmp_path):
    app = create_app(
        TestingConfig,
        SQLALCHEMY_DATABASE_URI=_migrated,
        WTF_CSRF_ENABLED=False,
        BIMTEK_UPLOAD_DIR=str(tmp_path / "uploads"),
        BIMTEK_STORAGE_DIR=str(tmp_path / "storage"),
    )
    app.test_client_class = FreshContextClient
    with app.app_context():
        _empty_tables()
        yield app
        _db.session.remove()


@pytest.fixture
def csrf_app(app):
    """The same app with CSRF enforced, for the tests that prove it."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def max_queries(app):
    """Return a context manager that fails when the block runs more SQL statements than the limit.

    Pages that list rows use it with a limit that does not grow with the rows (no N+1 queries).
    """

    @contextmanager
    def limited(limit: int):
        statements: list[str] = []

        def count(_conn, _cursor, statement, *_args):
            statements.append(statement)

        event.listen(_db.engine, "before_cursor_execute", count)
        try:
            yield statements
        finally:
            event.remove(_db.engine, "before_cursor_execute", count)
        assert len(statements) <= limit, f"{len(statements)} queries, at most {limit} allowed:\n" + "\n".join(statements)

    return limited


@pytest.fixture
def frozen_clock():
    """Freeze the clock at Senin, 24 Juni 2024 08.00 WIB (Pilkada 2024's first coklit day)."""
    moment = datetime(2024, 6, 24, 1, 0, tzinfo=UTC)
    with clock.frozen_at(moment):
        yield moment


from tests.factories import *  # noqa: E402,F401,F403 - fixtures and factories for every test module
