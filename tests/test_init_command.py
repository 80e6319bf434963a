"""`calfeed init`: a new organiser's starter passes `check --strict` and builds, shows one
of every table the brief promises with each key explained, keeps private files out of git,
and is never written over anything."""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed import Timed
from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.starter import STARTER_FILES

WRITTEN = [".gitignore", ".github/workflows/calendars.yml", "events.toml"]


@pytest.fixture
def starter(runner: CliRunner, tmp_path: Path) -> Path:
    """`calfeed init starter` in an empty folder."""
    folder = tmp_path / "starter"
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_the_three_files_and_says_what_next(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "new"
    result = runner.invoke(cli, ["init", str(folder)])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert written == sorted(WRITTEN) == sorted(STARTER_FILES)
    assert result.output == (
        f"wrote {folder / 'events.toml'}\n"
        f"wrote {folder / '.gitignore'}\n"
        f"wrote {folder / '.github/workflows/calendars.yml'}\n"
        f"Next: edit {folder / 'events.toml'}, then `calfeed check --strict "
        f"{folder / 'events.toml'}` and `calfeed build {folder / 'events.toml'}`.\n"
    )


def test_init_without_a_folder_writes_here(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["init"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "events.toml").is_file()
    assert "Next: edit events.toml, then `calfeed check --strict events.toml`" in result.output


def test_the_starter_passes_check_strict(runner: CliRunner, starter: Path) -> None:
    result = runner.invoke(cli, ["check", "--strict", str(starter / "events.toml")])
    assert result.exit_code == 0, result.output
    assert result.output == f"{starter / 'events.toml'}: no problems found\n"


def test_the_starter_builds_its_public_feeds_and_page(
    runner: CliRunner, starter: Path, tmp_path: Path, epoch: str
) -> None:
    out = tmp_path / "calendars"
    private = tmp_path / "private"
    args = ["build", str(starter / "events.toml"), "-o", str(out), "--private-out", str(private)]
    result = runner.invoke(cli, args, env={"SOURCE_DATE_EPOCH": epoch})
    assert result.exit_code == 0, result.output
    feeds = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.ics"))
    assert feeds == [
        "all.ics",
        "audiences/public.ics",
        "events/launch-webinar.ics",
        "regions/europe.ics",
        "regions/europe/public.ics",
    ]
    assert (out / "index.html").is_file()
    members = (private / "audiences" / "members.ics").read_text(encoding="utf-8")
    assert "change-me" in members  # the private detail reaches the private feed only
    assert not [p for p in out.rglob("*") if p.is_file() and b"change-me" in p.read_bytes()]


def test_the_starter_has_one_of_each_table(starter: Path) -> None:
    catalogue = load_catalogue(starter / "events.toml")
    assert sorted(catalogue.audiences) == ["members", "public"]
    assert catalogue.private_audiences == frozenset({"members"})
    assert list(catalogue.regions) == ["europe"]
    one_off = [e for e in catalogue.events if e.recurrence is None]
    series = [e for e in catalogue.events if e.recurrence is not None]
    assert len(one_off) == len(series) == 1
    assert isinstance(series[0].when, Timed)
    assert series[0].recurrence is not None
    assert "FREQ=WEEKLY" in series[0].recurrence.rule
    assert [e.id for e in catalogue.events if e.private] == [series[0].id]


def test_every_key_of_the_starter_is_explained(starter: Path) -> None:
    lines = (starter / "events.toml").read_text(encoding="utf-8").splitlines()
    unexplained = [
        line for line in lines if re.match(r"^\s*(\[|[\w-]+\s*=)", line) and "#" not in line
    ]
    assert unexplained == []
    keys = tomllib.loads("\n".join(lines))
    assert {"name", "description", "uid-domain", "refresh", "show-zones"} <= set(keys["calendar"])


def test_the_starter_gitignore_keeps_private_files_out(starter: Path) -> None:
    git = shutil.which("git")
    if git is None:
        pytest.skip("git is not installed")
    subprocess.run([git, "init", "--quiet", str(starter)], check=True)
    paths = [
        "private/audiences/members.ics",
        "members.toml",
        "calendars/.calfeed.lock",
        "calendars/.calfeed-state",
        "calendars/all.ics",
        "events.toml",
    ]
    done = subprocess.run(
        [git, "check-ignore", *paths], cwd=starter, capture_output=True, text=True, check=False
    )
    assert done.stdout.splitlines() == paths[:4]


@pytest.mark.parametrize("existing", WRITTEN)
def test_init_refuses_to_write_over_any_file_and_writes_nothing(
    runner: CliRunner, tmp_path: Path, existing: str
) -> None:
    mine = tmp_path / existing
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("mine\n", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{mine} already exists: calfeed init writes nothing over a file, so it wrote "
        "nothing (init another folder, or move the file away)\n"
    )
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [existing]
    assert mine.read_text(encoding="utf-8") == "mine\n"


def test_init_names_every_file_in_the_way(runner: CliRunner, starter: Path) -> None:
    before = {p: p.read_bytes() for p in starter.rglob("*") if p.is_file()}
    result = runner.invoke(cli, ["init", str(starter)])
    assert result.exit_code == 1
    assert result.output.startswith(
        f"{starter / 'events.toml'}, {starter / '.gitignore'}, "
        f"{starter / '.github/workflows/calendars.yml'} already exist: "
    )
    assert {p: p.read_bytes() for p in starter.rglob("*") if p.is_file()} == before


def test_init_into_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    afile = tmp_path / "events.toml"
    afile.write_text("", encoding="utf-8")
    result = runner.invoke(cli, ["init", str(afile)])
    assert result.exit_code == 2
    assert f"Directory '{afile}' is a file." in result.output
