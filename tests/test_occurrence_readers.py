"""Encodings every reader gets right: each case is one event that a former encoding let
some reader misread, read now by every reader the suite has (`readers`: ical.js, libical,
python icalendar with dateutil and with recurring-ical-events, `ical` and khal), each from
the feed's own VTIMEZONE. Expected instants come from zoneinfo on the pinned tzdata
(`tests/truth.py`), never from calfeed.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from tests.building import build
from tests.more_readers import lengths_with_ical, lengths_with_recurring_ical_events
from tests.parsers import Reader, Reading
from tests.truth import exists_once, instant

pytestmark = pytest.mark.slow

READERS = ("ical.js", "libical", "icalendar", "ical", "recurring-ical-events", "khal")
UID = "e@times.calfeed.example"


def one_event(zone: str, start: str, extra: str) -> str:
    return (
        '[calendar]\nname = "Times"\nuid-domain = "times.calfeed.example"\n\n'
        f'[events.e]\ntitle = "e"\nstart = {start}\ntimezone = "{zone}"\n{extra}'
    )


def built(folder: Path, toml: str) -> Path:
    """The catalogue built into `folder / "out"`; the path of its all.ics."""
    catalogue = folder / "events.toml"
    catalogue.write_text(toml, encoding="utf-8")
    build(catalogue, folder / "out")
    return folder / "out" / "all.ics"


def read(readers: dict[str, Reader], name: str, feed: Path) -> Reading:
    return readers[name]([feed])[feed][UID]


def lines_of(feed: Path, name: str) -> list[str]:
    """The unfolded lines of property `name` in the feed's events."""
    text = re.sub(r"\r\n[ \t]", "", feed.read_bytes().decode("utf-8"))
    text = text[text.index("BEGIN:VEVENT") :]
    return [line for line in text.split("\r\n") if re.match(rf"{name}[;:]", line)]


@pytest.mark.parametrize("reader", READERS)
def test_an_except_in_a_gap_is_one_exdate_every_reader_applies(
    tmp_path: Path, readers: dict[str, Reader], reader: str
) -> None:
    """New York skips 02:00-03:00 on 10 March 2024. Two UTC EXDATEs for the skipped
    02:30 made ical.js ignore the next day's `except`; one wall-time EXDATE, read as the
    rule's own occurrence is read, removes it in every reader."""
    feed = built(
        tmp_path,
        one_event(
            "America/New_York",
            "2024-03-08T02:30:00",
            'end = 03:00:00\nrepeat = "FREQ=DAILY;COUNT=5"\nexcept = [2024-03-10, 2024-03-11]\n',
        ),
    )
    assert lines_of(feed, "EXDATE") == [
        "EXDATE;TZID=America/New_York:20240310T023000",
        "EXDATE;TZID=America/New_York:20240311T023000",
    ]
    kept = [datetime(2024, 3, day, 2, 30) for day in (8, 9, 12)]
    expected = tuple(instant(wall, "America/New_York") for wall in kept)
    assert expected == ("2024-03-08T07:30:00Z", "2024-03-09T07:30:00Z", "2024-03-12T06:30:00Z")
    assert read(readers, reader, feed).occurrences == expected


@pytest.mark.parametrize("reader", READERS)
def test_an_also_the_rule_gives_anyway_is_shown_once(
    tmp_path: Path, readers: dict[str, Reader], reader: str
) -> None:
    """Mondays from 8 January 2024, with `also` the 15th (a Monday) and the 16th: an
    RDATE equal to an occurrence was shown twice by ical.js and libical, so it is left
    out and only the 16th is an RDATE."""
    feed = built(
        tmp_path,
        one_event(
            "Europe/Paris",
            "2024-01-08T10:00:00",
            'duration = "PT1H"\nrepeat = "FREQ=WEEKLY;COUNT=3"\nalso = [2024-01-15, 2024-01-16]\n',
        ),
    )
    assert lines_of(feed, "RDATE") == ["RDATE;TZID=Europe/Paris:20240116T100000"]
    walls = [datetime(2024, 1, day, 10) for day in (8, 15, 16, 22)]
    expected = tuple(instant(wall, "Europe/Paris") for wall in walls)
    assert expected[1] == "2024-01-15T09:00:00Z"
    assert read(readers, reader, feed).occurrences == expected


# London fell back at 02:00 BST on 31 October 2021, so 01:00-02:00 happened twice.
FOLD_ENDS = [
    pytest.param("2021-10-31T00:30:00", "2021-10-31T01:30:00+00:00", id="end-in-the-fold"),
    pytest.param("2021-10-31T01:30:00+01:00", "2021-10-31T03:00:00", id="start-in-the-fold"),
]


