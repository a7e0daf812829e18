"""Quiz questions as frozen data, and the registry of question types that show and grade them."""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

BLANK = "_____"
TEXT_FORMATS = ("plain", "markdown", "html")
# Floating-point sums of weights such as 3 x 33.33333% must still count as full marks.
FULL_MARKS = 0.999

Form = Mapping[str, Any]


@dataclass(frozen=True)
class Answer:
    """A choice or accepted short answer with its share of the marks."""

    text: str
    fraction: float  # -1.0 .. 1.0, 1.0 being 100%
    feedback: str = ""

    def __post_init__(self) -> None:
        if not -1.0 <= self.fraction <= 1.0:
            raise ValueError(f"fraction {self.fraction} is outside -1..1")


@dataclass(frozen=True)
class MatchPair:
    """One item of a matching question and the item it belongs with."""

    left: str
    right: str


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: a value with a tolerance, or a low..high range."""

    value: float
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    fraction: float = 1.0
    feedback: str = ""

    def __post_init__(self) -> None:
        if not -1.0 <= self.fraction <= 1.0:
            raise ValueError(f"fraction {self.fraction} is outside -1..1")
        if (self.low is None) != (self.high is None):
            raise ValueError("low and high must be given together")

    @property
    def is_range(self) -> bool:
        """Tell whether the answer was written as low..high."""
        return self.low is not None

    def accepts(self, number: float) -> bool:
        """Tell whether the number falls within this answer."""
        if self.low is not None and self.high is not None:
            return self.low <= number <= self.high
        return abs(number - self.value) <= self.tolerance


@dataclass(frozen=True)
class Question:
    """One quiz question of any kind, independent of where it is stored."""

    name: str
    kind: str
    text: str
    text_format: str = "plain"
    answers: tuple[Answer, ...] = ()
    pairs: tuple[MatchPair, ...] = ()
    numeric: tuple[NumericAnswer, ...] = ()
    truth: bool | None = None
    true_feedback: str = ""
    false_feedback: str = ""
    explanation: str = ""
    category: str = ""
    line: int = 0
    # True when the answer block sits mid-sentence; `text` then holds BLANK where it goes.
    blank: bool = False

    def __post_init__(self) -> None:
        if self.kind not in QUESTION_TYPES:
            raise ValueError(f"unknown question kind {self.kind!r}")
        if self.text_format not in TEXT_FORMATS:
            raise ValueError(f"unknown text format {self.text_format!r}")
        if self.blank and BLANK not in self.text:
            raise ValueError(f"a blank question needs {BLANK!r} in its text")

    def to_dict(self) -> dict[str, Any]:
        """Return the question as JSON-safe data, e.g. to snapshot it into an attempt."""
        return {
            "name": self.name,
            "kind": self.kind,
            "text": self.text,
            "text_format": self.text_format,
            "answers": [
                {"text": a.text, "fraction": a.fraction, "feedback": a.feedback}
                for a in self.answers
            ],
            "pairs": [{"left": p.left, "right": p.right} for p in self.pairs],
            "numeric": [
                {
                    "value": n.value,
                    "tolerance": n.tolerance,
                    "low": n.low,
                    "high": n.high,
                    "fraction": n.fraction,
                    "feedback": n.feedback,
                }
                for n in self.numeric
            ],
            "truth": self.truth,
            "true_feedback": self.true_feedback,
            "false_feedback": self.false_feedback,
            "explanation": self.explanation,
            "category": self.category,
            "line": self.line,
            "blank": self.blank,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Question:
        """Rebuild a question from `to_dict` data."""
        return cls(
            name=data["name"],
            kind=data["kind"],
            text=data["text"],
            text_format=data.get("text_format", "plain"),
            answers=tuple(Answer(**a) for a in data.get("answers", ())),
            pairs=tuple(MatchPair(**p) for p in data.get("pairs", ())),
            numeric=tuple(NumericAnswer(**n) for n in data.get("numeric", ())),
            truth=data.get("truth"),
            true_feedback=data.get("true_feedback", ""),
            false_feedback=data.get("false_feedback", ""),
            explanation=data.get("explanation", ""),
            category=data.get("category", ""),
            line=data.get("line", 0),
            blank=data.get("blank", False),
        )


@dataclass(frozen=True)
class Score:
    """The result of grading one response."""

    points: float  # 0..1
    correct: bool
    feedback: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """A choice shown on the page: the form value to post and the text to show."""

    key: str
    text: str


@dataclass(frozen=True)
class MatchRow:
    """One left-hand item of a matching question with the right-hand items to pick from."""

    field: str
    left: str
    choices: tuple[Option, ...]


def _values(form: Form, name: str) -> list[str]:
    """Return every string posted under the name, whatever kind of mapping holds them."""
    getlist = getattr(form, "getlist", None)
    raw = getlist(name) if callable(getlist) else form.get(name)
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Iterable):
        return [value for value in raw if isinstance(value, str)]
    return []


def _value(form: Form, name: str) -> str:
    """Return the first string posted under the name, or an empty string."""
    values = _values(form, name)
    return values[0] if values else ""


def _normalise(text: str) -> str:
    """Fold case and collapse whitespace so short answers compare leniently."""
    return " ".join(text.split()).casefold()


_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_number(text: str) -> float | None:
    """Read a typed number, accepting the Indonesian comma decimal ("2,5", "1.000,5")."""
    text = text.strip().replace(" ", "")
    if "," in text:
        if text.count(",") > 1:
            return None
        # With a decimal comma, dots can only be thousands separators.
        text = text.replace(".", "").replace(",", ".")
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text)
    return number if math.isfinite(number) else None


def _points(total: float) -> float:
    """Clamp a sum of fractions to the 0..1 range of a score."""
    return min(1.0, max(0.0, total))


def _score(total: float, feedback: Iterable[str]) -> Score:
    """Build a score from a raw sum of fractions and the feedback that applies."""
    points = _points(total)
    return Score(points, points >= FULL_MARKS, tuple(text for text in feedback if text))


class QuestionType:
    """How one kind of question is shown, read back from a form and graded."""

    kind: ClassVar[str]
    label: ClassVar[str]

    @classmethod
    def options(cls, question: Question, rng: random.Random | None = None) -> list[Any]:
        """Return what the page shows to answer the question, never the answer key."""
        return []

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> Any:
        """Read the learner's response from a posted form."""
        raise NotImplementedError

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Grade a response as returned by `parse_response`."""
        raise NotImplementedError


class _Choice(QuestionType):
    """Shared display of questions answered by picking listed answers."""

    @classmethod
    def options(cls, question: Question, rng: random.Random | None = None) -> list[Option]:
        """Return the answers keyed by their original position, shuffled when rng is given."""
        options = [Option(str(index), answer.text) for index, answer in enumerate(question.answers)]
        if rng is not None:
            rng.shuffle(options)
        return options

    @staticmethod
    def _chosen(question: Question, keys: Iterable[Any]) -> list[Answer]:
        """Return the answers behind valid option keys, each at most once."""
        valid = {str(index): answer for index, answer in enumerate(question.answers)}
        seen = dict.fromkeys(key for key in keys if isinstance(key, str) and key in valid)
        return [valid[key] for key in seen]


class SingleChoice(_Choice):
    """Pick exactly one answer."""

    kind = "single"
    label = "Pilihan ganda"

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> str | None:
        """Return the chosen option key, or None."""
        key = _value(form, "answer")
        return key if cls._chosen(question, [key]) else None

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the fraction of the chosen answer."""
        chosen = cls._chosen(question, [response])
        if not chosen:
            return _score(0.0, ())
        return _score(chosen[0].fraction, [chosen[0].feedback])


