"""Every written feed read by four independent parsers: Mozilla ical.js (Thunderbird's engine,
through node), libical 3 (Evolution's and GNOME Calendar's, through a small C program),
python `icalendar` and `ical`. Each reads every event's start and end as UTC instants from the
feed's own VTIMEZONEs, and expands recurrences over two years; all four must agree exactly,
with calfeed's own model, and, for the shipped catalogue, with the hand-checked SEED_TIMES.

ical.js needs `npm ci --prefix tests/interop`; libical needs `cc`, `pkg-config` and libical's
headers (Debian: libical-dev). Where one is missing the tests that need it skip and say why,
except under CI (the `CI` environment variable set), where a missing parser is a failure.
How each parser is run is in `tests/parsers.py`, how their readings are compared with
calfeed's model in `tests/agreement.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.model import Catalogue
from calfeed.tz import LocalTimeError, load_zone, resolve_local_time
from tests.agreement import check_feeds, feed_uids, model_readings
from tests.building import EPOCH, build
from tests.parsers import Reader, Reading, as_reading, text
from tests.shipped import DOMAIN, EVENTS_TOML, SEED_TIMES

pytestmark = pytest.mark.slow


def build_catalogue(folder: Path, toml: str, *, epoch: str = EPOCH) -> tuple[Catalogue, Path]:
    catalogue = folder / "events.toml"
    catalogue.write_text(toml, encoding="utf-8")
    build(catalogue, folder / "out", epoch=epoch)
    return load_catalogue(catalogue), folder / "out"


# --- the shipped catalogue -------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped")
    build(EVENTS_TOML, out / "public", "--private-out", str(out / "private"))
    return out


def test_shipped_catalogue_reads_the_same_in_every_parser(
    shipped: Path, parsers: dict[str, Reader]
) -> None:
    catalogue = load_catalogue(EVENTS_TOML)
    expected = model_readings(catalogue)
    check_feeds(parsers, shipped / "public", expected, feed_uids(catalogue, private=False))
    check_feeds(parsers, shipped / "private", expected, feed_uids(catalogue, private=True))


def test_shipped_catalogue_matches_the_hand_checked_seed_times(
    shipped: Path, parsers: dict[str, Reader]
) -> None:
    seeds = {f"{key}@{DOMAIN}": as_reading(times, None) for key, times in SEED_TIMES.items()}
    chinese = {uid.replace("@", ".zh@"): reading for uid, reading in seeds.items()}
    path, zh = shipped / "public" / "all.ics", shipped / "public" / "zh" / "all.ics"
    for name, read in parsers.items():
        assert read([path, zh]) == {path: seeds, zh: chinese}, name
    assert model_readings(load_catalogue(EVENTS_TOML)) == seeds | chinese


# --- the feed's VTIMEZONE, never the parser's own zone data ----------------------------

FAKE_LONDON = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//calfeed//interop test//EN
BEGIN:VTIMEZONE
TZID:Europe/London
X-LIC-LOCATION:Europe/London
BEGIN:STANDARD
DTSTART:19700101T000000
RDATE:19700101T000000
TZOFFSETFROM:+0500
TZOFFSETTO:+0500
TZNAME:FAKE
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
UID:winter@interop.calfeed.example
DTSTAMP:20240101T000000Z
DTSTART;TZID=Europe/London:20240115T120000
DTEND;TZID=Europe/London:20240115T130000
RRULE:FREQ=MONTHLY;COUNT=3
RDATE;TZID=Europe/London:20240715T120000
EXDATE;TZID=Europe/London:20240215T120000
SUMMARY:Noon in a London that says it is five hours ahead of UTC
END:VEVENT
BEGIN:VEVENT
UID:summer@interop.calfeed.example
DTSTAMP:20240101T000000Z
DTSTART;TZID=Europe/London:20240715T120000
DTEND;TZID=Europe/London:20240715T130000
SUMMARY:Noon in July: the real London would say 11:00Z
END:VEVENT
END:VCALENDAR
"""


