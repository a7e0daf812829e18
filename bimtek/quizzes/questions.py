"""Quiz questions as frozen data, and the registry of question types that show, read and grade them.

Each question type owns everything that depends on its kind: the option order drawn for an attempt,
the options shown, reading the posted form, grading, writing a response and the answer key for the
review, a sample response for the demo data and its template partial. Adding a type means one class
here (registered in QUESTION_TYPES) and one partial under templates/quizzes/questions/.
"""

from __future__ import annotations

import math
import random
import re
import string
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from markupsafe import Markup

from bimtek.quizzes.text import TEXT_FORMATS, render

BLANK = "_____"
# Floating-point sums of weights such as 3 x 33.33333% must still count as full marks.
FULL_MARKS = 0.999
# Moodle widens every numerical answer by this share of max(1, |value|) (PHP precision 14, MDL-3225),
# so an edge like 3.1 for 3:0.1 counts despite binary floating point.
NUMERIC_SLACK = 1e-14
MAX_TYPED = 500

Form = Mapping[str, Any]
Order = Sequence[Any]


class InvalidAnswer(ValueError):
    """The posted answer names an option the question does not have."""


@dataclass(frozen=True)
class Answer:
    """A choice or accepted short answer with its share of the marks.

    A format of "" means the question's own format, as in GIFT where an answer without a [format]
    tag is written like the question.
    """

    text: str
    fraction: float  # -1.0 .. 1.0, 1.0 being 100%
    feedback: str = ""
    text_format: str = ""
    feedback_format: str = ""

    def __post_init__(self) -> None:
        if not -1.0 <= self.fraction <= 1.0:
            raise ValueError(f"fraction {self.fraction} is outside -1..1")
        _check_formats(self.text_format, self.feedback_format)


@dataclass(frozen=True)
class MatchPair:
    """One item of a matching question and the item it belongs with; without a left item, a distractor."""

    left: str
    right: str
    left_format: str = ""

    def __post_init__(self) -> None:
        _check_formats(self.left_format)

    @property
    def is_distractor(self) -> bool:
        """Tell whether this is only an extra right-hand choice that matches nothing."""
        return not self.left


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted number: a value with a tolerance, a low..high range, or any number (Moodle's `*`)."""

    value: float
    tolerance: float = 0.0
    low: float | None = None
    high: float | None = None
    fraction: float = 1.0
    feedback: str = ""
    feedback_format: str = ""
    wildcard: bool = False

    def __post_init__(self) -> None:
        if not -1.0 <= self.fraction <= 1.0:
            raise ValueError(f"fraction {self.fraction} is outside -1..1")
        if (self.low is None) != (self.high is None):
            raise ValueError("low and high must be given together")
        _check_formats(self.feedback_format)

    @property
    def is_range(self) -> bool:
        """Tell whether the answer was written as low..high."""
        return self.low is not None

    def accepts(self, number: float) -> bool:
        """Tell whether the number falls within this answer, edges included, as Moodle decides it."""
        if self.wildcard:
            return True
        slack = NUMERIC_SLACK * max(1.0, abs(self.value))
        if self.low is not None and self.high is not None:
            return self.low - slack <= number <= self.high + slack
        return abs(number - self.value) <= self.tolerance + slack

    def to_dict(self) -> dict[str, Any]:
        """Return the answer as JSON-safe data; keys added later appear only when set."""
        data = {
            "value": self.value, "tolerance": self.tolerance, "low": self.low, "high": self.high,
            "fraction": self.fraction, "feedback": self.feedback,
        }
        if self.feedback_format:
            data["feedback_format"] = self.feedback_format
        if self.wildcard:
            data["wildcard"] = True
        return data


def _check_formats(*formats: str) -> None:
    for text_format in formats:
        if text_format and text_format not in TEXT_FORMATS:
            raise ValueError(f"unknown text format {text_format!r}")


def _set(data: dict[str, Any], **values: Any) -> dict[str, Any]:
    """Add the values that differ from their defaults, so older snapshots and hashes stay as they were."""
    data.update({key: value for key, value in values.items() if value})
    return data


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
    explanation_format: str = ""
    true_feedback_format: str = ""
    false_feedback_format: str = ""

    def __post_init__(self) -> None:
        if self.kind not in QUESTION_TYPES:
            raise ValueError(f"unknown question kind {self.kind!r}")
        if self.text_format not in TEXT_FORMATS:
            raise ValueError(f"unknown text format {self.text_format!r}")
        _check_formats(self.explanation_format, self.true_feedback_format, self.false_feedback_format)
        if self.blank and BLANK not in self.text:
            raise ValueError(f"a blank question needs {BLANK!r} in its text")

    @property
    def qtype(self) -> type[QuestionType]:
        """Return the registered type of this question."""
        return QUESTION_TYPES[self.kind]

    def format_of(self, fragment_format: str) -> str:
        """Return the format a fragment is written in: its own, or else the question's."""
        return fragment_format or self.text_format

    def rich(self, text: str, fragment_format: str = "") -> Markup:
        """Render an answer, item or feedback of this question as inline safe HTML."""
        return render(text, self.format_of(fragment_format))

    def to_dict(self) -> dict[str, Any]:
        """Return the question as JSON-safe data, e.g. to snapshot it into an attempt."""
        data = {
            "name": self.name,
            "kind": self.kind,
            "text": self.text,
            "text_format": self.text_format,
            "answers": [
                _set({"text": a.text, "fraction": a.fraction, "feedback": a.feedback},
                     text_format=a.text_format, feedback_format=a.feedback_format)
                for a in self.answers
            ],
            "pairs": [_set({"left": p.left, "right": p.right}, left_format=p.left_format) for p in self.pairs],
            "numeric": [n.to_dict() for n in self.numeric],
            "truth": self.truth,
            "true_feedback": self.true_feedback,
            "false_feedback": self.false_feedback,
            "explanation": self.explanation,
            "category": self.category,
            "line": self.line,
            "blank": self.blank,
        }
        return _set(
            data, explanation_format=self.explanation_format, true_feedback_format=self.true_feedback_format,
            false_feedback_format=self.false_feedback_format,
        )

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
            explanation_format=data.get("explanation_format", ""),
            true_feedback_format=data.get("true_feedback_format", ""),
            false_feedback_format=data.get("false_feedback_format", ""),
        )


