"""Who may list, correct and reset officers; `register()` plugs these rules and none else into the scope."""

from __future__ import annotations

from bimtek.roles import Role
from bimtek.scope import Level, Scope, register_rule


def may_list_officers(scope: Scope) -> bool:
    """Everyone with an area (not Pantarlih, who see only themselves) lists the officers in it."""
    return scope.level is not Level.SELF


def is_operator(scope: Scope) -> bool:
    """KPU operators (and the admin) import officer lists and correct officers' data."""
    return scope.has_role(Role.OPERATOR_KPU)


def register() -> None:
    """Register the officer rules with the scope."""
    register_rule("officers.list", allows=may_list_officers)
    register_rule("officers.operate", allows=is_operator)
