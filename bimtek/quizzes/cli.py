"""`flask quizzes ...`: check a GIFT file, export a course bank back to GIFT, settle timed-out attempts."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from bimtek.quizzes.bank import bank_questions
from bimtek.quizzes.gift import export_gift, parse_gift
from bimtek.quizzes.operations import finish_attempt
from bimtek.quizzes.queries import course_by_slug, expired_open_attempt_ids
from bimtek.quizzes.questions import Question
from bimtek.transaction import committing

quizzes_cli = AppGroup("quizzes", help="Bank soal kuis (format GIFT).")


@quizzes_cli.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def check(files: tuple[Path, ...]) -> None:
    """Periksa berkas GIFT: satu baris `BARIS JENIS NAMA` per soal, atau `berkas:baris: pesan` per kesalahan.

    Soal esai dan deskripsi dilewati dengan satu peringatan masing-masing (di stderr), tanpa gagal.
    """
    lines, errors = [], []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            errors.append(f"{path}:1: berkas tidak dapat dibaca ({type(error).__name__})")
            continue
        result = parse_gift(text, str(path))
        for warning in result.warnings:
            click.echo(str(warning), err=True)
        errors.extend(str(error) for error in result.errors)
        lines.extend(" ".join(part for part in (str(q.line), q.kind, q.name) if part) for q in result.questions)
    if errors:
        for error in errors:
            click.echo(error, err=True)
        sys.exit(1)
    for line in lines:
        click.echo(line)


@quizzes_cli.command("export")
@click.argument("slug")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Berkas tujuan (bawaan: layar).")
@click.option("--source", type=click.Choice(["all", "file", "upload"]), default="all", show_default=True,
              help="Soal yang diekspor: semua, dari berkas, atau unggahan.")
def export(slug: str, output: Path | None, source: str) -> None:
    """Tulis bank soal sebuah kursus sebagai GIFT."""
    course = course_by_slug(slug)
    if course is None:
        raise click.ClickException(f"kursus '{slug}' tidak ditemukan")
    rows = [row for row in bank_questions(course.id) if source == "all" or str(row.source) == source]
    text = export_gift(Question.from_dict(row.data) for row in rows)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"{len(rows)} soal ditulis ke {output}", err=True)


@quizzes_cli.command("settle")
@click.option("--chunk", default=200, show_default=True, help="Percobaan per transaksi.")
def settle(chunk: int) -> None:
    """Tutup dan nilai percobaan yang waktunya sudah habis (jalankan berkala, mis. tiap 10 menit)."""
    total = 0
    while True:
        with committing():
            ids = expired_open_attempt_ids()[:chunk]
            for attempt_id in ids:
                total += finish_attempt(attempt_id)
        if len(ids) < chunk:
            break
    click.echo(f"{total} percobaan yang waktunya habis sudah dinilai.")
