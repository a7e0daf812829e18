"""Where a feature above courses plugs its part of a course in (today: the quiz).

courses never imports quizzes. The quizzes package registers one `QuizPart` here at start-up
(`bimtek/quizzes/course_part.py`, imported by create_app); courses calls it to check a course
folder's question banks, to load them on sync and to know which courses' quizzes a learner passed.
Without a registered part, banks are neither checked nor loaded and no quiz counts as passed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class QuizPart:
    # (course slug, bank paths, checked quiz rules, report(course.yaml key, message)) -> the banks'
    # own `path:line: message` problems; problems of the rules against the banks go through report
    check_banks: Callable[[str, list[Path], dict[str, Any], Callable[[str, str], None]], list[str]]
    # (course, bank paths) -> one summary phrase; raises a Refusal with `.errors` (path:line: message) on bad banks
    sync_banks: Callable[[Any, list[Path]], str]
    # (person id, election id) -> ids of the courses whose quiz the person passed
    passed_course_ids: Callable[[int, int], set[int]]


_quiz_part: list[QuizPart] = []


def register_quiz_part(part: QuizPart) -> None:
    """Install the quiz part of courses (a second registration replaces the first)."""
    _quiz_part[:] = [part]


def quiz_part() -> QuizPart | None:
    """Return the registered quiz part, if any."""
    return _quiz_part[0] if _quiz_part else None
