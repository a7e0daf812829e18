"""`flask content check|sync`: validate course_content/ and load it into the database."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bimtek.courses.content import ContentError, display_path, read_content
from bimtek.courses.hooks import content_counters
from bimtek.courses.operations import content_dir, sync_content
from bimtek.transaction import committing

content_cli = AppGroup("content", help="Materi kursus di folder BIMTEK_CONTENT_DIR.")


def _report_problems(problems: list[str]) -> None:
    for problem in problems:
        click.echo(problem, err=True)


@content_cli.command("check")
def check_command() -> None:
    """Check every course folder; print path:line: message for each problem."""
    root = content_dir()
    report = read_content(root)
    if report.problems:
        _report_problems(report.problems)
        raise click.ClickException(f"{len(report.problems)} masalah ditemukan di {display_path(root)}")
    lessons = sum(len(course.lessons) for course in report.courses)
    banks = sum(len(course.bank_paths) for course in report.courses)
    folders = [course.folder for course in report.courses]
    extra = "".join(f", {part}" for part in (counter(folders) for counter in content_counters()) if part)
    click.echo(f"Materi di {display_path(root)} lolos pemeriksaan: {len(report.courses)} kursus, "
               f"{lessons} pelajaran, {banks} bank soal{extra}.")


@content_cli.command("sync")
def sync_command() -> None:
    """Check the content, then load it into the database (idempotent; nothing is written if the check fails)."""
    try:
        with committing():
            summary = sync_content(content_dir())
    except ContentError as error:
        _report_problems(error.problems)
        raise click.ClickException(
            f"{len(error.problems)} masalah ditemukan; materi tidak dimuat. Perbaiki lalu jalankan lagi."
        ) from None
    for line in summary:
        click.echo(line)
    click.echo("Materi kursus sudah dimuat.")
