"""The kabupaten/kota office settings that every printed document reads."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bimtek.db import TimestampMixin, str_enum
from bimtek.extensions import db


class Paper(enum.StrEnum):
    """Paper sizes Indonesian offices print on: A4, and F4 (folio, 215 x 330 mm)."""

    A4 = "a4"
    F4 = "f4"

    @property
    def label(self) -> str:
        return PAPER_LABELS[self]

    @property
    def css_size(self) -> str:
        return PAPER_CSS[self]


PAPER_LABELS = {Paper.A4: "A4 (210 × 297 mm)", Paper.F4: "F4/folio (215 × 330 mm)"}
PAPER_CSS = {Paper.A4: "210mm 297mm", Paper.F4: "215mm 330mm"}


class Office(TimestampMixin, db.Model):
    """A kabupaten/kota KPU office as its documents show it, set by its KPU operator."""

    __tablename__ = "office"

    region_code: Mapped[str] = mapped_column(ForeignKey("region.code"), primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(60), default="")
    email: Mapped[str] = mapped_column(String(120), default="")
    # The Ketua KPU Kabupaten/Kota signs (or acknowledges, "Mengetahui") the kabupaten's paperwork.
    ketua_name: Mapped[str] = mapped_column(String(200), default="")
    paper: Mapped[Paper] = mapped_column(str_enum(Paper, 2), default=Paper.A4)
    # Stored file name under the storage folder (random, so a new upload changes the name); none = default logo.
    logo_file: Mapped[str | None] = mapped_column(String(80))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("person.id", ondelete="SET NULL"))

    def __repr__(self) -> str:
        return f"<Office {self.region_code}>"
