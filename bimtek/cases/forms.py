"""Reading a posted case page: one set of plain form controls per row, person and question."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from bimtek.cases.rules import (
    DITANDAI_REASONS,
    EVIDENCE,
    FIELDS,
    PERSON_DECISIONS,
    ROW_DECISIONS,
    TERSARING_REASONS,
    Given,
)

MAX_VALUE_LENGTH = 200


class ForgedAnswer(ValueError):
    """A posted value no control on the page could have sent."""


def allowed_decisions(subject: dict[str, Any]) -> tuple[str, ...]:
    return ROW_DECISIONS if subject["kind"] == "row" else PERSON_DECISIONS


def subject_label(subject: dict[str, Any]) -> str:
    return subject.get("name") or subject.get("text", "")[:60]


def read_answers(case_data: dict[str, Any], form: MultiDict) -> tuple[dict[str, Given], list[str]]:
    """Read every subject's controls; return the answers and the names of subjects still undecided.

    Raise ForgedAnswer for a value the page does not offer.
    """
    answers: dict[str, Given] = {}
    missing: list[str] = []
    for subject in case_data["subjects"]:
        key = subject["key"]

        def get(name: str) -> str:
            return (form.get(f"{key}-{name}") or "").strip()

        if subject["kind"] == "question":
            choice = get("choice")
            if choice and (not choice.isdigit() or int(choice) >= len(subject["choices"])):
                raise ForgedAnswer(key)
            answers[key] = Given(choice=choice)
            if not choice:
                missing.append(subject_label(subject))
            continue
        decision, reason, field, value, evidence = get("decision"), get("reason"), get("field"), get("value"), \
            get("evidence")
        if decision and decision not in allowed_decisions(subject):
            raise ForgedAnswer(key)
        if reason and reason not in TERSARING_REASONS and reason not in DITANDAI_REASONS:
            raise ForgedAnswer(key)
        if field and field not in FIELDS:
            raise ForgedAnswer(key)
        if evidence and evidence not in EVIDENCE:
            raise ForgedAnswer(key)
        answers[key] = Given(decision=decision, reason=reason, field=field, value=value[:MAX_VALUE_LENGTH],
                             evidence=evidence)
        if not decision:
            missing.append(subject_label(subject))
    return answers, missing


def missing_message(missing: list[str]) -> str:
    return _("Jawaban belum dinilai: pilih keputusan untuk %(names)s. Pilihan yang sudah Anda isi tetap ada di bawah.",
             names=", ".join(missing))
