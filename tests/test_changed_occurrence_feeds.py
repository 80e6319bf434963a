"""Changed occurrences in the feeds: one VEVENT each beside the series', with its UID and
a RECURRENCE-ID; their own history; the feeds and the links that hold them.

The catalogue is `tests/catalogues/series_changed_occurrences.toml`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
from click.testing import CliRunner

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.output.assemble import PublicEvents
from calfeed.render.links import add_event_links
from calfeed.selection import Selection
from tests.building import build, feeds

NAME = "series_changed_occurrences"


def vevents(feed: bytes, uid: str) -> list[list[str]]:
    """The unfolded lines of each VEVENT with `uid`, DESCRIPTION left out."""
    text = feed.decode().replace("\r\n ", "")
    blocks = re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", text, re.S)
    found = [b.split("\r\n")[:-1] for b in blocks]
    return [
        [line for line in b if not line.startswith("DESCRIPTION")]
        for b in found
        if f"UID:{uid}" in b
    ]


def built(tmp_path: Path, text: str, epoch: str = "1700000000") -> dict[str, bytes]:
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(text, encoding="utf-8")
    build(catalogue, tmp_path / "out", epoch=epoch)
    return feeds(tmp_path / "out")


def test_each_changed_occurrence_is_a_vevent_with_the_series_uid(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    written = built(tmp_path, read_catalogue(NAME))
    master, late, after_midnight, minister, cancelled = vevents(
        written["events/webinar.ics"], "webinar@changes.example.org"
    )
    assert "RRULE:FREQ=WEEKLY;COUNT=10;BYDAY=WE" in master
    assert [line for line in master if line.startswith("EXDATE")] == [
        "EXDATE;TZID=Europe/London:20270407T140000"
    ]
    assert minister == [
        "SUMMARY:Webinar 8: with the Minister",
        "DTSTART;TZID=Europe/London:20270505T150000",
        "DTEND;TZID=Europe/London:20270505T160000",
        "DTSTAMP:20231114T221320Z",
        "UID:webinar@changes.example.org",
        "RECURRENCE-ID;TZID=Europe/London:20270505T140000",
        "SEQUENCE:0",
        "CATEGORIES:webinar",
        "LAST-MODIFIED:20231114T221320Z",
        "LOCATION:Room B",
        "STATUS:CONFIRMED",
        "URL:https://example.org/webinar",
    ]
    assert late[:3] == [
        "SUMMARY:Webinar 2: late edition",
        "DTSTART;TZID=Europe/London:20270325T233000",
        "DTEND;TZID=Europe/London:20270326T003000",
    ]
    assert after_midnight[:3] == [
        "SUMMARY:Webinar",
        "DTSTART;TZID=Europe/London:20270415T003000",
        "DTEND;TZID=Europe/London:20270415T011500",
    ]
    assert "RECURRENCE-ID;TZID=Europe/London:20270519T140000" in cancelled
    assert "STATUS:CANCELLED" in cancelled
    assert written["all.ics"].count(b"UID:webinar@changes.example.org") == 5


def test_a_filtered_feed_holding_the_series_holds_its_changes(
    read_catalogue: Callable[[str], str], tmp_path: Path
) -> None:
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(read_catalogue(NAME), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["feed", str(catalogue), "--tag", "webinar"], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert result.exit_code == 0, result.output
    held = re.findall(r"^(?:UID|RECURRENCE-ID)[;:].*$", result.output, re.M)
    assert held == [
        "UID:webinar@changes.example.org",
        "UID:webinar@changes.example.org",
        "RECURRENCE-ID;TZID=Europe/London:20270324T140000",
        "UID:webinar@changes.example.org",
        "RECURRENCE-ID;TZID=Europe/London:20270414T140000",
        "UID:webinar@changes.example.org",
        "RECURRENCE-ID;TZID=Europe/London:20270505T140000",
        "UID:webinar@changes.example.org",
        "RECURRENCE-ID;TZID=Europe/London:20270519T140000",
    ]


def _sequences(feed: bytes) -> dict[str, str]:
    """SEQUENCE by RECURRENCE-ID ("" for the series) of the webinar's VEVENTs."""
    found: dict[str, str] = {}
    for block in vevents(feed, "webinar@changes.example.org"):
        rid = next((line for line in block if line.startswith("RECURRENCE-ID")), "")
        found[rid[-15:]] = next(line for line in block if line.startswith("SEQUENCE"))
    return found


