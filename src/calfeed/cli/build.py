"""`calfeed build`: every file of the catalogue into the output folder, or, with `--check`,
whether that would change anything. A build whose record says it is already done answers
from the record (`calfeed.output.record`) without parsing the catalogue."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import partial
from pathlib import Path

import click

import calfeed.catalogue
import calfeed.output
import calfeed.render
from calfeed.cli.shell import (
    CATALOGUE,
    build_time,
    output_folder,
    print_messages,
    published_at,
    warning_lines,
)
from calfeed.errors import StaleFeedsError
from calfeed.output.paths import STATE_NAME
from calfeed.output.record import build_key, record_bytes, recorded_build
from calfeed.output.write import Changes


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
    now = build_time()  # a bad SOURCE_DATE_EPOCH is an error even when nothing is built
    source = calfeed.catalogue.read_catalogue(catalogue)
    key = build_key(
        source,
        catalogue,
        base_url=base_url,
        service_url=service_url,
        private_out=private_out,
        environ=os.environ,
    )
    folders = [output] if private_out is None else [output, private_out]
    recorded = recorded_build(key, folders)
    if recorded is not None:
        print_messages(recorded.messages)
        for folder, count in recorded.counts:
            if check_only:
                click.echo(f"{folder}: up to date ({count} files)")
            else:
                click.echo(written(folder, Changes(), count))
        return
    loaded = calfeed.catalogue.parse_catalogue(source, catalogue)
    del source  # as large as the catalogue, and no longer needed by a build that runs
    warnings = warning_lines(catalogue, loaded.warnings)
    print_messages(warnings)
    publishing = calfeed.render.resolve_publishing(
        loaded, base_url=base_url, service_url=service_url
    )
    plan = calfeed.output.plan_build(loaded, output, private_out, now, publishing)
    # Not recorded: the build that drops these events is the last to find them in the feeds.
    print_messages([f"{catalogue}: warning: {notice}" for notice in plan.notices])
    note = [
        f"{catalogue}: note: the private audiences' feeds ({', '.join(plan.unwritten)}) "
        "are not written: give --private-out DIR (a folder that is never published)"
    ]
    print_messages(note if plan.unwritten else [])
    messages = warnings + (note if plan.unwritten else [])
    targets = [(output, plan.public)]
    if private_out is not None:
        targets.append((private_out, plan.private))
    if check_only:
        _check(targets)
        click.echo(f"{output}: up to date ({len(plan.public)} files)")
        return
    for folder, files in targets:
        changes = calfeed.output.write_files(
            folder, files, record=partial(record_bytes, key, messages)
        )
        for label, paths in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("removed", changes.removed),
        ):
            for path in paths:
                click.echo(f"{folder / path}: {label}")
        if changes.record is not None:  # so git's changed files are all named
            click.echo(f"{folder / STATE_NAME}: {changes.record}")
        click.echo(written(folder, changes, len(files)))


def _check(targets: list[tuple[Path, Mapping[str, bytes]]]) -> None:
    stale = [
        (folder, files, calfeed.output.plan_changes(folder, files)) for folder, files in targets
    ]
    if any(changes.any for _f, _files, changes in stale):
        for folder, files, changes in stale:
            for line in calfeed.output.stale_lines(folder, files, changes):
                click.echo(line, err=True)
        raise StaleFeedsError("feeds are out of date with the catalogue: run `calfeed build`")


def written(folder: Path, changes: Changes, total: int) -> str:
    """The summary line of a folder: `total` files, the unchanged ones those not added or
    changed (a build answered by its record changes none)."""
    unchanged = total - len(changes.added) - len(changes.changed)
    parts = [
        f"{len(changes.added)} added",
        f"{len(changes.changed)} changed",
        f"{len(changes.removed)} removed",
        f"{unchanged} unchanged",
    ]
    return f"{folder}: {total} files ({', '.join(parts)})"
