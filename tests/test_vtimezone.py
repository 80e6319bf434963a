"""VTIMEZONEs from `calfeed.vtimezone`, read back by two independent parsers and held against
tzdata itself (`load_zone`: zoneinfo over the pinned package's bytes, never the machine's).

The two readers are python-icalendar (`to_tz`, built on dateutil's tzical) and the `ical`
package (`IcsTimezoneInfo`). Both build the zone from the VTIMEZONE text alone.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import icalendar
import pytest
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from calfeed.tz import load_zone
from calfeed.tz import tzif as transitions_module
from calfeed.tz.posix import LocalType, RuleDate, parse_posix_tz
from calfeed.tz.tzif import _Zone, offset_at, transitions
from calfeed.tz.vtimezone import build_vtimezone

SECOND = timedelta(seconds=1)
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

ZONES = (
    "Europe/London",
    "Europe/Paris",
    "America/Vancouver",
    "America/New_York",
    "Pacific/Apia",
    "Pacific/Fiji",
    "Africa/Casablanca",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Santiago",
    "America/Sao_Paulo",
    "Asia/Tehran",
    "Europe/Dublin",
    "Antarctica/Troll",
    "America/Nuuk",
    "Asia/Gaza",
)
SPANS = ((2011, 2013), (2020, 2023), (2025, 2028))

DENSE_YEAR = {
    "Europe/London": 2021,
    "Europe/Paris": 2021,
    "America/Vancouver": 2026,  # the last change: PDT -> MST at the same offset
    "America/New_York": 2021,
    "Pacific/Apia": 2011,  # 2011-12-30 skipped
    "Pacific/Fiji": 2020,  # the four-week season from 2020-12-20
    "Africa/Casablanca": 2022,  # Ramadan: six weeks at +00
    "Asia/Shanghai": 2021,
    "Asia/Kolkata": 2021,
    "Asia/Kathmandu": 2021,
    "Australia/Lord_Howe": 2021,
    "Pacific/Chatham": 2021,
    "America/Santiago": 2022,
    "America/Sao_Paulo": 2019,  # the last DST season ended 2019-02-17
    "Asia/Tehran": 2022,  # the last DST season
    "Europe/Dublin": 2021,
    "Antarctica/Troll": 2021,
    "America/Nuuk": 2023,  # standard time moved from -03 to -02
    "Asia/Gaza": 2023,
}
"""One year per zone, read at every hour of its local wall clock."""

STANDARD_TIME_CHANGES = {
    "Pacific/Apia": (datetime(2011, 12, 30, 10, tzinfo=UTC), datetime(2012, 3, 31, 14, tzinfo=UTC)),
    "America/Nuuk": (datetime(2023, 3, 26, 1, tzinfo=UTC),),
}
"""Changes between two offsets that are both written as standard time: Nuuk's move from -03
to -02, and Samoa's date-line jump with the season after it (a DAYLIGHT from -10 to +14
would be a 24-hour "DST amount", which dateutil refuses, so +14 is written STANDARD). Both
readers turn UTC into local time with Python's `tzinfo.fromutc` recipe (utcoffset minus dst
taken as a constant standard offset), which cannot be right next to such a change whatever
the VTIMEZONE says; there the UTC -> local check is skipped for a day either side (the
wall-time checks still cover them)."""


def covered(first: int, last: int) -> tuple[datetime, datetime]:
    return datetime(first, 1, 1, tzinfo=UTC), datetime(last, 12, 31, 23, tzinfo=UTC)


@functools.cache
def feed(zone: str, first: int, last: int) -> bytes:
    """A VCALENDAR holding the VTIMEZONE for years `first`..`last` and one event in it."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//calfeed//tests//EN")
    calendar.add("VERSION", "2.0")
    calendar.add_component(build_vtimezone(zone, *covered(first, last)))
    event = icalendar.Event()
    event.add("UID", f"{zone}-{first}@calfeed.test")
    event.add("DTSTAMP", datetime(2020, 1, 1, tzinfo=UTC))
    event.add("DTSTART", datetime(first, 6, 1, 12), parameters={"TZID": zone})
    calendar.add_component(event)
    return bytes(calendar.to_ical())


