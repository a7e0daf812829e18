"""The region tree, keyed by Kemendagri code."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bimtek import clock
from bimtek.db import str_enum
from bimtek.extensions import db


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


class Region(db.Model):
    __tablename__ = "region"

    code: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    level: Mapped[RegionLevel] = mapped_column(str_enum(RegionLevel, 16), index=True)
    parent_code: Mapped[str | None] = mapped_column(ForeignKey("region.code"), index=True)

    @property
    def zone(self) -> str:
        """Return the region's local time zone abbreviation (WIB, WITA, WIT)."""
        return clock.zone_for_region(self.code)

    @property
    def is_kelurahan(self) -> bool:
        return self.level is RegionLevel.DESA and self.code.rsplit(".", 1)[1].startswith("1")

    @property
    def kind_label(self) -> str:
        """Return the Indonesian name of this region's level."""
        if self.level is RegionLevel.DESA:
            return "Kelurahan" if self.is_kelurahan else "Desa"
        return {
            RegionLevel.PROVINSI: "Provinsi",
            RegionLevel.KABUPATEN: "Kota" if self.name.startswith("Kota") else "Kabupaten",
            RegionLevel.KECAMATAN: "Kecamatan",
        }[self.level]

    @property
    def display_name(self) -> str:
        """Return the name with its level, e.g. 'Kecamatan Enggano' (kabupaten names carry it already)."""
        if self.level is RegionLevel.KABUPATEN:
            return self.name
        return f"{self.kind_label} {self.name}"

    def __repr__(self) -> str:
        return f"<Region {self.code} {self.name}>"
