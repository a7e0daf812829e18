"""`flask regions ...`: load the Kemendagri region list."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from bimtek.transaction import committing
from bimtek.regions.operations import DEFAULT_REGION_FILE, RegionImportError, import_regions

regions_cli = AppGroup("regions", help="Wilayah Kemendagri.")


@regions_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=False)
def import_command(path: Path | None) -> None:
    """Load a `kode,nama` CSV (default: the shipped national list); all-or-nothing."""
    path = path or DEFAULT_REGION_FILE
    try:
        with committing():
            summary = import_regions(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise click.ClickException(f"{path}: berkas harus UTF-8") from None
    except RegionImportError as error:
        for row in error.errors:
            click.echo(f"{path}:{row.line}: {row.message}", err=True)
        raise click.ClickException(f"{len(error.errors)} baris bermasalah; tidak ada wilayah yang dimuat") from None
    click.echo(f"Wilayah dimuat: {summary.added} baru, {summary.updated} diubah, {summary.unchanged} tetap.")
