"""`flask content sync` of the sample courses: idempotent by slug and lesson key; edits keep progress, removals retire."""

from __future__ import annotations

from sqlalchemy import func, select

from bimtek.courses.models import Course, Lesson, LessonProgress
from bimtek.courses.operations import complete_lesson
from bimtek.courses.queries import course_status
from bimtek.extensions import db
from tests.factories import World

COURSE = "prosedur-coklit"
LESSON_1 = "01-pengantar"
LESSON_6 = "06-pelajaran-6"


def _sync(runner):
    result = runner.invoke(args=["content", "sync"])
    db.session.expire_all()
    return result


def _lesson(key: str) -> Lesson:
    return db.session.scalar(select(Lesson).join(Course).where(Course.slug == COURSE, Lesson.key == key))


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sync_loads_everything_and_is_idempotent(runner, sample_copy):
    first = _sync(runner)
    assert first.exit_code == 0, first.output
    assert "prosedur-coklit: 6 pelajaran (6 baru, 0 diubah, 0 dipensiunkan)" in first.output
    courses, lessons = _count(Course), _count(Lesson)
    assert (courses, lessons) == (3, 9)
    hashes = {lesson.key: lesson.content_hash for lesson in db.session.scalars(select(Lesson))}
    second = _sync(runner)
    assert second.exit_code == 0, second.output
    assert "prosedur-coklit: 6 pelajaran (0 baru, 0 diubah, 0 dipensiunkan)" in second.output
    assert (_count(Course), _count(Lesson)) == (courses, lessons)
    assert {lesson.key: lesson.content_hash for lesson in db.session.scalars(select(Lesson))} == hashes
    course = db.session.scalar(select(Course).where(Course.slug == COURSE))
    assert course.audience == ["pantarlih", "pps"]
    assert course.completion == {"lessons": "all", "quiz": True}
    assert course.quiz_rules["review"] == "after_each" and course.quiz_rules["per_category"]["Menuju DPT"] == 2


def test_markdown_is_rendered_sanitised_with_image_links_to_the_asset_route(runner, sample_copy):
    lesson_file = sample_copy / COURSE / f"{LESSON_1}.md"
    lesson_file.write_text(lesson_file.read_text() + "\n<script>alert(1)</script>\n\n[tautan](javascript:alert(1))\n")
    assert _sync(runner).exit_code == 0
    html = _lesson(LESSON_1).body_html
    assert "<script>" not in html and "href=\"javascript" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run
    figure = _lesson("03-gambar-alur").body_html
    assert 'src="/kursus/prosedur-coklit/gambar/alur-contoh.svg?v=' in figure
    assert 'alt="Alur contoh di rumah pemilih"' in figure
    assert "<table>" in _lesson("02-tabel-kode").body_html


def test_editing_a_lesson_keeps_progress(runner, sample_copy, world: World):
    assert _sync(runner).exit_code == 0
    lesson = _lesson(LESSON_1)
    lesson_id, old_hash = lesson.id, lesson.content_hash
    assert complete_lesson(world.pantarlih.id, world.election.id, lesson)
    db.session.commit()
    path = sample_copy / COURSE / f"{LESSON_1}.md"
    path.write_text(path.read_text().replace("title: Pengantar Coklit", "title: Pengantar")
                    + "\nParagraf tambahan.\n")
    result = _sync(runner)
    assert "prosedur-coklit: 6 pelajaran (0 baru, 1 diubah, 0 dipensiunkan)" in result.output
    lesson = _lesson(LESSON_1)
    assert lesson.id == lesson_id and lesson.content_hash != old_hash
    assert lesson.title == "Pengantar" and "Paragraf tambahan." in lesson.body_html
    assert _count(LessonProgress) == 1
    status = course_status(lesson.course, world.pantarlih.id, world.election.id)
    assert status.done == 1


def test_removing_a_lesson_retires_it_and_keeps_history(runner, sample_copy, world: World):
    assert _sync(runner).exit_code == 0
    lesson = _lesson(LESSON_6)
    complete_lesson(world.pantarlih.id, world.election.id, lesson)
    db.session.commit()
    moved = sample_copy.parent / "disimpan.md"
    (sample_copy / COURSE / f"{LESSON_6}.md").rename(moved)
    result = _sync(runner)
    assert "prosedur-coklit: 5 pelajaran (0 baru, 0 diubah, 1 dipensiunkan)" in result.output
    retired = _lesson(LESSON_6)
    assert retired.is_retired
    assert _count(LessonProgress) == 1
    status = course_status(retired.course, world.pantarlih.id, world.election.id)
    assert (status.done, status.total) == (0, 5)
    moved.rename(sample_copy / COURSE / f"{LESSON_6}.md")
    assert "(0 baru, 1 diubah, 0 dipensiunkan)" in _sync(runner).output
    assert not _lesson(LESSON_6).is_retired
    assert course_status(retired.course, world.pantarlih.id, world.election.id).done == 1


def test_removing_a_course_retires_it(runner, sample_copy):
    assert _sync(runner).exit_code == 0
    import shutil

    shutil.rmtree(sample_copy / "sidalih-ecoklit")
    result = _sync(runner)
    assert "sidalih-ecoklit: tidak ada lagi di folder materi, dipensiunkan" in result.output
    assert db.session.scalar(select(Course.is_retired).where(Course.slug == "sidalih-ecoklit"))
    assert _count(Lesson) == 9


def test_sync_refuses_broken_content_and_writes_nothing(runner, sample_copy):
    path = sample_copy / COURSE / "course.yaml"
    path.write_text(path.read_text().replace("audience: [pantarlih, pps]", "audience: [pantarlih, kades]"))
    result = _sync(runner)
    assert result.exit_code != 0
    assert f"{sample_copy / COURSE}/course.yaml:4: peran 'kades' tidak dikenal" in result.output
    assert "materi tidak dimuat" in result.output
    assert _count(Course) == 0 and _count(Lesson) == 0


def test_sync_refuses_and_keeps_what_was_loaded(runner, sample_copy):
    assert _sync(runner).exit_code == 0
    path = sample_copy / COURSE / f"{LESSON_1}.md"
    path.write_text(path.read_text().replace("order: 1", "order: 2"))
    assert _sync(runner).exit_code != 0
    assert _lesson(LESSON_1).order == 1 and not _lesson(LESSON_1).is_retired
