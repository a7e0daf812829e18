"""Course question banks: checking and syncing the GIFT files, and admin uploads kept apart."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import select

from bimtek.courses.models import Course
from bimtek.extensions import db
from bimtek.quizzes.gift import derive_name, parse_gift
from bimtek.quizzes.models import BankQuestion, QuestionSource
from bimtek.quizzes.questions import Question, get_type
from bimtek.transaction import Refusal

UNNAMED = "pertanyaan tanpa nama: setiap soal di course_content wajib diberi ::nama::"
UNGRADED = "bank soal course_content hanya boleh berisi soal yang dinilai"
NAME_LENGTH = 200
CATEGORY_LENGTH = 200


class BankError(Refusal):
    """A bank cannot be loaded; `errors` holds one `path:line: message` line per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class LocatedQuestion:
    """A parsed question and the file it came from."""

    path: str
    question: Question

    @property
    def where(self) -> str:
        return f"{self.path}:{self.question.line}"


@dataclass
class BankFiles:
    """Every question read from a course's GIFT files, and every problem found in them."""

    questions: list[LocatedQuestion] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _key(question: Question) -> tuple[str, str]:
    """Return what identifies a question within one source of a bank: its category and name."""
    return question.category, question.name


def _in_category(question: Question) -> str:
    return f" di kategori '{question.category}'" if question.category else ""


def read_bank_files(paths: Iterable[Path]) -> BankFiles:
    """Parse the files of one course bank, requiring a name on every question, unique in its category."""
    bank = BankFiles()
    seen: dict[tuple[str, str], LocatedQuestion] = {}
    for path in paths:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            bank.errors.append(f"{path}:1: berkas tidak dapat dibaca ({type(error).__name__})")
            continue
        result = parse_gift(text, str(path))
        bank.errors.extend(str(error) for error in result.errors)
        # An upload may carry Moodle's essays along; our own files must not lose a question silently.
        bank.errors.extend(f"{warning}: {UNGRADED}" for warning in result.warnings)
        for question in result.questions:
            located = LocatedQuestion(str(path), question)
            if not question.name:
                bank.errors.append(f"{located.where}: {UNNAMED}")
                continue
            if problem := _too_long(question):
                bank.errors.append(f"{located.where}: {problem}")
                continue
            if (first := seen.get(_key(question))) is not None:
                bank.errors.append(
                    f"{located.where}: nama soal ganda '{question.name}'{_in_category(question)} "
                    f"(sudah dipakai di {first.where})"
                )
                continue
            seen[_key(question)] = located
            bank.questions.append(located)
    return bank


def _too_long(question: Question) -> str:
    """Return why a question's name or category does not fit the bank, or an empty string."""
    if len(question.name) > NAME_LENGTH:
        return f"nama soal lebih dari {NAME_LENGTH} karakter"
    if len(question.category) > CATEGORY_LENGTH:
        return f"nama kategori lebih dari {CATEGORY_LENGTH} karakter"
    return ""


def check_bank_files(course_slug: str, paths: list[Path]) -> list[str]:
    """Return a `path:line: message` line for every problem in a course's bank files."""
    return read_bank_files(paths).errors


def content_hash(question: Question) -> str:
    """Hash what a learner sees and how it is graded (not where it sits in the file)."""
    data = question.to_dict()
    data.pop("line", None)
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


@dataclass
class _Tally:
    added: int = 0
    changed: int = 0
    retired: int = 0
    restored: int = 0


def _match_rows(
    rows: dict[tuple[str, str], BankQuestion], questions: list[Question], *, whole_source: bool
) -> list[BankQuestion | None]:
    """Pair each question with its stored row: same category and name, else a lone row of that name.

    When the questions are the whole source (the files), the second pass lets a question keep its
    row (and its reports) after moving to another category. Matched rows are taken out of `rows`.
    """
    matched = [rows.pop(_key(question), None) for question in questions]
    if not whole_source:
        return matched
    left_by_name: dict[str, list[BankQuestion]] = {}
    for row in rows.values():
        left_by_name.setdefault(row.name, []).append(row)
    unmatched = Counter(question.name for question, row in zip(questions, matched, strict=True) if row is None)
    for index, question in enumerate(questions):
        candidates = left_by_name.get(question.name, [])
        if matched[index] is None and len(candidates) == 1 and unmatched[question.name] == 1:
            matched[index] = candidates[0]
            del rows[(candidates[0].category, candidates[0].name)]
    return matched