@dataclass(frozen=True)
class Score:
    """The result of grading one response; the feedback is safe HTML."""

    points: float  # 0..1
    correct: bool
    feedback: tuple[Markup, ...] = ()


@dataclass(frozen=True)
class Option:
    """A choice shown on the page: the form value to post and the text to show, in its format."""

    key: str
    text: str
    text_format: str = "plain"

    @property
    def html(self) -> Markup:
        return render(self.text, self.text_format)


@dataclass(frozen=True)
class MatchRow:
    """One left-hand item of a matching question with the right-hand items to pick from."""

    field: str
    left: str
    choices: tuple[Option, ...]
    left_format: str = "plain"

    @property
    def html(self) -> Markup:
        return render(self.left, self.left_format)


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


def format_number(value: float | None) -> str:
    """Write a number the Indonesian way, without a needless ,0."""
    if value is None:
        return ""
    text = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return text.replace(".", ",")


_WILDCARD = re.compile(r"(?<!\\)\*+")


def matches_pattern(typed: str, pattern: str) -> bool:
    """Compare like Moodle's short answer: case folded, `*` any text, `\\*` a star, inner spaces kept."""
    typed = unicodedata.normalize("NFC", typed).strip()
    pattern = unicodedata.normalize("NFC", pattern)
    regex = ".*".join(re.escape(bit.replace("\\*", "*")) for bit in _WILDCARD.split(pattern))
    return re.fullmatch(regex, typed, re.IGNORECASE) is not None


def _score(total: float, feedback: Iterable[Markup]) -> Score:
    """Build a score from a raw sum of fractions and the feedback that applies, clamped to 0..1."""
    points = min(1.0, max(0.0, total))
    return Score(points, points >= FULL_MARKS, tuple(text for text in feedback if text))


def _feedback(question: Question, text: str, fragment_format: str) -> Markup:
    return question.rich(text, fragment_format) if text else Markup("")


def option_key(shown: int) -> str:
    """Return the per-attempt key of the option shown at a 0-based place: a, b, c, ..."""
    letters = string.ascii_lowercase
    return letters[shown] if shown < len(letters) else f"z{shown}"


