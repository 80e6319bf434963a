"""`calfeed check` as editors, CI and people call it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed.cli import cli

BROKEN = """\
[calendar]
name = "Check"
uid-domain = "check.calfeed.example"

[events.dialogue]
title = "Pacific Dialogue"
start = 2021-11-04T12:30:00
timezone = "Samoa"
registration = "http://example.org/register"
"""

WARNED = """\
[calendar]
name = "Check"
uid-domain = "check.calfeed.example"

[events.dialogue]
title = "Pacific Dialogue"
start = 2021-11-04T12:30:00
timezone = "Pacific/Apia"
registration = "http://example.org/register"
"""

FIELDS = {"severity", "code", "file", "line", "event", "message", "hint"}


def run(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    path = tmp_path / "events.toml"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), *args])
    return result.exit_code, result.output


def test_json_findings_have_a_fixed_structure(tmp_path: Path) -> None:
    code, output = run(tmp_path, BROKEN, "--format", "json")
    assert code == 1
    found = json.loads(output)
    assert isinstance(found, list)
    assert all(set(item) == FIELDS for item in found)
    assert found == [
        {
            "severity": "error",
            "code": "unknown-zone",
            "file": str(tmp_path / "events.toml"),
            "line": 8,
            "event": "dialogue",
            "message": "unknown time zone 'Samoa'",
            "hint": "did you mean Pacific/Apia?",
        },
        {
            "severity": "warning",
            "code": "insecure-url",
            "file": str(tmp_path / "events.toml"),
            "line": 9,
            "event": "dialogue",
            "message": "'registration' uses http, not https: http://example.org/register",
            "hint": "use https:// if the site supports it",
        },
    ]


def test_text_output_and_exit_codes(tmp_path: Path) -> None:
    code, output = run(tmp_path, WARNED)
    path = tmp_path / "events.toml"
    assert code == 0
    assert output == (
        f"{path}:9: warning: event dialogue: 'registration' uses http, not https: "
        "http://example.org/register\n"
        "    hint: use https:// if the site supports it\n"
        f"{path}: 1 warning\n"
    )


def test_strict_says_why_it_fails(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    code, output = run(tmp_path, WARNED, "--strict")
    assert code == 1
    assert output.splitlines()[-1] == f"{path}: 1 warning (--strict: warnings fail the check)"
    # In a workflow, the failure is an error annotation of its own, not only warnings.
    code, output = run(tmp_path, WARNED, "--strict", "--format", "github")
    assert code == 1
    assert output.splitlines()[-1] == (
        f"::error file={path},title=calfeed --strict::1 warning (--strict: warnings fail the check)"
    )
    # Errors fail the check whatever --strict says: nothing to add.
    code, output = run(tmp_path, BROKEN, "--strict")
    assert code == 1
    assert output.splitlines()[-1] == f"{path}: 1 error, 1 warning"


def test_today_adds_past_events(tmp_path: Path) -> None:
    code, output = run(tmp_path, WARNED, "--today", "2026-11-23", "--format", "json")
    assert code == 0
    assert [item["code"] for item in json.loads(output)] == ["past", "insecure-url"]
    code, output = run(tmp_path, WARNED, "--today", "23/11/2026")
    assert code == 2
    assert output.splitlines()[-1] == (
        "Error: Invalid value for --today: '23/11/2026' is ambiguous: write 2021-11-01 or "
        "1 Nov 2021"
    )


@pytest.mark.parametrize("written", ["2026-11-23", "23 Nov 2026", "November 23, 2026"])
def test_today_accepts_what_list_from_accepts(
    tmp_path: Path, runner: CliRunner, written: str
) -> None:
    code, output = run(tmp_path, WARNED, "--today", written, "--format", "json")
    assert code == 0
    assert [item["code"] for item in json.loads(output)] == ["past", "insecure-url"]
    listed = runner.invoke(cli, ["list", str(tmp_path / "events.toml"), "--from", written])
    assert listed.exit_code == 0


def test_shipped_catalogue_passes_check(root: Path, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", str(root / "events.toml")])
    assert result.exit_code == 0
    assert result.output.splitlines()[-2:] == [
        f"{root / 'events.toml'}: 9 warnings",
        "not yet scheduled (in no feed): ca4ji-asia-pacific-launch",
    ]


@pytest.mark.parametrize(
    ("ending", "said"),
    [
        (
            'hosts = ["ILO",\n  "UNEP",\n',
            ':11: error: the array on line 11 needs a "," between values and a closing "]"',
        ),
        (
            "hosts = [",
            ':10: error: the array on line 10 needs a "," between values and a closing "]"',
        ),
        (
            "private = { room = '1'\n\n",
            ':10: error: the inline table on line 10 needs a "," between values and a closing "}" '
            "on the same line",
        ),
        ("location =\n", ':10: error: key location on line 10 has no value after "="'),
    ],
)
def test_a_value_left_open_at_the_end_is_reported_on_its_own_line(
    tmp_path: Path, ending: str, said: str
) -> None:
    # tomllib says "at end of document", past the last line; the mistake is on the line
    # of the last value written.
    code, output = run(tmp_path, WARNED + ending)
    assert code == 1
    assert output.splitlines()[0] == f"{tmp_path / 'events.toml'}{said}"


def test_a_failing_build_shows_its_errors_and_counts_the_warnings(tmp_path: Path) -> None:
    # The error must not drown: the warnings are said as a build that succeeds says them.
    path = tmp_path / "events.toml"
    path.write_text(
        WARNED.replace('name = "Check"', 'name = "Check"\ntimezone = "Europe/London"')
        + '\n[events.typo]\ntitle = "T"\nstart = 2021-11-05T10:00:00\ntimezone = "Pacific/Apai"\n'
        + '\n[events.guess]\ntitle = "G"\nstart = 2021-11-06T10:00:00\n'
        + 'registration = "https://example.org/g"\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(out)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{path}:15: error: event typo: unknown time zone 'Pacific/Apai'")
    assert (
        f"{path}:19: warning: event guess: no timezone given: assumed Europe/London "
        "(the calendar default)"
    ) in lines
    assert f"{path}: 2 more warning(s): run `calfeed check {path}`" in lines
    assert lines[-1] == f"{path}: 1 error, 3 warnings"
    assert "nowhere to click" not in result.output  # counted, not listed
    assert not out.exists()