def test_every_parser_reads_the_feeds_own_vtimezone(
    tmp_path: Path, parsers: dict[str, Reader]
) -> None:
    """A VTIMEZONE named Europe/London that says +05:00 all year must read as +05:00: a
    parser that answered from its own zone data (libical's builtin zones, the machine's
    zoneinfo) would say 12:00Z in January and 11:00Z in July. (The onset is an RDATE too,
    as calfeed writes it: `ical` 14 ignores a DTSTART-only observance and reads +00:00.)"""
    feed = tmp_path / "fake.ics"
    feed.write_bytes(FAKE_LONDON.replace("\n", "\r\n").encode())
    expected = {
        "winter@interop.calfeed.example": Reading(
            "2024-01-15T07:00:00Z",
            "2024-01-15T08:00:00Z",
            ("2024-01-15T07:00:00Z", "2024-03-15T07:00:00Z", "2024-07-15T07:00:00Z"),
        ),
        "summer@interop.calfeed.example": Reading(
            "2024-07-15T07:00:00Z", "2024-07-15T08:00:00Z", None
        ),
    }
    for name, read in parsers.items():
        assert read([feed])[feed] == expected, name


@pytest.mark.parametrize("reader", ["ical.js", "libical"])
def test_a_tzid_without_its_vtimezone_is_an_error_not_a_guess(
    tmp_path: Path, parsers: dict[str, Reader], reader: str
) -> None:
    feed = tmp_path / "orphan.ics"
    start = FAKE_LONDON.index("BEGIN:VTIMEZONE")
    end = FAKE_LONDON.index("END:VTIMEZONE\n") + len("END:VTIMEZONE\n")
    feed.write_text(FAKE_LONDON[:start] + FAKE_LONDON[end:], encoding="utf-8")
    with pytest.raises(AssertionError, match="has no VTIMEZONE in the file"):
        parsers[reader]([feed])


# --- recurring events across DST changes -----------------------------------------------


def test_recurring_events_across_dst_changes(
    tmp_path: Path, parsers: dict[str, Reader], read_catalogue: Callable[[str], str]
) -> None:
    catalogue, out = build_catalogue(tmp_path, read_catalogue("recurring_across_dst"))
    expected = model_readings(catalogue)
    assert len(expected) == 11
    check_feeds(parsers, out, expected)
    # The model says what the rules mean: two spot checks worked out by hand.
    sundays = expected["london-sundays@dst.calfeed.example"].occurrences
    assert sundays is not None
    assert "2025-03-23T10:00:00Z" in sundays  # GMT
    assert "2025-03-30T09:00:00Z" in sundays  # BST from 30 March 2025
    assert "2025-10-26T10:00:00Z" in sundays  # GMT again
    assert "2025-04-20T09:00:00Z" not in sundays  # except
    assert "2025-04-21T09:00:00Z" in sundays  # also, a bare date at the series' time
    assert "2025-10-27T18:30:00Z" in sundays  # also, with its own time
    lord_howe = expected["lord-howe-sundays@dst.calfeed.example"].occurrences
    assert lord_howe is not None
    assert "2025-03-29T21:00:00Z" in lord_howe  # 08:00 at +11 (daylight) on 30 March
    assert "2025-04-05T21:30:00Z" in lord_howe  # 08:00 at +10:30 from 6 April, 02:00


# --- forty zones, an event either side of every change in 2020-2027 ---------------------

ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Helsinki",
    "Europe/Chisinau",
    "Europe/Kyiv",
    "Atlantic/Azores",
    "Africa/Casablanca",
    "Africa/Cairo",
    "Asia/Beirut",
    "Asia/Jerusalem",
    "Asia/Gaza",
    "Asia/Amman",
    "Asia/Damascus",
    "Asia/Tehran",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Vancouver",
    "America/St_Johns",
    "America/Havana",
    "America/Mexico_City",
    "America/Ciudad_Juarez",
    "America/Nuuk",
    "America/Miquelon",
    "America/Santiago",
    "America/Asuncion",
    "America/Port-au-Prince",
    "Pacific/Easter",
    "Antarctica/Troll",
    "Australia/Sydney",
    "Australia/Adelaide",
    "Australia/Lord_Howe",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Pacific/Norfolk",
    "Pacific/Fiji",
    "Pacific/Apia",
    "Asia/Tokyo",
)
"""Forty zones with DST or an offset change in 2020-2027 (negative DST, half-hour and
two-hour DST, midnight changes, DST abolished or adopted) and one with none at all."""


def _changes(zone: str, first: int, last: int) -> Iterator[datetime]:
    """UTC noon of each day after which `zone`'s offset has changed by the next noon."""
    tz = load_zone(zone)
    day = datetime(first, 1, 1, 12, tzinfo=UTC)
    offset = day.astimezone(tz).utcoffset()
    while day.year <= last:
        after = (day + timedelta(days=1)).astimezone(tz).utcoffset()
        if after != offset:
            yield day
        day, offset = day + timedelta(days=1), after


