"""Demo activity for practice cases: half of Concong's Pantarlih have tried the first cases, some wrongly."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from bimtek import clock
from bimtek.cases.models import CaseDecision, CaseResult, PracticeCase
from bimtek.cases.operations import grade_case
from bimtek.cases.rules import Given, keyed_given
from bimtek.demo.operations import CONCONG, DemoContext
from bimtek.extensions import db
from bimtek.officers.models import Role

CASES_TRIED = 6


def _slip(subject: dict) -> Given:
    """Return a plausible wrong answer: the decision learners most often confuse with the right one."""
    if subject["kind"] == "question":
        return Given(choice=str((subject["correct"] + 1) % len(subject["choices"])))
    if subject["kind"] == "person":
        right = subject["answers"][0]["decision"]
        return Given(decision="tidak_dicatat" if right == "potensial" else "potensial", evidence="ktp_kk")
    return Given(decision="datang_lagi") if subject["answers"][0]["decision"] != "datang_lagi" \
        else Given(decision="sesuai", evidence="ktp_kk")


def seed(context: DemoContext) -> None:
    """Give every second Concong Pantarlih results on the first cases (idempotent; the demo log-ins stay clean)."""
    cases = list(db.session.scalars(
        select(PracticeCase).where(PracticeCase.is_retired.is_(False))
        .order_by(PracticeCase.course_id, PracticeCase.position).limit(CASES_TRIED)
    ))
    if not cases:
        return
    existing = {(person_id, case_id) for person_id, case_id in db.session.execute(
        select(CaseResult.person_id, CaseResult.case_id).where(CaseResult.election_id == context.election.id)
    )}
    now = clock.now()
    for index, assignment in enumerate(context.officers(Role.PANTARLIH, CONCONG)):
        if index % 2:
            continue
        rng = random.Random(f"cases:{assignment.person_id}")
        for case in cases:
            if (assignment.person_id, case.id) in existing:
                continue
            answers = {s["key"]: (_slip(s) if rng.random() < 0.15 else keyed_given(s)) for s in case.subjects}
            graded = grade_case(case.data, answers)
            moment = now - timedelta(hours=rng.randint(1, 96))
            result = CaseResult(
                person_id=assignment.person_id, election_id=context.election.id, case_id=case.id, tries=1,
                score=graded.score, total=graded.total, passed=graded.passed, ever_passed=graded.passed,
                answers={key: given.to_dict() for key, given in answers.items()}, content_hash=case.content_hash,
                first_at=moment, last_at=moment, passed_at=moment if graded.passed else None,
            )
            result.decisions = [CaseDecision(subject=key, first_correct=verdict.correct, last_correct=verdict.correct)
                                for key, verdict in graded.verdicts.items()]
            db.session.add(result)
    db.session.flush()
