"""Sections higher features add to an officer's page (/petugas/<id>), so officers never imports them."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

# Each provider gets the viewer's scope and the person shown, and returns HTML or None.
PersonPanel = Callable[[object, object], Markup | None]
PERSON_PANELS: list[PersonPanel] = []


def provides_person_panel(provider: PersonPanel) -> PersonPanel:
    """Register a function that renders a section of the officer page."""
    PERSON_PANELS.append(provider)
    return provider


def panels_for(scope, person) -> list[Markup]:
    """Collect every registered section for the person, in registration order."""
    return [panel for provider in PERSON_PANELS if (panel := provider(scope, person)) is not None]
