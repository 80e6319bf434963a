"""`calfeed init`: a new organiser's catalogue, `.gitignore` and workflow
(`calfeed.starter`)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument(
    "folder",
    metavar="[DIR]",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
)
def init(folder: Path) -> None:
    """Write a starter catalogue, .gitignore and GitHub workflow into DIR (default: here).

    The catalogue has one of everything (an audience and a private one, a region, an
    event, a weekly series, a private detail), each key explained; it passes
    `calfeed check --strict`. An existing file is never overwritten: then nothing is written.
    """
    from calfeed.starter import write_starter  # noqa: PLC0415 (`--help` reads no package data)

    for path in write_starter(folder):
        click.echo(f"wrote {path}")
    catalogue = folder / "events.toml"
    click.echo(
        f"Next: edit {catalogue}, then `calfeed check --strict {catalogue}` and "
        f"`calfeed build {catalogue}`."
    )