@functools.cache
def readers(zone: str, first: int, last: int) -> tuple[tuple[str, tzinfo], ...]:
    """The zone as each parser builds it from the feed's VTIMEZONE alone."""
    data = feed(zone, first, last)
    by_icalendar = parse_vtimezone(data).to_tz(lookup_tzid=False)
    (timezone,) = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).timezones
    assert timezone.tz_id == zone
    return ("icalendar", by_icalendar), ("ical", IcsTimezoneInfo.from_timezone(timezone))


def parse_vtimezone(data: bytes) -> icalendar.Timezone:
    """The one VTIMEZONE of a serialized calendar, as python-icalendar parses it."""
    (component,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert isinstance(component, icalendar.Timezone)
    return component


def tzdata_offset(zi: ZoneInfo, wall: datetime) -> timedelta | None:
    """tzdata's offset for a local wall time: in a fold the first reading, as RFC 5545
    §3.3.5 and zoneinfo's fold=0 both say; None for a time the clocks skip."""
    reading = wall.replace(tzinfo=zi)
    if reading.astimezone(UTC).astimezone(zi).replace(tzinfo=None) != wall:
        return None
    offset = reading.utcoffset()
    assert offset is not None
    return offset


def wall_mismatches(zone: str, walls: list[datetime], *tzs: tzinfo) -> list[str]:
    """Wall times (a gap's excepted) whose offset some reader gets other than tzdata."""
    zi = load_zone(zone)
    found = []
    for wall in walls:
        expected = tzdata_offset(zi, wall)
        if expected is None:
            continue
        for tz in tzs:
            if tz.utcoffset(wall) != expected:
                found.append(f"{tz!r}: {wall:%Y-%m-%d %H:%M:%S} {tz.utcoffset(wall)} != {expected}")
    return found


def unfolded(data: bytes) -> list[str]:
    return re.sub(r"\r\n[ \t]", "", data.decode("utf-8")).split("\r\n")


# --- the readers agree with tzdata ----------------------------------------------------------


@pytest.mark.parametrize(("zone", "first", "last"), [(z, a, b) for z in ZONES for a, b in SPANS])
def test_readers_follow_tzdata_around_every_change(zone: str, first: int, last: int) -> None:
    """Every change of the padded span, to the second either side and hourly for three
    hours around it (each reader's offset for the instant and for its wall time), and the
    wall-clock noon of every other day in between: all as tzdata has them."""
    zi = load_zone(zone)
    lo, hi = datetime(first - 1, 1, 2, tzinfo=UTC), datetime(last + 1, 12, 30, tzinfo=UTC)
    changes = transitions(zone, lo, hi)
    instants: set[datetime] = set()
    for change in changes:
        jump = abs(change.offset_after - change.offset_before)
        instants |= {change.at - SECOND, change.at, change.at + jump, change.at + jump - SECOND}
        instants |= {change.at + HOUR * h for h in range(-3, 4)}
    near = sorted(instants)
    walls = [u.astimezone(zi).replace(tzinfo=None, fold=0) for u in near]
    walls += [datetime(lo.year, 1, 2, 12) + 2 * DAY * d for d in range((hi - lo).days // 2)]
    skip = STANDARD_TIME_CHANGES.get(zone, ())
    assert wall_mismatches(zone, walls, *(tz for _, tz in readers(zone, first, last))) == []
    for name, tz in readers(zone, first, last):
        wrong = [
            f"{u:%Y-%m-%d %H:%M:%S}Z"
            for u in near
            if u.astimezone(tz).utcoffset() != u.astimezone(zi).utcoffset()
            and all(abs(u - change) > DAY for change in skip)
        ]
        assert wrong == [], name


@pytest.mark.parametrize("zone", ZONES)
def test_readers_follow_tzdata_at_every_hour_of_a_year(zone: str) -> None:
    """Every wall-clock hour of the covered year, as both readers read it."""
    year = DENSE_YEAR[zone]
    start = datetime(year, 1, 1)
    walls = [start + HOUR * h for h in range((datetime(year + 1, 1, 1) - start) // HOUR)]
    assert wall_mismatches(zone, walls, *(tz for _, tz in readers(zone, year, year))) == []


@pytest.mark.parametrize("zone", ZONES)
def test_transitions_are_exactly_the_changes_zoneinfo_shows(zone: str) -> None:
    """A brute-force scan of `load_zone(zone)` (every hour of the dense year's padded span,
    every 12 hours over 2005-2035), each change found bisected to the second, against the
    changes of offset or abbreviation `transitions()` lists."""
    zi = load_zone(zone)

    def reading(ts: int) -> tuple[timedelta | None, str | None]:
        local = datetime.fromtimestamp(ts, zi)
        return local.utcoffset(), local.tzname()

    def scan(lo: datetime, hi: datetime, step: int) -> set[tuple[datetime, str, str]]:
        found = set()
        start, stop = int(lo.timestamp()), int(hi.timestamp())
        previous = reading(start)
        for ts in range(start + step, stop + 1, step):
            now = reading(ts)
            if now != previous:
                a, b = ts - step, ts  # reading(a) == previous, reading(b) != previous
                while b - a > 1:
                    mid = (a + b) // 2
                    a, b = (mid, b) if reading(mid) == previous else (a, mid)
                after = reading(b)
                found.add((datetime.fromtimestamp(b, UTC), str(previous), str(after)))
            previous = now
        return found

    def listed(lo: datetime, hi: datetime) -> set[tuple[datetime, str, str]]:
        found = set()
        for t in transitions(zone, lo + SECOND, hi + SECOND):
            before = offset_at(zone, t.at - SECOND)
            if (t.offset_before, before[1]) != (t.offset_after, t.abbreviation):
                found.add(
                    (t.at, str((t.offset_before, before[1])), str((t.offset_after, t.abbreviation)))
                )
        return found

    year = DENSE_YEAR[zone]
    dense = datetime(year - 1, 1, 1, tzinfo=UTC), datetime(year + 2, 1, 1, tzinfo=UTC)
    assert scan(*dense, 3600) == listed(*dense)
    broad = datetime(2005, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
    assert scan(*broad, 12 * 3600) == listed(*broad)


@pytest.mark.parametrize(
    "zone",
    [
        "Europe/London",
        "Europe/Dublin",
        "America/New_York",
        "America/Santiago",
        "America/Nuuk",
        "Asia/Gaza",
        "Australia/Lord_Howe",
        "Pacific/Chatham",
        "Antarctica/Troll",
    ],
)
def test_footer_rules_match_zoneinfo_far_ahead(zone: str) -> None:
    """2090-2092 lies past every explicit transition of these slim files, so it is the
    POSIX TZ footer alone (`M3.4.4/50`, `M3.5.0/-1`, `M9.1.6/24`, `<+1030>-10:30` ...)."""
    zi = load_zone(zone)
    changes = transitions(zone, datetime(2090, 1, 1, tzinfo=UTC), datetime(2093, 1, 1, tzinfo=UTC))
    assert len(changes) == 6
    for t in changes:
        assert (t.at - SECOND).astimezone(zi).utcoffset() == t.offset_before
        assert t.at.astimezone(zi).utcoffset() == t.offset_after
        assert t.at.astimezone(zi).tzname() == t.abbreviation


# --- facts checked by hand against tzdata 2026f -----------------------------------------------


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def summary(zone: str, lo: datetime, hi: datetime) -> list[tuple[str, str, str, str, bool]]:
    return [
        (
            f"{t.at:%Y-%m-%dT%H:%M}Z",
            str(t.offset_before),
            str(t.offset_after),
            t.abbreviation,
            t.is_dst,
        )
        for t in transitions(zone, lo, hi)
    ]


def test_london_2021() -> None:
    assert summary("Europe/London", utc(2021, 1, 1), utc(2022, 1, 1)) == [
        ("2021-03-28T01:00Z", "0:00:00", "1:00:00", "BST", True),
        ("2021-10-31T01:00Z", "1:00:00", "0:00:00", "GMT", False),
    ]


def test_apia_skips_30_december_2011_and_drops_dst_after_april_2021() -> None:
    # The brief said 2011-12-29T10:00Z; tzdata has the end of Dec 29 at -10, i.e. 10:00Z
    # on the 30th, straight to Dec 31 00:00 at +14.
    assert summary("Pacific/Apia", utc(2011, 12, 1), utc(2012, 1, 1)) == [
        ("2011-12-30T10:00Z", "-1 day, 14:00:00", "14:00:00", "+14", True),
    ]
    assert summary("Pacific/Apia", utc(2021, 1, 1), utc(2100, 1, 1)) == [
        ("2021-04-03T14:00Z", "14:00:00", "13:00:00", "+13", False),
    ]


def test_fiji_has_had_no_dst_since_january_2021() -> None:
    assert summary("Pacific/Fiji", utc(2020, 6, 1), utc(2100, 1, 1)) == [
        ("2020-12-19T14:00Z", "12:00:00", "13:00:00", "+13", True),
        ("2021-01-16T14:00Z", "13:00:00", "12:00:00", "+12", False),
    ]
    assert offset_at("Pacific/Fiji", utc(2021, 11, 15)) == (timedelta(hours=12), "+12", False)


def test_vancouver_stays_at_utc_minus_7_after_1_november_2026() -> None:
    assert summary("America/Vancouver", utc(2026, 1, 1), utc(2100, 1, 1)) == [
        ("2026-03-08T10:00Z", "-1 day, 16:00:00", "-1 day, 17:00:00", "PDT", True),
        ("2026-11-01T09:00Z", "-1 day, 17:00:00", "-1 day, 17:00:00", "MST", False),
    ]


def test_casablanca_ramadan_2022_and_dublin_negative_dst() -> None:
    assert summary("Africa/Casablanca", utc(2022, 1, 1), utc(2023, 1, 1)) == [
        ("2022-03-27T02:00Z", "1:00:00", "0:00:00", "+00", True),
        ("2022-05-08T02:00Z", "0:00:00", "1:00:00", "+01", False),
    ]
    # tzdata's Irish Standard Time is the summer one: winter GMT is the isdst state.
    assert summary("Europe/Dublin", utc(2021, 1, 1), utc(2022, 1, 1)) == [
        ("2021-03-28T01:00Z", "0:00:00", "1:00:00", "IST", False),
        ("2021-10-31T01:00Z", "1:00:00", "0:00:00", "GMT", True),
    ]


def test_morocco_returns_to_utc_for_good_in_september_2026() -> None:
    """tzdata 2026f (tzdata.zi: `1 M %z 2026 S 20 2`, then `0 - %z`): the last change."""
    assert summary("Africa/Casablanca", utc(2026, 1, 1), utc(2100, 1, 1)) == [
        ("2026-02-15T02:00Z", "1:00:00", "0:00:00", "+00", True),
        ("2026-03-22T02:00Z", "0:00:00", "1:00:00", "+01", False),
        ("2026-09-20T01:00Z", "1:00:00", "0:00:00", "+00", False),
    ]


def test_half_and_three_quarter_hour_zones() -> None:
    assert summary("Australia/Lord_Howe", utc(2021, 1, 1), utc(2022, 1, 1)) == [
        ("2021-04-03T15:00Z", "11:00:00", "10:30:00", "+1030", False),
        ("2021-10-02T15:30Z", "10:30:00", "11:00:00", "+11", True),
    ]
    assert summary("Pacific/Chatham", utc(2021, 1, 1), utc(2022, 1, 1)) == [
        ("2021-04-03T14:00Z", "13:45:00", "12:45:00", "+1245", False),
        ("2021-09-25T14:00Z", "12:45:00", "13:45:00", "+1345", True),
    ]
    assert offset_at("Asia/Kathmandu", utc(2024, 7, 1)) == (
        timedelta(hours=5, minutes=45),
        "+0545",
        False,
    )
    assert offset_at("Asia/Kolkata", utc(2024, 7, 1)) == (
        timedelta(hours=5, minutes=30),
        "IST",
        False,
    )


def test_posix_tz_footers() -> None:
    nuuk = parse_posix_tz("<-02>2<-01>,M3.5.0/-1,M10.5.0/0")
    assert nuuk is not None
    assert nuuk.std.offset == -7200
    assert nuuk.std.abbreviation == "-02"
    assert nuuk.dst is not None
    assert nuuk.dst.offset == -3600
    assert nuuk.start == RuleDate("M", 0, 3, 5, -3600)
    gaza = parse_posix_tz("EET-2EEST,M3.4.4/50,M10.4.4/50")
    assert gaza is not None
    assert gaza.start == RuleDate("M", 4, 3, 4, 50 * 3600)
    lord_howe = parse_posix_tz("<+1030>-10:30<+11>-11,M10.1.0,M4.1.0")
    assert lord_howe is not None
    assert lord_howe.std.offset == 37800
    assert lord_howe.dst is not None
    assert lord_howe.dst.offset == 39600
    assert lord_howe.end == RuleDate("M", 0, 4, 1, 7200)
    tonga = parse_posix_tz("<+13>-13")
    assert tonga is not None
    assert (tonga.std, tonga.dst) == (LocalType(13 * 3600, "+13", False), None)
    mst = parse_posix_tz("MST7")
    assert mst is not None
    assert (mst.std.offset, mst.dst) == (-25200, None)
    # Jn never counts February 29; n does. 2024 is a leap year, 2023 is not.
    day = 86400

    def day_of(rule: RuleDate, year: int) -> date:
        return date(1970, 1, 1) + timedelta(days=rule.local_seconds(year) // day)

    assert day_of(RuleDate("J", 60, 0, 0, 0), 2024) == date(2024, 3, 1)
    assert day_of(RuleDate("J", 60, 0, 0, 0), 2023) == date(2023, 3, 1)
    assert day_of(RuleDate("n", 59, 0, 0, 0), 2024) == date(2024, 2, 29)
    assert day_of(RuleDate("n", 59, 0, 0, 0), 2023) == date(2023, 3, 1)
    assert day_of(RuleDate("M", 0, 3, 5, 0), 2024) == date(2024, 3, 31)  # last Sunday
    assert day_of(RuleDate("M", 4, 3, 4, 50 * 3600), 2026) == date(2026, 3, 28)  # Thu 26th + 50 h
    for bad in ("XY0", "EST5EDT", "EST5EDT,M3.2.0", "<+03", "EST5EDT,M13.1.0,M11.1.0"):
        with pytest.raises(ValueError, match="bad TZ string"):
            parse_posix_tz(bad)


def test_all_year_dst_footer_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """RFC 8536 §3.3.1: DST from Jan 1 00:00 to Dec 31 25:00 (zic's spelling of permanent
    DST) makes each year's end coincide with the next year's start: no change at all."""
    footer = parse_posix_tz("EST5EDT,0/0,J365/25")
    edt = LocalType(-4 * 3600, "EDT", True)
    zone = _Zone(LocalType(-5 * 3600, "EST", False), (0,), (edt,), footer)
    monkeypatch.setattr(transitions_module, "_zone", lambda name: zone)
    assert transitions("Test/All_Year_DST", utc(1971, 1, 1), utc(2030, 1, 1)) == ()
    assert offset_at("Test/All_Year_DST", utc(2025, 1, 1, 5)) == (-4 * HOUR, "EDT", True)


def test_unknown_zones_and_naive_times_are_refused() -> None:
    with pytest.raises(KeyError):
        transitions("Mars/Olympus_Mons", utc(2020, 1, 1), utc(2021, 1, 1))
    with pytest.raises(KeyError):
        build_vtimezone("Mars/Olympus_Mons", utc(2020, 1, 1), utc(2021, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        transitions("Europe/London", datetime(2020, 1, 1), utc(2021, 1, 1))
    with pytest.raises(ValueError, match="aware"):
        build_vtimezone("Europe/London", datetime(2020, 1, 1), utc(2021, 1, 1))


# --- shape ------------------------------------------------------------------------------------

LONDON_2020_2023 = """\
BEGIN:VTIMEZONE
TZID:Europe/London
BEGIN:STANDARD
DTSTART:20190101T000000
RDATE:20190101T000000
TZNAME:GMT
TZOFFSETFROM:+0000
TZOFFSETTO:+0000
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:20190331T010000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
TZNAME:BST
TZOFFSETFROM:+0000
TZOFFSETTO:+0100
END:DAYLIGHT
BEGIN:STANDARD
DTSTART:20191027T020000
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
TZNAME:GMT
TZOFFSETFROM:+0100
TZOFFSETTO:+0000
END:STANDARD
END:VTIMEZONE
"""


def test_london_recurs_as_two_byday_rules() -> None:
    text = build_vtimezone("Europe/London", *covered(2020, 2023)).to_ical().decode()
    assert text.replace("\r\n", "\n") == LONDON_2020_2023
    assert [line for line in text.split("\r\n") if line.startswith("RRULE")] == [
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
    ]


RRULE_SHAPE = re.compile(
    r"RRULE:FREQ=YEARLY;BYDAY=((-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)"
    r"|(MO|TU|WE|TH|FR|SA|SU);BYMONTHDAY=\d{1,2}(,\d{1,2}){0,6});BYMONTH=\d{1,2}"
)
"""The two yearly forms: the nth or last weekday of a month, or a weekday in a window of
monthdays (a footer rule with a day shift, `M9.1.6/24`)."""


@pytest.mark.parametrize(("zone", "first", "last"), [(z, a, b) for z in ZONES for a, b in SPANS])
def test_shape_every_reader_takes(zone: str, first: int, last: int) -> None:
    """Local DTSTART/RDATE without TZID or Z, one date per RDATE line, RRULEs of the two
    yearly forms and never UNTIL, components in onset order, same bytes every time."""
    data = feed(zone, first, last)
    lines = unfolded(data)
    body = lines[lines.index("BEGIN:VTIMEZONE") : lines.index("END:VTIMEZONE") + 1]
    assert body[1] == f"TZID:{zone}"
    assert not [line for line in body if line.startswith("X-LIC-LOCATION")]
    for line in body:
        if line.startswith(("DTSTART", "RDATE")):
            assert re.fullmatch(r"(DTSTART|RDATE):\d{8}T\d{6}", line), line
        if line.startswith("RRULE"):
            assert re.fullmatch(RRULE_SHAPE, line), line
    vtimezone = parse_vtimezone(data)
    onsets = [sub.DTSTART - sub.TZOFFSETFROM for sub in vtimezone.subcomponents]
    assert onsets == sorted(onsets)
    assert (
        build_vtimezone(zone, *covered(first, last)).to_ical()
        == build_vtimezone(zone, *covered(first, last)).to_ical()
    )


def test_zones_without_changes_have_one_observance() -> None:
    for zone, first, offset, name in (
        ("Asia/Shanghai", 2020, "+0800", "CST"),
        ("Pacific/Apia", 2023, "+1300", "+13"),
        ("Pacific/Fiji", 2023, "+1200", "+12"),
    ):
        text = build_vtimezone(zone, *covered(first, first + 2)).to_ical().decode()
        assert text.split("\r\n")[2:9] == [
            "BEGIN:STANDARD",
            f"DTSTART:{first - 1}0101T000000",
            f"RDATE:{first - 1}0101T000000",
            f"TZNAME:{name}",
            f"TZOFFSETFROM:{offset}",
            f"TZOFFSETTO:{offset}",
            "END:STANDARD",
        ]
        assert text.count("BEGIN:STANDARD") + text.count("BEGIN:DAYLIGHT") == 1


def test_local_mean_time_offsets_keep_their_seconds() -> None:
    """Abidjan's -00:16:08 until 1912, Madras time's +05:21:10 (Kolkata until 1906): written
    with their seconds, which libical, icalendar and ical read to the second (ical.js reads
    minutes only: test_interop's test_local_mean_time_keeps_its_seconds)."""
    abidjan = build_vtimezone("Africa/Abidjan", utc(1911, 6, 1), utc(1911, 6, 1)).to_ical()
    assert b"TZNAME:LMT\r\nTZOFFSETFROM:-001608\r\nTZOFFSETTO:-001608\r\n" in abidjan
    assert b"TZNAME:GMT\r\nTZOFFSETFROM:-001608\r\nTZOFFSETTO:+0000\r\n" in abidjan
    kolkata = build_vtimezone("Asia/Kolkata", utc(1900, 6, 1), utc(1900, 6, 1)).to_ical()
    assert b"TZNAME:MMT\r\nTZOFFSETFROM:+052110\r\nTZOFFSETTO:+052110\r\n" in kolkata


def test_vancouver_rule_that_stopped_is_listed_not_recurring() -> None:
    text = build_vtimezone("America/Vancouver", *covered(2025, 2028)).to_ical().decode()
    assert "RRULE" not in text
    assert "RDATE:20240310T020000\r\nRDATE:20250309T020000\r\nRDATE:20260308T020000\r\n" in text
    assert text.endswith(
        "BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nRDATE:20261101T020000\r\nTZNAME:MST\r\n"
        "TZOFFSETFROM:-0700\r\nTZOFFSETTO:-0700\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
    )


def test_dublin_summer_is_daylight_for_readers() -> None:
    """tzdata flags Dublin's winter as the DST state; written that way, both readers get
    UTC -> local wrong for an hour at every change, so IST is written as DAYLIGHT."""
    vtimezone = parse_vtimezone(feed("Europe/Dublin", 2020, 2023))
    kinds = {(sub.name, str(sub["TZNAME"])) for sub in vtimezone.subcomponents}
    assert kinds == {("STANDARD", "GMT"), ("DAYLIGHT", "IST")}


# --- icalendar 7's own generator falls short ---------------------------------------------------


def icalendar_onsets(zone: str, first: date, last: date) -> tuple[set[tuple[str, str, str]], str]:
    """Onsets (UTC, from, to) that `Timezone.from_tzinfo` writes, and its text."""
    vtimezone = icalendar.Timezone.from_tzinfo(load_zone(zone), first_date=first, last_date=last)
    text = vtimezone.to_ical().decode()
    assert "RRULE" not in text
    found = set()
    for sub in vtimezone.subcomponents:
        starts = [sub.DTSTART] + [start for start, _ in sub.rdates]
        for start in starts:
            assert isinstance(start, datetime)
            if sub.TZOFFSETFROM != sub.TZOFFSETTO:
                onset = (start - sub.TZOFFSETFROM).replace(tzinfo=UTC)
                found.add((f"{onset:%Y-%m-%dT%H:%M}Z", str(sub.TZOFFSETFROM), str(sub.TZOFFSETTO)))
    return found, text


def tzdata_onsets(zone: str, lo: datetime, hi: datetime) -> set[tuple[str, str, str]]:
    return {
        (f"{t.at:%Y-%m-%dT%H:%M}Z", str(t.offset_before), str(t.offset_after))
        for t in transitions(zone, lo, hi)
        if t.offset_before != t.offset_after
    }


def test_icalendar_drops_fijis_four_week_dst_season() -> None:
    theirs, _ = icalendar_onsets("Pacific/Fiji", date(2020, 1, 1), date(2021, 12, 31))
    ours = tzdata_onsets("Pacific/Fiji", utc(2020, 1, 1), utc(2021, 12, 31))
    assert ours - theirs == {
        ("2020-12-19T14:00Z", "12:00:00", "13:00:00"),
        ("2021-01-16T14:00Z", "13:00:00", "12:00:00"),
    }
    assert theirs - ours == set()
    (_, by_icalendar), _ = readers("Pacific/Fiji", 2020, 2021)
    assert by_icalendar.utcoffset(datetime(2021, 1, 1, 12)) == timedelta(hours=13)


def test_icalendar_drops_casablancas_ramadan_2022() -> None:
    """And writes the end of Ramadan 2023 an hour late (the spring-forward error below)."""
    theirs, _ = icalendar_onsets("Africa/Casablanca", date(2022, 1, 1), date(2023, 12, 31))
    ours = tzdata_onsets("Africa/Casablanca", utc(2022, 1, 1), utc(2023, 12, 31))
    assert ours - theirs == {
        ("2022-03-27T02:00Z", "1:00:00", "0:00:00"),
        ("2022-05-08T02:00Z", "0:00:00", "1:00:00"),
        ("2023-04-23T02:00Z", "0:00:00", "1:00:00"),
    }
    assert theirs - ours == {("2023-04-23T03:00Z", "0:00:00", "1:00:00")}


def test_icalendar_writes_one_comma_separated_rdate() -> None:
    _, text = icalendar_onsets("Africa/Casablanca", date(2020, 1, 1), date(2023, 12, 31))
    assert "RDATE:20210411T030000,20220327T030000,20230319T030000\r\n" in text
    assert b"," not in b"".join(
        line.encode()
        for line in unfolded(feed("Africa/Casablanca", 2020, 2023))
        if line.startswith("RDATE")
    )


def test_icalendar_places_the_spring_onset_an_hour_late() -> None:
    """RFC 5545 reads DTSTART in TZOFFSETFROM: 02:00 at +0000 is 02:00Z, not tzdata's 01:00Z."""
    theirs, text = icalendar_onsets("Europe/London", date(2021, 1, 1), date(2021, 12, 31))
    assert "DTSTART:20210328T020000\r\n" in text
    assert ("2021-03-28T02:00Z", "0:00:00", "1:00:00") in theirs
    assert ("2021-03-28T01:00Z", "0:00:00", "1:00:00") not in theirs
    calendar = icalendar.Calendar()
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            load_zone("Europe/London"), first_date=date(2021, 1, 1), last_date=date(2021, 12, 31)
        )
    )
    component = parse_vtimezone(calendar.to_ical())
    instant = utc(2021, 3, 28, 1, 30)
    assert instant.astimezone(component.to_tz(lookup_tzid=False)).utcoffset() == timedelta(0)
    assert instant.astimezone(load_zone("Europe/London")).utcoffset() == HOUR
    (_, ours), _ = readers("Europe/London", 2021, 2021)
    assert instant.astimezone(ours).utcoffset() == HOUR
