"""The Bantuan pages: the guide for the user's own role first, every role's guide one click away."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import login_required

from bimtek.help.guides import GUIDE_FOR_ROLE, GUIDES, ORDER
from bimtek.help.queries import contacts_for
from bimtek.navigation import menu_for
from bimtek.scope import Scope, current_scope

bp = Blueprint("help", __name__, url_prefix="/bantuan")


def own_guides(scope: Scope) -> list[str]:
    """Return the slugs of the guides for the roles the user holds, highest role first."""
    roles = [scope.role] if scope.is_admin else [a.role for a in scope.assignments]
    slugs = [GUIDE_FOR_ROLE[role] for role in roles if role in GUIDE_FOR_ROLE]
    return sorted(set(slugs), key=ORDER.index, reverse=True)


@bp.route("/")
@login_required
def index():
    scope = current_scope()
    mine = own_guides(scope)
    return render_template("help/index.html", guides=[GUIDES[slug] for slug in ORDER], mine=mine,
                           guide=GUIDES[mine[0]] if mine else None, contacts=contacts_for(scope),
                           menu_urls={item.url for item in menu_for(scope)})


@bp.route("/<peran>")
@login_required
def role(peran: str):
    guide = GUIDES.get(peran) or abort(404)
    scope = current_scope()
    mine = own_guides(scope)
    return render_template("help/role.html", guide=guide, guides=[GUIDES[slug] for slug in ORDER], mine=mine,
                           contacts=contacts_for(scope) if peran in mine else [],
                           menu_urls={item.url for item in menu_for(scope)})
