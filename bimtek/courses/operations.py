"""Writes on courses: syncing course_content/ into the database, and recording a finished lesson."""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bimtek import signals
from bimtek.courses.content import ContentError, CourseSource, read_content
from bimtek.courses.hooks import content_syncers
from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.courses.parts import quiz_part
from bimtek.courses.render import render_markdown
from bimtek.extensions import db
from bimtek.transaction import Refusal


def content_dir() -> Path:
    """Return the configured course content folder."""
    return Path(current_app.config["BIMTEK_CONTENT_DIR"])


def image_version(path: Path) -> str:
    """Return a short fingerprint of an image file, put in its URL so it can be cached for a year."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def asset_url(slug: str, filename: str, version: str) -> str:
    """Build the courses.asset URL without needing a request (sync runs from the CLI)."""
    adapter = current_app.url_map.bind("bimtek.invalid", script_name=current_app.config.get("APPLICATION_ROOT") or "/")
    return adapter.build("courses.asset", {"slug": slug, "filename": filename, "v": version})


def lesson_html(source: CourseSource, markdown: str) -> str:
    """Render a lesson for the web, its images served by courses.asset."""
    def url(filename: str) -> str | None:
        path = source.folder / filename
        return asset_url(source.slug, filename, image_version(path)) if path.is_file() else None

    return render_markdown(markdown, url)


def sync_content(root: Path | None = None) -> list[str]:
    """Load the checked content into the database by slug and lesson key; return one summary line per course.

    Raise ContentError (writing nothing) when the content has problems.
    """
    report = read_content(root or content_dir())
    if report.problems:
        raise ContentError(report.problems)
    existing = {course.slug: course for course in db.session.scalars(select(Course))}
    summary: list[str] = []
    for source in report.courses:
        course = existing.pop(source.slug, None)
        if course is None:
            course = Course(slug=source.slug)
            db.session.add(course)
        course_changed = course.id is None or course.content_hash != source.content_hash or course.is_retired
        if course_changed:
            course.title, course.summary = source.title, source.summary
            course.audience = list(source.audience)
            course.version, course.estimated_minutes = source.version, source.estimated_minutes
            course.completion, course.quiz_rules = dict(source.completion), dict(source.quiz_rules)
            course.content_hash, course.is_retired = source.content_hash, False
        added, updated, retired = _sync_lessons(course, source)
        db.session.flush()
        line = (f"{source.slug}: {len(source.lessons)} pelajaran ({added} baru, {updated} diubah, "
                f"{retired} dipensiunkan)")
        bank = _sync_bank(course, source)
        parts = [bank] + [syncer(course, source.folder) for syncer in content_syncers()]
        summary.append("; ".join([line] + [part for part in parts if part]))
    for course in existing.values():
        if not course.is_retired:
            course.is_retired = True
            summary.append(f"{course.slug}: tidak ada lagi di folder materi, dipensiunkan (riwayat tetap disimpan)")
    db.session.flush()
    return summary


def _sync_lessons(course: Course, source: CourseSource) -> tuple[int, int, int]:
    current = {lesson.key: lesson for lesson in course.lessons}
    added = updated = retired = 0
    for lesson_source in source.lessons:
        lesson = current.pop(lesson_source.key, None)
        if lesson is None:
            lesson = Lesson(key=lesson_source.key)
            course.lessons.append(lesson)
            added += 1
        elif lesson.content_hash != lesson_source.content_hash or lesson.is_retired:
            updated += 1
        elif lesson.order == lesson_source.order:
            continue
        # Progress points at the lesson row, so editing it in place keeps every learner's record.
        lesson.title, lesson.order, lesson.minutes = lesson_source.title, lesson_source.order, lesson_source.minutes
        lesson.body_markdown = lesson_source.body
        lesson.body_html = lesson_html(source, lesson_source.body)
        lesson.content_hash, lesson.is_retired = lesson_source.content_hash, False
    for lesson in current.values():
        if not lesson.is_retired:
            lesson.is_retired = True
            retired += 1
    return added, updated, retired


def _sync_bank(course: Course, source: CourseSource) -> str:
    part = quiz_part()
    if not source.bank_paths or part is None:
        return ""
    try:
        return part.sync_banks(course, list(source.bank_paths))
    except Refusal as error:
        raise ContentError(getattr(error, "errors", None) or [str(error)]) from None


def complete_lesson(person_id: int, election_id: int, lesson: Lesson) -> bool:
    """Record that the learner finished the lesson; return False if it was already recorded."""
    exists = select(LessonProgress.id).where(
        LessonProgress.person_id == person_id, LessonProgress.election_id == election_id,
        LessonProgress.lesson_id == lesson.id,
    )
    if db.session.scalar(exists) is not None:
        return False
    try:
        # A double tap can race the check above: the unique constraint settles it.
        with db.session.begin_nested():
            db.session.add(LessonProgress(person_id=person_id, election_id=election_id, lesson_id=lesson.id))
    except IntegrityError:
        return False
    signals.lesson_completed.send(person_id=person_id, election_id=election_id, course_id=lesson.course_id)
    return True