class MultipleResponse(_Choice):
    """Pick every answer that applies; wrong picks can cost marks."""

    kind = "multi"
    label = "Pilihan ganda kompleks"

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> list[str]:
        """Return the valid chosen option keys in original answer order."""
        chosen = set(_values(form, "answer"))
        return [str(i) for i in range(len(question.answers)) if str(i) in chosen]

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Sum the fractions of the chosen answers, never below zero nor above one."""
        keys = [response] if isinstance(response, str) else response
        chosen = cls._chosen(question, keys if isinstance(keys, Iterable) else ())
        return _score(sum(a.fraction for a in chosen), [a.feedback for a in chosen])


class TrueFalse(QuestionType):
    """Say whether the statement is true."""

    kind = "truefalse"
    label = "Benar/Salah"

    @classmethod
    def options(cls, question: Question, rng: random.Random | None = None) -> list[Option]:
        """Return the two fixed choices."""
        return [Option("true", "Benar"), Option("false", "Salah")]

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> bool | None:
        """Return True, False, or None when nothing valid was posted."""
        return {"true": True, "false": False}.get(_value(form, "answer"))

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give full marks for the right truth value."""
        if not isinstance(response, bool):
            return _score(0.0, ())
        feedback = question.true_feedback if response else question.false_feedback
        return _score(1.0 if response == question.truth else 0.0, [feedback])


