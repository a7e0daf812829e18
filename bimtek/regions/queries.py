"""Finding regions by what people type: a Kemendagri code or part of a name ("bengkulu utara")."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from bimtek.extensions import db
from bimtek.region_codes import RegionLevel, region_clause
from bimtek.regions.models import Region

CODE = re.compile(r"^[0-9]{2}(\.[0-9]{2}(\.[0-9]{2}(\.[0-9]{4})?)?)?$")
# Words people add to a name that the stored names carry only for kabupaten ("Kabupaten Bengkulu Utara").
_LEVEL_WORDS = {"kabupaten", "kab", "kab.", "kota", "kecamatan", "kec", "kec.", "desa", "kelurahan", "kel", "kel.",
                "provinsi", "prov", "prov."}


def looks_like_code(term: str) -> bool:
    """Say whether the text is a whole Kemendagri region code (ASCII digits and dots only)."""
    return bool(CODE.match(term.strip()))


def _levels(level: RegionLevel | tuple[RegionLevel, ...] | None) -> tuple[RegionLevel, ...]:
    return () if level is None else (level,) if isinstance(level, RegionLevel) else tuple(level)


def search_regions(term: str, *, level: RegionLevel | tuple[RegionLevel, ...] | None = None, within: str = "",
                   limit: int = 20) -> list[Region]:
    """Return the regions whose code starts with the text or whose name holds every word of it, shortest code first."""
    text = " ".join(term.split())[:100]
    if not text:
        return []
    query = select(Region).where(region_clause(Region.code, within))
    if level is not None:
        query = query.where(Region.level.in_(_levels(level)))
    if re.fullmatch(r"[0-9.]+", text):
        query = query.where(Region.code.startswith(text, autoescape=True))
    else:
        words = [word for word in text.lower().split() if word not in _LEVEL_WORDS] or text.lower().split()
        for word in words:
            query = query.where(func.lower(Region.name).contains(word, autoescape=True))
    return list(db.session.scalars(query.order_by(func.length(Region.code), Region.name).limit(limit)))


def find_region(term: str, *, level: RegionLevel | tuple[RegionLevel, ...] | None = None,
                within: str = "") -> tuple[Region | None, list[Region]]:
    """Return the one region the text names (by code or name) and, when it names several, the candidates."""
    text = term.strip()
    if looks_like_code(text):
        region = db.session.get(Region, text)
        fits = region is not None and (level is None or region.level in _levels(level)) and (
            within == "" or region.code == within or region.code.startswith(within + "."))
        return (region, []) if fits else (None, [])
    found = search_regions(text, level=level, within=within, limit=11)
    exact = [region for region in found if _bare(region.name) == _bare(text)]
    if len(exact) == 1:
        return exact[0], []
    if len(found) == 1:
        return found[0], []
    return None, found


def _bare(name: str) -> str:
    return " ".join(word for word in name.lower().split() if word not in _LEVEL_WORDS)
