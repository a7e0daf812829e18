"""The application's clock and the Indonesian way of writing dates and times."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date

_frozen: datetime | None = None

# Province code -> (zone, abbreviation). Provinces not listed keep WIB.
_WITA_PROVINCES = {"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"}
_WIT_PROVINCES = {"81", "82", "91", "92", "93", "94", "95", "96"}
ZONES = {
    "WIB": ZoneInfo("Asia/Jakarta"),
    "WITA": ZoneInfo("Asia/Makassar"),
    "WIT": ZoneInfo("Asia/Jayapura"),
}


def now() -> datetime:
    """Return the current time, timezone-aware in UTC (tests may freeze it)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today(zone: str = "WIB") -> date:
    """Return today's date in the given Indonesian zone."""
    return now().astimezone(ZONES[zone]).date()


@contextmanager
def frozen_at(moment: datetime) -> Iterator[None]:
    """Freeze now() at the given aware moment for the duration of the block."""
    global _frozen
    previous, _frozen = _frozen, moment.astimezone(UTC)
    try:
        yield
    finally:
        _frozen = previous


def advance(delta: timedelta) -> None:
    """Move a frozen clock forward."""
    global _frozen
    if _frozen is None:
        raise RuntimeError("clock is not frozen")
    _frozen += delta


def zone_for_region(code: str | None) -> str:
    """Return WIB, WITA or WIT for a Kemendagri region code (by its province)."""
    province = (code or "")[:2]
    if province in _WIT_PROVINCES:
        return "WIT"
    if province in _WITA_PROVINCES:
        return "WITA"
    return "WIB"


def local(moment: datetime, zone: str = "WIB") -> datetime:
    """Return the aware moment in the given Indonesian zone."""
    return moment.astimezone(ZONES[zone])


def format_day(day: date) -> str:
    """Write a date the Indonesian way: 'Senin, 24 Juni 2024'."""
    return babel_format_date(day, "EEEE, d MMMM y", locale="id")


def format_moment(moment: datetime, zone: str = "WIB") -> str:
    """Write a moment the Indonesian way: 'Senin, 24 Juni 2024 pukul 08.00 WIB'."""
    there = local(moment, zone)
    return f"{format_day(there.date())} pukul {there:%H.%M} {zone}"
