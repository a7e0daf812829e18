"""Reading and checking course_content/: frozen course and lesson sources, every problem with file and line."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import yaml

from bimtek.courses.parts import quiz_part
from bimtek.courses.hooks import COMPLETION_KEYS, content_checkers
from bimtek.courses.render import image_sources
from bimtek.roles import Role
from bimtek.transaction import Refusal

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE = re.compile(r"^[0-9]{2}-[a-z0-9]+(?:-[a-z0-9]+)*\.md$")
IMAGE_FILE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.(?:svg|png|jpe?g|webp)$")
# Slugs the course URLs use for their own pages.
RESERVED_SLUGS = {"kartu-saku"}
MAX_SVG_BYTES = 8 * 1024
REVIEW_POLICIES = ("after_each", "after_pass", "never")
ROLES = tuple(role.value for role in Role)

COURSE_FIELDS = ("slug", "title", "summary", "audience", "version", "estimated_minutes", "completion", "quiz")
COURSE_REQUIRED = COURSE_FIELDS[:-1]
COMPLETION_FIELDS = ("lessons", "quiz", "attendance")
QUIZ_FIELDS = ("questions", "per_category", "shuffle_options", "pass_mark", "max_attempts", "wait_minutes",
               "time_limit_minutes", "review")
QUIZ_OPTIONAL = ("per_category",)
LESSON_FIELDS = ("title", "order", "minutes")


@dataclass(frozen=True)
class ContentProblem:
    """One problem in a content file."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(Refusal):
    """The content has problems: nothing may be loaded from it."""

    def __init__(self, problems: list[str]):
        super().__init__(f"{len(problems)} masalah pada materi kursus")
        self.problems = problems


@dataclass(frozen=True)
class LessonSource:
    key: str
    path: Path
    title: str
    order: int
    minutes: int
    body: str
    images: tuple[str, ...]
    content_hash: str


@dataclass(frozen=True)
class CourseSource:
    slug: str
    folder: Path
    title: str
    summary: str
    audience: tuple[str, ...]
    version: int
    estimated_minutes: int
    completion: dict[str, Any]
    quiz_rules: dict[str, Any]
    lessons: tuple[LessonSource, ...]
    bank_paths: tuple[Path, ...]
    content_hash: str


@dataclass
class ContentReport:
    """What a read of the content directory found."""

    courses: list[CourseSource] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def display_path(path: Path) -> str:
    """Return the path as a reader would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class _Problems:
    def __init__(self, path: Path, found: list[str]):
        self.path = display_path(path)
        self.found = found

    def add(self, line: int, message: str) -> None:
        self.found.append(str(ContentProblem(self.path, line, message)))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _key_lines(node: yaml.Node, problems: _Problems, prefix: str = "", offset: int = 0) -> dict[str, int]:
    """Map dotted keys to their line numbers, reporting keys written twice."""
    lines: dict[str, int] = {}
    if not isinstance(node, yaml.MappingNode):
        return lines
    for key_node, value_node in node.value:
        key = f"{prefix}{key_node.value}"
        line = key_node.start_mark.line + 1 + offset
        if key in lines:
            problems.add(line, f"isian '{key}' ditulis dua kali (pertama di baris {lines[key]})")
        lines[key] = line
        lines.update(_key_lines(value_node, problems, key + ".", offset))
    return lines


def _parse_yaml(text: str, problems: _Problems, offset: int = 0) -> tuple[Any, dict[str, int]] | None:
    """Parse YAML, reporting a syntax error at its line; return (data, key lines) or None."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line + 1 if mark else 1) + offset
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        problems.add(line, f"YAML tidak dapat dibaca: {reason}")
        return None
    return data, _key_lines(node, problems, offset=offset) if node is not None else {}


def read_content(root: Path) -> ContentReport:
    """Read and check every course folder under root."""
    report = ContentReport()
    if not root.is_dir():
        report.problems.append(str(ContentProblem(display_path(root), 1, "folder materi kursus tidak ditemukan")))
        return report
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "_"))):
        course = _read_course(folder, report.problems)
        if course is not None:
            report.courses.append(course)
    return report


