"""`flask tps import FILE` (the TPS list) and `flask reports coverage CODE` (the coverage table in the terminal)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from bimtek.elections.queries import resolve_election
from bimtek.extensions import db
from bimtek.transaction import committing
from bimtek.regions.models import Region, RegionLevel
from bimtek.reports.operations import TpsImportError, import_tps
from bimtek.reports.queries import coverage, coverage_table
from bimtek.reports.summary import rebuild_summary
from bimtek.spreadsheet import csv_text

tps_cli = AppGroup("tps", help="Daftar TPS per desa (dasar target jumlah Pantarlih).")
reports_cli = AppGroup("reports", help="Laporan cakupan bimtek per wilayah.")


@tps_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--election", "slug", help="Slug pemilihan (bawaan: pemilihan aktif).")
def import_command(path: Path, slug: str | None) -> None:
    """Import a CSV/XLSX TPS list (kode_wilayah,tps,pemilih); replaces the lists of the desa it names; all-or-nothing."""
    election = resolve_election(slug)
    try:
        with committing():
            result = import_tps(path.read_bytes(), election)
    except TpsImportError as error:
        for row in error.errors:
            click.echo(f"{path}:{row.line}: {row.message}", err=True)
        raise click.ClickException(f"{len(error.errors)} masalah; tidak ada TPS yang diimpor") from None
    click.echo(f"Impor ke {election.slug}: {result.tps} TPS di {result.desa} desa/kelurahan "
               f"({result.replaced} TPS lama diganti).")


@reports_cli.command("coverage")
@click.argument("code")
@click.option("--format", "output", type=click.Choice(["text", "csv"]), default="text", show_default=True)
@click.option("--election", "slug", help="Slug pemilihan (bawaan: pemilihan aktif).")
def coverage_command(code: str, output: str, slug: str | None) -> None:
    """Print the coverage of a region: one row per child region (code and name first), then the total `Jumlah`."""
    election = resolve_election(slug)
    region = db.session.get(Region, code.strip())
    if region is None:
        raise click.ClickException(f"wilayah '{code}' tidak ditemukan")
    if region.level is RegionLevel.DESA:
        raise click.ClickException(
            f"{region.display_name} ({region.code}) tidak punya wilayah di bawahnya; pakai kode kecamatan atau di atasnya"
        )
    header, rows = coverage_table(coverage(election, region))
    if output == "csv":
        click.echo(csv_text(header, rows), nl=False)
        return
    table = [header, *[["" if cell is None else str(cell) for cell in row] for row in rows]]
    widths = [max(len(str(line[i])) for line in table) for i in range(len(header))]
    for line in table:
        click.echo("  ".join(str(cell).ljust(width) for cell, width in zip(line, widths)).rstrip())


@reports_cli.command("refresh")
@click.option("--election", "slug", help="Slug pemilihan (bawaan: pemilihan aktif).")
def refresh_command(slug: str | None) -> None:
    """Rebuild the dashboards' progress summary of an election (after bulk loads outside the app)."""
    election = resolve_election(slug)
    with committing():
        rebuild_summary(election.id)
    click.echo(f"Ringkasan kemajuan {election.slug} dibangun ulang.")
