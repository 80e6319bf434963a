"""Every command is documented: it has help, and the README shows its usage line."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from calfeed.cli import cli

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(cli.commands)


def test_the_commands_are_the_documented_ones() -> None:
    assert COMMANDS == ["build", "check", "diff", "feed", "list", "schema", "serve"]


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {name} ")
    command = cli.commands[name]
    assert command.help, name
    assert f"calfeed {name}" in README, name
    for option in command.params:
        if isinstance(option, click.Option):
            assert any(f"{flag} " in README or f"{flag}]" in README for flag in option.opts), (
                name,
                option.opts,
            )
