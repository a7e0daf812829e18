"""Helpers for the bimtek tests: schedule a session straight through the operations."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bimtek import clock
from bimtek.extensions import db
from bimtek.officers.models import Person, Role
from bimtek.scope import scope_for
from bimtek.training.models import TrainingSession
from bimtek.training.operations import SessionDetails, schedule_session
from tests.factories import World


def schedule(world: World, organiser: Person, region: str, *, audience=(Role.PANTARLIH,), trainers=None,
             starts_at: datetime | None = None, hours: float = 3, makeup: bool = False, speakers=(),
             title: str = "Bimtek Pantarlih Talang Jambu") -> TrainingSession:
    """Schedule a session as the organiser (trainer: the organiser) and commit it."""
    start = starts_at or clock.now() - timedelta(hours=1)
    details = SessionDetails(
        title=title, starts_at=start, ends_at=start + timedelta(hours=hours), place="Balai Desa Talang Jambu",
        topics="Prosedur coklit\nPraktik e-Coklit", trainer_ids=[p.id for p in (trainers if trainers is not None else [organiser])],
        speakers=list(speakers), is_makeup=makeup,
    )
    session = schedule_session(scope_for(organiser, world.election), world.election, region, details, list(audience),
                               actor_id=organiser.id)
    db.session.commit()
    return session


@pytest.fixture
def pps_session(world: World) -> TrainingSession:
    """A session of the PPS for the Pantarlih of their desa, started an hour ago."""
    return schedule(world, world.pps, world.pantarlih.assignments[0].region_code)
