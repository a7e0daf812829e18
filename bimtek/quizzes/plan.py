"""An attempt's questions as shown: snapshots and option orders, each shown by its question type.

The page posts keys that mean something only within one attempt (a, b, c in the shuffled
order), so the HTML never reveals which original answer an option is.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

from markupsafe import Markup

from bimtek.quizzes.questions import BLANK, Form, InvalidAnswer, Question, QuestionType, Score
from bimtek.quizzes.text import render

__all__ = ["AttemptPlan", "InvalidAnswer", "ShownQuestion", "draw_order", "render_text"]


def render_text(question: Question) -> Markup:
    """Render a question's text as safe HTML, the mid-sentence blank shown as a gap."""
    html = render(question.text, question.text_format, block=True)
    return Markup(html.replace(BLANK, '<span class="blank" aria-label="isian">_____</span>'))


def draw_order(question: Question, rng: random.Random, shuffle: bool) -> list[Any]:
    """Return how the options of a question are laid out in one attempt."""
    return question.qtype.draw(question, rng, shuffle)


class ShownQuestion:
    """One question of an attempt: its snapshot, its position and its option order, shown by its type."""

    def __init__(self, position: int, question_id: int | None, snapshot: Mapping[str, Any], order: Sequence[Any]):
        self.position = position
        self.question_id = question_id
        self.question = Question.from_dict(snapshot)
        self.order = list(order)

    @property
    def kind(self) -> str:
        return self.question.kind

    @property
    def qtype(self) -> type[QuestionType]:
        return self.question.qtype

    @property
    def template(self) -> str:
        """Return the partial that shows this question's answer controls."""
        return self.qtype.template

    @cached_property
    def html(self) -> Markup:
        return render_text(self.question)

    @cached_property
    def options(self) -> list[Any]:
        """Return what the page offers, in this attempt's order (choices, or rows to match)."""
        return self.qtype.options(self.question, self.order)

    def read(self, form: Form) -> Any:
        """Turn a posted form into the stored response; raise InvalidAnswer for unknown options."""
        return self.qtype.parse_response(self.question, form, self.order)

    def shown_value(self, response: Any) -> Any:
        """Return what the form should show for a stored response."""
        return self.qtype.form_value(self.question, response, self.order)

    def posted_value(self, form: Form) -> Any:
        """Return what the form should show for a post that could not be saved."""
        return self.qtype.posted_value(self.question, form, self.order)

    @staticmethod
    def answered(response: Any) -> bool:
        return response not in (None, "", [], {})

    def grade(self, response: Any) -> Score:
        """Grade a stored response against the snapshot."""
        return self.qtype.grade(self.question, response)

    def answer_text(self, response: Any) -> Markup:
        """Write a stored response for the review."""
        if not self.answered(response):
            return Markup("—")
        return self.qtype.answer_text(self.question, response)

    def key_text(self) -> Markup:
        """Write the correct answer for the review (never for the question page)."""
        return self.qtype.key_text(self.question)

    @cached_property
    def explanation(self) -> Markup:
        """Return the general feedback as safe HTML (empty when there is none)."""
        question = self.question
        return question.rich(question.explanation, question.explanation_format) if question.explanation else Markup("")


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
