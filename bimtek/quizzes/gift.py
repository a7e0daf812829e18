"""Read and write quiz questions in Moodle's GIFT text format."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bimtek.quizzes.questions import (
    BLANK,
    FULL_MARKS,
    Answer,
    MatchPair,
    NumericAnswer,
    Question,
)


@dataclass(frozen=True)
class GiftError:
    """A problem in a GIFT file, located by path and line."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class GiftResult:
    """The questions read from a GIFT file, the items that could not be read, and those skipped.

    Moodle's essay and description questions have no place in a graded quiz: they are skipped
    with a warning each rather than refusing the whole file.
    """

    questions: list[Question] = field(default_factory=list)
    errors: list[GiftError] = field(default_factory=list)
    warnings: list[GiftError] = field(default_factory=list)


class _Skipped(Exception):
    """An item is a question of a kind Bimtek does not grade (Moodle's essay or description)."""

    def __init__(self, kind: str, name: str, text: str) -> None:
        label = " ".join((name or text).split())
        if len(label) > _LABEL_LENGTH:
            label = label[: _LABEL_LENGTH - 1].rsplit(" ", 1)[0] + "…"
        super().__init__(f'skipped {kind} question "{label}"')
        self.message = str(self)


class _Invalid(Exception):
    """An item cannot be read; `pos` points into the item's source when the culprit is known."""

    def __init__(self, message: str, pos: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.pos = pos


# An unnamed question is named in a warning by the start of its text, on one line.
_LABEL_LENGTH = 60

# Escaped characters become private-use placeholders while the structure is parsed,
# so a single str.find sees only the unescaped, meaningful ones.
_PLACEHOLDERS = {
    "\\": "\ue000",
    "=": "\ue001",
    "~": "\ue002",
    "#": "\ue003",
    "{": "\ue004",
    "}": "\ue005",
    ":": "\ue006",
    "n": "\ue007",
}
_ESCAPE_SEQUENCE = re.compile(r"\\([\\=~#{}:n])")
_UNPLACEHOLD = str.maketrans(
    {placeholder: "\n" if char == "n" else char for char, placeholder in _PLACEHOLDERS.items()}
)
_ESCAPE = str.maketrans(
    {
        "\\": "\\\\",
        "=": "\\=",
        "~": "\\~",
        "#": "\\#",
        "{": "\\{",
        "}": "\\}",
        ":": "\\:",
        "\n": "\\n",
    }
)

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CATEGORY = "$CATEGORY:"
_FORMAT = re.compile(r"\s*\[(plain|markdown|html|moodle)\]", re.IGNORECASE)
_WILDCARD_SPEC = "*"
_MARKER = re.compile(r"[=~]")
_EQUALS = re.compile("=")
_WEIGHT = re.compile(r"\s*%(-?\d+(?:\.\d+)?)%")
_BAD_WEIGHT = re.compile(r"\s*%[^%\s]*%")
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_RANGE = re.compile(r"(.+?)\.\.(.+)", re.DOTALL)
_TRUE = {"T", "TRUE"}
_FALSE = {"F", "FALSE"}


def _protect(text: str) -> str:
    """Hide escaped characters behind placeholders."""
    return _ESCAPE_SEQUENCE.sub(lambda match: _PLACEHOLDERS[match[1]], text)


def _clean(text: str) -> str:
    """Strip a protected fragment and turn its placeholders back into characters."""
    return text.strip().translate(_UNPLACEHOLD)


def _escape(text: str) -> str:
    """Escape the characters GIFT gives a meaning to."""
    return text.translate(_ESCAPE)


def derive_name(question_text: str) -> str:
    """Return a stable name for an unnamed question: a slug of its first words and a short hash."""
    normal = " ".join(question_text.split()).casefold()
    digest = hashlib.sha1(normal.encode()).hexdigest()[:8]
    ascii_text = unicodedata.normalize("NFKD", normal).encode("ascii", "ignore").decode()
    slug = "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:6])[:40].strip("-")
    return f"{slug}-{digest}" if slug else digest


def _items(text: str) -> Iterator[list[tuple[int, str]]]:
    """Yield the numbered lines of each blank-line separated item."""
    item: list[tuple[int, str]] = []
    for number, line in enumerate(_LINE_BREAK.split(text), start=1):
        if line.strip():
            item.append((number, line))
        elif item:
            yield item
            item = []
    if item:
        yield item


def parse_gift(text: str, path: str = "<gift>") -> GiftResult:
    """Read every question of a GIFT text, collecting an error for each item that is invalid."""
    result = GiftResult()
    category = ""
    for item in _items(text.removeprefix("\ufeff")):
        lines = [(number, line) for number, line in item if not line.lstrip().startswith("//")]
        while lines and lines[0][1].lstrip().startswith(_CATEGORY):
            category = lines[0][1].lstrip()[len(_CATEGORY) :].strip()
            lines = lines[1:]
        if not lines:
            continue
        source = _Source(lines)
        try:
            result.questions.append(source.question(category))
        except _Skipped as skipped:
            result.warnings.append(GiftError(path, source.line_at(None), skipped.message))
        except _Invalid as invalid:
            result.errors.append(GiftError(path, source.line_at(invalid.pos), invalid.message))
    return result


def _format_name(tag: str) -> str:
    """Map a GIFT format tag to Bimtek's formats; Moodle's own auto-format is shown as plain text."""
    return tag.lower().replace("moodle", "plain")


def _fragment(text: str, default: str) -> tuple[str, str]:
    """Read an answer, item or feedback with its optional [format] tag.

    Returns the clean text and its format, "" when it is the question's own (`default`).
    """
    text_format = default
    if match := _FORMAT.match(text):
        text_format = _format_name(match[1])
        text = text[match.end() :]
    return _clean(text), "" if text_format == default else text_format


@dataclass(frozen=True)
class _Chunk:
    """One answer of an answer block: its marker (= or ~), its protected text and its position."""

    marker: str
    body: str
    pos: int


class _Source:
    """The protected text of one item and the way back to its line numbers."""

    def __init__(self, lines: list[tuple[int, str]]) -> None:
        self.numbers = [number for number, _ in lines]
        self.text = _protect("\n".join(line for _, line in lines))

    def line_at(self, pos: int | None) -> int:
        """Return the file line of a position, or of the item's first line."""
        if pos is None:
            return self.numbers[0]
        return self.numbers[self.text.count("\n", 0, pos)]

    def question(self, category: str) -> Question:
        """Parse the item into a question."""
        text = self.text
        pos = len(text) - len(text.lstrip())
        name = ""
        if text.startswith("::", pos):
            end = text.find("::", pos + 2)
            if end == -1:
                raise _Invalid("nama pertanyaan tidak ditutup dengan ::", pos)
            name = _clean(text[pos + 2 : end])
            pos = end + 2
        text_format = "plain"
        if match := _FORMAT.match(text, pos):
            text_format = _format_name(match[1])
            pos = match.end()

        opening = text.find("{", pos)
        if opening == -1 and text.find("}", pos) == -1:
            raise _Skipped("description", name, _clean(text[pos:]))
        stray = text.find("}", pos, len(text) if opening == -1 else opening)
        if stray != -1:
            raise _Invalid("tanda } tanpa pasangan {", stray)
        closing = text.find("}", opening)
        nested = text.find("{", opening + 1, len(text) if closing == -1 else closing)
        if closing == -1 or nested != -1:
            raise _Invalid("blok jawaban tidak ditutup", opening)
        if (extra := text.find("{", closing)) != -1:
            raise _Invalid("lebih dari satu blok jawaban", extra)
        if (stray := text.find("}", closing + 1)) != -1:
            raise _Invalid("tanda } tanpa pasangan {", stray)

        before, after = text[pos:opening], text[closing + 1 :]
        blank = bool(after.strip())
        question_text = _clean(_around_blank(before, after) if blank else before)
        if not question_text:
            raise _Invalid("teks pertanyaan kosong")
        explanation, explanation_format, end = self._general_feedback(opening + 1, closing, text_format)
        if not text[opening + 1 : end].strip():
            raise _Skipped("essay", name, question_text)
        return Question(
            name=name,
            text=question_text,
            text_format=text_format,
            category=category,
            line=self.numbers[0],
            blank=blank,
            explanation=explanation,
            explanation_format=explanation_format,
            **self._block(opening + 1, end, text_format),
        )

    def _general_feedback(self, start: int, end: int, text_format: str) -> tuple[str, str, int]:
        """Split the general feedback (after the last ####) off an answer block."""
        general = self.text.rfind("####", start, end)
        if general == -1:
            return "", "", end
        return (*_fragment(self.text[general + 4 : end], text_format), general)

    def _block(self, start: int, end: int, text_format: str) -> dict[str, Any]:
        """Parse the answer block between the braces (general feedback removed) into a kind and answers."""
        content = self.text[start:end].strip()
        if content.startswith("#"):
            return self._numerical(self.text.index("#", start) + 1, end, text_format)
        if content.split("#", 1)[0].strip().upper() in _TRUE | _FALSE:
            return self._truefalse(content, text_format)
        return self._answers(start, end, text_format)

    def _chunks(self, start: int, end: int, markers: re.Pattern[str]) -> list[_Chunk]:
        """Split a stretch of the block at its answer markers; only blanks may come first."""
        positions = [match.start() for match in markers.finditer(self.text, start, end)]
        lead = self.text[start : positions[0] if positions else end]
        if lead.strip():
            raise _Invalid("jenis pertanyaan tidak dikenal", start + len(lead) - len(lead.lstrip()))
        return [
            _Chunk(self.text[here], self.text[here + 1 : there], here)
            for here, there in zip(positions, [*positions[1:], end], strict=True)
        ]

    def _truefalse(self, content: str, text_format: str) -> dict[str, Any]:
        """Read {T}, {FALSE#wrong feedback#right feedback} and the like."""
        head, *feedback = content.split("#")
        if len(feedback) > 2:
            raise _Invalid("soal benar/salah hanya menerima dua umpan balik")
        (wrong, wrong_format), (right, right_format) = (
            [_fragment(text, text_format) for text in feedback] + [("", "")] * (2 - len(feedback))
        )
        truth = head.strip().upper() in _TRUE
        if not truth:
            (wrong, wrong_format), (right, right_format) = (right, right_format), (wrong, wrong_format)
        return {
            "kind": "truefalse",
            "truth": truth,
            "true_feedback": right,
            "true_feedback_format": right_format,
            "false_feedback": wrong,
            "false_feedback_format": wrong_format,
        }

    def _answers(self, start: int, end: int, text_format: str) -> dict[str, Any]:
        """Read the = and ~ answers of a choice, short-answer or matching question."""
        chunks = self._chunks(start, end, _MARKER)
        if any("->" in chunk.body for chunk in chunks):
            return {"kind": "matching", "pairs": tuple(self._pairs(chunks, text_format))}
        answers = []
        short = all(chunk.marker == "=" for chunk in chunks)
        for chunk in chunks:
            weight, body = self._weight(chunk)
            text, _, feedback = body.partition("#")
            text, answer_format = _fragment(text, text_format)
            if not text:
                raise _Invalid("teks jawaban kosong", chunk.pos)
            default = 1.0 if chunk.marker == "=" else 0.0
            feedback, feedback_format = _fragment(feedback, text_format)
            answers.append(
                # A short answer is a pattern to compare with, never shown: Moodle drops its format.
                Answer(text, default if weight is None else weight, feedback,
                       "" if short else answer_format, feedback_format)
            )
        best = max(answer.fraction for answer in answers)

        if short:
            kind = "short"
        elif len(answers) < 2:
            raise _Invalid("pilihan ganda memerlukan minimal 2 jawaban")
        elif any(chunk.marker == "=" for chunk in chunks):
            kind = "single"
        else:
            kind = "multi"
            positive = sum(answer.fraction for answer in answers if answer.fraction > 0)
            if 0 < positive < FULL_MARKS:
                raise _Invalid("bobot jawaban benar berjumlah kurang dari 100%")
            best = positive
        if best < FULL_MARKS:
            raise _Invalid("pertanyaan tanpa jawaban benar")
        return {"kind": kind, "answers": tuple(answers)}

    def _pairs(self, chunks: list[_Chunk], text_format: str) -> list[MatchPair]:
        """Read the =left -> right pairs of a matching question; `= -> right` adds a distractor."""
        pairs = []
        for chunk in chunks:
            if chunk.marker != "=" or "->" not in chunk.body:
                raise _Invalid(
                    "setiap jawaban soal menjodohkan harus berbentuk =kiri -> kanan", chunk.pos
                )
            if "#" in chunk.body or _WEIGHT.match(chunk.body):
                raise _Invalid("soal menjodohkan tidak mendukung bobot atau umpan balik", chunk.pos)
            left, _, right = chunk.body.partition("->")
            left, left_format = _fragment(left, text_format)
            if not _clean(right):
                raise _Invalid("pasangan menjodohkan tidak lengkap", chunk.pos)
            pairs.append(MatchPair(left, _clean(right), left_format if left else ""))
        if len(pairs) < 2:
            raise _Invalid("soal menjodohkan memerlukan minimal 2 pasangan")
        if all(pair.is_distractor for pair in pairs):
            raise _Invalid("pasangan menjodohkan tidak lengkap", chunks[0].pos)
        return pairs

    def _numerical(self, start: int, end: int, text_format: str) -> dict[str, Any]:
        """Read {#value:tolerance}, {#low..high} or several weighted =answers, then ~#feedback.

        As in Moodle, everything from the first ~ is the feedback for any other number.
        """
        wrong = None
        if (tilde := self.text.find("~", start, end)) != -1:
            _ignored, _, feedback = self.text[tilde + 1 : end].partition("#")
            text, feedback_format = _fragment(feedback, text_format)
            wrong = NumericAnswer(0.0, fraction=0.0, feedback=text, feedback_format=feedback_format,
                                  wildcard=True)
            end = tilde
        if self.text.find("=", start, end) == -1:
            body = self.text[start:end]
            answers = [self._numeric_answer(body, None, start, text_format)]
        else:
            answers = []
            for chunk in self._chunks(start, end, _EQUALS):
                weight, body = self._weight(chunk)
                answers.append(self._numeric_answer(body, weight, chunk.pos, text_format))
        if max(answer.fraction for answer in answers) < FULL_MARKS:
            raise _Invalid("pertanyaan tanpa jawaban benar")
        return {"kind": "numerical", "numeric": tuple(answers) + ((wrong,) if wrong else ())}

    def _numeric_answer(self, body: str, weight: float | None, pos: int, text_format: str) -> NumericAnswer:
        """Read one numeric answer: value[:tolerance], low..high or * (any number), then optional #feedback."""
        spec, _, feedback = body.partition("#")
        spec = _clean(spec)
        feedback, feedback_format = _fragment(feedback, text_format)
        fraction = 1.0 if weight is None else weight
        if spec == _WILDCARD_SPEC:
            return NumericAnswer(0.0, fraction=fraction, feedback=feedback, feedback_format=feedback_format,
                                 wildcard=True)
        if match := _RANGE.fullmatch(spec):
            low, high = _number(match[1], pos), _number(match[2], pos)
            if low > high:
                raise _Invalid(f"rentang angka terbalik: {spec}", pos)
            return NumericAnswer(
                (low + high) / 2, (high - low) / 2, low, high, fraction, feedback, feedback_format
            )
        value, colon, tolerance = spec.partition(":")
        margin = _number(tolerance, pos) if colon else 0.0
        if margin < 0:
            raise _Invalid(f"toleransi tidak boleh negatif: {spec}", pos)
        return NumericAnswer(
            _number(value, pos), margin, fraction=fraction, feedback=feedback, feedback_format=feedback_format
        )

    def _weight(self, chunk: _Chunk) -> tuple[float | None, str]:
        """Split a leading %weight% off an answer, as a fraction."""
        if match := _WEIGHT.match(chunk.body):
            percent = float(match[1])
            if not -100 <= percent <= 100:
                raise _Invalid(f"bobot {match[1]}% di luar rentang -100..100", chunk.pos)
            return percent / 100, chunk.body[match.end() :]
        if _BAD_WEIGHT.match(chunk.body):
            raise _Invalid("bobot tidak valid", chunk.pos)
        return None, chunk.body


def _number(text: str, pos: int) -> float:
    """Read a number written in a numeric answer."""
    text = _clean(text)
    if not _NUMBER.fullmatch(text):
        raise _Invalid(f"jawaban numerik bukan angka: {text or '(kosong)'}", pos)
    return float(text)


def _around_blank(before: str, after: str) -> str:
    """Join the text on both sides of a mid-sentence answer block around the blank marker."""
    left, right = before.rstrip(), after.lstrip()
    left_gap = " " if left and left != before else ""
    right_gap = " " if right != after else ""
    return f"{left}{left_gap}{BLANK}{right_gap}{right}"


def export_gift(questions: Iterable[Question]) -> str:
    """Write questions as GIFT text that `parse_gift` reads back to the same questions."""
    parts = []
    category = ""
    for question in questions:
        if question.category != category:
            category = question.category
            parts.append(f"{_CATEGORY} {category}".rstrip())
        parts.append(_export_question(question))
    return "\n\n".join(parts) + "\n" if parts else ""


def _export_question(question: Question) -> str:
    """Write one question."""
    head = f"::{_escape(question.name)}:: " if question.name else ""
    if question.text_format != "plain" or question.text.startswith(("[", "//")):
        head += f"[{question.text_format}]"
    entries = _entries(question)
    if question.explanation:
        entries.append(f"####{_out(question, question.explanation, question.explanation_format)}")
    opening = "{#" if question.kind == "numerical" else "{"
    if question.blank:
        before, after = question.text.split(BLANK, 1)
        return f"{head}{_escape(before)}{opening}{' '.join(entries)}}}{_escape(after)}"
    if len(entries) == 1:
        block = f"{opening}{entries[0]}}}"
    else:
        block = opening + "".join(f"\n\t{entry}" for entry in entries) + "\n}"
    return f"{head}{_escape(question.text)} {block}"


def _out(question: Question, text: str, fragment_format: str) -> str:
    """Write an answer, item or feedback, with a [format] tag when it differs from the question's.

    A text that would itself read as a tag gets its format written out, so it stays text.
    """
    escaped = _escape(text)
    if fragment_format or _FORMAT.match(text):
        return f"[{question.format_of(fragment_format)}]{escaped}"
    return escaped


def _entries(question: Question) -> list[str]:
    """Write the answers of a question, one GIFT entry each."""
    if question.kind == "truefalse":
        return [_truefalse_entry(question)]
    if question.kind == "matching":
        return [
            f"={_out(question, pair.left, pair.left_format)} -> {_escape(pair.right)}"
            if pair.left else f"= -> {_escape(pair.right)}"
            for pair in question.pairs
        ]
    if question.kind == "numerical":
        return _numeric_entries(question)
    return [_answer_entry(question, answer) for answer in question.answers]


def _truefalse_entry(question: Question) -> str:
    """Write {TRUE#wrong#right} with Moodle's order of feedback."""
    right = _out(question, question.true_feedback, question.true_feedback_format)
    wrong = _out(question, question.false_feedback, question.false_feedback_format)
    if not question.truth:
        right, wrong = wrong, right
    entry = "TRUE" if question.truth else "FALSE"
    if wrong or right:
        entry += f"#{wrong}"
    if right:
        entry += f"#{right}"
    return entry


def _answer_entry(question: Question, answer: Answer) -> str:
    """Write one choice or short answer with the weight only where the default differs."""
    if question.kind == "short" or (question.kind == "single" and answer.fraction == 1.0):
        marker, default = "=", 1.0
    else:
        marker, default = "~", 0.0
    text = _out(question, answer.text, answer.text_format)
    weight = _percent(answer.fraction) if answer.fraction != default or text.startswith("%") else ""
    return f"{marker}{weight}{text}{_feedback(question, answer.feedback, answer.feedback_format)}"


def _numeric_entries(question: Question) -> list[str]:
    """Write the numeric answers, in the short form when there is a single full-mark one.

    A last any-number answer worth nothing is written as Moodle writes it: ~#feedback.
    """
    numeric = list(question.numeric)
    tail = []
    if numeric and numeric[-1].wildcard and numeric[-1].fraction == 0.0:
        wrong = numeric.pop()
        tail = [f"~{_feedback(question, wrong.feedback, wrong.feedback_format)}"]
    if len(numeric) == 1 and numeric[0].fraction == 1.0 and not numeric[0].wildcard:
        return [_numeric_spec(question, numeric[0]), *tail]
    return [
        f"={'' if answer.fraction == 1.0 else _percent(answer.fraction)}{_numeric_spec(question, answer)}"
        for answer in numeric
    ] + tail


def _numeric_spec(question: Question, answer: NumericAnswer) -> str:
    """Write value[:tolerance], low..high or *, and the feedback."""
    if answer.wildcard:
        spec = _WILDCARD_SPEC
    elif answer.low is not None and answer.high is not None:
        spec = f"{_format_number(answer.low)}..{_format_number(answer.high)}"
    elif answer.tolerance:
        spec = f"{_format_number(answer.value)}:{_format_number(answer.tolerance)}"
    else:
        spec = _format_number(answer.value)
    return spec + _feedback(question, answer.feedback, answer.feedback_format)


def _feedback(question: Question, text: str, fragment_format: str) -> str:
    """Write an answer's #feedback, if any."""
    return f" #{_out(question, text, fragment_format)}" if text else ""


def _percent(fraction: float) -> str:
    """Write a fraction as a %weight%; 12 digits give back the decimals a person wrote."""
    return f"%{fraction * 100:.12g}%"


def _format_number(number: float) -> str:
    """Write a number without a needless .0."""
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)
