"""`flask backup FILE` and `flask restore FILE`: a consistent snapshot of the database and stored files."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from bimtek.backup.archive import BackupError, restore_backup, write_backup


@click.command("backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_cli(file: Path) -> None:
    """Write the database and the storage and upload folders to FILE (.tar, or .tar.gz)."""
    try:
        summary = write_backup(file, current_app.config)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Cadangan ditulis / backup written: {file} ({summary.dialect}, revisi {summary.revision}, "
               f"{summary.files} berkas)")


@click.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@with_appcontext
def restore_cli(file: Path) -> None:
    """Restore a backup FILE into the configured database (empty) and folders."""
    try:
        summary = restore_backup(file, current_app.config)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Cadangan dipulihkan / backup restored: {file} ({summary.dialect}, revisi {summary.revision}, "
               f"{summary.files} berkas). Lalu jalankan / then run: flask db upgrade")
