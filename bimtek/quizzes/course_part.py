"""The quiz part of a course: quizzes plugs its bank checks, bank sync and pass list into courses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from bimtek.courses.parts import QuizPart, register_quiz_part
from bimtek.quizzes.bank import check_bank_files, sync_bank
from bimtek.quizzes.gift import parse_gift
from bimtek.quizzes.queries import passed_course_ids


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_course_banks(slug: str, paths: list[Path], rules: dict[str, Any],
                       report: Callable[[str, str], None]) -> list[str]:
    """Check a course's GIFT banks, and that its quiz rules can be met by them; return the banks' problems."""
    found = check_bank_files(slug, paths)
    if found or not rules:
        return found
    categories: dict[str, int] = {}
    for path in paths:
        result = parse_gift(path.read_text(encoding="utf-8"), str(path))
        if result.errors:
            return [str(error) for error in result.errors]
        for question in result.questions:
            categories[question.category] = categories.get(question.category, 0) + 1
    total = sum(categories.values())
    if _is_int(rules.get("questions")) and rules["questions"] > total:
        report("quiz.questions", f"quiz.questions ({rules['questions']}) lebih dari jumlah soal di bank ({total})")
    for name, wanted in (rules.get("per_category") or {}).items():
        if not _is_int(wanted):
            continue
        have = categories.get(name, 0)
        if have < wanted:
            report(f"quiz.per_category.{name}", f"kategori '{name}' hanya punya {have} soal di bank, diminta {wanted}")
    return []


def register() -> None:
    """Plug the quiz into courses (called by quizzes/access.py at app start-up)."""
    register_quiz_part(QuizPart(check_banks=check_course_banks, sync_banks=sync_bank, passed_course_ids=passed_course_ids))
