"""VTIMEZONEs that stay right to a series' last occurrence, or for ever.

tzdata lists a zone's changes outright up to a point (its explicit table) and then gives
one POSIX rule for every later year (the footer: `<-04>4<-03>,M9.1.6/24,M4.1.6/24`). The
feeds write the table's changes inside a span as one-offs and the footer's two yearly
changes as RRULEs derived from the rule itself (`calfeed.tz.yearly`). Held here against
tzdata's own expansion (`calfeed.tz.transitions`) for every zone and every year to 2100,
and, for a synthetic zone, the fallback for a rule no RRULE can express. How the four
parsers read the auditor's examples is in `test_vtimezone_readers.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest
from dateutil.rrule import rrulestr

from calfeed.catalogue import load_catalogue
from calfeed.model import Catalogue
from calfeed.render.spans import ZoneSpan, feed_spans, is_endless
from calfeed.tz import all_zone_names, load_zone, transitions
from calfeed.tz import tzif as tzif_module
from calfeed.tz.posix import LocalType, RuleDate, parse_posix_tz
from calfeed.tz.tzif import _Zone, footer, table_end
from calfeed.tz.vtimezone import build_vtimezone
from calfeed.tz.yearly import yearly_parts

SECOND = timedelta(seconds=1)
THROUGH = datetime(2101, 1, 1, tzinfo=UTC)
"""Every year up to 2100 is checked."""
FOOTER_ZONES = tuple(
    sorted(z for z in all_zone_names() if (rules := footer(z)) and rules.yearly_changes())
)
"""Every zone whose POSIX footer has DST (190 names in tzdata 2026f, links included)."""
CATALOGUE = Path(__file__).parent / "catalogues" / "series_past_the_tzdata_table.toml"

Onset = tuple[datetime, timedelta, timedelta, str]
"""A change as a VTIMEZONE says it: UTC instant, TZOFFSETFROM, TZOFFSETTO, TZNAME."""


def utc(year: int, month: int = 1, day: int = 1) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


Observance = icalendar.TimezoneStandard | icalendar.TimezoneDaylight


def parsed(vtimezone: icalendar.Timezone) -> list[Observance]:
    """The observances as a reader gets them: serialized, then parsed back."""
    (component,) = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + vtimezone.to_ical() + b"END:VCALENDAR\r\n"
    ).walk("VTIMEZONE")
    return [sub for sub in component.subcomponents if isinstance(sub, Observance)]


def rrule_text(value: Any) -> str:
    """An RRULE (icalendar's `vRecur`, untyped) as written."""
    text: bytes = value.to_ical()
    return text.decode()


def onsets(observances: list[Observance]) -> set[Onset]:
    """Every onset the observances give up to 2100, each RRULE expanded with dateutil
    from its DTSTART, each DTSTART and RDATE read in TZOFFSETFROM (RFC 5545 §3.6.5)."""
    found: set[Onset] = set()
    for sub in observances:
        if "RRULE" in sub:
            rule = rrulestr(rrule_text(sub["RRULE"]), dtstart=sub.DTSTART)
            walls = list(rule.between(sub.DTSTART, datetime(2101, 1, 1), inc=True))
        else:
            walls = [sub.DTSTART] + [start for start, _ in sub.rdates]
        for wall in walls:
            at = (wall - sub.TZOFFSETFROM).replace(tzinfo=UTC)
            found.add((at, sub.TZOFFSETFROM, sub.TZOFFSETTO, str(sub["TZNAME"])))
    return found


def tzdata_onsets(zone: str, after: datetime) -> set[Onset]:
    return {
        (t.at, t.offset_before, t.offset_after, t.abbreviation)
        for t in transitions(zone, after + SECOND, THROUGH)
    }


# --- the footer's rule dates as yearly RRULEs --------------------------------------------


def rule_date(text: str) -> RuleDate:
    posix = parse_posix_tz(f"XST3XDT,{text},M10.5.0")
    assert posix is not None
    assert posix.start is not None
    return posix.start


@pytest.mark.parametrize(
    ("rule", "rrules", "seconds"),
    [
        ("M3.5.0/1", ["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"], 3600),  # EU
        ("M3.2.0", ["FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"], 7200),  # US
        ("M9.1.6/22", ["FREQ=YEARLY;BYDAY=1SA;BYMONTH=9"], 79200),  # Easter Island
        # America/Santiago: 24:00 on the first Saturday is the Sunday after it, days 2-8.
        ("M9.1.6/24", ["FREQ=YEARLY;BYDAY=SU;BYMONTHDAY=2,3,4,5,6,7,8;BYMONTH=9"], 0),
        # Asia/Gaza: 50 hours after the fourth Thursday's midnight, Saturday 02:00.
        ("M3.4.4/50", ["FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3"], 7200),
        ("M3.4.4/26", ["FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3"], 7200),
        # America/Nuuk: an hour before the last Sunday, the Saturday before it at 23:00.
        ("M3.5.0/-1", ["FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3"], 82800),
        # Africa/Cairo: the Friday after the last Thursday of October, Oct 26-31 or Nov 1.
        (
            "M10.5.4/24",
            [
                "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=26,27,28,29,30,31;BYMONTH=10",
                "FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=1;BYMONTH=11",
            ],
            0,
        ),
        # Not in tzdata 2026f: back into the previous month, on into the next year.
        (
            "M4.1.0/-1",
            [
                "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=31;BYMONTH=3",
                "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=1,2,3,4,5,6;BYMONTH=4",
            ],
            82800,
        ),
        (
            "M12.5.3/72",
            [
                "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=28,29,30,31;BYMONTH=12",
                "FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=1,2,3;BYMONTH=1",
            ],
            0,
        ),
        ("M2.3.0/144", ["FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=21,22,23,24,25,26,27;BYMONTH=2"], 0),
        ("J60", ["FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=3"], 7200),  # never Feb 29
        ("10/1", ["FREQ=YEARLY;BYMONTHDAY=11;BYMONTH=1"], 3600),  # n: 0-based
    ],
)
def test_rule_dates_become_yearly_rrules(rule: str, rrules: list[str], seconds: int) -> None:
    parts = yearly_parts(rule_date(rule))
    assert parts is not None
    assert [rrule_text(part.rrule()) for part in parts] == rrules
    assert {part.seconds for part in parts} == {seconds}


@pytest.mark.parametrize(
    "rule",
    [
        "M2.4.0/48",  # Tuesday Feb 24-30: Feb 29 in leap years, March 1 in others
        "M2.5.0/24",  # the Monday after February's last Sunday moves with leap years
        "M3.1.0/-24",  # the Saturday before March's first Sunday may be Feb 29
        "J59/24",  # Feb 28 + 1 day: Feb 29 or March 1
        "59",  # day 60 counting Feb 29 (n, 0-based)
    ],
)
def test_rule_dates_no_yearly_rrule_can_express(rule: str) -> None:
    assert yearly_parts(rule_date(rule)) is None


# --- every zone, every year to 2100 -------------------------------------------------------


@pytest.mark.parametrize("zone", FOOTER_ZONES)
def test_footer_rrules_give_tzdatas_changes_every_year_to_2100(zone: str) -> None:
    """An endless VTIMEZONE from the table's last year: its components, RRULEs expanded
    with dateutil, give exactly tzdata's changes after the table, to 2100; at least one
    of them is a yearly RRULE."""
    table = table_end(zone)
    assert table is not None
    observances = parsed(build_vtimezone(zone, table, None))
    assert [sub for sub in observances if "RRULE" in sub]
    after = {onset for onset in onsets(observances) if onset[0] > table}
    assert after == tzdata_onsets(zone, table)


@pytest.mark.parametrize("zone", FOOTER_ZONES)
def test_one_component_per_change(zone: str) -> None:
    """No two yearly RRULE components of an endless VTIMEZONE make the same change (kind,
    offsets and name): a client that keeps one rule per change would keep only one of
    them. Africa/Cairo's change on the Friday after October's last Thursday (26-31
    October or 1 November) was two RRULE components, one per month."""
    observances = parsed(build_vtimezone(zone, utc(2024), None))
    changes = [
        (sub.name, sub.TZOFFSETFROM, sub.TZOFFSETTO, str(sub["TZNAME"]))
        for sub in observances
        if "RRULE" in sub
    ]
    assert len(changes) == len(set(changes)), changes


@pytest.mark.parametrize("zone", FOOTER_ZONES)
def test_a_rule_takes_in_the_one_offs_it_gives(zone: str) -> None:
    """Where the explicit table's last changes are the footer's rule's own (Cairo's DST of
    2023 began on the last Friday of April, as every year since), the RRULE starts there
    instead of being a second component for the same change beside a one-off: the year
    before each RRULE's start is never a one-off of the same change."""
    observances = parsed(build_vtimezone(zone, utc(2016), None))

    def change(sub: Observance) -> tuple[str, timedelta, timedelta, str]:
        return (sub.name, sub.TZOFFSETFROM, sub.TZOFFSETTO, str(sub["TZNAME"]))

    for ruled in (sub for sub in observances if "RRULE" in sub):
        start = ruled.DTSTART
        earlier = rrulestr(rrule_text(ruled["RRULE"]), dtstart=start.replace(year=start.year - 2))
        before = earlier.before(start)
        one_offs = {
            day
            for sub in observances
            if "RRULE" not in sub and change(sub) == change(ruled)
            for day in [sub.DTSTART, *(d for d, _ in sub.rdates)]
        }
        assert before not in one_offs, (change(ruled), before)


@pytest.mark.slow
@pytest.mark.parametrize("zone", sorted(all_zone_names()))
def test_an_endless_vtimezone_holds_every_change_to_2100(zone: str) -> None:
    """From 1990 on, every zone tzdata has: the table's changes as RDATEs, then the
    footer's rules, together exactly tzdata's changes."""
    first, *later = parsed(build_vtimezone(zone, utc(1990), None))
    start = (first.DTSTART - first.TZOFFSETTO).replace(tzinfo=UTC)
    assert onsets(later) == tzdata_onsets(zone, start)


# --- a footer no yearly RRULE can express ---------------------------------------------------


@pytest.fixture
def february_zone(monkeypatch: pytest.MonkeyPatch) -> str:
    """A zone tzdata does not have: standard -03 since 1970, DST from the Tuesday after
    February's fourth Sunday, which no yearly RRULE can give (Feb 24-30)."""
    std = LocalType(-3 * 3600, "-03", False)
    zone = _Zone(std, (0,), (std,), parse_posix_tz("<-03>3<-02>,M2.4.0/48,M10.5.0"))
    real = tzif_module._zone
    monkeypatch.setattr(
        tzif_module, "_zone", lambda name: zone if name == "Test/February" else real(name)
    )
    return "Test/February"


def test_a_rule_no_rrule_can_express_is_listed_to_2100(february_zone: str) -> None:
    """The fallback: that change is listed as RDATEs, one a year to 2100 (an endless
    series in such a zone would be right to 2100 only); the other stays an RRULE."""
    observances = parsed(build_vtimezone(february_zone, utc(2020), None))
    ruled = [sub for sub in observances if "RRULE" in sub]
    assert [rrule_text(sub["RRULE"]) for sub in ruled] == ["FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"]
    (listed,) = [sub for sub in observances if str(sub["TZNAME"]) == "-02"]
    starts = [start for start, _ in listed.rdates]
    assert (starts[0], starts[-1], len(starts)) == (
        datetime(2019, 2, 26),
        datetime(2100, 3, 2),  # 48 hours after Sunday Feb 28: Tuesday March 2
        82,
    )
    first = observances[0]
    start = (first.DTSTART - first.TZOFFSETTO).replace(tzinfo=UTC)
    assert onsets(observances[1:]) == tzdata_onsets(february_zone, start)


def test_a_bounded_span_lists_such_a_rule_to_its_end(february_zone: str) -> None:
    observances = parsed(build_vtimezone(february_zone, utc(2020), utc(2022, 6, 1)))
    (listed,) = [sub for sub in observances if str(sub["TZNAME"]) == "-02"]
    assert [start.year for start, _ in listed.rdates] == [2019, 2020, 2021, 2022, 2023]


# --- the span: to a series' last occurrence, or for ever ------------------------------------


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(CATALOGUE)


def test_a_series_with_count_reaches_its_last_occurrence(catalogue: Catalogue) -> None:
    spans = feed_spans(catalogue.events)
    mexico = load_zone("America/Mexico_City")
    assert spans["America/Mexico_City"] == ZoneSpan(
        datetime(2008, 7, 1, 10, tzinfo=mexico), datetime(2027, 7, 1, 11, tzinfo=mexico)
    )
    assert spans["America/Santiago"].last is None


@pytest.mark.parametrize(
    ("rule", "endless"),
    [
        ("FREQ=WEEKLY", True),
        ("FREQ=WEEKLY;BYDAY=SA,SU", True),
        ("FREQ=YEARLY;COUNT=20", False),
        ("freq=daily;until=20251231T235959Z", False),
    ],
)
def test_a_rule_without_count_or_until_never_ends(rule: str, endless: bool) -> None:
    assert is_endless(rule) is endless
