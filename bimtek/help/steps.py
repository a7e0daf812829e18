"""The Bantuan link in the main menu and a quiet card at the bottom of the home page."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from bimtek.navigation import MenuItem, Step, provides_menu, provides_steps
from bimtek.scope import Scope


@provides_menu
def help_menu(scope: Scope):
    yield MenuItem(_("Bantuan"), url_for("help.index"), 92)


@provides_steps
def help_steps(scope: Scope):
    yield Step(_("Bantuan"), _("Langkah untuk peran Anda, cara membaca setiap layar, dan siapa yang bisa dihubungi."),
               url_for("help.index"), _("Buka Bantuan"), 99)
