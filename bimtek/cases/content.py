"""Reading and checking practice case files (course_content/<course>/kasus/*.yaml), every problem with file and line."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from bimtek.cases.rules import (
    DECISIONS,
    DISABILITY,
    DITANDAI_REASONS,
    EVIDENCE,
    FIELDS,
    KTP_EL,
    MARITAL,
    PERSON_DECISIONS,
    ROW_DECISIONS,
    SEX,
    TERSARING_REASONS,
    normalise,
    parse_date,
)
from bimtek.courses.content import ContentProblem, display_path
from bimtek.courses.hooks import register_completion_key, register_content_checker, register_content_counter

CASE_FOLDER = "kasus"
CASE_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\.yaml$")
KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A NIK in a case file is always masked: 16 characters, digits or '*', at least six of them hidden.
MASKED_NIK = re.compile(r"^[0-9*]{16}$")
MAX_CASE_BYTES = 16 * 1024

TOP_FIELDS = ("title", "summary", "voting_day", "address", "tps", "story", "documents", "missing", "kk", "rows",
              "people", "questions")
TOP_REQUIRED = ("title", "voting_day", "address", "tps", "story")
ROW_FIELDS = ("key", "name", "nik", "born", "sex", "marital", "address", "disability", "ktp_el", "note", "answer",
              "also", "why")
ROW_REQUIRED = ("key", "name", "nik", "born", "sex", "marital", "ktp_el", "why")
PERSON_FIELDS = ("key", "name", "born", "sex", "marital", "relation", "disability", "ktp_el", "note", "answer",
                 "also", "why")
PERSON_REQUIRED = ("key", "name", "born", "sex", "why")
KK_FIELDS = ("name", "born", "sex", "marital", "relation", "note")
QUESTION_FIELDS = ("key", "text", "choices", "why")
ANSWER_FIELDS = ("decision", "reason", "field", "value", "evidence")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a date that does not exist is our message with a line, not a crash."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class CaseFile:
    """One checked case, ready to be stored (data is plain JSON)."""

    key: str
    path: Path
    title: str
    data: dict[str, Any]
    content_hash: str


@dataclass
class CaseReport:
    cases: list[CaseFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class _File:
    """Problems of one file, and the line of every value in it."""

    def __init__(self, path: Path, found: list[str]):
        self.path = display_path(path)
        self.found = found
        self.lines: dict[tuple, int] = {}

    def add(self, where: tuple | int, message: str) -> None:
        line = where if isinstance(where, int) else self.line(where)
        self.found.append(str(ContentProblem(self.path, line, message)))

    def line(self, where: tuple) -> int:
        while where and where not in self.lines:
            where = where[:-1]
        return self.lines.get(where, 1)


def _build(node: yaml.Node, where: tuple, file: _File, constructor: SafeConstructor) -> Any:
    file.lines.setdefault(where, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = str(constructor.construct_object(key_node)) if isinstance(key_node, yaml.ScalarNode) else "?"
            if key in result:
                file.add(key_node.start_mark.line + 1,
                         f"isian '{key}' ditulis dua kali (pertama di baris {file.lines[where + (key,)]})")
                continue
            file.lines[where + (key,)] = key_node.start_mark.line + 1
            result[key] = _build(value_node, where + (key,), file, constructor)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, where + (index,), file, constructor) for index, item in enumerate(node.value)]
    return constructor.construct_object(node)


def _parse(text: str, file: _File) -> Any:
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        file.add(mark.line + 1 if mark else 1, f"YAML tidak dapat dibaca: {reason}")
        return None
    if node is None:
        return None
    return _build(node, (), file, SafeConstructor())


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def read_case(path: Path, found: list[str]) -> CaseFile | None:
    """Read and check one case file; append problems to found and return None when it has any."""
    file = _File(path, found)
    before = len(found)
    if not CASE_FILE.match(path.name):
        file.add(1, "nama berkas kasus harus huruf kecil, angka dan tanda hubung, diakhiri .yaml")
    raw = path.read_bytes()
    if len(raw) > MAX_CASE_BYTES:
        file.add(1, f"berkas kasus {len(raw)} bita; batasnya {MAX_CASE_BYTES} bita")
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        file.add(1, "berkas harus ditulis dalam UTF-8")
        return None
    data = _parse(text, file)
    if len(found) > before:
        return None
    if not isinstance(data, dict):
        file.add(1, "berkas kasus harus berisi isian 'nama: nilai' (title, voting_day, rows, ...)")
        return None

    for key in data:
        if key not in TOP_FIELDS:
            file.add((key,), f"isian '{key}' tidak dikenal")
    for key in TOP_REQUIRED:
        if key not in data:
            file.add(1, f"isian '{key}' wajib ada")
    for key in ("title", "story", "address"):
        if key in data and not _text(data[key]):
            file.add((key,), f"'{key}' harus berupa teks yang tidak kosong")
    if "summary" in data and not isinstance(data["summary"], str):
        file.add(("summary",), "'summary' harus berupa teks")
    tps = data.get("tps")
    if "tps" in data and (not isinstance(tps, int) or isinstance(tps, bool) or not 1 <= tps <= 9999):
        file.add(("tps",), "tps harus nomor TPS (bilangan bulat 1 atau lebih)")
    voting_day = _check_date(data, "voting_day", ("voting_day",), file)
    for key in ("documents", "missing"):
        if key in data and (not isinstance(data[key], list) or not all(_text(item) for item in data[key])):
            file.add((key,), f"'{key}' harus berupa daftar teks, misalnya [KK, KTP-el Pak Darto]")

    kk = []
    for index, member in enumerate(_sequence(data, "kk", file)):
        kk.append(_check_kk(member, ("kk", index), file))

    keys: dict[str, int] = {}
    subjects: list[dict[str, Any]] = []
    for kind, section, fields, required, allowed in (
        ("row", "rows", ROW_FIELDS, ROW_REQUIRED, ROW_DECISIONS),
        ("person", "people", PERSON_FIELDS, PERSON_REQUIRED, PERSON_DECISIONS),
    ):
        for index, item in enumerate(_sequence(data, section, file)):
            subject = _check_subject(kind, item, (section, index), fields, required, allowed, file)
            if subject is not None:
                _claim_key(subject["key"], (section, index, "key"), keys, file)
                subjects.append(subject)
    for index, item in enumerate(_sequence(data, "questions", file)):
        subject = _check_question(item, ("questions", index), file)
        if subject is not None:
            _claim_key(subject["key"], ("questions", index, "key"), keys, file)
            subjects.append(subject)
    if not any(_sequence(data, section, None) for section in ("rows", "people", "questions")):
        file.add(1, "kasus harus punya paling sedikit satu baris daftar (rows), orang (people) atau pertanyaan")

    if len(found) > before:
        return None
    case = {
        "title": data["title"].strip(),
        "summary": (data.get("summary") or "").strip(),
        "voting_day": voting_day.isoformat(),
        "address": data["address"].strip(),
        "tps": tps,
        "story": data["story"].strip(),
        "documents": list(data.get("documents") or []),
        "missing": list(data.get("missing") or []),
        "kk": kk,
        "subjects": subjects,
    }
    return CaseFile(key=path.stem, path=path, title=case["title"], data=case,
                    content_hash=hashlib.sha256(raw).hexdigest())


def _sequence(data: dict[str, Any], section: str, file: _File | None) -> list[Any]:
    value = data.get(section)
    if value is None:
        return []
    if not isinstance(value, list):
        if file is not None:
            file.add((section,), f"'{section}' harus berupa daftar (setiap butir diawali '- ')")
        return []
    return value


def _claim_key(key: str, where: tuple, keys: dict[str, int], file: _File) -> None:
    if key in keys:
        file.add(where, f"key '{key}' sudah dipakai di baris {keys[key]}")
    else:
        keys[key] = file.line(where)


def _check_date(item: Mapping[str, Any], key: str, where: tuple, file: _File):
    if key not in item:
        return None
    parsed = parse_date(item[key]) if isinstance(item[key], str) else None
    if parsed is None:
        file.add(where, f"tanggal '{item[key]}' tidak dapat dibaca; tulis TTTT-BB-HH, misalnya 2008-11-27")
    return parsed


def _check_person_fields(item: Mapping[str, Any], where: tuple, file: _File) -> dict[str, Any]:
    """Check the fields a row, a person and a KK member share; return them as stored."""
    out: dict[str, Any] = {}
    if "name" in item:
        if _text(item["name"]):
            out["name"] = item["name"].strip()
        else:
            file.add(where + ("name",), "'name' harus berupa teks yang tidak kosong")
    born = _check_date(item, "born", where + ("born",), file)
    if born is not None:
        out["born"] = born.isoformat()
    if "sex" in item:
        if item["sex"] in SEX:
            out["sex"] = item["sex"]
        else:
            file.add(where + ("sex",), "sex harus L atau P")
    if "marital" in item:
        if item["marital"] in MARITAL:
            out["marital"] = item["marital"]
        else:
            file.add(where + ("marital",), "marital harus salah satu dari: " + ", ".join(MARITAL))
    if "disability" in item:
        value = item["disability"]
        if isinstance(value, int) and not isinstance(value, bool) and value in DISABILITY:
            out["disability"] = value
        else:
            file.add(where + ("disability",), "disability harus kode 0 (tidak ada) sampai 6")
    if "ktp_el" in item:
        if item["ktp_el"] in KTP_EL:
            out["ktp_el"] = item["ktp_el"]
        else:
            file.add(where + ("ktp_el",), "ktp_el harus S (sudah punya) atau B (belum)")
    for key in ("relation", "note", "address"):
        if key in item:
            if _text(item[key]):
                out[key] = item[key].strip()
            else:
                file.add(where + (key,), f"'{key}' harus berupa teks yang tidak kosong")
    return out


def _check_kk(member: Any, where: tuple, file: _File) -> dict[str, Any]:
    if not isinstance(member, dict):
        file.add(where, "setiap anggota KK harus berisi isian 'nama: nilai'")
        return {}
    for key in member:
        if key not in KK_FIELDS:
            file.add(where + (key,), f"isian '{key}' tidak dikenal")
    if "name" not in member:
        file.add(where, "anggota KK harus punya 'name'")
    return _check_person_fields(member, where, file)


def _check_fields(item: dict, where: tuple, fields: tuple, required: tuple, label: str, file: _File) -> Any:
    """Report unknown and missing fields and a malformed key; return the item's key."""
    for name in item:
        if name not in fields:
            file.add(where + (name,), f"isian '{name}' tidak dikenal")
    for name in required:
        if name not in item:
            file.add(where, f"{label} ini tidak punya isian '{name}'")
    key = item.get("key")
    if "key" in item and (not isinstance(key, str) or not KEY.match(key)):
        file.add(where + ("key",), "key hanya boleh huruf kecil, angka dan tanda hubung")
    return key


