"""The task registry: features register the long work they hand to jobs, by kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class JobFailed(Exception):
    """A task ends the job as failed; the message (Bahasa Indonesia) is shown on its progress page."""


@dataclass(frozen=True)
class Task:
    kind: str
    run: Callable[[Any], None]
    label: Any
    # The uploaded input is deleted when the job ends (it may hold personal data or passwords).
    keep_input: bool = False


TASKS: dict[str, Task] = {}


def task(kind: str, *, label: Any, keep_input: bool = False) -> Callable:
    """Register the decorated function as the runner of jobs of this kind."""

    def decorator(function: Callable[[Any], None]) -> Callable[[Any], None]:
        TASKS[kind] = Task(kind, function, label, keep_input)
        return function

    return decorator


def task_of(kind: str) -> Task | None:
    return TASKS.get(kind)
