"""`flask content check`: the shipped courses pass; each kind of broken file is reported as path:line.

The broken-file cases edit a private copy of the hand-written sample courses (tests/courses/sample_content), so the
shipped lessons and banks can be rewritten without touching these tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest

COURSE = "prosedur-coklit"
LESSON_1 = "01-pengantar.md"
LESSON_2 = "02-tabel-kode.md"
LESSON_3 = "03-gambar-alur.md"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(runner):
    return runner.invoke(args=["content", "check"])


def test_shipped_content_passes(runner):
    result = _check(runner)
    assert result.exit_code == 0, result.output
    assert "course_content lolos pemeriksaan: 3 kursus," in result.output


def test_sample_content_passes_with_its_counts(runner, sample_copy):
    result = _check(runner)
    assert result.exit_code == 0, result.output
    assert "lolos pemeriksaan: 3 kursus, 9 pelajaran, 2 bank soal" in result.output


def test_missing_content_dir_fails(app, runner, tmp_path):
    app.config["BIMTEK_CONTENT_DIR"] = str(tmp_path / "tidak-ada")
    result = _check(runner)
    assert result.exit_code != 0
    assert f"{tmp_path / 'tidak-ada'}:1: folder materi kursus tidak ditemukan" in result.output


# (file to edit, old text, new text, expected "line: message" after the path)
BROKEN = {
    "missing_field": ("course.yaml", "summary: Kursus contoh", "ringkasan: Kursus contoh",
                      ["course.yaml:1: isian 'summary' wajib ada", "course.yaml:3: isian 'ringkasan' tidak dikenal"]),
    "unknown_role": ("course.yaml", "audience: [pantarlih, pps]", "audience: [pantarlih, kades]",
                     ["course.yaml:4: peran 'kades' tidak dikenal"]),
    "bad_type": ("course.yaml", "version: 1", "version: satu", ["course.yaml:5: version harus bilangan bulat"]),
    "slug_not_folder": ("course.yaml", "slug: prosedur-coklit", "slug: coklit",
                        ["course.yaml:1: slug 'coklit' harus sama dengan nama folder 'prosedur-coklit'"]),
    "course_yaml_does_not_parse": ("course.yaml", "  quiz: true", "    quiz: true\n quiz2: [",
                                   ["course.yaml:", "YAML tidak dapat dibaca"]),
    "bad_review_policy": ("course.yaml", "review: after_each", "review: kadang",
                          ["course.yaml:20: quiz.review harus salah satu dari: after_each, after_pass, never"]),
    "pass_mark_out_of_range": ("course.yaml", "pass_mark: 70", "pass_mark: 170",
                               ["course.yaml:16: quiz.pass_mark harus persen antara 1 dan 100"]),
    "per_category_sum": ("course.yaml", "Menuju DPT: 2", "Menuju DPT: 3",
                         ["course.yaml:12: quiz.per_category berjumlah 5, harus sama dengan questions (4)"]),
    "per_category_unknown_category": ("course.yaml", "Menuju DPT: 2", "Menuju DPS: 2",
                                      ["course.yaml:14: kategori 'Menuju DPS' hanya punya 0 soal di bank, diminta 2"]),
    "more_questions_than_bank": ("course.yaml", "questions: 4\n  per_category:", "questions: 500\n  per_category:",
                                 ["course.yaml:11: quiz.questions (500) lebih dari jumlah soal di bank"]),
    "time_limit_not_a_number": ("course.yaml", "time_limit_minutes: 30", "time_limit_minutes: setengah jam",
                                ["course.yaml:19: quiz.time_limit_minutes harus bilangan bulat 1 atau lebih"]),
    "completion_not_boolean": ("course.yaml", "  quiz: true", "  quiz: ya dong",
                               ["course.yaml:9: completion.quiz harus true atau false"]),
    "duplicate_order": (LESSON_2, "order: 2", "order: 1", [f"{LESSON_2}:3: order 1 sudah dipakai oleh {LESSON_1}"]),
    "broken_image_link": (LESSON_3, "(alur-contoh.svg)", "(alur-cotnoh.svg)",
                          [f"{LESSON_3}:11: gambar 'alur-cotnoh.svg' tidak ditemukan di folder kursus"]),
    "image_outside_course": (LESSON_3, "(alur-contoh.svg)", "(../sidalih-ecoklit/alur-aplikasi.svg)",
                             [f"{LESSON_3}:11: gambar '../sidalih-ecoklit/alur-aplikasi.svg' harus berupa nama berkas"]),
    "front_matter_does_not_parse": (LESSON_1, "title: Pengantar Coklit", "title: [Pengantar",
                                    [f"{LESSON_1}:", "YAML tidak dapat dibaca"]),
    "front_matter_missing": (LESSON_1, "---\ntitle: Pengantar", "title: Pengantar",
                             [f"{LESSON_1}:1: pelajaran harus dimulai dengan bagian kepala"]),
    "front_matter_not_closed": (LESSON_1, "minutes: 3\n---", "minutes: 3\n",
                                [f"{LESSON_1}:1: bagian kepala tidak ditutup"]),
    "lesson_field_missing": (LESSON_1, "minutes: 3\n", "", [f"{LESSON_1}:1: isian 'minutes' wajib ada"]),
    "lesson_order_not_a_number": (LESSON_1, "order: 1", "order: pertama",
                                  [f"{LESSON_1}:3: order harus bilangan bulat 1 atau lebih"]),
    "svg_with_script": ("alur-contoh.svg", "<title>", "<script>alert(1)</script><title>",
                        ["alur-contoh.svg:2: SVG tidak boleh berisi <script>"]),
    "svg_with_outside_link": ("alur-contoh.svg", "<title>", '<image href="https://example.com/x.png"/><title>',
                              ["alur-contoh.svg:2: SVG tidak boleh merujuk berkas atau alamat lain"]),
    "gift_does_not_parse": ("bank.gift", "::pantarlih-dibentuk-pps::Pantarlih dibentuk oleh {=PPS",
                            "::pantarlih-dibentuk-pps::Pantarlih dibentuk oleh =PPS", ["bank.gift:3: "]),
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_each_kind_of_broken_file_is_reported_with_path_and_line(runner, sample_copy, kind):
    filename, old, new, expected = BROKEN[kind]
    _edit(sample_copy / COURSE / filename, old, new)
    result = _check(runner)
    assert result.exit_code != 0, result.output
    for fragment in expected:
        if fragment.startswith((filename, "course.yaml", "bank.gift")):
            fragment = f"{sample_copy / COURSE}/{fragment}"
        assert fragment in result.output, result.output
    assert "masalah ditemukan" in result.output


def test_wrong_lesson_file_name(runner, sample_copy):
    (sample_copy / COURSE / LESSON_1).rename(sample_copy / COURSE / "Pelajaran Satu.md")
    result = _check(runner)
    assert result.exit_code != 0
    assert f"{sample_copy / COURSE}/Pelajaran Satu.md:1: nama berkas pelajaran harus" in result.output


def test_course_folder_without_course_yaml(runner, sample_copy):
    (sample_copy / "kursus-baru").mkdir()
    (sample_copy / "kursus-baru" / "01-pengantar.md").write_text("---\ntitle: A\norder: 1\nminutes: 1\n---\nIsi\n")
    result = _check(runner)
    assert result.exit_code != 0
    assert f"{sample_copy}/kursus-baru/course.yaml:1: berkas course.yaml tidak ada" in result.output


def test_quiz_required_without_bank(runner, sample_copy):
    (sample_copy / COURSE / "bank.gift").unlink()
    result = _check(runner)
    assert result.exit_code != 0
    assert f"{sample_copy / COURSE}/course.yaml:7: completion.quiz bernilai true, tetapi tidak ada berkas bank soal" \
        in result.output


def test_key_written_twice_in_course_yaml(runner, sample_copy):
    _edit(sample_copy / COURSE / "course.yaml", "version: 1\n", "version: 1\nversion: 2\n")
    result = _check(runner)
    assert result.exit_code != 0
    expected = f"{sample_copy / COURSE}/course.yaml:6: isian 'version' ditulis dua kali (pertama di baris 5)"
    assert expected in result.output


def test_every_problem_is_listed_not_just_the_first(runner, sample_copy):
    _edit(sample_copy / COURSE / "course.yaml", "version: 1", "version: satu")
    _edit(sample_copy / "sidalih-ecoklit" / "course.yaml", "audience: [pantarlih, pps]", "audience: [lurah]")
    result = _check(runner)
    assert "version harus bilangan bulat" in result.output
    assert "peran 'lurah' tidak dikenal" in result.output