def _check_subject(kind: str, item: Any, where: tuple, fields: tuple, required: tuple, allowed: tuple,
                   file: _File) -> dict[str, Any] | None:
    label = "baris daftar" if kind == "row" else "orang"
    if not isinstance(item, dict):
        file.add(where, f"setiap {label} harus berisi isian 'nama: nilai'")
        return None
    before = len(file.found)
    key = _check_fields(item, where, fields, required, label, file)
    if kind == "row" and "nik" in item:
        nik = str(item["nik"])
        if not MASKED_NIK.match(nik) or nik.count("*") < 6:
            file.add(where + ("nik",), "NIK harus 16 karakter dan disamarkan: paling sedikit 6 angka diganti '*'")
    person = _check_person_fields(item, where, file)
    if "why" in item and not _text(item["why"]):
        file.add(where + ("why",), "'why' (penjelasan) harus berupa teks yang tidak kosong")
    name = key if isinstance(key, str) else label
    answers = []
    if "answer" not in item:
        file.add(where, f"{label} '{name}' tidak punya keputusan yang benar (isian 'answer')")
    else:
        answers.append(_check_answer(item["answer"], where + ("answer",), allowed, file))
    for index, extra in enumerate(_as_list(item.get("also"))):
        answers.append(_check_answer(extra, where + ("also", index), allowed, file))
    if len(file.found) > before:
        return None
    return {"kind": kind, "key": key, **person, "nik": str(item.get("nik", "")), "answers": answers,
            "why": item["why"].strip()}


