"""Time: stored in UTC, shown in the region's zone the Indonesian way."""

from datetime import UTC, datetime, timedelta

import pytest

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.extensions import db


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("17.03.06.2001", "Senin, 24 Juni 2024 pukul 08.00 WIB"),
        ("51.71", "Senin, 24 Juni 2024 pukul 09.00 WITA"),
        ("91.01.01", "Senin, 24 Juni 2024 pukul 10.00 WIT"),
        ("64", "Senin, 24 Juni 2024 pukul 09.00 WITA"),
        ("61.01", "Senin, 24 Juni 2024 pukul 08.00 WIB"),
    ],
)
def test_moment_written_in_local_zone(region, expected):
    moment = datetime(2024, 6, 24, 1, 0, tzinfo=UTC)
    assert clock.format_moment(moment, clock.zone_for_region(region)) == expected


def test_frozen_clock_controls_now(frozen_clock):
    assert clock.now() == frozen_clock
    clock.advance(timedelta(minutes=5))
    assert clock.now() == frozen_clock + timedelta(minutes=5)
    assert clock.today("WIB").isoformat() == "2024-06-24"


def test_timestamps_come_back_timezone_aware_in_utc(app, frozen_clock):
    db.session.add(AuditEvent(action="test", at=datetime(2024, 6, 24, 8, 0, tzinfo=clock.ZONES["WIB"])))
    db.session.commit()
    db.session.expire_all()
    event = db.session.query(AuditEvent).one()
    assert event.at.tzinfo is not None
    assert event.at == datetime(2024, 6, 24, 1, 0, tzinfo=UTC)


def test_naive_datetime_is_refused(app):
    db.session.add(AuditEvent(action="test", at=datetime(2024, 6, 24, 8, 0)))
    with pytest.raises(Exception, match="naive"):
        db.session.flush()
    db.session.rollback()
