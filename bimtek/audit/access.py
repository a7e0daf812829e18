"""Who may read the audit trail; `register()` plugs the rule into the scope."""

from __future__ import annotations

from bimtek.roles import Role
from bimtek.scope import Scope, register_rule


def may_read_trail(scope: Scope) -> bool:
    """KPU operators read the trail of their kabupaten, the admin all of it."""
    return scope.has_role(Role.OPERATOR_KPU)


def register() -> None:
    """Register the audit rule with the scope."""
    register_rule("audit.read", allows=may_read_trail)