def _local(instant: datetime, zone: str) -> datetime | None:
    """The wall time of `instant` in `zone`, if it names that instant and no other."""
    wall = instant.astimezone(load_zone(zone)).replace(tzinfo=None)
    try:
        return resolve_local_time(wall, zone)
    except LocalTimeError:
        return None


def _toml(value: datetime) -> str:
    return f"{value:%Y-%m-%dT%H:%M:%S}"


def many_zones_catalogue() -> str:
    lines = ['[calendar]\nname = "Forty zones"\nuid-domain = "zones.calfeed.example"\n']
    for number, zone in enumerate(ZONES):
        changes = list(_changes(zone, 2020, 2027))
        if zone != "Asia/Tokyo":
            assert changes, zone
        for day in changes:
            # A day before, a day after, and one event across the change itself.
            before = _local(day - timedelta(days=1), zone)
            after = _local(day + timedelta(days=2), zone)
            across = (_local(day, zone), _local(day + timedelta(days=1, hours=1), zone))
            assert before is not None
            assert after is not None
            key = f"z{number}-{day:%Y%m%d}"
            for suffix, start, end in (
                ("before", before, before + timedelta(minutes=45)),
                ("after", after, after + timedelta(hours=2)),
                ("across", *across),
            ):
                if start is None or end is None:
                    continue
                lines.append(
                    f'[events.{key}-{suffix}]\ntitle = "{zone} {suffix} {day:%Y-%m-%d}"\n'
                    f"start = {_toml(start.replace(tzinfo=None))}\n"
                    f"end = {_toml(end.astimezone(start.tzinfo).replace(tzinfo=None))}\n"
                    f'timezone = "{zone}"\n'
                )
        # A weekly series at local noon (or the first hour after that every occurrence
        # has) for two years, through the 2025-2027 changes.
        lines.append(
            f'[events.z{number}-weekly]\ntitle = "{zone} weekly"\n'
            f"start = 2025-01-05T{_steady_hour(zone):02d}:00:00\n"
            f'duration = "PT1H"\ntimezone = "{zone}"\nrepeat = "FREQ=WEEKLY;COUNT=110"\n'
        )
    return "\n".join(lines)


def _steady_hour(zone: str) -> int:
    for hour in range(12, 24):
        walls = (datetime(2025, 1, 5, hour) + timedelta(weeks=w) for w in range(110))
        try:
            for wall in walls:
                resolve_local_time(wall, zone)
        except LocalTimeError:
            continue
        return hour
    raise AssertionError(zone)


def test_forty_zones_either_side_of_every_change(
    tmp_path: Path, parsers: dict[str, Reader]
) -> None:
    catalogue, out = build_catalogue(tmp_path, many_zones_catalogue())
    expected = model_readings(catalogue)
    assert len(expected) > 1000
    check_feeds(parsers, out, expected)


# --- property: random events in random zones -------------------------------------------


@st.composite
def random_events(draw: st.DrawFn) -> tuple[str, datetime, timedelta, str | None]:
    zone = draw(st.sampled_from(ZONES))
    wall = draw(
        st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2027, 12, 31))
    ).replace(second=0, microsecond=0)
    wall = wall.replace(minute=wall.minute - wall.minute % 15)
    length = timedelta(minutes=15 * draw(st.integers(1, 48)))
    rule = draw(
        st.sampled_from(
            [
                None,
                "FREQ=WEEKLY;COUNT=12",
                "FREQ=MONTHLY;COUNT=30",
                "FREQ=DAILY;INTERVAL=3;COUNT=100",
            ]
        )
    )
    return zone, wall, length, rule


def _unambiguous(wall: datetime, length: timedelta, zone: str, rule: str | None) -> bool:
    """Every start exists once, and so does every end's wall time, as `check` requires (a
    series' occurrence in a gap or fold must be excepted: other tests cover those)."""
    try:
        first = resolve_local_time(wall, zone)
    except LocalTimeError:
        return False
    starts = rrulestr(f"RRULE:{rule}", dtstart=first, cache=False) if rule else [first]
    for count, start in enumerate(starts):
        if count > 200:  # every rule drawn has a COUNT of at most 100: all are checked
            break
        end = (start.astimezone(UTC) + length).astimezone(first.tzinfo)
        try:
            resolve_local_time(start.replace(tzinfo=None), zone)
            resolve_local_time(end.replace(tzinfo=None), zone)
        except LocalTimeError:
            return False
    return True


