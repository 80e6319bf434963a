"""`calfeed feed`: one filtered feed, on standard output or into a file."""

from __future__ import annotations

from pathlib import Path

import click

from calfeed.cli.shell import CATALOGUE, LANGUAGE, build_time, load
from calfeed.language import chosen_language
from calfeed.output.disk import atomic_write
from calfeed.selection import resolve_selection, select


@click.command()
@CATALOGUE
@click.option("--region", "regions", multiple=True, help="Only events in this region.")
@click.option("--audience", "audiences", multiple=True, help="Only events for this audience.")
@click.option("--tag", "tags", multiple=True, help="Only events with this tag.")
@click.option(
    "--include-private",
    is_flag=True,
    help="Show private details (needs --audience of a private audience).",
)
@LANGUAGE
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output; its events keep their stamps "
    "(DTSTAMP, SEQUENCE) from the file's previous version.",
)
def feed(
    catalogue: Path,
    regions: tuple[str, ...],
    audiences: tuple[str, ...],
    tags: tuple[str, ...],
    include_private: bool,
    language: str | None,
    output: Path | None,
) -> None:
    """Print one filtered feed (the same selection as custom feeds)."""
    from calfeed.output.assemble import render_selection  # noqa: PLC0415 (the renderer)

    loaded = chosen_language(load(catalogue), language)
    selection = resolve_selection(loaded, regions=regions, audiences=audiences, tags=tags)
    private_asked = sorted(set(audiences) & loaded.private_audiences)
    if include_private and not private_asked:
        raise click.UsageError(
            "--include-private needs --audience of a private audience "
            f"({', '.join(sorted(loaded.private_audiences)) or 'none'})"
        )
    if private_asked and not include_private:
        click.echo(
            f"{catalogue}: note: {', '.join(private_asked)} is private: this feed leaves out "
            "its own events and every private detail; add --include-private for them",
            err=True,
        )
    # The feed's own previous version is its record; else the published feeds are.
    history = output if output is not None and output.is_file() else catalogue.parent / "calendars"
    if not select(loaded, selection, private=include_private):
        click.echo(
            f"{catalogue}: note: no event matches these filters: the feed is empty", err=True
        )
    data = render_selection(
        loaded, selection, private=include_private, history=history, now=build_time()
    )
    if output is None:
        click.echo(data, nl=False)
    else:
        atomic_write(output, data)
