"""An attempt's questions as shown: snapshots, option orders and per-attempt answer keys.

The page posts keys that mean something only within one attempt (a, b, c in the shuffled
order), so the HTML never reveals which original answer an option is.
"""

from __future__ import annotations

import random
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup, escape

from bimtek.quizzes.questions import BLANK, Form, Question, get_type

KEYS = string.ascii_lowercase
_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False})


class InvalidAnswer(ValueError):
    """The posted answer names an option the question does not have."""


def render_text(question: Question) -> Markup:
    """Render a question's text as safe HTML, the mid-sentence blank shown as a gap."""
    text = question.text
    if question.text_format == "markdown":
        html = nh3.clean(_markdown.render(text))
    elif question.text_format == "html":
        html = nh3.clean(text)
    else:
        html = "<p>" + str(escape(text)).replace("\n", "<br>") + "</p>"
    return Markup(html.replace(BLANK, '<span class="blank" aria-label="isian">_____</span>'))


@dataclass(frozen=True)
class Choice:
    """An option as posted and shown: a per-attempt key and its text."""

    key: str
    text: str


def draw_order(question: Question, rng: random.Random, shuffle: bool) -> list[Any]:
    """Return how the options of a question are laid out in one attempt."""
    if question.kind in ("single", "multi"):
        order = list(range(len(question.answers)))
    elif question.kind == "matching":
        order = sorted(dict.fromkeys(pair.right for pair in question.pairs), key=str.casefold)
    else:
        return []
    if shuffle:
        rng.shuffle(order)
    return order


class ShownQuestion:
    """One question of an attempt: its snapshot, its position and its option order."""

    def __init__(self, position: int, question_id: int | None, snapshot: Mapping[str, Any], order: Sequence[Any]):
        self.position = position
        self.question_id = question_id
        self.question = Question.from_dict(snapshot)
        self.order = list(order)

    @property
    def kind(self) -> str:
        return self.question.kind

    @cached_property
    def html(self) -> Markup:
        return render_text(self.question)

    @cached_property
    def choices(self) -> list[Choice]:
        """Return the options in this attempt's order (single, multi, true/false)."""
        if self.kind in ("single", "multi"):
            return [Choice(KEYS[shown], self.question.answers[index].text) for shown, index in enumerate(self.order)]
        if self.kind == "truefalse":
            return [Choice("true", "Benar"), Choice("false", "Salah")]
        return []

    @cached_property
    def match_rows(self) -> list[tuple[str, str]]:
        """Return (field name, left item) for each row of a matching question."""
        return [(f"match-{index}", pair.left) for index, pair in enumerate(self.question.pairs)]

    @cached_property
    def match_choices(self) -> list[str]:
        return [str(right) for right in self.order]

    @cached_property
    def _original(self) -> dict[str, str]:
        """Map per-attempt keys to the original answer positions the grader knows."""
        return {KEYS[shown]: str(index) for shown, index in enumerate(self.order)}

    @cached_property
    def _shown(self) -> dict[str, str]:
        return {original: key for key, original in self._original.items()}

    def read(self, form: Form) -> Any:
        """Turn a posted form into the stored response; raise InvalidAnswer for unknown options."""
        kind = self.kind
        getlist = getattr(form, "getlist", None)
        values = getlist("answer") if callable(getlist) else [v for v in [form.get("answer")] if v is not None]
        if kind in ("single", "multi"):
            unknown = [value for value in values if value not in self._original]
            if unknown or (kind == "single" and len(values) > 1):
                raise InvalidAnswer(kind)
            originals = [self._original[value] for value in values]
            if kind == "single":
                return originals[0] if originals else None
            return sorted(set(originals), key=int)
        if kind == "truefalse":
            if values and values[0] not in ("true", "false"):
                raise InvalidAnswer(kind)
            return get_type(kind).parse_response(self.question, form)
        if kind == "matching":
            rights = set(self.match_choices)
            response = {}
            for index, (field_name, _left) in enumerate(self.match_rows):
                value = form.get(field_name) or ""
                if value and value not in rights:
                    raise InvalidAnswer(kind)
                if value:
                    response[str(index)] = value
            return response
        # Short and numerical answers are kept as typed, so the page can show them back.
        return (values[0] if values else "").strip()[:500]

    def shown_value(self, response: Any) -> Any:
        """Return what the form should show for a stored response (keys, text, or a mapping)."""
        if response is None:
            return None
        if self.kind == "single":
            return self._shown.get(str(response))
        if self.kind == "multi":
            return {self._shown[key] for key in response if key in self._shown}
        if self.kind == "truefalse":
            return "true" if response else "false"
        return response

    def answered(self, response: Any) -> bool:
        return response not in (None, "", [], {})

    def grade(self, response: Any):
        """Grade a stored response against the snapshot."""
        return get_type(self.kind).grade(self.question, response)

    def answer_text(self, response: Any) -> str:
        """Write a stored response for the review and the reports."""
        if not self.answered(response):
            return "—"
        question = self.question
        if self.kind == "single":
            return question.answers[int(response)].text
        if self.kind == "multi":
            return "; ".join(question.answers[int(key)].text for key in response)
        if self.kind == "truefalse":
            return "Benar" if response else "Salah"
        if self.kind == "matching":
            return "; ".join(
                f"{pair.left} → {response.get(str(index), '—')}" for index, pair in enumerate(question.pairs)
            )
        return str(response)

    def key_text(self) -> str:
        """Write the correct answer for the review (never for the question page)."""
        question = self.question
        if self.kind == "single":
            best = max(question.answers, key=lambda answer: answer.fraction)
            return best.text
        if self.kind == "multi":
            return "; ".join(answer.text for answer in question.answers if answer.fraction > 0)
        if self.kind == "truefalse":
            return "Benar" if question.truth else "Salah"
        if self.kind == "short":
            return " / ".join(answer.text for answer in question.answers if answer.fraction >= 0.999)
        if self.kind == "matching":
            return "; ".join(f"{pair.left} → {pair.right}" for pair in question.pairs)
        parts = []
        for answer in question.numeric:
            if answer.fraction < 0.999:
                continue
            if answer.is_range:
                parts.append(f"{_number(answer.low)} sampai {_number(answer.high)}")
            elif answer.tolerance:
                parts.append(f"{_number(answer.value)} ± {_number(answer.tolerance)}")
            else:
                parts.append(_number(answer.value))
        return " / ".join(parts)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", ",")


class AttemptPlan:
    """Every question of one attempt, built once from its stored snapshot and then reused."""

    def __init__(self, questions: Sequence[Mapping[str, Any]]):
        self.questions = [
            ShownQuestion(position, item.get("question_id"), item["snapshot"], item.get("order", []))
            for position, item in enumerate(questions, start=1)
        ]

    def __len__(self) -> int:
        return len(self.questions)

    def at(self, position: int) -> ShownQuestion | None:
        """Return the question at a 1-based position, or None when out of range."""
        if 1 <= position <= len(self.questions):
            return self.questions[position - 1]
        return None