def test_a_changed_occurrence_has_its_own_sequence_and_removing_one_raises_the_series(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    text = read_catalogue(NAME)
    built(tmp_path, text)
    retitled = text.replace('title = "Webinar 8: with the Minister"', 'title = "Webinar 8"')
    after = built(tmp_path, retitled, epoch="1800000000")
    assert _sequences(after["all.ics"]) == {
        "": "SEQUENCE:0",
        "20270324T140000": "SEQUENCE:0",
        "20270414T140000": "SEQUENCE:0",
        "20270505T140000": "SEQUENCE:1",
        "20270519T140000": "SEQUENCE:0",
    }
    removed = retitled.replace(
        '[events.webinar.occurrences.2027-05-19]\nstatus = "cancelled"\n'
        'description = "Postponed: see the next session."\n',
        "",
    )
    assert removed != retitled
    gone = built(tmp_path, removed, epoch="1900000000")
    assert _sequences(gone["all.ics"]) == {
        "": "SEQUENCE:1",
        "20270324T140000": "SEQUENCE:0",
        "20270414T140000": "SEQUENCE:0",
        "20270505T140000": "SEQUENCE:1",
    }
    again = built(tmp_path, removed, epoch="2000000000")
    assert again == gone


def test_a_series_with_changes_offers_its_file_alone(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(read_catalogue(NAME), encoding="utf-8")
    events = {e.id: e for e in load_catalogue(catalogue).events}
    assert add_event_links(events["almaty-review"], "", "events/almaty-review.ics") == (
        ("Add to calendar (.ics)", "events/almaty-review.ics"),
    )


def test_each_description_says_what_changed(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    written = built(tmp_path, read_catalogue(NAME))
    calendar = icalendar.Calendar.from_ical(written["events/webinar.ics"])
    assert [str(e["DESCRIPTION"]) for e in calendar.events] == [
        "Wed 17 Mar 2027: 14:00–15:00 London (UTC+0)\n\nEvery Wednesday, 10 times, until Wed "
        "19 May 2027; not on Wed 7 Apr 2027; Wed 24 Mar 2027 moved to Thu 25 Mar 2027 at 23:30;"
        " Wed 14 Apr 2027 moved to Thu 15 Apr 2027 at 00:30; Wed 5 May 2027 at 15:00; Wed 19 "
        "May 2027 cancelled.\n\nMore: https://example.org/webinar",
        "Thu 25 Mar 2027: 23:30–Fri 26 Mar 00:30 London (UTC+0)\n\nMoved from Wed 24 Mar 2027 "
        "at 14:00 London.\n\nMore: https://example.org/webinar",
        "Thu 15 Apr 2027: 00:30–01:15 London (UTC+1)\n\nMoved from Wed 14 Apr 2027 at 14:00 "
        "London.\n\nMore: https://example.org/webinar",
        "Wed 5 May 2027: 15:00–16:00 London (UTC+1)\n\nMoved from Wed 5 May 2027 at 14:00 "
        "London.\n\nMore: https://example.org/webinar",
        "Wed 19 May 2027: 14:00–15:00 London (UTC+1)\n\nCancelled: there is nothing to register "
        "for or join.\nMore: https://example.org/webinar\n\nPostponed: see the next session.",
    ]


def test_build_check_names_a_changed_occurrence_by_its_recurrence_id(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    text = read_catalogue(NAME)
    built(tmp_path, text)
    (tmp_path / "events.toml").write_text(
        text.replace('location = "Room B"', 'location = "Room C"'), encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "events.toml"), "-o", str(tmp_path / "out"), "--check"]
    )
    assert result.exit_code == 1
    out = tmp_path / "out"
    assert (
        f"{out / 'events/webinar.ics'}: would change\n"
        "    event webinar@changes.example.org RECURRENCE-ID;TZID=Europe/London:20270505T140000:"
        " changed\n"
    ) in result.output


def test_the_web_apps_filtered_feed_holds_the_changes_too(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(read_catalogue(NAME), encoding="utf-8")
    public = PublicEvents(load_catalogue(catalogue), {}, datetime(2027, 1, 1, tzinfo=UTC))
    feed = public.filtered(Selection(tags=frozenset({"webinar"}))).decode()
    assert re.findall(r"^RECURRENCE-ID.*$", feed, re.M) == [
        "RECURRENCE-ID;TZID=Europe/London:20270324T140000\r",
        "RECURRENCE-ID;TZID=Europe/London:20270414T140000\r",
        "RECURRENCE-ID;TZID=Europe/London:20270505T140000\r",
        "RECURRENCE-ID;TZID=Europe/London:20270519T140000\r",
    ]
    assert "UID:sydney-call@" not in feed
