"""`calfeed diff`: what a change does to subscribers, on a real git repository, and the
messages for what can go wrong on the way (no repository, no commit yet, a revision
that does not exist, an invalid catalogue on either side)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from tests.shipped import EVENTS_TOML, SEED_TIMES

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
    text = text.replace('4, 12:30 Samoa/ 00:30 CET"]', '4, 13:30 Samoa/ 01:30 CET"]', 1)
    # updated, no move: Paris and Berlin are both UTC+1 in November
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
    # updated: a dropped session and a tag, which diff used to miss
    start = text.index('[[events.humen-summit-2022.sessions]]\ntitle.en = "Closing and next-steps"')
    text = text[:start] + text[text.index("# ---", start) :]
    text = text.replace('["workshop", "textile", "just-transition"]', '["workshop", "textile"]')
    # no change for subscribers: an event with no date yet is in no feed
    text = text.replace("(CA4JI): Asia-Pacific launch", "(CA4JI): the Asia-Pacific launch")
    return text + NEW_EVENT


# Worked out by hand: Apia is UTC+13, Fiji UTC+12, Paris and Berlin UTC+1, London UTC+0 in
# Nov 2021, so 12:30 -> 13:30 Apia is 23:30Z -> 00:30Z; the ADB event at 10:00 Fiji is
# 22:00Z on 8 Nov, 11:00 in Apia on 9 Nov; Cairo had no DST in 2022 (UTC+2): 10:00 is
# 08:00Z. Read line by line whenever it changes.
EXPECTED = (Path(__file__).parent / "golden" / "diff_every_change.txt").read_text(encoding="utf-8")


def git(folder: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=folder, check=True, capture_output=True)


@pytest.fixture
def no_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """git looks for a repository no further up than the test's own folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))


@pytest.fixture
def repo(tmp_path: Path, no_repository_above: None) -> Path:
    """The shipped catalogue committed, then edited by `edit` (not committed)."""
    git(tmp_path, "init", "-q")
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    git(tmp_path, "add", "events.toml")
    git(tmp_path, "commit", "-qm", "base")
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
        ("updated", "cop26-wg-just-transition-decent-work"),
        ("moved", "cop26-pacific-dialogue"),
        ("cancelled", "adb-just-transition-pacific"),
        ("retitled", "cop26-africa-net-zero-side-event"),
        ("updated", "humen-summit-2022"),
        ("added", "cop27-follow-up"),
        ("removed", "ibc-climate-change-1-5-degrees-ap"),
    ]
    git(repo, "commit", "-qam", "edit")
    result = CliRunner().invoke(cli, ["diff", catalogue, "--exit-code"])
    assert (result.exit_code, result.output) == (0, "no changes for subscribers\n")
    result = CliRunner().invoke(cli, ["diff", catalogue, "--base", "HEAD~1"])
    assert result.output == EXPECTED


def test_diff_exit_code_counts_an_update(repo: Path) -> None:
    """A change only `updated` says (a dropped session) fails `--exit-code` too."""
    catalogue = repo / "events.toml"
    text = EVENTS_TOML.read_text(encoding="utf-8")
    start = text.index('[[events.humen-summit-2022.sessions]]\ntitle.en = "Closing and next-steps"')
    catalogue.write_text(text[:start] + text[text.index("# ---", start) :], encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(catalogue), "--exit-code", "--format", "json"])
    assert result.exit_code == 1
    assert [(c["kind"], c["details"]) for c in json.loads(result.stdout)] == [
        ("updated", ["agenda: 'Closing and next-steps' removed"])
    ]


