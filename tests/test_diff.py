"""`calfeed diff`: what a change does to subscribers, on a real git repository."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from tests.shipped import EVENTS_TOML

GIT = ["git", "-c", "user.email=test@calfeed.example", "-c", "user.name=calfeed tests"]

NEW_EVENT = """
[events.cop27-follow-up]
title = "COP27 follow-up"
start = 2022-11-20T10:00:00
end = 11:00:00
timezone = "Africa/Cairo"
registration = "https://example.org/cop27"
tags = ["cop26"]
regions = ["global"]
"""


def edit(text: str) -> str:
    """Every kind of change at once, each checked by hand in EXPECTED below."""
    # moved: 12:30 -> 13:30 Apia (and the announcement with it)
    text = text.replace("start = 2021-11-04T12:30:00", "start = 2021-11-04T13:30:00", 1)
    text = text.replace('["2021-11-04 00:30 CET"]', '["2021-11-04 01:30 CET"]', 1)
    # a change of zone that keeps the instant: Paris and Berlin are both UTC+1 in November
    text = text.replace('timezone = "Europe/Paris"\n', 'timezone = "Europe/Berlin"\n', 1)
    # removed
    start = text.index("[events.ibc-climate-change-1-5-degrees-ap]")
    text = text[:start] + text[text.index("[events.", start + 10) :]
    # cancelled
    text = text.replace(
        "[events.adb-just-transition-pacific]\n",
        '[events.adb-just-transition-pacific]\nstatus = "cancelled"\n',
    )
    # retitled
    text = text.replace(
        "Achieving a JT toward net zero: challenges and opportunity with focus on Africa",
        "Achieving a just transition toward net zero: focus on Africa",
    )
    return text + NEW_EVENT


# Worked out by hand: Apia is UTC+13, Fiji UTC+12, Paris UTC+1, London UTC+0 in Nov 2021,
# so 12:30 -> 13:30 Apia is 23:30Z -> 00:30Z; the ADB event at 10:00 Fiji is 22:00Z on
# 8 Nov, 11:00 in Apia on 9 Nov; Cairo had no DST in 2022 (UTC+2): 10:00 is 08:00Z.
EXPECTED = (Path(__file__).parent / "golden" / "diff_every_change.txt").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    subprocess.run([*GIT, "add", "events.toml"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "commit", "-qm", "base"], cwd=tmp_path, check=True)
    catalogue.write_text(edit(catalogue.read_text(encoding="utf-8")), encoding="utf-8")
    return tmp_path


def test_diff_against_head_reports_every_kind_of_change(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(repo / "events.toml")])
    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED


def test_diff_exit_code_and_a_committed_change(repo: Path) -> None:
    catalogue = str(repo / "events.toml")
    result = CliRunner().invoke(cli, ["diff", catalogue, "--exit-code", "--format", "json"])
    assert result.exit_code == 1
    kinds = [(c["kind"], c["event"]) for c in json.loads(result.output)]
    assert kinds == [
        ("moved", "cop26-pacific-dialogue"),
        ("cancelled", "adb-just-transition-pacific"),
        ("retitled", "cop26-africa-net-zero-side-event"),
        ("added", "cop27-follow-up"),
        ("removed", "ibc-climate-change-1-5-degrees-ap"),
    ]
    subprocess.run([*GIT, "commit", "-qam", "edit"], cwd=repo, check=True)
    result = CliRunner().invoke(cli, ["diff", catalogue, "--exit-code"])
    assert (result.exit_code, result.output) == (0, "no changes for subscribers\n")
    result = CliRunner().invoke(cli, ["diff", catalogue, "--base", "HEAD~1"])
    assert result.output == EXPECTED


def test_diff_against_a_file_and_markdown(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    shutil.copy(EVENTS_TOML, old)
    result = CliRunner().invoke(
        cli, ["diff", str(repo / "events.toml"), "--against", str(old), "--format", "markdown"]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "### calfeed: 5 change(s) for subscribers"
    assert lines[2] == (
        "- **moved** `cop26-pacific-dialogue`: Invitation to a Pacific Dialogue: "
        "Just Transition in the Pacific and Climate Action for Jobs"
    )
    assert "  - feeds: `all.ics`," in lines[4]


def test_diff_at_an_unknown_revision_is_a_clear_error(repo: Path) -> None:
    result = CliRunner().invoke(cli, ["diff", str(repo / "events.toml"), "--base", "nope"])
    assert result.exit_code == 1
    assert result.output.startswith(f"cannot read {repo / 'events.toml'} at nope: ")
    assert "Traceback" not in result.output