@settings(max_examples=200, deadline=None)
@given(events=st.lists(random_events(), min_size=1, max_size=12))
def test_random_events_read_the_same_in_every_parser(
    tmp_path_factory: pytest.TempPathFactory,
    parsers: dict[str, Reader],
    events: list[tuple[str, datetime, timedelta, str | None]],
) -> None:
    lines = ['[calendar]\nname = "Random"\nuid-domain = "random.calfeed.example"\n']
    for number, (zone, wall, length, rule) in enumerate(events):
        if not _unambiguous(wall, length, zone, rule):
            continue
        minutes = int(length.total_seconds()) // 60
        lines.append(
            f'[events.e{number}]\ntitle = "e{number}"\nstart = {_toml(wall)}\n'
            f'duration = "PT{minutes}M"\ntimezone = "{zone}"\n'
            + (f'repeat = "{rule}"\n' if rule else "")
        )
    if len(lines) == 1:
        return
    catalogue, out = build_catalogue(tmp_path_factory.mktemp("random"), "\n".join(lines))
    check_feeds(parsers, out, model_readings(catalogue))


@pytest.mark.parametrize(
    ("zone", "start", "after"),
    [
        # Chisinau's clocks go forward at 03:00 on 30 March 2025 (the occurrence at 02:00
        # is before it); 2 April 02:00 EEST is 23:00Z on 1 April.
        ("Europe/Chisinau", "2025-01-02T02:00:00", "2025-04-01T23:00:00Z"),
        # Mexico City ended summer time in 2022: 6 April 2025 02:00 is CST, 08:00Z (the
        # machine's libical zone still moved it an hour).
        ("America/Mexico_City", "2024-08-12T02:00:00", "2025-04-06T08:00:00Z"),
    ],
)
def test_a_series_past_a_change_day_is_read_from_the_feeds_own_zone(
    tmp_path: Path, parsers: dict[str, Reader], zone: str, start: str, after: str
) -> None:
    """Found by the random test: libical's iterator read these series with its built-in
    zone of the same name, not the feed's; the libical reader now names the feed's zones
    privately (`tests/parsers.py`), so this checks the feed, in every parser."""
    toml = one_event(
        zone, start, 'duration = "PT15M"\nrepeat = "FREQ=DAILY;INTERVAL=3;COUNT=100"\n'
    )
    _, out = build_catalogue(tmp_path, toml)
    for name in PARSER_NAMES:
        occurrences = read_one(parsers, out, name).occurrences
        assert occurrences is not None
        assert len(occurrences) == 100, name
        assert after in occurrences, name


# --- series in folds, skipped days and local mean time ---------------------------------
#
# Expected instants come from tzdata (the pinned package, read by zoneinfo) and are checked
# by hand in the comments; what each parser reads must be exactly that.

PARSER_NAMES = ("ical.js", "libical", "icalendar", "ical")


def one_event(zone: str, start: str, extra: str) -> str:
    return (
        '[calendar]\nname = "Times"\nuid-domain = "times.calfeed.example"\n\n'
        f'[events.e]\ntitle = "e"\nstart = {start}\ntimezone = "{zone}"\n{extra}'
    )


def read_one(parsers: Mapping[str, Reader], folder: Path, name: str) -> Reading:
    """The single event of `folder`'s all.ics as parser `name` reads it."""
    path = folder / "all.ics"
    return parsers[name]([path])[path]["e@times.calfeed.example"]