class QuestionType:
    """How one kind of question is laid out, shown, read back from a form, graded and explained.

    `order` is what `draw` returned for the attempt (stored with its snapshot); without one the
    options keep the file order. Responses are stored as returned by `parse_response`.
    """

    kind: ClassVar[str]
    label: ClassVar[str]
    template: ClassVar[str]

    @classmethod
    def draw(cls, question: Question, rng: random.Random, shuffle: bool) -> list[Any]:
        """Return how the options of a question are laid out in one attempt."""
        return []

    @classmethod
    def options(cls, question: Question, order: Order | None = None) -> list[Any]:
        """Return what the page shows to answer the question, never the answer key."""
        return []

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> Any:
        """Read the learner's response from a posted form; raise InvalidAnswer for unknown options."""
        raise NotImplementedError

    @classmethod
    def form_value(cls, question: Question, response: Any, order: Order | None = None) -> Any:
        """Return what the question's form shows for a stored response."""
        return response

    @classmethod
    def posted_value(cls, question: Question, form: Form, order: Order | None = None) -> Any:
        """Return what the form shows for a post that could not be saved, so nothing typed is lost."""
        return _value(form, "answer")

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Grade a response as returned by `parse_response`."""
        raise NotImplementedError

    @classmethod
    def answer_text(cls, question: Question, response: Any) -> Markup:
        """Write a stored (non-empty) response for the review."""
        return Markup.escape(str(response))

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        """Write the correct answer for the review (never for the question page)."""
        raise NotImplementedError

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> Any:
        """Return a stored response that is right (or wrong), as a learner might give, for demo data."""
        raise NotImplementedError


class _Choice(QuestionType):
    """Shared behaviour of questions answered by picking listed answers."""

    @classmethod
    def draw(cls, question: Question, rng: random.Random, shuffle: bool) -> list[int]:
        """Return the original answer positions, shuffled when the rules say so."""
        order = list(range(len(question.answers)))
        if shuffle:
            rng.shuffle(order)
        return order

    @staticmethod
    def _order(question: Question, order: Order | None) -> list[int]:
        return list(range(len(question.answers))) if order is None else [int(index) for index in order]

    @classmethod
    def options(cls, question: Question, order: Order | None = None) -> list[Option]:
        """Return the answers in the attempt's order, keyed a, b, c so the page reveals nothing."""
        return [
            Option(option_key(shown), question.answers[index].text,
                   question.format_of(question.answers[index].text_format))
            for shown, index in enumerate(cls._order(question, order))
        ]

    @classmethod
    def _originals(cls, question: Question, order: Order | None) -> dict[str, str]:
        """Map per-attempt keys to the original answer positions the grader knows."""
        return {option_key(shown): str(index) for shown, index in enumerate(cls._order(question, order))}

    @classmethod
    def _read(cls, question: Question, form: Form, order: Order | None) -> list[str]:
        originals = cls._originals(question, order)
        values = _values(form, "answer")
        if any(value not in originals for value in values):
            raise InvalidAnswer(cls.kind)
        return [originals[value] for value in values]

    @classmethod
    def _shown_keys(cls, question: Question, order: Order | None) -> dict[str, str]:
        return {original: key for key, original in cls._originals(question, order).items()}

    @staticmethod
    def _chosen(question: Question, keys: Iterable[Any]) -> list[Answer]:
        """Return the answers behind valid original positions, each at most once."""
        valid = {str(index): answer for index, answer in enumerate(question.answers)}
        seen = dict.fromkeys(key for key in keys if isinstance(key, str) and key in valid)
        return [valid[key] for key in seen]

    @staticmethod
    def _text(question: Question, answers: Iterable[Answer]) -> Markup:
        return Markup("; ").join(question.rich(answer.text, answer.text_format) for answer in answers)


class SingleChoice(_Choice):
    """Pick exactly one answer."""

    kind = "single"
    label = "Pilihan ganda"
    template = "quizzes/questions/single.html"

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> str | None:
        """Return the original position of the chosen answer, or None."""
        chosen = cls._read(question, form, order)
        if len(chosen) > 1:
            raise InvalidAnswer(cls.kind)
        return chosen[0] if chosen else None

    @classmethod
    def form_value(cls, question: Question, response: Any, order: Order | None = None) -> str | None:
        return None if response is None else cls._shown_keys(question, order).get(str(response))

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the fraction of the chosen answer."""
        chosen = cls._chosen(question, [response])
        if not chosen:
            return _score(0.0, ())
        return _score(chosen[0].fraction, [_feedback(question, chosen[0].feedback, chosen[0].feedback_format)])

    @classmethod
    def answer_text(cls, question: Question, response: Any) -> Markup:
        return cls._text(question, cls._chosen(question, [response]))

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        return cls._text(question, [max(question.answers, key=lambda answer: answer.fraction)])

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> str:
        bad = [str(i) for i, answer in enumerate(question.answers) if answer.fraction <= 0]
        best = max(range(len(question.answers)), key=lambda i: question.answers[i].fraction)
        return str(best) if right or not bad else rng.choice(bad)


class MultipleResponse(_Choice):
    """Pick every answer that applies; wrong picks can cost marks."""

    kind = "multi"
    label = "Pilihan ganda kompleks"
    template = "quizzes/questions/multi.html"

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> list[str]:
        """Return the original positions of the chosen answers, in file order."""
        return sorted(set(cls._read(question, form, order)), key=int)

    @classmethod
    def form_value(cls, question: Question, response: Any, order: Order | None = None) -> set[str]:
        shown = cls._shown_keys(question, order)
        return {shown[key] for key in response or () if key in shown}

    @classmethod
    def posted_value(cls, question: Question, form: Form, order: Order | None = None) -> set[str]:
        return set(_values(form, "answer"))

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Sum the fractions of the chosen answers, never below zero nor above one."""
        keys = [response] if isinstance(response, str) else response
        chosen = cls._chosen(question, keys if isinstance(keys, list | tuple) else ())
        return _score(sum(a.fraction for a in chosen), [_feedback(question, a.feedback, a.feedback_format)
                                                       for a in chosen])

    @classmethod
    def answer_text(cls, question: Question, response: Any) -> Markup:
        return cls._text(question, cls._chosen(question, response))

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        return cls._text(question, [answer for answer in question.answers if answer.fraction > 0])

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> list[str]:
        good = [str(i) for i, answer in enumerate(question.answers) if answer.fraction > 0]
        bad = [str(i) for i, answer in enumerate(question.answers) if answer.fraction <= 0]
        return good if right or not bad else sorted({*good[:1], rng.choice(bad)}, key=int)


