"""What to do next and where to go: the registry features put their home-page cards and menu links into.

A feature registers providers in its `steps.py` (listed in create_app's STEP_MODULES):
`@provides_steps` / `@provides_menu` on a function taking the user's `Scope` and yielding
`Step` / `MenuItem`. This module sits below every feature, so it knows no feature.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    title: str
    text: str
    url: str
    label: str
    priority: int = 50  # lower shows first


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int = 50


# Providers are called with the user's bimtek.scope.Scope (typed loosely: the scope sits above this module).
StepProvider = Callable[[Any], Iterable[Step]]
MenuProvider = Callable[[Any], Iterable[MenuItem]]
STEP_PROVIDERS: list[StepProvider] = []
MENU_PROVIDERS: list[MenuProvider] = []


def provides_steps(provider: StepProvider) -> StepProvider:
    """Register a function that returns the home-page steps for a scope."""
    STEP_PROVIDERS.append(provider)
    return provider


def provides_menu(provider: MenuProvider) -> MenuProvider:
    """Register a function that returns main-menu links for a scope."""
    MENU_PROVIDERS.append(provider)
    return provider


def steps_for(scope: Any) -> list[Step]:
    """Collect every feature's steps for the scope, most urgent first."""
    return sorted((step for provider in STEP_PROVIDERS for step in provider(scope)), key=lambda s: s.priority)


def menu_for(scope: Any) -> list[MenuItem]:
    """Collect every feature's menu links for the scope, in order."""
    return sorted((item for provider in MENU_PROVIDERS for item in provider(scope)), key=lambda i: i.order)