def _read_course(folder: Path, found: list[str]) -> CourseSource | None:
    yaml_path = folder / "course.yaml"
    problems = _Problems(yaml_path, found)
    before = len(found)
    if not yaml_path.is_file():
        problems.add(1, "berkas course.yaml tidak ada di folder kursus")
        return None
    text = _read_text(yaml_path, problems)
    parsed = _parse_yaml(text, problems) if text is not None else None
    if parsed is None:
        return None
    data, lines = parsed
    if not isinstance(data, dict):
        problems.add(1, "course.yaml harus berisi isian 'nama: nilai'")
        return None

    def line(key: str) -> int:
        return lines.get(key, 1)

    for key in data:
        if key not in COURSE_FIELDS:
            problems.add(line(str(key)), f"isian '{key}' tidak dikenal")
    for key in COURSE_REQUIRED:
        if key not in data:
            problems.add(1, f"isian '{key}' wajib ada")

    slug = data.get("slug")
    if "slug" in data:
        if not isinstance(slug, str) or not SLUG.match(slug):
            problems.add(line("slug"), "slug hanya boleh huruf kecil, angka dan tanda hubung")
        elif slug != folder.name:
            problems.add(line("slug"), f"slug '{slug}' harus sama dengan nama folder '{folder.name}'")
        elif slug in RESERVED_SLUGS:
            problems.add(line("slug"), f"slug '{slug}' sudah dipakai halaman lain; pilih nama lain")
    for key in ("title", "summary"):
        if key in data and (not isinstance(data[key], str) or not data[key].strip()):
            problems.add(line(key), f"'{key}' harus berupa teks yang tidak kosong")
    audience = data.get("audience")
    if "audience" in data:
        if not isinstance(audience, list) or not audience:
            problems.add(line("audience"), "audience harus berupa daftar peran, misalnya [pantarlih, pps]")
            audience = []
        for role in audience:
            if role not in ROLES:
                problems.add(line("audience"), f"peran '{role}' tidak dikenal; pilih dari: {', '.join(ROLES)}")
    if "version" in data and (not _is_int(data["version"]) or data["version"] < 1):
        problems.add(line("version"), "version harus bilangan bulat 1 atau lebih")
    if "estimated_minutes" in data and (not _is_int(data["estimated_minutes"]) or data["estimated_minutes"] < 0):
        problems.add(line("estimated_minutes"), "estimated_minutes harus bilangan bulat (menit)")

    completion = data.get("completion")
    if "completion" in data:
        completion = _check_completion(completion, line, problems)
    quiz_rules: dict[str, Any] = {}
    if data.get("quiz") is not None:
        quiz_rules = _check_quiz(data["quiz"], line, problems)

    lessons = _read_lessons(folder, found)
    bank_paths = tuple(Path(display_path(p)) for p in sorted(folder.glob("*.gift")))
    if isinstance(completion, dict) and completion.get("quiz") is True:
        if not quiz_rules and "quiz" not in data:
            problems.add(line("completion"), "completion.quiz bernilai true, tetapi aturan 'quiz' tidak ada")
        if not bank_paths:
            problems.add(line("completion"), "completion.quiz bernilai true, tetapi tidak ada berkas bank soal .gift")
    _check_banks(folder.name, bank_paths, quiz_rules, line, problems, found)
    for checker in content_checkers():
        found.extend(checker(folder, data, line))

    if len(found) > before:
        return None
    digest = hashlib.sha256(yaml_path.read_bytes())
    for lesson in lessons:
        digest.update(lesson.key.encode() + lesson.content_hash.encode())
    for path in bank_paths:
        digest.update(path.name.encode() + path.read_bytes())
    return CourseSource(
        slug=slug, folder=folder, title=data["title"].strip(), summary=data["summary"].strip(),
        audience=tuple(audience), version=data["version"], estimated_minutes=data["estimated_minutes"],
        completion=completion, quiz_rules=quiz_rules, lessons=tuple(lessons), bank_paths=bank_paths,
        content_hash=digest.hexdigest(),
    )


def _read_text(path: Path, problems: _Problems) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(1, "berkas harus ditulis dalam UTF-8")
        return None


def _check_completion(completion: Any, line, problems: _Problems) -> dict[str, Any]:
    if not isinstance(completion, dict):
        problems.add(line("completion"), "completion harus berisi 'lessons' dan 'quiz'")
        return {}
    for key in completion:
        if key not in COMPLETION_FIELDS and key not in COMPLETION_KEYS:
            problems.add(line(f"completion.{key}"), f"isian 'completion.{key}' tidak dikenal")
    if completion.get("lessons") != "all":
        problems.add(line("completion.lessons") if "lessons" in completion else line("completion"),
                     "completion.lessons harus 'all'")
    if not isinstance(completion.get("quiz"), bool):
        problems.add(line("completion.quiz") if "quiz" in completion else line("completion"),
                     "completion.quiz harus true atau false")
    rules: dict[str, Any] = {"lessons": "all", "quiz": completion.get("quiz") is True}
    if "attendance" in completion:
        if not isinstance(completion["attendance"], bool):
            problems.add(line("completion.attendance"), "completion.attendance harus true atau false")
        rules["attendance"] = completion["attendance"] is True
    rules.update({key: completion[key] for key in sorted(COMPLETION_KEYS) if key in completion})
    return rules


