"""A course's quiz rules from course.yaml, with the defaults that apply when a rule is left out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

REVIEW_POLICIES = ("after_each", "after_pass", "never")
# A retry must never stop an officer from starting coklit the same day.
DEFAULT_WAIT_MINUTES = 5
DEFAULT_QUESTIONS = 10
DEFAULT_PASS_MARK = 70.0


@dataclass(frozen=True)
class QuizRules:
    """How a course's quiz is drawn, timed, passed and reviewed."""

    questions: int = DEFAULT_QUESTIONS
    per_category: dict[str, int] = field(default_factory=dict)
    shuffle_options: bool = True
    pass_mark: float = DEFAULT_PASS_MARK
    max_attempts: int | None = None
    wait_minutes: int = DEFAULT_WAIT_MINUTES
    time_limit_minutes: int | None = None
    review: str = "after_each"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> QuizRules:
        """Read rules as course.yaml writes them, falling back to defaults for anything missing."""
        data = data or {}
        per_category = {str(k): int(v) for k, v in (data.get("per_category") or {}).items()}
        questions = data.get("questions") or sum(per_category.values()) or DEFAULT_QUESTIONS
        review = data.get("review") or "after_each"
        return cls(
            questions=int(questions),
            per_category=per_category,
            shuffle_options=bool(data.get("shuffle_options", True)),
            pass_mark=float(data.get("pass_mark", DEFAULT_PASS_MARK)),
            max_attempts=_optional_int(data.get("max_attempts")),
            wait_minutes=int(data.get("wait_minutes") if data.get("wait_minutes") is not None else DEFAULT_WAIT_MINUTES),
            time_limit_minutes=_optional_int(data.get("time_limit_minutes")),
            review=review if review in REVIEW_POLICIES else "after_each",
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def shows_review(self, passed: bool | None) -> bool:
        """Tell whether the result page may show answers and feedback."""
        return self.review == "after_each" or (self.review == "after_pass" and bool(passed))


def _optional_int(value: Any) -> int | None:
    return None if value in (None, "", 0) else int(value)
