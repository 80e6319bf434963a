"""The `calfeed` command: parse options, call the library, print. Nothing else.

Each command lives in its own module and is imported only when it runs (`shell.Shell`), so
`calfeed build` answered by its record never imports the renderer. Every error a user can
fix is a `CalfeedError`, and `Shell.invoke` maps it to a message and an exit code in exactly
one place; anything else is a bug in calfeed and keeps its traceback.
"""

from __future__ import annotations

import click

from calfeed.cli.shell import Shell, show_version


@click.group(cls=Shell, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=show_version,
    help="Show calfeed's version and its zone data's, and exit.",
)
def cli() -> None:
    """Turn one TOML catalogue of events into .ics feeds per audience and region."""


def main() -> None:
    """Console-script entry point."""
    cli(prog_name="calfeed")


__all__ = ["cli", "main"]
