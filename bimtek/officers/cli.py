"""`flask users ...`: import officer lists from the terminal."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from bimtek import clock
from bimtek.elections.queries import resolve_election
from bimtek.transaction import committing
from bimtek.officers.imports import OfficerImportError, import_officers
from bimtek.officers.operations import password_sheet_csv

users_cli = AppGroup("users", help="Petugas dan akun.")


@users_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--election", "slug", help="Slug pemilihan (bawaan: pemilihan aktif).")
@click.option("--passwords-out", type=click.Path(dir_okay=False, path_type=Path),
              help="Tempat menyimpan CSV kata sandi sekali pakai untuk akun baru.")
def import_command(path: Path, slug: str | None, passwords_out: Path | None) -> None:
    """Import a CSV/XLSX officer list (nama,nik,peran,jabatan,kode_wilayah,tps,telepon); all-or-nothing."""
    election = resolve_election(slug)
    try:
        with committing():
            result = import_officers(path.read_bytes(), election, area="", actor_id=None)
    except OfficerImportError as error:
        for row in error.errors:
            click.echo(f"{path}:{row.line}: {row.message}", err=True)
        raise click.ClickException(f"{len(error.errors)} masalah; tidak ada petugas yang diimpor") from None
    for warning in result.warnings:
        click.echo(f"peringatan: {warning}", err=True)
    click.echo(f"Impor ke {election.slug}: {result.created} baru, {result.updated} diubah, {result.unchanged} tetap.")
    if result.passwords:
        out = passwords_out or Path("instance") / f"kata-sandi-{clock.now():%Y%m%d-%H%M%S}.csv"
        out.parent.mkdir(parents=True, exist_ok=True)
        # Created owner-only before a password is written into it.
        out.touch(mode=0o600)
        out.chmod(0o600)
        with out.open("w", newline="", encoding="utf-8") as handle:
            handle.write(password_sheet_csv(result.passwords))
        click.echo(f"Kata sandi sekali pakai untuk {len(result.passwords)} akun baru: {out}")
