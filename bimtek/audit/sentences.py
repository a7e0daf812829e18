"""How audit entries read: features register a label and a sentence per action, and resolvers naming their ids.

The audit trail sits below every feature, so it knows none: each feature's `access.register()` calls
`register_action_labels(labels, sentences)` and, for details that hold ids of its own rows,
`register_detail_resolver("session_id", titles_by_id)`. A sentence is a `str.format` template over
`{actor}`, `{subject}`, `{region}`, `{election}` and the event's details (a resolved `x_id` is also `{x}`).
An action without a sentence, or whose details do not fit it, reads as its label with a list of
the details under Indonesian names.
"""

from __future__ import annotations

import re
import string
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select

from bimtek import clock
from bimtek.audit.models import AuditEvent
from bimtek.directory.models import Assignment, Election
from bimtek.extensions import db
from bimtek.regions.models import Region
from bimtek.roles import ROLE_RANK, Role

ACTION_LABELS: dict[str, str] = {}
ACTION_SENTENCES: dict[str, str] = {}
# Names of detail keys for the fallback list; features add theirs.
DETAIL_LABELS: dict[str, str] = {
    "name": "Nama", "title": "Judul", "code": "Kode", "reason": "Alasan", "fields": "Data yang diubah",
    "kind": "Jenis", "status": "Status", "before": "Sebelumnya", "after": "Sesudahnya", "change": "Perubahan",
    "count": "Jumlah", "created": "Baru", "updated": "Diperbarui", "unchanged": "Tidak berubah",
}
# Words for stored tokens that appear as detail values (field names, statuses).
VALUE_LABELS: dict[str, str] = {}
# detail key -> function turning a set of ids (or slugs) into {id: readable name}, called once per page.
RESOLVERS: dict[str, Callable[[set], Mapping]] = {}
# The short title an actor carries in a sentence, by their highest role in the event's election.
ACTOR_TITLES = {
    Role.ADMIN: "Admin", Role.OPERATOR_KPU: "Operator KPU", Role.PPK: "PPK", Role.PPS: "PPS",
    Role.SEKRETARIAT_PPS: "Sekretariat PPS", Role.PANTARLIH: "Pantarlih",
}
EMPTY = "—"
ISO_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True)
class Entry:
    """One audit event as the trail shows it."""

    at: datetime
    sentence: str
    label: str
    details: list[tuple[str, str]]
    region_code: str | None


def register_action_labels(labels: Mapping[str, str], sentences: Mapping[str, str] | None = None) -> None:
    """Add a feature's action labels and, optionally, the sentence each action reads as."""
    ACTION_LABELS.update(labels)
    ACTION_SENTENCES.update(sentences or {})


def register_detail_labels(labels: Mapping[str, str], values: Mapping[str, str] | None = None) -> None:
    """Add Indonesian names for a feature's detail keys and for tokens stored as detail values."""
    DETAIL_LABELS.update(labels)
    VALUE_LABELS.update(values or {})


def register_detail_resolver(key: str, resolve: Callable[[set], Mapping]) -> None:
    """Let a feature name the rows its detail key points at (one call per page, for every id on it)."""
    RESOLVERS[key] = resolve


def action_label(action: str) -> str:
    """Return the Indonesian label of an action token (features add their own through register_action_labels)."""
    return ACTION_LABELS.get(action, action)


def action_choices() -> list[tuple[str, str]]:
    """Return every registered action with its label, by label."""
    return sorted(ACTION_LABELS.items(), key=lambda item: item[1])


def detail_label(key: str) -> str:
    """Return the Indonesian name of a detail key; an unknown key loses its underscores and `_id`."""
    if key in DETAIL_LABELS:
        return DETAIL_LABELS[key]
    return key.removesuffix("_id").replace("_", " ").capitalize()


def describe(events: Iterable[AuditEvent]) -> list[Entry]:
    """Turn events into entries, resolving actors' roles, regions and registered ids in a fixed number of queries."""
    events = list(events)
    titles = _actor_titles(events)
    regions = _region_names({e.region_code for e in events if e.region_code})
    elections = _election_names({e.election_id for e in events if e.election_id})
    resolved = _resolve(events)
    return [_entry(event, titles, regions, elections, resolved) for event in events]