class TrueFalse(QuestionType):
    """Say whether the statement is true."""

    kind = "truefalse"
    label = "Benar/Salah"
    template = "quizzes/questions/truefalse.html"
    _WORDS = {True: "Benar", False: "Salah"}

    @classmethod
    def options(cls, question: Question, order: Order | None = None) -> list[Option]:
        """Return the two fixed choices."""
        return [Option("true", "Benar"), Option("false", "Salah")]

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> bool | None:
        """Return True, False, or None when nothing was picked."""
        value = _value(form, "answer")
        if value and value not in ("true", "false"):
            raise InvalidAnswer(cls.kind)
        return {"true": True, "false": False}.get(value)

    @classmethod
    def form_value(cls, question: Question, response: Any, order: Order | None = None) -> str | None:
        return None if response is None else ("true" if response else "false")

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give full marks for the right truth value."""
        if not isinstance(response, bool):
            return _score(0.0, ())
        if response:
            feedback = _feedback(question, question.true_feedback, question.true_feedback_format)
        else:
            feedback = _feedback(question, question.false_feedback, question.false_feedback_format)
        return _score(1.0 if response == question.truth else 0.0, [feedback])

    @classmethod
    def answer_text(cls, question: Question, response: Any) -> Markup:
        return Markup.escape(cls._WORDS[bool(response)])

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        return Markup.escape(cls._WORDS[bool(question.truth)])

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> bool:
        return bool(question.truth) if right else not question.truth


class _Typed(QuestionType):
    """Shared reading of questions answered by typing: the text is kept as typed, to show it back."""

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> str:
        """Return the typed text, stripped and cut to a sane length."""
        return _value(form, "answer").strip()[:MAX_TYPED]

    @staticmethod
    def _first(answers: Iterable[Any], matches: Callable[[Any], bool]) -> Any:
        """Return the first answer that matches: Moodle grades with the first, not the best."""
        return next((answer for answer in answers if matches(answer)), None)


class ShortAnswer(_Typed):
    """Type a word or phrase."""

    kind = "short"
    label = "Isian singkat"
    template = "quizzes/questions/short.html"

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the fraction of the first answer the text matches (case folded, `*` wildcards)."""
        typed = response.strip() if isinstance(response, str) else ""
        if not typed:
            return _score(0.0, ())
        answer = cls._first(question.answers, lambda answer: matches_pattern(typed, answer.text))
        if answer is None:
            return _score(0.0, ())
        return _score(answer.fraction, [_feedback(question, answer.feedback, answer.feedback_format)])

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        return Markup(" / ").join(
            Markup.escape(answer.text) for answer in question.answers if answer.fraction >= FULL_MARKS
        )

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> str:
        if not right:
            return "tidak tahu"
        best = max(question.answers, key=lambda answer: answer.fraction)
        # A pattern's stars match anything, nothing included; an escaped star is a star.
        return best.text.replace("\\*", "\0").replace("*", "").replace("\0", "*")


