"""Writes on practice cases: syncing the case files, and grading and saving a learner's answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bimtek import clock, signals
from bimtek.cases.content import read_cases
from bimtek.cases.models import CaseDecision, CaseResult, PracticeCase
from bimtek.cases.rules import Given, Verdict, grade_subject
from bimtek.courses.content import ContentError
from bimtek.courses.hooks import register_content_syncer
from bimtek.extensions import db


def sync_cases(course, folder: Path) -> str:
    """Load a course folder's case files by file name: add, update in place, retire the removed ones."""
    found: list[str] = []
    sources = read_cases(folder, found)
    if found:
        raise ContentError(found)
    current = {case.key: case for case in db.session.scalars(select(PracticeCase).where(
        PracticeCase.course_id == course.id))}
    added = updated = retired = 0
    for position, source in enumerate(sources, start=1):
        case = current.pop(source.key, None)
        if case is None:
            case = PracticeCase(course_id=course.id, key=source.key)
            db.session.add(case)
            added += 1
        elif case.content_hash == source.content_hash and not case.is_retired and case.position == position:
            continue
        elif case.content_hash != source.content_hash or case.is_retired:
            updated += 1
        case.title, case.position, case.data = source.title, position, source.data
        case.content_hash, case.is_retired = source.content_hash, False
    for case in current.values():
        if not case.is_retired:
            case.is_retired = True
            retired += 1
    db.session.flush()
    if not sources and not retired:
        return ""
    return f"{len(sources)} kasus ({added} baru, {updated} diubah, {retired} dipensiunkan)"


register_content_syncer(sync_cases)


@dataclass(frozen=True)
class Graded:
    """One case graded: each subject's verdict, and the totals."""

    verdicts: dict[str, Verdict]

    @property
    def score(self) -> int:
        return sum(1 for verdict in self.verdicts.values() if verdict.correct)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def passed(self) -> bool:
        return self.score == self.total


def grade_case(case_data: dict[str, Any], answers: dict[str, Given]) -> Graded:
    """Grade every row, person and question of a case (a missing answer is a wrong one)."""
    return Graded({
        subject["key"]: grade_subject(subject, answers.get(subject["key"], Given()))
        for subject in case_data["subjects"]
    })


def submit_case(case: PracticeCase, person_id: int, election_id: int,
                answers: dict[str, Given]) -> tuple[CaseResult, Graded]:
    """Grade the learner's answers, keep the first and the latest try, and tell listeners the case was answered."""
    graded = grade_case(case.data, answers)
    now = clock.now()
    result = db.session.scalar(select(CaseResult).where(
        CaseResult.person_id == person_id, CaseResult.election_id == election_id, CaseResult.case_id == case.id))
    if result is None:
        try:
            # Two taps racing for the first result: the unique constraint settles it.
            with db.session.begin_nested():
                result = CaseResult(person_id=person_id, election_id=election_id, case_id=case.id, first_at=now)
                db.session.add(result)
                db.session.flush()
        except IntegrityError:
            result = db.session.scalar(select(CaseResult).where(
                CaseResult.person_id == person_id, CaseResult.election_id == election_id,
                CaseResult.case_id == case.id))
    first = result.tries == 0
    result.tries += 1
    result.score, result.total, result.passed = graded.score, graded.total, graded.passed
    result.answers = {key: given.to_dict() for key, given in answers.items()
                      if key in graded.verdicts and given.to_dict()}
    result.content_hash, result.last_at = case.content_hash, now
    if graded.passed and not result.ever_passed:
        result.ever_passed, result.passed_at = True, now
    rows = {decision.subject: decision for decision in result.decisions}
    for key, verdict in graded.verdicts.items():
        row = rows.get(key)
        if row is None:
            # A subject added by an edit after the first try: its first try is this one.
            row = CaseDecision(subject=key, first_correct=verdict.correct)
            result.decisions.append(row)
        elif first:
            row.first_correct = verdict.correct
        row.last_correct = verdict.correct
    db.session.flush()
    signals.case_finished.send(person_id=person_id, election_id=election_id, course_id=case.course_id,
                               passed=graded.passed)
    return result, graded
