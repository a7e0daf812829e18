"""Fixtures for the production-stack tests: fresh databases to restore into, issued certificates."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url

from bimtek.certificates.models import Certificate
from bimtek.certificates.operations import revoke
from bimtek.config import PROJECT_ROOT
from bimtek.courses.operations import sync_content
from bimtek.extensions import db
from tests.certificates.conftest import grant
from tests.factories import World


def libpq(url: str) -> str:
    """Return a SQLAlchemy URL as a plain libpq address (psycopg, pg_dump)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture
def fresh_database_url(database_url, tmp_path) -> Iterator[str]:
    """Yield the address of a new, empty database of the same kind as the suite's (dropped afterwards)."""
    if not database_url.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    name = f"ops_restore_{secrets.token_hex(4)}"
    server = make_url(database_url)
    admin = libpq(str(server.set(database="postgres")))
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def certificates(world: World) -> dict[str, Certificate]:
    """Issue Prosedur Coklit to two Pantarlih (one revoked afterwards) through the certificates operations."""
    sync_content(PROJECT_ROOT / "course_content")
    db.session.commit()
    from bimtek.courses.models import Course
    from sqlalchemy import select

    coklit = db.session.scalar(select(Course).where(Course.slug == "prosedur-coklit"))
    valid = grant(world.pantarlih, world.election.id, coklit)
    revoked = grant(world.other_pantarlih, world.election.id, coklit)
    revoke(revoked, "Tidak mengikuti bimtek tatap muka", actor_id=world.operator.id)
    db.session.commit()
    return {"valid": valid, "revoked": revoked}
