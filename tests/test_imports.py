"""What a command imports: `calfeed --help` (which lists every command) imports no parser
and no renderer, and a build answered by its record imports no renderer."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.building import EPOCH

PROBE = (
    "import sys\n"
    "from calfeed.cli import cli\n"
    "try:\n"
    "    cli(sys.argv[1:], prog_name='calfeed')\n"
    "except SystemExit:\n"
    "    heavy = {'icalendar', 'tomllib', 'calfeed.render.ics', 'calfeed.web'}\n"
    "    print(sorted(heavy & sys.modules.keys()))\n"
    "    raise\n"
)
"""Runs the command line with the arguments given, then prints which heavy modules it
imported (click ends every command with SystemExit)."""


def imported(*args: str, cwd: Path | None = None) -> tuple[str, subprocess.CompletedProcess[str]]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[-1], done


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("build", "--help")])
def test_help_imports_no_parser_and_no_renderer(args: tuple[str, ...]) -> None:
    assert imported(*args)[0] == "[]"


def test_a_build_answered_by_its_record_imports_no_renderer(
    shipped_copy: Path, tmp_path: Path
) -> None:
    command = ("build", str(shipped_copy), "-o", str(tmp_path))
    first, built = imported(*command)
    assert first == "['calfeed.render.ics', 'icalendar', 'tomllib']"
    again, answered = imported(*command)
    assert again == "['tomllib']"  # parsed and validated, to say the same warnings
    assert answered.stderr == built.stderr