def listed_starts(catalogue: Path) -> tuple[str, ...]:
    """What `calfeed list --format json` says, as UTC instants."""
    result = CliRunner().invoke(
        cli, ["list", str(catalogue), "--zone", "UTC", "--until", "2100-01-01", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return tuple(row["start"] for row in json.loads(result.stdout))


def weekly_walls(first: datetime, count: int, zone: str) -> tuple[str, ...]:
    """A weekly series' wall time each week after the first, as UTC instants (none of
    them ambiguous)."""
    tz = load_zone(zone)
    return tuple(
        text((first + timedelta(weeks=k)).replace(tzinfo=tz).astimezone(UTC))
        for k in range(1, count)
    )


@pytest.mark.parametrize(
    ("zone", "start", "later"),
    [
        # London fell back at 02:00 BST on 31 Oct 2021; 7 Nov 01:30 GMT is 01:30Z.
        ("Europe/London", "2021-10-31T01:30:00+01:00", "2021-11-07T01:30:00Z"),
        ("Europe/London", "2021-10-31T01:30:00+00:00", "2021-11-07T01:30:00Z"),
        # New York fell back at 02:00 EDT on 5 Nov 2023; 12 Nov 01:30 EST is 06:30Z.
        ("America/New_York", "2023-11-05T01:30:00-04:00", "2023-11-12T06:30:00Z"),
        # Sydney fell back at 03:00 AEDT on 7 Apr 2024; 14 Apr 02:30 AEST is 16:30Z on 13 Apr.
        ("Australia/Sydney", "2024-04-07T02:30:00+11:00", "2024-04-13T16:30:00Z"),
        # Lord Howe goes back half an hour at 02:00; 14 Apr 01:45 +10:30 is 15:15Z on 13 Apr.
        ("Australia/Lord_Howe", "2024-04-07T01:45:00+11:00", "2024-04-13T15:15:00Z"),
        # Santiago goes back at 24:00 on the first Saturday of April (4 Apr 2026): 23:30
        # happens twice; 11 Apr 23:30 -04 is 03:30Z on 12 Apr.
        ("America/Santiago", "2026-04-04T23:30:00-03:00", "2026-04-12T03:30:00Z"),
    ],
)
@pytest.mark.parametrize("parser", PARSER_NAMES)
def test_a_series_pinned_in_a_fold_recurs_in_its_zone(
    tmp_path: Path, parsers: dict[str, Reader], parser: str, zone: str, start: str, later: str
) -> None:
    """The first occurrence is excepted (check requires it: readers differ on it); the
    rest repeat the wall time in the zone, never the pinned instant in UTC."""
    day = start[:10]
    toml = one_event(
        zone, start, f'duration = "PT30M"\nrepeat = "FREQ=WEEKLY;COUNT=5"\nexcept = [{day}]\n'
    )
    _, out = build_catalogue(tmp_path, toml)
    feed = (out / "all.ics").read_text(encoding="utf-8")
    assert f"DTSTART;TZID={zone}:{day.replace('-', '')}T" in feed  # recurs in its zone
    wall = datetime.fromisoformat(start).replace(tzinfo=None)
    expected = weekly_walls(wall, 5, zone)
    assert expected[0] == later
    reading = read_one(parsers, out, parser)
    assert reading.occurrences == expected
    assert listed_starts(tmp_path / "events.toml") == expected


# Local mean time: offsets with seconds, read by zoneinfo from the pinned tzdata and
# checked by hand: Abidjan -0:16:08 until 1912, Kolkata's Madras time +5:21:10 until
# 1906, New York -4:56:02 until 1883, Paris time +0:09:21 until 1911.
MEAN_TIME = [
    ("Africa/Abidjan", "1911-06-01T12:00:00", "1911-06-01T12:16:08Z"),
    ("Asia/Kolkata", "1900-06-01T12:00:00", "1900-06-01T06:38:50Z"),
    ("America/New_York", "1880-06-01T12:00:00", "1880-06-01T16:56:02Z"),
    ("Europe/Paris", "1900-06-01T12:00:00", "1900-06-01T11:50:39Z"),
]


@pytest.mark.parametrize(("zone", "start", "instant"), MEAN_TIME)
@pytest.mark.parametrize(
    "parser",
    [
        pytest.param(
            name,
            marks=pytest.mark.xfail(
                strict=True,
                reason="ical.js 2.2 reads UTC offsets to the minute (a TODO in "
                "UtcOffset.fromString): local mean time comes out seconds off",
            ),
        )
        if name == "ical.js"
        else name
        for name in PARSER_NAMES
    ],
)
def test_local_mean_time_keeps_its_seconds(
    tmp_path: Path, parsers: dict[str, Reader], parser: str, zone: str, start: str, instant: str
) -> None:
    wall = datetime.fromisoformat(start)
    assert text(wall.replace(tzinfo=load_zone(zone))) == instant  # tzdata agrees
    _, out = build_catalogue(tmp_path, one_event(zone, start, 'duration = "PT1H"\n'))
    feed = (out / "all.ics").read_text(encoding="utf-8")
    assert f"DTSTART;TZID={zone}:{wall:%Y%m%dT%H%M%S}" in feed  # never written as UTC
    assert read_one(parsers, out, parser).start == instant


# An excepted occurrence in a fold: every reading is excluded, whichever the reader takes.
FOLD_EXCEPTIONS = [
    # London Sundays 01:30 from 3 Oct 2021: BST (00:30Z) until the fold on 31 Oct, GMT after.
    (
        "Europe/London",
        "2021-10-03T01:30:00",
        "2021-10-31",
        (
            "2021-10-03T00:30:00Z",
            "2021-10-10T00:30:00Z",
            "2021-10-17T00:30:00Z",
            "2021-10-24T00:30:00Z",
            "2021-11-07T01:30:00Z",
        ),
    ),
    # New York Sundays 01:30 EDT (05:30Z), then EST (06:30Z) after 5 Nov 2023.
    (
        "America/New_York",
        "2023-10-22T01:30:00",
        "2023-11-05",
        (
            "2023-10-22T05:30:00Z",
            "2023-10-29T05:30:00Z",
            "2023-11-12T06:30:00Z",
            "2023-11-19T06:30:00Z",
        ),
    ),
    # Lord Howe Sundays 01:45 +11 (14:45Z the day before), then +10:30 (15:15Z).
    (
        "Australia/Lord_Howe",
        "2024-03-24T01:45:00",
        "2024-04-07",
        (
            "2024-03-23T14:45:00Z",
            "2024-03-30T14:45:00Z",
            "2024-04-13T15:15:00Z",
            "2024-04-20T15:15:00Z",
        ),
    ),
]


@pytest.mark.parametrize(("zone", "start", "skipped", "expected"), FOLD_EXCEPTIONS)
@pytest.mark.parametrize("parser", PARSER_NAMES)
def test_an_excepted_fold_occurrence_is_gone_in_every_reading(
    tmp_path: Path,
    parsers: dict[str, Reader],
    parser: str,
    zone: str,
    start: str,
    skipped: str,
    expected: tuple[str, ...],
) -> None:
    count = len(expected) + 1
    toml = one_event(
        zone,
        start,
        f'duration = "PT30M"\nrepeat = "FREQ=WEEKLY;COUNT={count}"\nexcept = [{skipped}]\n',
    )
    _, out = build_catalogue(tmp_path, toml)
    assert listed_starts(tmp_path / "events.toml") == expected
    assert read_one(parsers, out, parser).occurrences == expected


# --- an excepted occurrence in a DST gap ------------------------------------------------


def test_an_except_in_a_dst_gap_reads_the_same_in_every_parser(
    tmp_path: Path, parsers: dict[str, Reader], read_catalogue: Callable[[str], str]
) -> None:
    catalogue, out = build_catalogue(tmp_path, read_catalogue("recurring_except_in_dst_gap"))
    check_feeds(parsers, out, model_readings(catalogue))


def test_times_in_a_fold_read_the_same_in_every_parser(
    tmp_path: Path, parsers: dict[str, Reader], read_catalogue: Callable[[str], str]
) -> None:
    catalogue, out = build_catalogue(tmp_path, read_catalogue("offsets_in_a_fold"))
    check_feeds(parsers, out, model_readings(catalogue))


def test_a_duration_in_hours_is_exact_across_a_dst_change(
    tmp_path: Path, parsers: dict[str, Reader], read_catalogue: Callable[[str], str]
) -> None:
    _, out = build_catalogue(tmp_path, read_catalogue("duration_across_dst"))
    path = out / "all.ics"
    for name, read in parsers.items():
        for uid, reading in read([path])[path].items():
            assert reading.end is not None
            start, end = datetime.fromisoformat(reading.start), datetime.fromisoformat(reading.end)
            assert end - start == timedelta(hours=2), (name, uid, end - start)


def test_a_minimal_feed_is_read_by_libical_without_error(
    tmp_path: Path, libical: Reader, read_catalogue: Callable[[str], str]
) -> None:
    """Only the fields calfeed requires, one-letter names (blank ones are refused), events
    without an end, and every stamp at the epoch itself (1970-01-01): libical reads the
    feed without error, to the model's instants."""
    catalogue, out = build_catalogue(tmp_path, read_catalogue("minimal_fields"), epoch="0")
    assert (out / "all.ics").read_bytes().count(b"BEGIN:VEVENT") == 3
    check_feeds({"libical": libical}, out, model_readings(catalogue), feed_uids(catalogue, False))
