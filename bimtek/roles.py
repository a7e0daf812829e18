"""The role vocabulary every part of the app shares: roles, positions and how the cascade ranks them."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Role(enum.StrEnum):
    """Role tokens shared by every part of the app (content audiences too)."""

    ADMIN = "admin"
    OPERATOR_KPU = "operator_kpu"
    PPK = "ppk"
    PPS = "pps"
    SEKRETARIAT_PPS = "sekretariat_pps"
    PANTARLIH = "pantarlih"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: _l("Admin sistem"),
    Role.OPERATOR_KPU: _l("Operator KPU Kabupaten/Kota"),
    Role.PPK: _l("PPK"),
    Role.PPS: _l("PPS"),
    Role.SEKRETARIAT_PPS: _l("Sekretariat PPS"),
    Role.PANTARLIH: _l("Pantarlih"),
}


class Position(enum.StrEnum):
    KETUA = "ketua"
    ANGGOTA = "anggota"
    SEKRETARIS = "sekretaris"
    STAF = "staf"

    @property
    def label(self) -> str:
        return str(POSITION_LABELS[self])


POSITION_LABELS = {
    Position.KETUA: _l("Ketua"),
    Position.ANGGOTA: _l("Anggota"),
    Position.SEKRETARIS: _l("Sekretaris"),
    Position.STAF: _l("Staf"),
}
