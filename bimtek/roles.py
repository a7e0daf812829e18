"""The role vocabulary every part of the app shares: roles, positions and the tables of who does what.

Every feature reads its role tables from here, so there is one answer to "who ranks above whom",
"who manages whom", "who trains whom" and "who records attendance".
"""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l

from bimtek.region_codes import RegionLevel


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


# Highest first: a user's scope follows their highest role in the election.
ROLE_RANK = (Role.ADMIN, Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH)
# The region level each officer role is appointed at.
REGION_LEVEL = {
    Role.OPERATOR_KPU: RegionLevel.KABUPATEN,
    Role.PPK: RegionLevel.KECAMATAN,
    Role.PPS: RegionLevel.DESA,
    Role.SEKRETARIAT_PPS: RegionLevel.DESA,
    Role.PANTARLIH: RegionLevel.DESA,
}
# How high in the training cascade a role sits: a trainer must sit strictly above every participant.
CASCADE_TIER = {Role.OPERATOR_KPU: 1, Role.PPK: 2, Role.PPS: 3, Role.SEKRETARIAT_PPS: 3, Role.PANTARLIH: 4}
# Whom each role is responsible for (password resets, corrections).
MANAGES = {
    Role.OPERATOR_KPU: frozenset({Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH}),
    Role.PPK: frozenset({Role.PPS, Role.SEKRETARIAT_PPS}),
    Role.PPS: frozenset({Role.PANTARLIH}),
}
# Who each organiser may invite to a bimtek, and whom the form ticks by default.
INVITES = {
    Role.OPERATOR_KPU: (Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
    Role.PPK: (Role.PPS, Role.SEKRETARIAT_PPS, Role.PANTARLIH),
    Role.PPS: (Role.PANTARLIH,),
}
DEFAULT_AUDIENCE = {
    Role.OPERATOR_KPU: (Role.PPK,),
    Role.PPK: (Role.PPS, Role.SEKRETARIAT_PPS),
    Role.PPS: (Role.PANTARLIH,),
}
# The roles trained in the cascade (everyone an operator may invite), in cascade order.
TRAINEES = INVITES[Role.OPERATOR_KPU]
# Officers who stand in front of a bimtek as trainers (secretariat and operators record, they do not train).
TRAINERS = (Role.PPK, Role.PPS)
# Roles that may record attendance and file paperwork for sessions in their area.
RECORDERS = (Role.OPERATOR_KPU, Role.PPK, Role.PPS, Role.SEKRETARIAT_PPS)
# Roles that train others and so see the people below them: quiz reports, the cascade view.
TRAINERS_OF_OTHERS = (Role.ADMIN, Role.OPERATOR_KPU, Role.PPK, Role.PPS)
CASCADE_VIEWERS = (Role.OPERATOR_KPU, Role.PPK, Role.PPS)
# Roles that may read every course, not only those meant for their own role.
READ_ALL_COURSES = (Role.ADMIN, Role.OPERATOR_KPU, Role.PPK)