def _upsert(course: Course, source: QuestionSource, questions: list[Question], *, retire_missing: bool) -> _Tally:
    """Insert or update the questions of one source by category and name; optionally retire the others."""
    rows = {
        (row.category, row.name): row
        for row in db.session.scalars(
            select(BankQuestion).where(BankQuestion.course_id == course.id, BankQuestion.source == source)
        )
    }
    tally = _Tally()
    next_position = max((row.position for row in rows.values()), default=-1) + 1
    for index, (question, row) in enumerate(
        zip(questions, _match_rows(rows, questions, whole_source=retire_missing), strict=True)
    ):
        digest = content_hash(question)
        if row is None:
            position = index if retire_missing else next_position + index
            db.session.add(
                BankQuestion(
                    course_id=course.id, source=source, name=question.name, kind=question.kind,
                    category=question.category, data=question.to_dict(), content_hash=digest,
                    position=position,
                )
            )
            tally.added += 1
            continue
        if row.content_hash != digest:
            tally.changed += 1
        if row.is_retired:
            tally.restored += 1
        row.kind, row.category, row.data, row.content_hash = (
            question.kind, question.category, question.to_dict(), digest,
        )
        row.is_retired = False
        if retire_missing:
            row.position = index
    if retire_missing:
        for row in rows.values():
            if not row.is_retired:
                row.is_retired = True
                tally.retired += 1
    db.session.flush()
    return tally


def sync_bank(course: Course, paths: list[Path]) -> str:
    """Load a course's file-based questions by name, retiring those gone; uploads stay untouched."""
    bank = read_bank_files(paths)
    if bank.errors:
        raise BankError(bank.errors)
    tally = _upsert(course, QuestionSource.FILE, [item.question for item in bank.questions], retire_missing=True)
    uploaded = db.session.scalar(
        select(db.func.count(BankQuestion.id)).where(
            BankQuestion.course_id == course.id,
            BankQuestion.source == QuestionSource.UPLOAD,
            BankQuestion.is_retired.is_(False),
        )
    )
    return _(
        "Bank soal %(slug)s: %(total)d soal dari berkas (%(added)d baru, %(changed)d diubah, "
        "%(retired)d dinonaktifkan); %(uploaded)d soal unggahan tidak disentuh.",
        slug=course.slug, total=len(bank.questions), added=tally.added, changed=tally.changed + tally.restored,
        retired=tally.retired, uploaded=uploaded or 0,
    )


@dataclass(frozen=True)
class UploadItem:
    """One question of an uploaded file as the preview shows it."""

    line: int
    kind: str
    name: str
    derived: bool
    category: str
    text: str
    is_update: bool

    @property
    def label(self) -> str:
        """Return the Indonesian name of the question's type."""
        return get_type(self.kind).label


