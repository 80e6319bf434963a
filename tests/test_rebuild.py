"""Rebuilding: unchanged events keep every byte; a changed one says so with SEQUENCE."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from tests.building import build, feeds
from tests.shipped import DOMAIN, event_of


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file's bytes and mtime; the lock file a build may create is not content."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".calfeed.lock"
    }


def test_rebuild_with_a_later_epoch_changes_no_byte(tmp_path: Path, shipped_copy: Path) -> None:
    catalogue = shipped_copy
    build(catalogue, tmp_path / "out", epoch="1700000000")
    before = snapshot(tmp_path / "out")
    build(catalogue, tmp_path / "out", epoch="1800000000")
    assert snapshot(tmp_path / "out") == before


def test_changing_one_event_raises_its_sequence_alone(tmp_path: Path, shipped_copy: Path) -> None:
    catalogue = shipped_copy
    build(catalogue, tmp_path / "out", epoch="1700000000")
    before = feeds(tmp_path / "out")
    text = catalogue.read_text(encoding="utf-8")
    moved = text.replace("start = 2021-11-04T12:30:00", "start = 2021-11-04T13:30:00", 1)
    moved = moved.replace('4, 12:30 Samoa/ 00:30 CET"]', '4, 13:30 Samoa/ 01:30 CET"]', 1)
    assert moved != text
    catalogue.write_text(moved, encoding="utf-8")
    build(catalogue, tmp_path / "out", epoch="1800000000")
    after = feeds(tmp_path / "out")
    dialogue = f"cop26-pacific-dialogue@{DOMAIN}"
    for name, data in after.items():
        new = {str(e["UID"]): e for e in _events(data)}
        old = {str(e["UID"]): e for e in _events(before[name])}
        assert new.keys() == old.keys(), name
        for uid, event in new.items():
            if uid in (dialogue, dialogue.replace("@", ".zh@")):
                assert event.sequence == 1
                assert datetime(2027, 1, 15, 8, tzinfo=UTC) == event.DTSTAMP
                assert datetime(2027, 1, 15, 8, tzinfo=UTC) == event.LAST_MODIFIED
            else:
                assert event.to_ical() == old[uid].to_ical(), (name, uid)
    changed = event_of(after["all.ics"], "cop26-pacific-dialogue")
    assert changed["DTSTART"].to_ical() == b"20211104T133000"


def _events(data: bytes) -> list[icalendar.Event]:
    return icalendar.Calendar.from_ical(data).events


def test_cancelling_keeps_the_event_with_a_raised_sequence(
    tmp_path: Path, shipped_copy: Path
) -> None:
    catalogue = shipped_copy
    build(catalogue, tmp_path / "out")
    text = catalogue.read_text(encoding="utf-8")
    cancelled = text.replace(
        "[events.ibc-climate-change-1-5-degrees-ap]\n",
        '[events.ibc-climate-change-1-5-degrees-ap]\nstatus = "cancelled"\n',
    )
    catalogue.write_text(cancelled, encoding="utf-8")
    build(catalogue, tmp_path / "out")
    event = event_of(
        (tmp_path / "out" / "all.ics").read_bytes(), "ibc-climate-change-1-5-degrees-ap"
    )
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.sequence == 1


def test_removing_an_event_warns_that_subscribers_will_see_it_vanish(
    tmp_path: Path, shipped_copy: Path
) -> None:
    catalogue = shipped_copy
    build(catalogue, tmp_path / "out")
    text = catalogue.read_text(encoding="utf-8")
    start = text.index("[events.ibc-climate-change-1-5-degrees-ap]")
    end = text.index("[events.", start + 10)
    catalogue.write_text(text[:start] + text[end:], encoding="utf-8")
    output = build(catalogue, tmp_path / "out")
    assert (
        f"{catalogue}: warning: event 'ibc-climate-change-1-5-degrees-ap@{DOMAIN}' is in the "
        "previous feeds but not in this build: subscribers will see it vanish; to call it "
        'off, keep it with status = "cancelled"'
    ) in output


def test_build_check_passes_then_fails_naming_feeds_and_events(
    tmp_path: Path, shipped_copy: Path
) -> None:
    catalogue = shipped_copy
    out = tmp_path / "out"
    build(catalogue, out)
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(catalogue), "-o", str(out), "--check"])
    assert result.exit_code == 0, result.output
    # all, 6 audiences, 5 regions, 30 region x audience, 2 custom, 9 events, index.html;
    # in English and in Chinese
    assert result.output.endswith(f"{out}: up to date (108 files)\n")
    assert "warning: event cop26-africa-net-zero-side-event: no timezone given" in result.output
    text = catalogue.read_text(encoding="utf-8")
    text = text.replace("end = 13:45:00", "end = 14:00:00", 1)
    text = text.replace('11-13:45 UK time"]', '11-14:00 UK time"]', 1)
    catalogue.write_text(text, encoding="utf-8")
    before = snapshot(out)
    result = runner.invoke(cli, ["build", str(catalogue), "-o", str(out), "--check"])
    assert result.exit_code == 1
    uid = f"ibc-climate-change-1-5-degrees-ap@{DOMAIN}"
    for name in (
        "all.ics",
        "cop26.ics",
        "regions/pacific.ics",
        "audiences/government.ics",
        "regions/pacific/government.ics",
        "events/ibc-climate-change-1-5-degrees-ap.ics",
    ):
        assert f"{out / name}: would change\n    event {uid}: changed\n" in result.output
    assert result.output.endswith("feeds are out of date with the catalogue: run `calfeed build`\n")
    assert snapshot(out) == before


def test_a_bad_catalogue_writes_nothing_and_says_where(tmp_path: Path, shipped_copy: Path) -> None:
    catalogue = shipped_copy
    out = tmp_path / "out"
    build(catalogue, out)
    before = snapshot(out)
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        text.replace('timezone = "Pacific/Apia"', 'timezone = "Samoa"', 1), encoding="utf-8"
    )
    line = catalogue.read_text(encoding="utf-8").splitlines().index('timezone = "Samoa"') + 1
    result = CliRunner().invoke(cli, ["build", str(catalogue), "-o", str(out)])
    assert result.exit_code == 1
    assert (
        f"{catalogue}:{line}: error: event cop26-pacific-dialogue: unknown time zone 'Samoa'\n"
        "    hint: did you mean Pacific/Apia?\n"
    ) in result.output
    assert "Traceback" not in result.output
    assert snapshot(out) == before


@pytest.mark.usefixtures("shipped_copy")  # as events.toml in tmp_path, the working folder
def test_python_dash_m_rebuilds_the_committed_feeds_unchanged(tmp_path: Path, root: Path) -> None:
    shutil.copytree(root / "calendars", tmp_path / "calendars")
    before = snapshot(tmp_path / "calendars")
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1900000000"}
    done = subprocess.run(
        [sys.executable, "-m", "calfeed", "build"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    after = snapshot(tmp_path / "calendars")
    # The committed record of the last build names the calfeed that wrote it; a build by
    # an edited calfeed renews it, and that is all it may change.
    after.pop(".calfeed-state", None)
    before.pop(".calfeed-state", None)
    assert after == before
    bad = subprocess.run(
        [sys.executable, "-m", "calfeed", "check", "missing.toml"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 1
    assert bad.stdout.startswith("missing.toml: error: cannot read the catalogue: ")
    assert "Traceback" not in bad.stdout + bad.stderr