def _check_quiz(quiz: Any, line, problems: _Problems) -> dict[str, Any]:
    if not isinstance(quiz, dict):
        problems.add(line("quiz"), "quiz harus berisi aturan kuis (questions, pass_mark, ...)")
        return {}
    for key in quiz:
        if key not in QUIZ_FIELDS:
            problems.add(line(f"quiz.{key}"), f"isian 'quiz.{key}' tidak dikenal")
    for key in QUIZ_FIELDS:
        if key not in quiz and key not in QUIZ_OPTIONAL:
            problems.add(line("quiz"), f"isian 'quiz.{key}' wajib ada")

    def bad(key: str, message: str) -> None:
        problems.add(line(f"quiz.{key}"), f"quiz.{key} {message}")

    def whole(key: str, minimum: int, *, nullable: bool = False) -> None:
        if key not in quiz or (nullable and quiz[key] is None):
            return
        if not _is_int(quiz[key]) or quiz[key] < minimum:
            bad(key, f"harus bilangan bulat {minimum} atau lebih" + (" (atau null)" if nullable else ""))

    whole("questions", 1)
    whole("max_attempts", 1)
    whole("wait_minutes", 0)
    whole("time_limit_minutes", 1, nullable=True)
    if "shuffle_options" in quiz and not isinstance(quiz["shuffle_options"], bool):
        bad("shuffle_options", "harus true atau false")
    mark = quiz.get("pass_mark")
    if "pass_mark" in quiz and (isinstance(mark, bool) or not isinstance(mark, int | float) or not 0 < mark <= 100):
        bad("pass_mark", "harus persen antara 1 dan 100")
    if "review" in quiz and quiz["review"] not in REVIEW_POLICIES:
        bad("review", f"harus salah satu dari: {', '.join(REVIEW_POLICIES)}")
    per_category = quiz.get("per_category")
    if per_category is not None:
        if not isinstance(per_category, dict) or not per_category:
            bad("per_category", "harus berisi 'Nama kategori: jumlah'")
        else:
            for name, count in per_category.items():
                if not _is_int(count) or count < 0:
                    problems.add(line(f"quiz.per_category.{name}"),
                                 f"jumlah soal kategori '{name}' harus bilangan bulat 0 atau lebih")
            counts = [c for c in per_category.values() if _is_int(c)]
            if _is_int(quiz.get("questions")) and len(counts) == len(per_category) and sum(counts) != quiz["questions"]:
                bad("per_category", f"berjumlah {sum(counts)}, harus sama dengan questions ({quiz['questions']})")
    return {key: quiz.get(key) for key in QUIZ_FIELDS}


def _check_banks(slug: str, paths: tuple[Path, ...], rules: dict[str, Any], line, problems: _Problems,
                 found: list[str]) -> None:
    """Check the GIFT banks and that the quiz rules can be met by them (the registered quiz part does it)."""
    part = quiz_part()
    if not paths or part is None:
        return
    found.extend(part.check_banks(slug, list(paths), rules, lambda key, message: problems.add(line(key), message)))


def _read_lessons(folder: Path, found: list[str]) -> list[LessonSource]:
    lessons: list[LessonSource] = []
    orders: dict[int, str] = {}
    paths = sorted(p for p in folder.glob("*.md") if p.name.lower() != "readme.md")
    if not paths:
        _Problems(folder / "course.yaml", found).add(1, "kursus belum punya pelajaran (berkas .md)")
    for path in paths:
        problems = _Problems(path, found)
        before = len(found)
        if not LESSON_FILE.match(path.name):
            problems.add(1, "nama berkas pelajaran harus berbentuk NN-nama-pelajaran.md "
                            "(huruf kecil, angka, tanda hubung)")
        lesson = _read_lesson(path, problems)
        if lesson is None or len(found) > before:
            continue
        if lesson.order in orders:
            problems.add(_lesson_line(path, "order"), f"order {lesson.order} sudah dipakai oleh {orders[lesson.order]}")
            continue
        orders[lesson.order] = path.name
        lessons.append(lesson)
    return sorted(lessons, key=lambda lesson: lesson.order)


