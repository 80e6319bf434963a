"""`calfeed check` and `calfeed schema`: the catalogue's problems, and the JSON Schema
that lets an editor find them as they are typed."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from calfeed.cli.shell import CATALOGUE
from calfeed.errors import InvalidCatalogueError
from calfeed.listing.query import parse_day
from calfeed.output.disk import atomic_write
from calfeed.report import format_github, format_json, format_text, strict_failure, summary


@click.command()
@CATALOGUE
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--today",
    metavar="DATE",
    help="Warn about events that ended before this date (2026-11-23 or '23 Nov 2026', "
    "as `list --from` reads it).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: one workflow command per finding, shown on the pull request's lines.",
)
def check(
    catalogue: Path,
    strict: bool,
    today: str | None,
    output_format: str,
) -> None:
    """Validate CATALOGUE and print every problem with its line and a fix."""
    from calfeed.catalogue import load_catalogue  # noqa: PLC0415 (`--help` imports no parser)

    try:
        day = parse_day("--today", today) if today is not None else None
        loaded = load_catalogue(catalogue, today=day)
        findings = loaded.warnings
    except InvalidCatalogueError as invalid:
        findings = invalid.findings
        loaded = None
    strict_fails = loaded is not None and strict and bool(findings)
    if output_format == "json":
        click.echo(format_json(findings))
    elif output_format == "github":
        for finding in findings:
            click.echo(format_github(finding))
        if strict_fails:
            click.echo(strict_failure(findings, catalogue))
    else:  # the findings are what `check` was asked for: standard output, like a linter
        for finding in findings:
            click.echo(format_text(finding))
        click.echo(summary(findings, catalogue, strict=strict))
    if loaded is None or strict_fails:
        sys.exit(1)
    undated = [e.id for e in loaded.events if not e.scheduled]
    if output_format == "text" and undated:
        click.echo(f"not yet scheduled (in no feed): {', '.join(undated)}")


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the catalogue, for editors' TOML language servers.

    The catalogue names it on its first line: #:schema ./calfeed.schema.json
    """
    from calfeed.catalogue import schema_json  # noqa: PLC0415

    text = schema_json()
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))
