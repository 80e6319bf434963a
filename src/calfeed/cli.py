"""The `calfeed` command: parse options, call the library, print. Nothing else.

Every error a user can fix is a `CalfeedError`, and `_Shell.invoke` maps it to a message
and an exit code in exactly one place; anything else is a bug in calfeed and keeps its
traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from calfeed.catalogue import load_catalogue, schema_json
from calfeed.diff import catalogue_before, compare, render_json, render_markdown, render_text
from calfeed.errors import (
    CalfeedError,
    Finding,
    InvalidCatalogueError,
    OptionError,
    StaleFeedsError,
)
from calfeed.listing import Format, query_from_options, render
from calfeed.model import Catalogue
from calfeed.output import (
    Changes,
    atomic_write,
    plan_build,
    plan_changes,
    render_selection,
    stale_lines,
    write_files,
)
from calfeed.output.stamps import build_time
from calfeed.render.links import resolve_publishing
from calfeed.report import format_github, format_json, format_text, strict_failure, summary
from calfeed.selection import resolve_selection, select
from calfeed.selection.days import entries
from calfeed.tz import tzdata_version
from calfeed.version import __version__
from calfeed.web import start_preview


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class _Shell(click.Group):
    """Maps every `CalfeedError` to its message and exit code, once."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidCatalogueError as invalid:
            _print_findings(invalid.findings)
            raise UserError(summary(invalid.findings, invalid.path)) from None
        except OptionError as bad:
            raise click.BadParameter(str(bad), param_hint=bad.option) from None
        except CalfeedError as problem:
            raise UserError(str(problem)) from None


def _print_findings(findings: tuple[Finding, ...]) -> None:
    for finding in findings:
        click.echo(format_text(finding), err=True)


CATALOGUE = click.argument(
    "catalogue", type=click.Path(path_type=Path, dir_okay=False), default=Path("events.toml")
)


FC = TypeVar("FC", bound=Callable[..., Any])


def output_folder(help_text: str) -> Callable[[FC], FC]:
    """The `-o/--output` folder option that `build` and `serve` share."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("calendars"),
        show_default=True,
        help=help_text,
    )


def published_at(command: FC) -> FC:
    """`--base-url` and `--service-url`, which `build` and `serve` share: where the output
    folder and the filtered-feed app are published, for absolute links and each feed's
    own address."""
    command = click.option(
        "--service-url",
        metavar="URL",
        help="Where the filtered-feed app answers /feed.ics (also CALFEED_SERVICE_URL, then "
        "[calendar] service): the page then offers any combination of filters.",
    )(command)
    return click.option(
        "--base-url",
        metavar="URL",
        help="Where the output folder is published (also CALFEED_BASE_URL, then "
        "[calendar] url): every link on the page is absolute and each feed names its address.",
    )(command)


def _load(path: Path, *, quiet: bool = False) -> Catalogue:
    """Load for a command that writes: the guesses in full, the other warnings counted
    (they are `check`'s to list)."""
    catalogue = load_catalogue(path)
    if not quiet:
        _print_findings(tuple(f for f in catalogue.warnings if f.code.is_guess))
        others = sum(not f.code.is_guess for f in catalogue.warnings)
        if others:
            click.echo(f"{path}: {others} more warning(s): run `calfeed check {path}`", err=True)
    return catalogue


def _now() -> datetime:
    return build_time(os.environ.get("SOURCE_DATE_EPOCH"))


@click.group(cls=_Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message=f"calfeed %(version)s (tzdata {tzdata_version()})")
def cli() -> None:
    """Turn one TOML catalogue of events into .ics feeds per audience and region."""


@cli.command()
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
@click.pass_context
def build(
    ctx: click.Context,
    catalogue: Path,
    output: Path,
    check_only: bool,
    private_out: Path | None,
    base_url: str | None,
    service_url: str | None,
) -> None:
    """Write every feed of CATALOGUE (default ./events.toml) under the output folder."""
    loaded = _load(catalogue)
    publishing = resolve_publishing(loaded, base_url=base_url, service_url=service_url)
    plan = plan_build(loaded, output, private_out, _now(), publishing)
    for notice in plan.notices:
        click.echo(f"{catalogue}: warning: {notice}", err=True)
    if plan.unwritten:
        click.echo(
            f"{catalogue}: note: the private audiences' feeds ({', '.join(plan.unwritten)}) "
            "are not written: give --private-out DIR (a folder that is never published)",
            err=True,
        )
    targets = [(output, plan.public)]
    if private_out is not None:
        targets.append((private_out, plan.private))
    if check_only:
        stale = [(folder, files, plan_changes(folder, files)) for folder, files in targets]
        if any(changes.any for _f, _files, changes in stale):
            for folder, files, changes in stale:
                for line in stale_lines(folder, files, changes):
                    click.echo(line, err=True)
            raise StaleFeedsError("feeds are out of date with the catalogue: run `calfeed build`")
        click.echo(f"{output}: up to date ({len(plan.public)} files)")
        return
    for folder, files in targets:
        changes = write_files(folder, files)
        for label, paths in (
            ("added", changes.added),
            ("changed", changes.changed),
            ("removed", changes.removed),
        ):
            for path in paths:
                click.echo(f"{folder / path}: {label}")
        click.echo(_written(folder, changes, len(files)))


def _written(folder: Path, changes: Changes, total: int) -> str:
    parts = [
        f"{len(changes.added)} added",
        f"{len(changes.changed)} changed",
        f"{len(changes.removed)} removed",
        f"{len(changes.unchanged)} unchanged",
    ]
    return f"{folder}: {total} files ({', '.join(parts)})"


@cli.command()
@CATALOGUE
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Warn about events that ended before this date (YYYY-MM-DD).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    show_default=True,
    help="github: one workflow command per finding, shown on the pull request's lines.",
)
@click.pass_context
def check(
    ctx: click.Context,
    catalogue: Path,
    strict: bool,
    today: datetime | None,
    output_format: str,
) -> None:
    """Validate CATALOGUE and print every problem with its line and a fix."""
    try:
        loaded = load_catalogue(catalogue, today=today.date() if today else None)
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