def _entry(event: AuditEvent, titles: Mapping[tuple[int, int | None], str], regions: Mapping[str, str],
           elections: Mapping[int, str], resolved: Mapping[str, Mapping]) -> Entry:
    details = event.details or {}
    actor = EMPTY
    if event.actor is not None:
        title = titles.get((event.actor_id, event.election_id)) or ("Admin" if event.actor.is_admin else "")
        name = event.actor.full_name
        # "Admin Admin Sistem" says the title twice: a name that starts with it carries it already.
        actor = name if not title or name.lower().startswith(title.lower()) else f"{title} {name}"
    values: dict[str, str] = {
        "actor": actor if event.actor is not None else "Sistem",
        "subject": event.subject.full_name if event.subject is not None else EMPTY,
        "region": regions.get(event.region_code, event.region_code) if event.region_code else "semua wilayah",
        "election": elections.get(event.election_id, EMPTY) if event.election_id else EMPTY,
    }
    shown: dict[str, str] = {}
    for key, value in details.items():
        if key in resolved and _resolvable(value):
            name = resolved[key].get(value) or f"{detail_label(key).lower()} yang sudah dihapus"
            shown[key] = shown[key.removesuffix("_id")] = name
        else:
            shown[key] = _readable(value)
    label = action_label(event.action)
    # The event's own actor, subject, region and election win over details that happen to share a name.
    sentence = _fill(ACTION_SENTENCES.get(event.action), {**shown, **values}, event)
    if sentence is not None:
        return Entry(event.at, sentence, label, [], event.region_code)
    listed = [(detail_label(key), shown[key]) for key in details]
    opening = f"{values['actor']}: {label}"
    if event.subject is not None:
        opening += f" ({values['subject']})"
    return Entry(event.at, opening, label, listed, event.region_code)


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


def _fill(template: str | None, values: Mapping[str, str], event: AuditEvent) -> str | None:
    if template is None:
        return None
    # A sentence naming the subject reads wrongly without one: fall back to the list instead.
    if "{subject}" in template and event.subject is None:
        return None
    try:
        return string.Formatter().vformat(template, (), _Strict(values))
    except (KeyError, IndexError, ValueError):
        return None


def _readable(value: Any) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, list | tuple | set):
        return ", ".join(_readable(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{detail_label(str(k))}: {_readable(v)}" for k, v in value.items())
    text = str(value)
    if ISO_DAY.match(text):
        try:
            return clock.format_day(date.fromisoformat(text))
        except ValueError:
            return text
    return VALUE_LABELS.get(text, text)


def _actor_titles(events: list[AuditEvent]) -> dict[tuple[int, int | None], str]:
    pairs = {(e.actor_id, e.election_id) for e in events if e.actor_id is not None and e.election_id is not None}
    if not pairs:
        return {}
    rows = db.session.execute(
        select(Assignment.person_id, Assignment.election_id, Assignment.role).where(
            Assignment.person_id.in_({p for p, _ in pairs}), Assignment.election_id.in_({e for _, e in pairs}))
    ).all()
    best: dict[tuple[int, int | None], Role] = {}
    for person_id, election_id, role in rows:
        key = (person_id, election_id)
        if key not in best or ROLE_RANK.index(role) < ROLE_RANK.index(best[key]):
            best[key] = role
    return {key: ACTOR_TITLES[role] for key, role in best.items()}


def _region_names(codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return {region.code: region.display_name for region in db.session.scalars(select(Region).where(Region.code.in_(codes)))}


def _election_names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(db.session.execute(select(Election.id, Election.name).where(Election.id.in_(ids))).all())


def _resolvable(value: Any) -> bool:
    return isinstance(value, int | str) and not isinstance(value, bool)


def _resolve(events: list[AuditEvent]) -> dict[str, Mapping]:
    wanted: dict[str, set] = defaultdict(set)
    for event in events:
        for key, value in (event.details or {}).items():
            if key in RESOLVERS and _resolvable(value):
                wanted[key].add(value)
    return {key: RESOLVERS[key](ids) for key, ids in wanted.items()}
