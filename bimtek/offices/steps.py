"""Menu link to the office settings for the kabupaten's KPU operator and the admin."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from bimtek.navigation import MenuItem, provides_menu
from bimtek.offices.access import own_kabupaten
from bimtek.scope import Scope


@provides_menu
def office_menu(scope: Scope):
    if own_kabupaten(scope) or scope.is_admin:
        yield MenuItem(_("Pengaturan kabupaten"), url_for("offices.settings"), 90)