def test_diff_against_a_file_and_markdown(repo: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.toml"
    shutil.copy(EVENTS_TOML, old)
    result = CliRunner().invoke(
        cli, ["diff", str(repo / "events.toml"), "--against", str(old), "--format", "markdown"]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "### calfeed: 7 change(s) for subscribers"
    assert lines[2:4] == [
        "- **updated** `cop26-wg-just-transition-decent-work`: COP26 informal working group "
        "meeting on Just Transition and Decent Work",
        "  - zone: Europe/Paris → Europe/Berlin, the same instant",
    ]
    assert "  - feeds: `all.ics`," in lines[4]


# --- what can go wrong on the way, each message naming what it is about ------------------


def test_diff_at_an_unknown_revision_names_it(repo: Path) -> None:
    catalogue = repo / "events.toml"
    for revision in ("nope", "HEAD~1"):  # a typo; a commit before the first
        result = CliRunner().invoke(cli, ["diff", str(catalogue), "--base", revision])
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == (
            f"cannot compare {catalogue} with {revision}: the git repository at "
            f"{repo.resolve()} has no revision {revision!r} (check the name: git branch "
            "--all, git log --oneline)\n"
        )


def test_diff_outside_a_git_repository_says_so(tmp_path: Path, no_repository_above: None) -> None:
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    result = CliRunner().invoke(cli, ["diff", str(catalogue)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.startswith(f"cannot compare {catalogue} with HEAD: fatal: not a git")
    assert result.stderr.endswith(
        "; outside a git repository, compare with another file: --against OLD.toml\n"
    )


def test_diff_without_git_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = CliRunner().invoke(cli, ["diff", str(catalogue)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"cannot compare {catalogue} with HEAD: cannot run git (No such file or directory); "
        "install git, or compare with another file: --against OLD.toml\n"
    )


def added_events(output: str) -> list[str]:
    return [
        f"{c['event']} [{c['language']}]" if c["language"] else c["event"]
        for c in json.loads(output)
        if c["kind"] == "added"
    ]


SCHEDULED_PUBLIC = [*SEED_TIMES, *(f"{event} [zh]" for event in SEED_TIMES)]
"""Every event of the shipped catalogue that a public feed carries, in catalogue order: each
scheduled one (all but the undated launch) names a public audience, or none; then each again
for the Chinese feeds' subscribers."""


def test_diff_before_the_first_commit_adds_every_event(
    tmp_path: Path, no_repository_above: None
) -> None:
    git(tmp_path, "init", "-q")
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    result = CliRunner().invoke(cli, ["diff", str(catalogue), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert added_events(result.stdout) == SCHEDULED_PUBLIC
    assert result.stderr == f"{catalogue}: not in HEAD yet: every event is new\n"


def test_diff_with_a_base_that_lacks_the_catalogue_adds_every_event(
    tmp_path: Path, no_repository_above: None
) -> None:
    """The first pull request that adds a catalogue: its base branch has commits, but no
    catalogue yet."""
    git(tmp_path, "init", "-q")
    (tmp_path / "README.md").write_text("calendars\n", encoding="utf-8")
    git(tmp_path, "add", "README.md")
    git(tmp_path, "commit", "-qm", "start")
    git(tmp_path, "branch", "base")
    catalogue = tmp_path / "events.toml"
    shutil.copy(EVENTS_TOML, catalogue)
    git(tmp_path, "add", "events.toml")
    git(tmp_path, "commit", "-qm", "the catalogue")
    args = ["diff", str(catalogue), "--base", "base", "--format", "json", "--exit-code"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert added_events(result.stdout) == SCHEDULED_PUBLIC
    assert result.stderr == f"{catalogue}: not in base yet: every event is new\n"


INVALID = '[calendar]\nname = "Events"\n'
INVALID_FINDINGS = """\
{path}:1: error: missing required key 'uid-domain'
    hint: add uid-domain = ... (Domain for stable UIDs: <event-id>@<uid-domain>.)
{path}: error: missing required key 'events'
    hint: add events = ... (Event tables, by id.)
{path}: 2 errors
"""


def test_an_invalid_against_file_is_named_not_the_catalogue(tmp_path: Path) -> None:
    new, old = tmp_path / "new.toml", tmp_path / "old.toml"
    shutil.copy(EVENTS_TOML, new)
    old.write_text(INVALID, encoding="utf-8")
    result = CliRunner().invoke(cli, ["diff", str(new), "--against", str(old)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == INVALID_FINDINGS.format(path=old)
    result = CliRunner().invoke(cli, ["diff", str(old), "--against", str(new)])
    assert (result.exit_code, result.stderr) == (1, INVALID_FINDINGS.format(path=old))


def test_an_invalid_catalogue_at_the_revision_is_named_with_it(
    tmp_path: Path, no_repository_above: None
) -> None:
    git(tmp_path, "init", "-q")
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(INVALID, encoding="utf-8")
    git(tmp_path, "add", "events.toml")
    git(tmp_path, "commit", "-qm", "a broken start")
    shutil.copy(EVENTS_TOML, catalogue)
    result = CliRunner().invoke(cli, ["diff", str(catalogue)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == INVALID_FINDINGS.format(path=f"{catalogue}@HEAD")
