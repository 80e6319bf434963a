"""What the README promises: every command with its help and options, every finding
code, and the library example, which runs as written."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import calfeed
from calfeed.cli import cli
from calfeed.errors import Code
from tests.shipped import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTEXT = click.Context(cli)
COMMANDS = cli.list_commands(CONTEXT)


def _command(name: str) -> click.Command:
    command = cli.get_command(CONTEXT, name)
    assert command is not None, name
    return command


def test_the_commands_are_the_documented_ones() -> None:
    commands = [
        "build",
        "check",
        "diff",
        "feed",
        "import",
        "init",
        "list",
        "members",
        "schema",
        "serve",
    ]
    assert commands == COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_and_is_in_the_readme(name: str) -> None:
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: cli {name} ")
    command = _command(name)
    assert command.help, name
    assert f"calfeed {name}" in README, name
    for option in command.params:
        if isinstance(option, click.Option):
            assert any(f"{flag} " in README or f"{flag}]" in README for flag in option.opts), (
                name,
                option.opts,
            )


def _usage(name: str) -> str:
    """The README's usage lines of `calfeed <name>` (the first and its indented followers)."""
    block = _section("## Commands").split("```")[1]
    lines = block.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"calfeed {name} "))
    end = next(
        (i for i in range(start + 1, len(lines)) if not lines[i].startswith(" ")), len(lines)
    )
    return "\n".join(lines[start:end])


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_and_choice_is_in_its_commands_usage(name: str) -> None:
    # Anywhere in the README is not enough: `check --format github` was used in the CI
    # section, and missing from the command list.
    usage = _usage(name)
    for option in _command(name).params:
        if not isinstance(option, click.Option):
            continue
        assert any(f"{flag} " in usage or f"{flag}]" in usage for flag in option.opts), (
            name,
            option.opts,
        )
        if isinstance(option.type, click.Choice):
            flag = option.opts[-1]
            written = re.search(rf"{flag} ([a-z|]+)", usage)
            assert written is not None, (name, flag, usage)
            assert set(written.group(1).split("|")) == set(option.type.choices), (name, flag)


def _section(title: str) -> str:
    """The README's text from the heading `title` to the next heading of its level."""
    level, _, _ = title.partition(" ")
    start = README.index(f"\n{title}\n")
    end = README.find(f"\n{level} ", start + len(title) + 2)
    return README[start : end if end != -1 else len(README)]


def test_every_finding_code_is_in_the_readme_table_and_no_other() -> None:
    rows = [line for line in _section("### What `check` reports").splitlines() if line[:1] == "|"]
    first_cells = [row.split("|")[1] for row in rows[2:]]
    documented = [code for cell in first_cells for code in re.findall(r"`([a-z-]+)`", cell)]
    assert sorted(documented) == sorted(code.value for code in Code)


@pytest.mark.usefixtures("shipped_copy")  # tmp_path/events.toml, the example's catalogue
def test_the_library_example_runs_as_documented(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (example,) = re.findall(r"```python\n(.*?)```", _section("## Use as a library"), re.S)
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
    printed = capsys.readouterr().out.splitlines()
    assert "cop26-pacific-dialogue 2021-11-04T12:30:00+13:00 Pacific/Apia" in printed
    assert "gjn-meeting-2021-12-01 2021-12-01 to 2021-12-01 (all day)" in printed
    assert "ca4ji-asia-pacific-launch to be scheduled" in printed
    built = sorted(
        p.relative_to(tmp_path / "calendars").as_posix() for p in tmp_path.rglob("*.ics")
    )
    assert built == sorted(
        p.relative_to(ROOT / "calendars").as_posix() for p in (ROOT / "calendars").rglob("*.ics")
    )


def test_the_public_api_is_what_the_package_exports() -> None:
    public = {
        name
        for name in dir(calfeed)
        if not name.startswith("_") and not inspect.ismodule(getattr(calfeed, name))
    }
    assert set(calfeed.__all__) == public | {"__version__"}
    assert {"CalfeedError", "Catalogue", "Timed", "Event"} <= public


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("buidl", "Error: No such command 'buidl'. Did you mean 'build'? Commands: "),
        ("lsit", "Error: No such command 'lsit'. Did you mean 'list'? Commands: "),
        ("xyz", "Error: No such command 'xyz'. Commands: "),
    ],
)
def test_a_mistyped_command_gets_a_hint_and_the_list(typed: str, said: str) -> None:
    result = CliRunner().invoke(cli, [typed])
    assert result.exit_code == 2
    assert f"{said}{', '.join(COMMANDS)}\n" in result.output


def _sh_blocks(section: str) -> list[str]:
    return re.findall(r"```sh\n(.*?)```", _section(section), re.S)


def test_the_first_feed_walkthrough_runs_as_written(tmp_path: Path) -> None:
    """Its local block, in bash in an empty folder, with this environment's calfeed: the
    starter is written, passes `check --strict` and builds its page and feeds."""
    blocks = _sh_blocks("## Your first feed in five minutes")
    (local,) = [block for block in blocks if block.startswith("calfeed init ")]
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(
        [bash, "--noprofile", "--norc", "-euo", "pipefail", "-c", local],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "events.toml: no problems found\n" in done.stdout
    (folder,) = tmp_path.iterdir()
    assert (folder / "calendars" / "index.html").is_file()
    assert (folder / "calendars" / "all.ics").is_file()
    said = _section("## Your first feed in five minutes")
    for name in ("events.toml", ".gitignore", ".github/workflows/calendars.yml", "index.html"):
        assert f"`{name}`" in said, name


def test_the_readme_opens_with_what_calfeed_is_and_its_picture() -> None:
    """A reader learns what calfeed is, and sees the page, before the first command."""
    first_command = README.index("```sh")
    opening = README[:first_command]
    assert "calfeed turns one TOML catalogue" in opening
    (picture,) = re.findall(r'<img src="([^"]+)"', opening)
    assert (ROOT / picture).is_file()
    assert (ROOT / picture).stat().st_size < 100_000, "a small PNG"
    order = [README.index(f"\n{title}\n") for title in _TOP_SECTIONS]
    assert order == sorted(order)


_TOP_SECTIONS = ("## Your first feed in five minutes", "## What calfeed promises", "## Commands")