@dataclass
class UploadPreview:
    """What confirming an upload would do, or why it cannot be confirmed; warnings do not block it."""

    filename: str
    items: list[UploadItem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return bool(self.items) and not self.errors


def _keys(course: Course, source: QuestionSource, *, active_only: bool) -> set[tuple[str, str]]:
    query = select(BankQuestion.category, BankQuestion.name).where(
        BankQuestion.course_id == course.id, BankQuestion.source == source
    )
    if active_only:
        query = query.where(BankQuestion.is_retired.is_(False))
    return {(category, name) for category, name in db.session.execute(query)}


def _free_name(name: str, category: str, taken: set[tuple[str, str]]) -> str:
    """Return the name, or the first `name (2)`, `name (3)`, ... not yet taken in the category."""
    number = 2
    candidate = f"{name} ({number})"
    while (category, candidate) in taken:
        number += 1
        candidate = f"{name} ({number})"
    return candidate


def preview_upload(course: Course, text: str, filename: str) -> UploadPreview:
    """Parse an uploaded GIFT file for a course bank, naming unnamed questions, without saving.

    Moodle names need not be unique: a name repeated in one category gets a number, the same
    name in another category is another question. Essays and descriptions are skipped with a warning.
    """
    filename = Path(filename or "unggahan.gift").name
    result = parse_gift(text, filename)
    preview = UploadPreview(
        filename, errors=[str(error) for error in result.errors], warnings=[str(w) for w in result.warnings]
    )
    file_keys = _keys(course, QuestionSource.FILE, active_only=True)
    uploaded_keys = _keys(course, QuestionSource.UPLOAD, active_only=False)
    seen: dict[tuple[str, str], int] = {}
    for question in result.questions:
        derived = not question.name
        name = question.name or derive_name(question.text)
        where = f"{filename}:{question.line}"
        named = Question.from_dict({**question.to_dict(), "name": name})
        if problem := _too_long(named):
            preview.errors.append(f"{where}: {problem}")
            continue
        if (question.category, name) in file_keys:
            preview.errors.append(
                f"{where}: nama soal '{name}'{_in_category(question)} sudah dipakai soal dari course_content"
            )
            continue
        if (question.category, name) in seen:
            first = seen[(question.category, name)]
            name = _free_name(name, question.category, set(seen) | file_keys)
            derived = True
            preview.warnings.append(
                f"{where}: nama soal '{named.name}'{_in_category(question)} sudah dipakai di "
                f"{filename}:{first}, jadi soal ini disimpan sebagai '{name}'"
            )
            named = Question.from_dict({**named.to_dict(), "name": name})
            if problem := _too_long(named):
                preview.errors.append(f"{where}: {problem}")
                continue
        seen[(question.category, name)] = question.line
        preview.questions.append(named)
        preview.items.append(
            UploadItem(question.line, question.kind, name, derived, question.category, question.text,
                       (question.category, name) in uploaded_keys)
        )
    if not result.questions and not result.errors:
        preview.errors.append(f"{filename}:1: berkas tidak berisi soal")
    return preview


def import_upload(course: Course, preview: UploadPreview) -> str:
    """Save the questions of a clean upload preview into the course bank, apart from the files."""
    if not preview.ok:
        raise BankError(preview.errors or [f"{preview.filename}:1: berkas tidak berisi soal"])
    tally = _upsert(course, QuestionSource.UPLOAD, preview.questions, retire_missing=False)
    return _(
        "%(count)d soal unggahan disimpan ke bank %(slug)s (%(added)d baru, %(changed)d diperbarui).",
        count=len(preview.questions), slug=course.slug, added=tally.added, changed=len(preview.questions) - tally.added,
    )


def bank_questions(course_id: int, *, include_retired: bool = False) -> list[BankQuestion]:
    """Return a course's bank, file questions first in file order, then uploads."""
    query = select(BankQuestion).where(BankQuestion.course_id == course_id)
    if not include_retired:
        query = query.where(BankQuestion.is_retired.is_(False))
    return list(db.session.scalars(query.order_by(BankQuestion.source, BankQuestion.position, BankQuestion.id)))




def bank_counts(course_id: int) -> dict[str, int]:
    """Count a course's questions: from files, uploaded, and retired."""
    rows = db.session.execute(
        select(BankQuestion.source, BankQuestion.is_retired, db.func.count(BankQuestion.id))
        .where(BankQuestion.course_id == course_id)
        .group_by(BankQuestion.source, BankQuestion.is_retired)
    )
    counts = {"file": 0, "upload": 0, "retired": 0}
    for source, retired, count in rows:
        counts["retired" if retired else str(source)] += count
    return counts
