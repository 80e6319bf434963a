"""`calfeed import`: catalogue entries from an invitation's text, to paste."""

from __future__ import annotations

from typing import TextIO

import click

from calfeed.errors import CalfeedError
from calfeed.invitation import import_text


@click.command(name="import")
@click.argument("text_file", type=click.File("r", encoding="utf-8"))
def import_invitation(text_file: TextIO) -> None:
    """Print catalogue entries for the events TEXT_FILE gives ('-': standard input).

    Each line with a date becomes an [events.<id>] table with its title, start, end,
    timezone, the line's own words in `announced` and the links next to it; agenda rows
    become sessions. An event without a time or a zone is printed commented out, with
    what is missing.
    """
    name = text_file.name
    name = "standard input" if name in {"-", "<stdin>"} else click.format_filename(name)
    try:
        text = text_file.read()
    except UnicodeDecodeError as bad:
        raise CalfeedError(f"{name} is not UTF-8 text: {bad.reason}") from None
    click.echo(import_text(text, name), nl=False)
