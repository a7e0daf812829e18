"""Who may manage elections and adjust stage dates; `register()` plugs the rules into the scope."""

from __future__ import annotations

from bimtek.region_codes import RegionLevel
from bimtek.roles import Role
from bimtek.scope import Scope, register_rule


def may_manage_elections(scope: Scope) -> bool:
    return scope.is_admin


def schedule_assignment(scope: Scope):
    """Return the KPU operator assignment of a kabupaten/kota through which the user sets stage dates, if any."""
    return next(
        (a for a in scope.assignments if a.role is Role.OPERATOR_KPU and a.region.level is RegionLevel.KABUPATEN),
        None,
    )


def may_adjust_schedule(scope: Scope) -> bool:
    return scope.election_id is not None and schedule_assignment(scope) is not None


def register() -> None:
    """Register the election rules with the scope."""
    register_rule("elections.manage", allows=may_manage_elections)
    register_rule("elections.schedule", allows=may_adjust_schedule)
