"""Data the benchmarks share: a slice of the region list and a current election (not a bench itself)."""

from __future__ import annotations

import re
from datetime import timedelta


def region_slice() -> str:
    """Return the shipped region list cut to Kabupaten Bengkulu Utara's Kecamatan Kerkap (17.03.06)."""
    from bimtek.regions.operations import DEFAULT_REGION_FILE

    pattern = re.compile(r"^17(\.03(\.06(\.\d{4})?)?)?$")
    lines = DEFAULT_REGION_FILE.read_text(encoding="utf-8").splitlines()
    return "\n".join([lines[0], *(line for line in lines[1:] if pattern.match(line.split(",", 1)[0]))]) + "\n"


def add_current_election():
    """Add a current election whose bimtek window is open today, as the demo's is."""
    from bimtek import clock
    from bimtek.elections.models import Election, ElectionKind
    from bimtek.extensions import db

    today = clock.today()
    election = Election(slug="bench", name="Bench", kind=ElectionKind.PILKADA, is_current=True,
                        bimtek_start=today - timedelta(days=3), bimtek_end=today + timedelta(days=10),
                        coklit_start=today + timedelta(days=14), coklit_end=today + timedelta(days=44),
                        voting_day=today + timedelta(days=120))
    db.session.add(election)
    return election
