"""`calfeed diff`: what a change to the catalogue does to subscribers."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from calfeed.cli.shell import CATALOGUE, load


@click.command()
@CATALOGUE
@click.option("--base", metavar="REF", help="Compare with the catalogue at this git revision.")
@click.option(
    "--against",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="Compare with this catalogue file instead of a git revision.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
)
@click.option("--exit-code", is_flag=True, help="Exit 1 when anything differs.")
def diff(
    catalogue: Path,
    base: str | None,
    against: Path | None,
    output_format: str,
    exit_code: bool,
) -> None:
    """Say what a change to CATALOGUE does to subscribers (default: against git HEAD)."""
    from calfeed.catalogue import load_catalogue  # noqa: PLC0415 (`--help` imports no parser)
    from calfeed.diff import (  # noqa: PLC0415
        catalogue_before,
        compare,
        render_json,
        render_markdown,
        render_text,
    )

    if base is not None and against is not None:
        raise click.UsageError("give --base or --against, not both")
    new = load(catalogue, quiet=True)
    revision = base or "HEAD"
    old = load_catalogue(against) if against else catalogue_before(catalogue, revision)
    if old is None:
        click.echo(f"{catalogue}: not in {revision} yet: every event is new", err=True)
    changes = compare(old, new)
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}
    click.echo(render[output_format](changes), nl=False)
    if exit_code and changes:
        sys.exit(1)