def _check_answer(answer: Any, where: tuple, allowed: tuple, file: _File) -> dict[str, Any]:
    if isinstance(answer, str):
        answer = {"decision": answer}
    if not isinstance(answer, dict):
        file.add(where, "answer harus berisi decision (dan reason, field, value, evidence bila perlu)")
        return {}
    for key in answer:
        if key not in ANSWER_FIELDS:
            file.add(where + (key,), f"isian '{key}' tidak dikenal")
    decision = answer.get("decision")
    out: dict[str, Any] = {"decision": decision}
    if decision is None:
        file.add(where, "answer tidak punya 'decision'")
        return out
    if decision not in DECISIONS:
        file.add(where + ("decision",), f"keputusan '{decision}' tidak dikenal; pilih dari: {', '.join(allowed)}")
        return out
    if decision not in allowed:
        file.add(where + ("decision",), f"keputusan '{decision}' tidak dapat dipakai di sini; pilih dari: "
                                        f"{', '.join(allowed)}")
    reasons = {"tersaring": TERSARING_REASONS, "ditandai": DITANDAI_REASONS}.get(decision)
    if reasons is not None:
        reason = answer.get("reason")
        if reason not in reasons:
            file.add(where + ("reason",) if "reason" in answer else where,
                     f"keputusan '{decision}' perlu reason, salah satu dari: {', '.join(reasons)}")
        out["reason"] = reason
    elif "reason" in answer:
        file.add(where + ("reason",), f"keputusan '{decision}' tidak memakai reason")
    if decision == "ubah":
        target = answer.get("field")
        if target not in FIELDS:
            file.add(where + ("field",) if "field" in answer else where,
                     f"keputusan 'ubah' perlu field, salah satu dari: {', '.join(FIELDS)}")
        values = _as_list(answer.get("value"))
        if not values:
            file.add(where, "keputusan 'ubah' perlu value (nilai yang benar)")
        elif target in FIELDS:
            for value in values:
                if normalise(target, value) is None:
                    file.add(where + ("value",), f"nilai '{value}' tidak dapat dibaca untuk field '{target}'")
        out["field"], out["values"] = target, [str(value) for value in values]
    elif "field" in answer or "value" in answer:
        file.add(where + ("field",) if "field" in answer else where + ("value",),
                 f"keputusan '{decision}' tidak memakai field/value")
    evidence = _as_list(answer.get("evidence"))
    for key in evidence:
        if key not in EVIDENCE:
            file.add(where + ("evidence",), f"bukti '{key}' tidak dikenal; pilih dari: {', '.join(EVIDENCE)}")
    if evidence:
        out["evidence"] = [str(key) for key in evidence]
    return out