class ShortAnswer(QuestionType):
    """Type a word or phrase."""

    kind = "short"
    label = "Isian singkat"

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> str:
        """Return the typed text, stripped."""
        return _value(form, "answer").strip()

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the best fraction among the answers the text matches, ignoring case and spacing."""
        typed = _normalise(response) if isinstance(response, str) else ""
        matches = [a for a in question.answers if typed and _normalise(a.text) == typed]
        if not matches:
            return _score(0.0, ())
        best = max(matches, key=lambda answer: answer.fraction)
        return _score(best.fraction, [best.feedback])


class Matching(QuestionType):
    """Match each left-hand item with its right-hand item."""

    kind = "matching"
    label = "Menjodohkan"

    @classmethod
    def options(cls, question: Question, rng: random.Random | None = None) -> list[MatchRow]:
        """Return a row per left item, each offering all right items sorted or shuffled."""
        rights = sorted(dict.fromkeys(pair.right for pair in question.pairs), key=str.casefold)
        if rng is not None:
            rng.shuffle(rights)
        choices = tuple(Option(right, right) for right in rights)
        return [
            MatchRow(f"match-{index}", pair.left, choices)
            for index, pair in enumerate(question.pairs)
        ]

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> dict[str, str]:
        """Return the chosen right item per pair index (as a string key), for valid picks only."""
        rights = {pair.right for pair in question.pairs}
        response = {}
        for index in range(len(question.pairs)):
            choice = _value(form, f"match-{index}")
            if choice in rights:
                response[str(index)] = choice
        return response

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the share of pairs matched correctly."""
        if not question.pairs or not isinstance(response, Mapping):
            return _score(0.0, ())
        right = sum(
            1 for index, pair in enumerate(question.pairs) if response.get(str(index)) == pair.right
        )
        return _score(right / len(question.pairs), ())


class Numerical(QuestionType):
    """Type a number."""

    kind = "numerical"
    label = "Isian angka"

    @classmethod
    def parse_response(cls, question: Question, form: Form) -> float | None:
        """Return the typed number, or None when it is not one."""
        return parse_number(_value(form, "answer"))

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the best fraction among the answers whose range holds the number."""
        if isinstance(response, str):
            response = parse_number(response)
        if isinstance(response, bool) or not isinstance(response, int | float):
            return _score(0.0, ())
        matches = [n for n in question.numeric if n.accepts(float(response))]
        if not matches:
            return _score(0.0, ())
        best = max(matches, key=lambda answer: answer.fraction)
        return _score(best.fraction, [best.feedback])


QUESTION_TYPES: dict[str, type[QuestionType]] = {
    question_type.kind: question_type
    for question_type in (
        SingleChoice,
        MultipleResponse,
        TrueFalse,
        ShortAnswer,
        Matching,
        Numerical,
    )
}


def get_type(kind: str) -> type[QuestionType]:
    """Return the question type registered for the kind."""
    try:
        return QUESTION_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown question kind {kind!r}") from None


def grade(question: Question, response: Any) -> Score:
    """Grade a response with the question's own type."""
    return get_type(question.kind).grade(question, response)