@cli.command()
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
    text = schema_json()
    if output is None:
        click.echo(text, nl=False)
    else:
        atomic_write(output, text.encode("utf-8"))


@cli.command()
@CATALOGUE
@output_folder("Folder the feeds are built into and served from.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (the default: this machine only).",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@published_at
@click.pass_context
def serve(
    ctx: click.Context,
    catalogue: Path,
    output: Path,
    host: str,
    port: int,
    base_url: str | None,
    service_url: str | None,
) -> None:
    """Build, then serve the feeds over HTTP until Ctrl-C, rebuilding when CATALOGUE changes.

    /feed.ics?region=R&audience=A&tag=T answers a filtered feed, as `calfeed feed` does.
    """
    loaded = _load(catalogue)
    resolve_publishing(loaded, base_url=base_url, service_url=service_url)  # a bad URL: exit 2
    _now()  # a bad SOURCE_DATE_EPOCH is a user error before anything is served

    def log(message: str) -> None:
        click.echo(message, err=True)

    with start_preview(
        catalogue,
        output,
        host=host,
        port=port,
        base_url=base_url,
        service_url=service_url,
        clock=_now,
        log=log,
    ) as server:
        click.echo(f"Serving {output} (from {catalogue}) at {server.url}  (Ctrl-C to stop)")
        try:
            server.wait()
        except KeyboardInterrupt:
            click.echo("Stopped.", err=True)


@cli.command()
@CATALOGUE
@click.option("--region", "regions", multiple=True, help="Only events in this region.")
@click.option("--audience", "audiences", multiple=True, help="Only events for this audience.")
@click.option("--tag", "tags", multiple=True, help="Only events with this tag.")
@click.option(
    "--include-private",
    is_flag=True,
    help="Show private details (needs --audience of a private audience).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to this file instead of standard output; its events keep their stamps "
    "(DTSTAMP, SEQUENCE) from the file's previous version.",
)
@click.pass_context
def feed(
    ctx: click.Context,
    catalogue: Path,
    regions: tuple[str, ...],
    audiences: tuple[str, ...],
    tags: tuple[str, ...],
    include_private: bool,
    output: Path | None,
) -> None:
    """Print one filtered feed (the same selection as custom feeds)."""
    loaded = _load(catalogue)
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
    data = render_selection(loaded, selection, private=include_private, history=history, now=_now())
    if output is None:
        click.echo(data, nl=False)
    else:
        atomic_write(output, data)


@cli.command("list")
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
@click.pass_context
def list_events(
    ctx: click.Context,
    catalogue: Path,
    zones: tuple[str, ...],
    regions: tuple[str, ...],
    audiences: tuple[str, ...],
    tags: tuple[str, ...],
    since: str | None,
    until: str | None,
    output_format: Format,
) -> None:
    """Print the agenda with each event's time in every zone asked for.

    A series without --until shows its first 10 occurrences.
    """
    loaded = _load(catalogue, quiet=True)  # warnings are for `check`, not the agenda
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
    click.echo(render(rows, query.columns, output_format), nl=False)


@cli.command()
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
@click.pass_context
def diff(
    ctx: click.Context,
    catalogue: Path,
    base: str | None,
    against: Path | None,
    output_format: str,
    exit_code: bool,
) -> None:
    """Say what a change to CATALOGUE does to subscribers (default: against git HEAD)."""
    if base is not None and against is not None:
        raise click.UsageError("give --base or --against, not both")
    new = _load(catalogue, quiet=True)
    revision = base or "HEAD"
    old = load_catalogue(against) if against else catalogue_before(catalogue, revision)
    if old is None:
        click.echo(f"{catalogue}: not in {revision} yet: every event is new", err=True)
    changes = compare(old, new)
    render = {"text": render_text, "markdown": render_markdown, "json": render_json}
    click.echo(render[output_format](changes), nl=False)
    if exit_code and changes:
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="calfeed")