class Numerical(_Typed):
    """Type a number."""

    kind = "numerical"
    label = "Isian angka"
    template = "quizzes/questions/numerical.html"

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the fraction of the first answer whose range holds the number; non-numbers get nothing."""
        if isinstance(response, str):
            response = parse_number(response)
        if isinstance(response, bool) or not isinstance(response, int | float):
            return _score(0.0, ())
        answer = cls._first(question.numeric, lambda answer: answer.accepts(float(response)))
        if answer is None:
            return _score(0.0, ())
        return _score(answer.fraction, [_feedback(question, answer.feedback, answer.feedback_format)])

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        parts = []
        for answer in question.numeric:
            if answer.fraction < FULL_MARKS or answer.wildcard:
                continue
            if answer.is_range:
                parts.append(f"{format_number(answer.low)} sampai {format_number(answer.high)}")
            elif answer.tolerance:
                parts.append(f"{format_number(answer.value)} ± {format_number(answer.tolerance)}")
            else:
                parts.append(format_number(answer.value))
        return Markup.escape(" / ".join(parts))

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> str:
        best = max((n for n in question.numeric if not n.wildcard), key=lambda answer: answer.fraction)
        value = best.low if best.low is not None else best.value
        return f"{value:g}" if right else f"{value + 999:g}"


class Matching(QuestionType):
    """Match each left-hand item with its right-hand item; distractors only add choices."""

    kind = "matching"
    label = "Menjodohkan"
    template = "quizzes/questions/matching.html"

    @staticmethod
    def _rights(question: Question) -> list[str]:
        return sorted(dict.fromkeys(pair.right for pair in question.pairs), key=str.casefold)

    @staticmethod
    def _stems(question: Question) -> list[tuple[int, MatchPair]]:
        return [(index, pair) for index, pair in enumerate(question.pairs) if not pair.is_distractor]

    @classmethod
    def draw(cls, question: Question, rng: random.Random, shuffle: bool) -> list[str]:
        """Return the right items sorted (so they never mirror the pairs), shuffled when asked."""
        order = cls._rights(question)
        if shuffle:
            rng.shuffle(order)
        return order

    @classmethod
    def options(cls, question: Question, order: Order | None = None) -> list[MatchRow]:
        """Return a row per left item, each offering every right item in the attempt's order."""
        rights = cls._rights(question) if order is None else [str(right) for right in order]
        choices = tuple(Option(right, right) for right in rights)
        return [
            MatchRow(f"match-{index}", pair.left, choices, question.format_of(pair.left_format))
            for index, pair in cls._stems(question)
        ]

    @classmethod
    def parse_response(cls, question: Question, form: Form, order: Order | None = None) -> dict[str, str]:
        """Return the chosen right item per pair index (as a string key); empty rows are left out."""
        rights = {pair.right for pair in question.pairs}
        response = {}
        for index, _pair in cls._stems(question):
            choice = _value(form, f"match-{index}")
            if choice and choice not in rights:
                raise InvalidAnswer(cls.kind)
            if choice:
                response[str(index)] = choice
        return response

    @classmethod
    def form_value(cls, question: Question, response: Any, order: Order | None = None) -> dict[str, str]:
        """Return the picked right item per form field."""
        if not isinstance(response, Mapping):
            return {}
        return {f"match-{index}": str(value) for index, value in response.items()}

    @classmethod
    def posted_value(cls, question: Question, form: Form, order: Order | None = None) -> dict[str, str]:
        return {field: value for index, _pair in cls._stems(question)
                if (value := _value(form, field := f"match-{index}"))}

    @classmethod
    def grade(cls, question: Question, response: Any) -> Score:
        """Give the share of left items matched correctly."""
        stems = cls._stems(question)
        if not stems or not isinstance(response, Mapping):
            return _score(0.0, ())
        right = sum(1 for index, pair in stems if response.get(str(index)) == pair.right)
        return _score(right / len(stems), ())

    @classmethod
    def _pairs_text(cls, question: Question, rights: Mapping[str, Any]) -> Markup:
        return Markup("; ").join(
            Markup("{} → {}").format(question.rich(pair.left, pair.left_format), rights.get(str(index)) or "—")
            for index, pair in cls._stems(question)
        )

    @classmethod
    def answer_text(cls, question: Question, response: Any) -> Markup:
        return cls._pairs_text(question, response if isinstance(response, Mapping) else {})

    @classmethod
    def key_text(cls, question: Question) -> Markup:
        return cls._pairs_text(question, {str(index): pair.right for index, pair in cls._stems(question)})

    @classmethod
    def sample_response(cls, question: Question, right: bool, rng: random.Random) -> dict[str, str]:
        stems = cls._stems(question)
        rights = [pair.right for _index, pair in stems]
        if not right:
            rights = rights[1:] + rights[:1]
        return {str(index): value for (index, _pair), value in zip(stems, rights, strict=True)}


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
