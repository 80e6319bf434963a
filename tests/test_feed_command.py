"""`calfeed feed` and the notes `build` gives about what it leaves out."""

from __future__ import annotations

from pathlib import Path

import icalendar
from click.testing import CliRunner

from calfeed.cli import cli
from tests.building import EPOCH


def run(*args: str, epoch: str = EPOCH) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": epoch})
    return result.exit_code, result.stdout, result.stderr


def stamps(feed: bytes) -> dict[str, tuple[str, int]]:
    """DTSTAMP and SEQUENCE by event id."""
    calendar = icalendar.Calendar.from_ical(feed)
    return {
        str(e["UID"]).split("@")[0]: (f"{e.DTSTAMP:%Y%m%dT%H%M%SZ}", int(str(e["SEQUENCE"])))
        for e in calendar.events
    }


def test_a_private_audience_without_include_private_says_what_is_left_out(
    shipped_copy: Path,
) -> None:
    code, out, err = run("feed", str(shipped_copy), "--audience", "network")
    assert code == 0
    assert out.startswith("BEGIN:VCALENDAR")
    assert err.endswith(
        f"{shipped_copy}: note: network is private: this feed leaves out its own events and "
        "every private detail; add --include-private for them\n"
    )
    _, _, quiet = run("feed", str(shipped_copy), "--audience", "network", "--include-private")
    assert "note:" not in quiet


def test_build_without_a_private_folder_names_the_feeds_it_does_not_write(
    shipped_copy: Path, tmp_path: Path
) -> None:
    code, _, err = run("build", str(shipped_copy), "-o", str(tmp_path / "out"))
    assert code == 0
    assert (
        f"{shipped_copy}: note: the private audiences' feeds (audiences/network.ics) are not "
        "written: give --private-out DIR (a folder that is never published)\n"
    ) in err
    _, _, quiet = run(
        "build",
        str(shipped_copy),
        "-o",
        str(tmp_path / "out2"),
        "--private-out",
        str(tmp_path / "private"),
    )
    assert "note:" not in quiet


def test_feed_to_a_file_keeps_the_stamps_that_file_already_has(
    shipped_copy: Path, tmp_path: Path
) -> None:
    """The file a feed is written to is its own record: rebuilt later (another build time,
    no calendars/ folder beside the catalogue), unchanged events keep their DTSTAMP and
    SEQUENCE, and a changed event gets SEQUENCE 1 and the new time."""
    target = tmp_path / "pacific.ics"
    assert run("feed", str(shipped_copy), "--region", "pacific", "-o", str(target))[0] == 0
    first = stamps(target.read_bytes())
    assert set(first.values()) == {("20231114T221320Z", 0)}
    text = shipped_copy.read_text(encoding="utf-8")
    shipped_copy.write_text(
        text.replace("start = 2021-11-04T12:30:00", "start = 2021-11-04T13:30:00", 1).replace(
            '4, 12:30 Samoa/ 00:30 CET"]', '4, 13:30 Samoa/ 01:30 CET"]', 1
        ),
        encoding="utf-8",
    )
    later = "1800000000"  # 2027-01-15T08:00:00Z
    assert (
        run("feed", str(shipped_copy), "--region", "pacific", "-o", str(target), epoch=later)[0]
        == 0
    )
    second = stamps(target.read_bytes())
    assert second.pop("cop26-pacific-dialogue") == ("20270115T080000Z", 1)
    assert second == {k: v for k, v in first.items() if k != "cop26-pacific-dialogue"}
