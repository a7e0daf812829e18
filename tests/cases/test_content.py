"""`flask content check` on case files: the shipped cases pass; each kind of broken case is reported as path:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cases.conftest import COURSE

GOOD = """\
title: Kasus uji
voting_day: 2024-11-27
address: Dusun I RT 001, Desa Talang Jambu
tps: 1
story: Pak Amir menunjukkan KK.
rows:
  - key: amir
    name: AMIR
    nik: "170306******0001"
    born: 1970-01-01
    sex: L
    marital: kawin
    ktp_el: S
    answer: {decision: sesuai, evidence: ktp_kk}
    why: Datanya cocok.
"""


def _check(runner):
    return runner.invoke(args=["content", "check"])


def test_shipped_content_passes_with_at_least_30_cases(runner, content_copy):
    result = _check(runner)
    assert result.exit_code == 0, result.output
    count = int(result.output.split(" kasus latihan")[0].rsplit(" ", 1)[1])
    assert count >= 30
    assert len(list((content_copy / COURSE / "kasus").glob("*.yaml"))) == count


def test_a_good_case_file_passes(runner, content_copy):
    (content_copy / COURSE / "kasus" / "99-uji.yaml").write_text(GOOD, encoding="utf-8")
    result = _check(runner)
    assert result.exit_code == 0, result.output


# name -> (text replaced in GOOD, replacement, expected "line: message" after the path)
BROKEN = {
    "yaml_does_not_parse": ("marital: kawin", "marital: kawin: lagi", "12: YAML tidak dapat dibaca"),
    "unknown_decision": ("{decision: sesuai,", "{decision: cocok,", "14: keputusan 'cocok' tidak dikenal"),
    "row_without_correct_decision": ("    answer: {decision: sesuai, evidence: ktp_kk}\n", "",
                                     "7: baris daftar 'amir' tidak punya keputusan yang benar"),
    "date_does_not_parse": ("born: 1970-01-01", "born: 1970-02-31", "10: tanggal '1970-02-31' tidak dapat dibaca"),
    "voting_day_does_not_parse": ("voting_day: 2024-11-27", "voting_day: 27 Nopember", "2: tanggal '27 Nopember'"),
    "person_decision_on_a_row": ("{decision: sesuai,", "{decision: potensial,",
                                 "14: keputusan 'potensial' tidak dapat dipakai di sini"),
    "tersaring_without_reason": ("{decision: sesuai, evidence: ktp_kk}", "{decision: tersaring}",
                                 "14: keputusan 'tersaring' perlu reason"),
    "unknown_reason": ("{decision: sesuai, evidence: ktp_kk}", "{decision: tersaring, reason: pindah}",
                       "14: keputusan 'tersaring' perlu reason"),
    "ubah_without_value": ("{decision: sesuai, evidence: ktp_kk}", "{decision: ubah, field: born}",
                           "14: keputusan 'ubah' perlu value"),
    "ubah_value_unreadable": ("{decision: sesuai, evidence: ktp_kk}", "{decision: ubah, field: disability, value: 9}",
                              "14: nilai '9' tidak dapat dibaca untuk field 'disability'"),
    "unknown_evidence": ("evidence: ktp_kk", "evidence: sim", "14: bukti 'sim' tidak dikenal"),
    "nik_not_masked": ('nik: "170306******0001"', 'nik: "1703060101700001"', "9: NIK harus 16 karakter dan disamarkan"),
    "unknown_field": ("    why: Datanya cocok.\n", "    why: Datanya cocok.\n    umur: 54\n", "16: isian 'umur' tidak dikenal"),
    "missing_title": ("title: Kasus uji\n", "", "1: isian 'title' wajib ada"),
    "bad_sex": ("sex: L", "sex: laki", "11: sex harus L atau P"),
    "duplicate_key": ("    why: Datanya cocok.\n",
                      "    why: Datanya cocok.\n  - {key: amir, name: AMIR, nik: '170306******0002', born: 1970-01-01, "
                      "sex: L, marital: kawin, ktp_el: S, answer: sesuai, why: Lagi.}\n",
                      "16: key 'amir' sudah dipakai di baris 7"),
    "question_without_right_choice": ("    why: Datanya cocok.\n",
                                       "    why: Datanya cocok.\nquestions:\n  - key: q\n    text: Apa?\n"
                                       "    choices: [Satu, Dua]\n    why: Karena.\n",
                                       "19: pertanyaan 'q' harus punya tepat satu pilihan benar"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_case_is_reported_with_path_and_line(runner, content_copy, name):
    old, new, expected = BROKEN[name]
    assert old in GOOD
    path = content_copy / COURSE / "kasus" / "99-uji.yaml"
    path.write_text(GOOD.replace(old, new, 1), encoding="utf-8")
    result = _check(runner)
    assert result.exit_code != 0
    assert f"{path}:{expected}" in result.output, result.output


def test_bad_file_name_and_stray_file(runner, content_copy):
    kasus = content_copy / COURSE / "kasus"
    (kasus / "Kasus Baru.yaml").write_text(GOOD, encoding="utf-8")
    (kasus / "catatan.txt").write_text("x", encoding="utf-8")
    result = _check(runner)
    assert f"{kasus / 'Kasus Baru.yaml'}:1: nama berkas kasus harus huruf kecil" in result.output
    assert f"{kasus / 'catatan.txt'}:1: folder kasus hanya boleh berisi berkas kasus .yaml" in result.output


def _set_completion(course_yaml: Path, value: str) -> None:
    text = course_yaml.read_text(encoding="utf-8")
    assert "  quiz: true\n" in text
    course_yaml.write_text(text.replace("  quiz: true\n", f"  quiz: true\n  cases: {value}\n", 1), encoding="utf-8")


def test_completion_cases_is_checked(runner, content_copy):
    course_yaml = content_copy / COURSE / "course.yaml"
    _set_completion(course_yaml, "500")
    result = _check(runner)
    assert f"{course_yaml}:10: completion.cases (500) lebih dari jumlah kasus di folder kasus/" in result.output


def test_completion_cases_must_be_a_number(runner, content_copy):
    course_yaml = content_copy / COURSE / "course.yaml"
    _set_completion(course_yaml, "semua")
    result = _check(runner)
    assert f"{course_yaml}:10: completion.cases harus bilangan bulat 1 atau lebih" in result.output


def test_completion_cases_is_stored_on_the_course(runner, content_copy):
    from sqlalchemy import select

    from bimtek.courses.models import Course
    from bimtek.extensions import db

    _set_completion(content_copy / COURSE / "course.yaml", "3")
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    course = db.session.scalar(select(Course).where(Course.slug == COURSE))
    assert course.completion == {"lessons": "all", "quiz": True, "cases": 3}


def test_sync_is_idempotent_and_retires_removed_cases(runner, content_copy):
    from sqlalchemy import func, select

    from bimtek.cases.models import PracticeCase
    from bimtek.extensions import db

    first = runner.invoke(args=["content", "sync"])
    assert first.exit_code == 0, first.output
    count = db.session.scalar(select(func.count(PracticeCase.id)))
    assert f"{count} kasus ({count} baru, 0 diubah, 0 dipensiunkan)" in first.output
    second = runner.invoke(args=["content", "sync"])
    assert f"{count} kasus (0 baru, 0 diubah, 0 dipensiunkan)" in second.output

    (content_copy / COURSE / "kasus" / "15-tidak-ada-orang.yaml").unlink()
    path = content_copy / COURSE / "kasus" / "21-salah-tulis-nama.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Nama di daftar salah ketik", "Nama salah ketik"),
                    encoding="utf-8")
    third = runner.invoke(args=["content", "sync"])
    assert f"{count - 1} kasus (0 baru, 1 diubah, 1 dipensiunkan)" in third.output
    retired = db.session.scalar(select(PracticeCase).where(PracticeCase.key == "15-tidak-ada-orang"))
    assert retired.is_retired is True
    assert db.session.scalar(select(PracticeCase.title).where(PracticeCase.key == "21-salah-tulis-nama")) \
        == "Nama salah ketik"


def test_broken_case_stops_the_sync(runner, content_copy):
    (content_copy / COURSE / "kasus" / "99-uji.yaml").write_text(GOOD.replace("born: 1970-01-01", "born: kemarin"),
                                                                 encoding="utf-8")
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code != 0
    assert "99-uji.yaml:10: tanggal 'kemarin' tidak dapat dibaca" in result.output