@pytest.mark.parametrize(("start", "end"), FOLD_ENDS)
@pytest.mark.parametrize("reader", READERS)
def test_a_single_event_in_a_fold_writes_start_and_end_alike(
    tmp_path: Path, readers: dict[str, Reader], reader: str, start: str, end: str
) -> None:
    """An end in UTC beside a wall-time start made recurring-ical-events end the event an
    hour late; written in one form, both read as the instants they are."""
    feed = built(
        tmp_path, one_event("Europe/London", start, f'end = {end}\nurl = "https://e.example"\n')
    )
    written = lines_of(feed, "DTSTART") + lines_of(feed, "DTEND")
    assert all(":" in line and line.endswith("Z") for line in written), written
    expected = tuple(
        instant(datetime.fromisoformat(t).replace(tzinfo=None), "Europe/London", fold=1)
        if "+00:00" in t
        else instant(datetime.fromisoformat(t).replace(tzinfo=None), "Europe/London")
        for t in (start, end)
    )
    got = read(readers, reader, feed)
    assert (got.start, got.end) == expected


# Samoa (Pacific/Apia) and Tokelau (Pacific/Fakaofo) skipped 30 Dec 2011 to cross the date
# line; Kwajalein skipped 21 Aug 1993 the other way. `check` refuses an `except` on such a
# day (`test_series_rules.py`) and asks for the series to be split around it: split, every
# real day keeps its 10:00 in every reader, and the instants step by 24 h across the jump.
# (The first part ends by COUNT, as the hint says: with an UNTIL past the lost day's 10:00
# read with the offset after the jump, `ical` counts that one in, as the day before.)
SKIPPED_DAYS = [
    pytest.param("Pacific/Apia", date(2011, 12, 27), date(2011, 12, 30), id="Apia"),
    pytest.param("Pacific/Fakaofo", date(2011, 12, 27), date(2011, 12, 30), id="Fakaofo"),
    pytest.param("Pacific/Kwajalein", date(1993, 8, 18), date(1993, 8, 21), id="Kwajalein"),
]


@pytest.mark.parametrize(("zone", "first", "skipped"), SKIPPED_DAYS)
@pytest.mark.parametrize("reader", READERS)
def test_a_series_split_around_a_day_that_never_was_keeps_every_real_day(
    tmp_path: Path, readers: dict[str, Reader], reader: str, zone: str, first: date, skipped: date
) -> None:
    assert not exists_once(datetime.combine(skipped, time(10)), zone)
    after = skipped + timedelta(days=1)
    toml = one_event(
        zone,
        f"{first}T10:00:00",
        f'end = 11:00:00\nrepeat = "FREQ=DAILY;COUNT={(skipped - first).days}"\n',
    ).replace("[events.e]", "[events.before]") + (
        f'\n[events.e]\ntitle = "e"\nstart = {after}T10:00:00\ntimezone = "{zone}"\n'
        'end = 11:00:00\nrepeat = "FREQ=DAILY;COUNT=3"\n'
    )
    feed = built(tmp_path, toml)
    got = readers[reader]([feed])[feed]
    walls = [datetime.combine(first + timedelta(days=n), time(10)) for n in range(7)]
    expected = [instant(w, zone) for w in walls if w.date() != skipped]
    before, after_it = got["before@times.calfeed.example"].occurrences, got[UID].occurrences
    assert before is not None
    assert after_it is not None
    assert before + after_it == tuple(expected)
    steps = [
        datetime.fromisoformat(b) - datetime.fromisoformat(a)
        for a, b in itertools.pairwise(expected)
    ]
    assert steps == [timedelta(days=1)] * 5


# A first occurrence across a clock change: Santiago springs forward at 24:00 on
# 7 September 2019, so 23:30 for 1 h 30 ends at 02:00, 2 h 30 later by the clock. `check`
# warns (length-across-a-change); the feed keeps DTEND, which every reader reads right
# for the first occurrence, while with a DURATION recurring-ical-events and `ical` misread
# that one instead. Both give the later ones the clock times' length from DTEND.
LENGTH_BUGS = {
    "recurring-ical-events": "recurring-ical-events gives every later occurrence the clock "
    "times' difference of DTSTART and DTEND (2 h 30), not the first one's length",
    "ical": "the ical package gives every later occurrence the clock times' difference of "
    "DTSTART and DTEND (2 h 30), not the first one's length",
}
LENGTH_READERS = {
    "recurring-ical-events": lengths_with_recurring_ical_events,
    "ical": lengths_with_ical,
}


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=LENGTH_BUGS[name]))
        for name in LENGTH_READERS
    ],
)
def test_every_occurrence_lasts_as_long_as_the_first(tmp_path: Path, reader: str) -> None:
    feed = built(
        tmp_path,
        one_event(
            "America/Santiago",
            "2019-09-07T23:30:00",
            'duration = "PT1H30M"\nrepeat = "FREQ=MONTHLY;COUNT=4"\n',
        ),
    )
    assert lines_of(feed, "DTEND") == ["DTEND;TZID=America/Santiago:20190908T020000"]
    first = instant(datetime(2019, 9, 7, 23, 30), "America/Santiago")
    end = instant(datetime(2019, 9, 8, 2, 0), "America/Santiago")
    length = datetime.fromisoformat(end) - datetime.fromisoformat(first)
    assert length == timedelta(minutes=90)
    assert LENGTH_READERS[reader](feed) == [length] * 4
