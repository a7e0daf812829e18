"""`flask quizzes check` and `flask quizzes export`."""

from __future__ import annotations

from bimtek.quizzes.gift import parse_gift
from tests.quizzes.conftest import SHIPPED_CONTENT as CONTENT, load_course

GIFT = """$CATEGORY: Uji

::pilih::Pantarlih dibentuk oleh {=PPS ~PPK}

// komentar
Tanpa nama benar? {T}

::banyak::Dua benar {~%50%A ~%50%B ~%-100%C}

::isian::Kode perbaikan {=U =kode U}

::jodoh::Pasangkan {=1 -> fisik =3 -> mental =6 -> sensorik netra}

::angka::Batas DPTb (hari) {#30}
"""


def test_check_prints_line_type_name(runner, tmp_path):
    path = tmp_path / "bank.gift"
    path.write_text(GIFT, encoding="utf-8")
    result = runner.invoke(args=["quizzes", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "3 single pilih\n6 truefalse\n8 multi banyak\n10 short isian\n12 matching jodoh\n14 numerical angka\n"
    )


def test_check_reports_errors_with_path_and_line(runner, tmp_path):
    path = tmp_path / "rusak.gift"
    path.write_text("::a::Baik {T}\n\n::b::Esai {}\n\n::c::Tanpa tutup {=A ~B\n", encoding="utf-8")
    result = runner.invoke(args=["quizzes", "check", str(path)])
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f'{path}:3: skipped essay question "b"',
        f"{path}:5: blok jawaban tidak ditutup",
    ]


def test_check_accepts_the_shipped_banks(runner):
    for path in sorted(CONTENT.glob("*/bank.gift")):
        result = runner.invoke(args=["quizzes", "check", str(path)])
        assert result.exit_code == 0, result.output
        assert all(len(line.split(" ")) == 3 for line in result.stdout.splitlines())


def test_export_writes_the_bank_back_to_gift(app, runner, world, tmp_path):
    load_course("sidalih-ecoklit", root=CONTENT)
    out = tmp_path / "ekspor.gift"
    result = runner.invoke(args=["quizzes", "export", "sidalih-ecoklit", "--output", str(out)])
    assert result.exit_code == 0, result.output
    original = parse_gift((CONTENT / "sidalih-ecoklit" / "bank.gift").read_text(encoding="utf-8")).questions
    exported = parse_gift(out.read_text(encoding="utf-8")).questions
    assert [{**q.to_dict(), "line": 0} for q in exported] == [{**q.to_dict(), "line": 0} for q in original]
    assert runner.invoke(args=["quizzes", "export", "tidak-ada"]).exit_code != 0
