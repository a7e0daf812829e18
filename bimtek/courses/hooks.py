"""Registries through which higher features plug their own files into a course folder's check and sync.

A course folder may hold more than lessons (practice cases, for instance). The feature that owns
such files registers a checker, a syncer and a counter here; courses calls them without importing it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

# checker(folder, course_yaml_data, key_line) -> ["path:line: message", ...]
ContentChecker = Callable[[Path, Mapping[str, Any], Callable[[str], int]], list[str]]
# syncer(course_row, folder) -> a summary fragment such as "32 kasus (2 baru)", or "" for nothing to say
ContentSyncer = Callable[[Any, Path], str]
# counter(folders) -> a fragment for `content check`'s closing line, such as "32 kasus latihan"
ContentCounter = Callable[[list[Path]], str]

_CHECKERS: list[ContentChecker] = []
_SYNCERS: list[ContentSyncer] = []
_COUNTERS: list[ContentCounter] = []
# Keys a feature adds under `completion:` in course.yaml (validated by that feature's checker).
COMPLETION_KEYS: set[str] = set()


def register_content_checker(checker: ContentChecker) -> ContentChecker:
    """Have `content check` and `content sync` run this checker on every course folder."""
    if checker not in _CHECKERS:
        _CHECKERS.append(checker)
    return checker


def register_content_syncer(syncer: ContentSyncer) -> ContentSyncer:
    """Have `content sync` call this after a course's lessons are loaded."""
    if syncer not in _SYNCERS:
        _SYNCERS.append(syncer)
    return syncer


def register_content_counter(counter: ContentCounter) -> ContentCounter:
    """Have `content check` mention what this feature found in its closing line."""
    if counter not in _COUNTERS:
        _COUNTERS.append(counter)
    return counter


def register_completion_key(key: str) -> None:
    """Allow `completion.<key>` in course.yaml; the registering feature checks its value."""
    COMPLETION_KEYS.add(key)


def content_checkers() -> tuple[ContentChecker, ...]:
    return tuple(_CHECKERS)


def content_syncers() -> tuple[ContentSyncer, ...]:
    return tuple(_SYNCERS)


def content_counters() -> tuple[ContentCounter, ...]:
    return tuple(_COUNTERS)
