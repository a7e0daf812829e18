"""`flask certificates ...`: list a region's certificates, issue the ones earned but missing."""

from __future__ import annotations

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from bimtek.certificates import codes
from bimtek.certificates.operations import issue_due
from bimtek.certificates.queries import certificates_in_region
from bimtek.elections.models import Election
from bimtek.elections.queries import current_election
from bimtek.extensions import db
from bimtek.transaction import committing
from bimtek.regions.models import Region


@click.group("certificates")
def certificates_cli() -> None:
    """Sertifikat: daftar per wilayah dan penerbitan yang tertunda."""


def _election(slug: str | None) -> Election:
    election = (db.session.scalar(select(Election).where(Election.slug == slug)) if slug else current_election())
    if election is None:
        raise click.ClickException(f"pemilihan '{slug}' tidak ditemukan" if slug else "belum ada pemilihan yang aktif")
    return election


@certificates_cli.command("list")
@click.argument("code")
@click.option("--election", "slug", help="slug pemilihan (bawaan: pemilihan yang aktif)")
@with_appcontext
def list_command(code: str, slug: str | None) -> None:
    """Print `CERTCODE STATUS | name | course` for each certificate in the region CODE."""
    election = _election(slug)
    if db.session.get(Region, code) is None:
        raise click.ClickException(f"wilayah {code} tidak dikenal")
    for certificate in certificates_in_region(election.id, code):
        click.echo(f"{codes.display(certificate.code)} {certificate.status.value} | {certificate.full_name} | "
                   f"{certificate.course.title}")


@certificates_cli.command("issue-due")
@click.option("--election", "slug", help="slug pemilihan (bawaan: pemilihan yang aktif)")
@with_appcontext
def issue_due_command(slug: str | None) -> None:
    """Issue every certificate that is earned but not yet issued (safe to run again)."""
    election = _election(slug)
    with committing():
        issued = issue_due(election.id)
    click.echo(f"{len(issued)} sertifikat diterbitkan")
