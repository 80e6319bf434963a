"""What every command shares: the error mapping, the lazy table of commands, the options
`build` and `serve` share, and how a command that writes reports the catalogue's warnings."""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from calfeed.errors import (
    CalfeedError,
    Finding,
    InvalidCatalogueError,
    OptionError,
    Severity,
    did_you_mean,
    said_in_full,
)
from calfeed.output.stamps import build_time as stamp_time
from calfeed.report import format_text, summary

if TYPE_CHECKING:
    from calfeed.model import Catalogue

COMMANDS = {
    "build": "calfeed.cli.build:build",
    "check": "calfeed.cli.check:check",
    "diff": "calfeed.cli.diff:diff",
    "feed": "calfeed.cli.feed:feed",
    "import": "calfeed.cli.importing:import_invitation",
    "init": "calfeed.cli.init:init",
    "list": "calfeed.cli.agenda:list_events",
    "members": "calfeed.cli.members:members",
    "schema": "calfeed.cli.check:schema",
    "serve": "calfeed.cli.serve:serve",
}
"""Command name -> `module:attribute`, imported when the command runs."""


class UserError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit 1."""

    exit_code = 1

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


class Shell(click.Group):
    """Loads each command when it is asked for, and maps every `CalfeedError` to its
    message and exit code, once."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        home = COMMANDS.get(cmd_name)
        if home is None:
            return None
        module, attribute = home.split(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command)
        return command

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        if name and not name.startswith("-") and name not in COMMANDS:
            close = did_you_mean(name, COMMANDS)
            hint = f" Did you mean {close!r}?" if close else ""
            ctx.fail(f"No such command {name!r}.{hint} Commands: {', '.join(sorted(COMMANDS))}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except InvalidCatalogueError as invalid:
            # What stops the command in full; the warnings as a command that succeeds
            # says them (guesses in full, the rest counted), so no error is buried.
            errors = tuple(f for f in invalid.findings if f.severity is Severity.ERROR)
            warnings = tuple(f for f in invalid.findings if f.severity is not Severity.ERROR)
            print_findings(errors)
            print_messages(warning_lines(invalid.path, warnings))
            raise UserError(summary(invalid.findings, invalid.path)) from None
        except OptionError as bad:
            raise click.BadParameter(str(bad), param_hint=bad.option) from None
        except CalfeedError as problem:
            raise UserError(str(problem)) from None


def show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """`--version`: calfeed's own and its zone data's, read only when asked for."""
    if not value or ctx.resilient_parsing:
        return
    from calfeed.tz.data import tzdata_version  # noqa: PLC0415 (only --version reads it)
    from calfeed.version import __version__  # noqa: PLC0415

    click.echo(f"calfeed {__version__} (tzdata {tzdata_version()})")
    ctx.exit()


def print_findings(findings: tuple[Finding, ...]) -> None:
    for finding in findings:
        click.echo(format_text(finding), err=True)


def print_messages(messages: tuple[str, ...] | list[str]) -> None:
    for message in messages:
        click.echo(message, err=True)


def warning_lines(path: Path, warnings: tuple[Finding, ...]) -> list[str]:
    """What a command that writes says of a valid catalogue's warnings: the guesses in full,
    the others counted (they are `check`'s to list)."""
    lines = [format_text(f) for f in warnings if said_in_full(f)]
    others = sum(not said_in_full(f) for f in warnings)
    if others:
        lines.append(f"{path}: {others} more warning(s): run `calfeed check {path}`")
    return lines


def build_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` for reproducible builds."""
    return stamp_time(os.environ.get("SOURCE_DATE_EPOCH"))


CATALOGUE = click.argument(
    "catalogue", type=click.Path(path_type=Path, dir_okay=False), default=Path("events.toml")
)


LANGUAGE = click.option(
    "--lang",
    "language",
    metavar="TAG",
    help="In this language of [calendar] languages (default: the first).",
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


def load(path: Path, *, quiet: bool = False) -> Catalogue:
    """Load for a command that uses the catalogue: its guesses said in full and the other
    warnings counted, unless `quiet` (an agenda or a diff is not the place for them)."""
    from calfeed.catalogue import load_catalogue  # noqa: PLC0415 (`--help` must not parse)

    catalogue = load_catalogue(path)
    if not quiet:
        print_messages(warning_lines(path, catalogue.warnings))
    return catalogue
