"""`flask elections ...`: create elections and choose the current one."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from bimtek.elections.models import Election, ElectionKind
from bimtek.elections.operations import ElectionError, create_election, make_current
from bimtek.elections.queries import resolve_election
from bimtek.extensions import db
from bimtek.transaction import committing

elections_cli = AppGroup("elections", help="Pemilihan (Pemilu/Pilkada) dan tahapannya.")


@elections_cli.command("list")
def list_command() -> None:
    """List elections; the current one is marked with *."""
    for election in db.session.scalars(select(Election).order_by(Election.voting_day.desc())):
        mark = "*" if election.is_current else " "
        click.echo(f"{mark} {election.slug}\t{election.kind_label}\t{election.voting_day}\t{election.name}")


@elections_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice([k.value for k in ElectionKind]), required=True)
@click.option("--voting-day", type=click.DateTime(["%Y-%m-%d"]), required=True)
@click.option("--bimtek", nargs=2, type=click.DateTime(["%Y-%m-%d"]), required=True, help="mulai selesai")
@click.option("--coklit", nargs=2, type=click.DateTime(["%Y-%m-%d"]), required=True, help="mulai selesai")
@click.option("--current/--not-current", default=False)
def create_command(slug, name, kind, voting_day, bimtek, coklit, current) -> None:
    """Create an election."""
    try:
        with committing():
            election = create_election(
                slug=slug, name=name, kind=ElectionKind(kind), voting_day=voting_day.date(),
                bimtek_start=bimtek[0].date(), bimtek_end=bimtek[1].date(),
                coklit_start=coklit[0].date(), coklit_end=coklit[1].date(), actor_id=None,
            )
            if current:
                make_current(election)
    except ElectionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Pemilihan {election.slug} dibuat.")


@elections_cli.command("set-current")
@click.argument("slug")
def set_current_command(slug: str) -> None:
    """Mark an election as the current one."""
    with committing():
        make_current(resolve_election(slug))
    click.echo(f"Pemilihan aktif: {slug}")
