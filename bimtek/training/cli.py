"""`flask training ...`: the cascade of a kecamatan or kabupaten as text."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from bimtek import clock
from bimtek.elections.queries import resolve_election
from bimtek.extensions import db
from bimtek.regions.models import Region, RegionLevel
from bimtek.training.cascade import cascade_report

training_cli = AppGroup("training", help="Bimtek: sesi, kehadiran dan bimtek berjenjang.")


class TrainingCliError(click.ClickException):
    """A refusal printed in Bahasa Indonesia."""

    def show(self, file=None) -> None:
        click.echo(f"Galat: {self.format_message()}", err=True)


@training_cli.command("cascade")
@click.argument("code")
@click.option("--election", "slug", help="Slug pemilihan (bawaan: pemilihan aktif).")
def cascade_command(code: str, slug: str | None) -> None:
    """Print who was trained in a kecamatan or kabupaten, then the flags (FLAG broken|warning ...)."""
    try:
        election = resolve_election(slug)
    except click.ClickException as error:
        raise TrainingCliError(error.format_message()) from None
    region = db.session.get(Region, code.strip())
    if region is None:
        raise TrainingCliError(f"wilayah '{code}' tidak ditemukan")
    if region.level not in (RegionLevel.KECAMATAN, RegionLevel.KABUPATEN):
        raise TrainingCliError(
            f"{region.display_name} ({region.code}) adalah {region.kind_label.lower()}; "
            "pakai kode kecamatan atau kabupaten/kota"
        )
    report = cascade_report(election, region.code)
    for person in report.people:
        if person.trained:
            trained, by, when = "terlatih", "oleh " + (", ".join(person.trained_by) or "-"), clock.format_moment(
                person.trained_at, report.zone)
        else:
            trained, by, when = "belum terlatih", "-", "-"
        click.echo(" | ".join([person.title, person.name, person.region_name, trained, by, when]))
    for flag in report.flags:
        click.echo(f"FLAG {flag.severity} {flag.message}")
