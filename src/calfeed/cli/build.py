"""`calfeed build`: every file of the catalogue into the output folder, or, with `--check`,
whether that would change anything (`calfeed.output.folders.build_folders`)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from calfeed.cli.shell import (
    CATALOGUE,
    build_time,
    output_folder,
    print_messages,
    published_at,
    warning_lines,
)
from calfeed.errors import StaleFeedsError
from calfeed.output.options import BuildOptions
from calfeed.output.paths import STATE_NAME


@click.command()
@CATALOGUE
@output_folder("Folder for public feeds.")
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if any file would change."
)
@click.option(
    "--private-out",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for private audiences' feeds (never the public folder).",
)
@published_at
def build(
    catalogue: Path,
    output: Path,
    check_only: bool,
    private_out: Path | None,
    base_url: str | None,
    service_url: str | None,
) -> None:
    """Write every feed of CATALOGUE (default ./events.toml) under the output folder."""
    # Here, not above: `calfeed --help` imports every command, and must not import tomllib.
    from calfeed.output.folders import build_folders  # noqa: PLC0415

    options = BuildOptions(base_url, service_url, environ=dict(os.environ))
    outcome = build_folders(
        catalogue,
        output,
        now=build_time(),
        options=options,
        private_out=private_out,
        check=check_only,
    )
    print_messages(warning_lines(catalogue, outcome.warnings))
    print_messages([f"{catalogue}: warning: {notice}" for notice in outcome.notices])
    if outcome.unwritten:
        print_messages(
            [
                f"{catalogue}: note: the private audiences' feeds ({', '.join(outcome.unwritten)}) "
                "are not written: give --private-out DIR (a folder that is never published)"
            ]
        )
    if check_only:
        if outcome.stale:
            print_messages(list(outcome.stale))
            raise StaleFeedsError("feeds are out of date with the catalogue: run `calfeed build`")
        for folder in outcome.folders:
            click.echo(f"{folder.path}: up to date ({folder.total} files)")
        return
    for folder in outcome.folders:
        changes = folder.changes
        for label, paths in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("removed", changes.removed),
        ):
            for rel in paths:
                click.echo(f"{folder.path / rel}: {label}")
        if changes.record is not None:  # so git's changed files are all named
            click.echo(f"{folder.path / STATE_NAME}: {changes.record}")
        unchanged = folder.total - len(changes.added) - len(changes.changed)
        click.echo(
            f"{folder.path}: {folder.total} files ({len(changes.added)} added, "
            f"{len(changes.changed)} changed, {len(changes.removed)} removed, "
            f"{unchanged} unchanged)"
        )
