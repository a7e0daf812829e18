"""The menu link to "Tugas saya" for those who start long work (imports, bulk prints, long downloads)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from bimtek.navigation import MenuItem, provides_menu
from bimtek.roles import Role
from bimtek.scope import Scope


@provides_menu
def jobs_menu(scope: Scope):
    if scope.is_admin or scope.has_role(Role.OPERATOR_KPU, Role.PPK):
        yield MenuItem(_("Tugas saya"), url_for("jobs.index"), 88)