def _check_question(item: Any, where: tuple, file: _File) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        file.add(where, "setiap pertanyaan harus berisi key, text, choices dan why")
        return None
    before = len(file.found)
    key = _check_fields(item, where, QUESTION_FIELDS, QUESTION_FIELDS, "pertanyaan", file)
    for name in ("text", "why"):
        if name in item and not _text(item[name]):
            file.add(where + (name,), f"'{name}' harus berupa teks yang tidak kosong")
    choices = item.get("choices")
    if "choices" in item:
        if not isinstance(choices, list) or len(choices) < 2 or not all(_text(c) for c in choices):
            file.add(where + ("choices",), "choices harus daftar paling sedikit dua pilihan teks")
        elif sum(1 for choice in choices if choice.startswith("=")) != 1:
            file.add(where + ("choices",), f"pertanyaan '{key}' harus punya tepat satu pilihan benar (diawali '=')")
    if len(file.found) > before:
        return None
    correct = next(index for index, choice in enumerate(choices) if choice.startswith("="))
    return {"kind": "question", "key": key, "text": item["text"].strip(),
            "choices": [choice.removeprefix("=").strip() for choice in choices], "correct": correct,
            "why": item["why"].strip()}


def read_cases(folder: Path, found: list[str]) -> list[CaseFile]:
    """Read every case file of a course folder, in file-name order."""
    cases = []
    case_dir = folder / CASE_FOLDER
    if not case_dir.is_dir():
        return cases
    for path in sorted(case_dir.iterdir()):
        if path.name.startswith((".", "_")) or path.name.lower() == "readme.md":
            continue
        if path.is_dir() or path.suffix not in (".yaml", ".yml"):
            _File(path, found).add(1, "folder kasus hanya boleh berisi berkas kasus .yaml")
            continue
        case = read_case(path, found)
        if case is not None:
            cases.append(case)
    return cases


def check_course_cases(folder: Path, meta: Mapping[str, Any], line: Callable[[str], int]) -> list[str]:
    """Check a course's case files and its `completion.cases` rule (the courses content-check hook)."""
    found: list[str] = []
    cases = read_cases(folder, found)
    completion = meta.get("completion")
    if isinstance(completion, dict) and "cases" in completion:
        wanted = completion["cases"]
        where = str(ContentProblem(display_path(folder / "course.yaml"), line("completion.cases"), ""))
        if not isinstance(wanted, int) or isinstance(wanted, bool) or wanted < 1:
            found.append(where + "completion.cases harus bilangan bulat 1 atau lebih (jumlah kasus yang harus lulus)")
        elif not found and wanted > len(cases):
            found.append(where + f"completion.cases ({wanted}) lebih dari jumlah kasus di folder "
                                 f"{CASE_FOLDER}/ ({len(cases)})")
    return found


def count_cases(folders: list[Path]) -> str:
    """Say how many case files the checked courses hold (for `content check`'s closing line)."""
    total = sum(len(list((folder / CASE_FOLDER).glob("*.yaml"))) for folder in folders
                if (folder / CASE_FOLDER).is_dir())
    return f"{total} kasus latihan" if total else ""


register_completion_key("cases")
register_content_checker(check_course_cases)
register_content_counter(count_cases)
