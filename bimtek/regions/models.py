"""The region tree, keyed by Kemendagri code."""

from __future__ import annotations

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bimtek import clock
from bimtek.db import str_enum
from bimtek.extensions import db
from bimtek.region_codes import LEVEL_BY_DEPTH, RegionLevel, ancestor_at, level_of, parent_of

__all__ = ["LEVEL_BY_DEPTH", "Region", "RegionLevel", "ancestor_at", "level_of", "parent_of"]


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
