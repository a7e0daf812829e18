"""Arithmetic on Kemendagri region codes ("17.03.06.2001"): levels, parents, ancestors, coverage."""

from __future__ import annotations

import enum

from sqlalchemy import ColumnElement, and_, or_, true


class RegionLevel(enum.StrEnum):
    PROVINSI = "provinsi"
    KABUPATEN = "kabupaten"
    KECAMATAN = "kecamatan"
    DESA = "desa"


LEVEL_BY_DEPTH = {1: RegionLevel.PROVINSI, 2: RegionLevel.KABUPATEN, 3: RegionLevel.KECAMATAN, 4: RegionLevel.DESA}


def level_of(code: str) -> RegionLevel:
    """Return the level a Kemendagri code's depth says."""
    return LEVEL_BY_DEPTH[code.count(".") + 1]


def parent_of(code: str) -> str | None:
    """Return the code one level up, or None for a provinsi."""
    return code.rsplit(".", 1)[0] if "." in code else None


def ancestor_at(code: str, level: RegionLevel) -> str:
    """Return the code of the region's ancestor (or itself) at the given level."""
    depth = {v: k for k, v in LEVEL_BY_DEPTH.items()}[level]
    return ".".join(code.split(".")[:depth])


def code_covers(area: str, code: str | None) -> bool:
    """Say whether a region code lies in (or is) the area; '' is the whole country."""
    if code is None:
        return False
    return area == "" or code == area or code.startswith(area + ".")


def region_clause(column: ColumnElement, code: str) -> ColumnElement[bool]:
    """Return a clause matching the region code and every region below it.

    Equality-or-range rather than LIKE, so an index starting (election_id, region_code) is used:
    every code below "14.04" sorts between "14.04." and "14.04/" ("/" follows "." in ASCII).
    """
    if code == "":
        return true()
    return or_(column == code, and_(column >= code + ".", column < code + "/"))