def _lesson_line(path: Path, key: str) -> int:
    """Return the line of a front matter key (1 when it cannot be found)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        if text.startswith(f"{key}:"):
            return number
        if text.strip() == "---":
            break
    return 1


def _read_lesson(path: Path, problems: _Problems) -> LessonSource | None:
    text = _read_text(path, problems)
    if text is None:
        return None
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        problems.add(1, "pelajaran harus dimulai dengan bagian kepala di antara dua baris '---'")
        return None
    end = next((i for i, value in enumerate(lines[1:], start=1) if value.strip() == "---"), None)
    if end is None:
        problems.add(1, "bagian kepala tidak ditutup dengan baris '---'")
        return None
    parsed = _parse_yaml("\n".join(lines[1:end]), problems, offset=1)
    if parsed is None:
        return None
    data, key_lines = parsed
    if not isinstance(data, dict):
        problems.add(2, "bagian kepala harus berisi title, order dan minutes")
        return None
    for key in data:
        if key not in LESSON_FIELDS:
            problems.add(key_lines.get(str(key), 2), f"isian '{key}' tidak dikenal")
    for key in LESSON_FIELDS:
        if key not in data:
            problems.add(1, f"isian '{key}' wajib ada di bagian kepala")
    title, order, minutes = data.get("title"), data.get("order"), data.get("minutes")
    if "title" in data and (not isinstance(title, str) or not title.strip()):
        problems.add(key_lines["title"], "title harus berupa teks yang tidak kosong")
    if "order" in data and (not _is_int(order) or order < 1):
        problems.add(key_lines["order"], "order harus bilangan bulat 1 atau lebih")
    if "minutes" in data and (not _is_int(minutes) or minutes < 1):
        problems.add(key_lines["minutes"], "minutes harus bilangan bulat 1 atau lebih (menit)")
    raw_body = "\n".join(lines[end + 1:])
    body = raw_body.strip()
    if not body:
        problems.add(end + 1, "isi pelajaran kosong")
    images: list[str] = []
    digest = hashlib.sha256(path.read_bytes())
    for src, line in image_sources(raw_body):
        where = end + 2 + line
        if "://" in src or src.startswith(("/", "data:")) or "/" in src or "\\" in src:
            problems.add(where, f"gambar '{src}' harus berupa nama berkas di folder kursus yang sama")
            continue
        image = path.parent / src
        if not IMAGE_FILE.match(src) or not image.is_file():
            problems.add(where, f"gambar '{src}' tidak ditemukan di folder kursus")
            continue
        if image.suffix == ".svg" and not _check_svg(image, _Problems(image, problems.found)):
            continue
        images.append(src)
        digest.update(src.encode() + image.read_bytes())
    if not all(isinstance(v, str | int) for v in (title, order, minutes)):
        return None
    return LessonSource(
        key=path.stem, path=path, title=str(title).strip(), order=order, minutes=minutes, body=body,
        images=tuple(dict.fromkeys(images)), content_hash=digest.hexdigest(),
    )


def _check_svg(path: Path, problems: _Problems) -> bool:
    """Check an SVG is small, self-contained and script-free (it is served from our own origin)."""
    data = path.read_bytes()
    before = len(problems.found)
    if len(data) > MAX_SVG_BYTES:
        problems.add(1, f"berkas SVG {len(data)} bita; batasnya {MAX_SVG_BYTES} bita")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        problems.add(error.position[0], "SVG tidak dapat dibaca (XML rusak)")
        return False
    if not root.tag.endswith("svg"):
        problems.add(1, "berkas ini bukan SVG")
    if "viewBox" not in root.attrib:
        problems.add(1, "SVG harus memakai viewBox")
    text = data.decode("utf-8", "replace")
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in ("script", "foreignObject"):
            problems.add(_line_of(text, f"<{name}"), f"SVG tidak boleh berisi <{name}>")
        for attr, value in element.attrib.items():
            local = attr.rsplit("}", 1)[-1]
            if local.startswith("on"):
                problems.add(_line_of(text, local + "="), f"SVG tidak boleh berisi skrip ({local})")
            if local == "href" and not value.startswith("#"):
                problems.add(_line_of(text, value), f"SVG tidak boleh merujuk berkas atau alamat lain ({value})")
    return len(problems.found) == before


def svg_is_safe(path: Path) -> bool:
    """Say whether an SVG file passes the content check (small, no scripts, no outside references)."""
    return _check_svg(path, _Problems(path, []))


def _line_of(text: str, needle: str) -> int:
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1
