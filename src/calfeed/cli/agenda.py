"""`calfeed list`: the agenda, each time in every zone asked for."""

from __future__ import annotations

from pathlib import Path

import click

from calfeed.cli.shell import CATALOGUE, LANGUAGE, load
from calfeed.language import chosen_language
from calfeed.listing import Format, query_from_options, render
from calfeed.selection.days import entries, private_left_out


@click.command("list")
@CATALOGUE
@click.option(
    "--zone",
    "zones",
    multiple=True,
    help="A time column in this IANA zone (repeatable). "
    "Default: each event's own zone, then this machine's zone.",
)
@click.option("--region", "regions", multiple=True, help="Only events in this region.")
@click.option("--audience", "audiences", multiple=True, help="Only events for this audience.")
@click.option("--tag", "tags", multiple=True, help="Only events with this tag.")
@click.option(
    "--from",
    "since",
    metavar="DATE",
    help="First day, in the first zone (2021-11-01 or '1 Nov 2021').",
)
@click.option("--until", metavar="DATE", help="Last day, inclusive, in the first zone.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "json", "csv"]),
    default="table",
    show_default=True,
)
@LANGUAGE
def list_events(
    catalogue: Path,
    zones: tuple[str, ...],
    regions: tuple[str, ...],
    audiences: tuple[str, ...],
    tags: tuple[str, ...],
    since: str | None,
    until: str | None,
    output_format: Format,
    language: str | None,
) -> None:
    """Print the agenda with each event's time in every zone asked for.

    A series without --until shows its first 10 occurrences.
    """
    # Warnings are for `check`, not the agenda.
    loaded = chosen_language(load(catalogue, quiet=True), language)
    query = query_from_options(
        loaded,
        zones=zones,
        regions=regions,
        audiences=audiences,
        tags=tags,
        since=since,
        until=until,
    )
    rows = entries(loaded, query.days, query.columns[0].zone_of)
    click.echo(render(rows, query.columns, output_format, loaded.language), nl=False)
    hidden = private_left_out(loaded, query.days)
    if hidden:
        private = sorted({a for e in hidden for a in e.audiences & loaded.private_audiences})
        click.echo(
            f"{len(hidden)} private-only event(s) left out: "
            f"add {' or '.join(f'--audience {a}' for a in private)} to list them",
            err=True,
        )
