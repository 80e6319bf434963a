"""What `check` says about a series as a whole: a start its rule does not give, a start
pinned in a gap, and occurrences in gaps or folds however far into the series they are.

Snippets sit at the top of the document (`tests/rule_table.py`), so their line numbers
are the file's. Expected dates come from zoneinfo reading the pinned tzdata package's own
files, and dateutil, never from calfeed.
"""

from __future__ import annotations

import itertools
import textwrap
from datetime import UTC, datetime, timedelta

import pytest
from dateutil.rrule import rrulestr

from calfeed.catalogue import parse_catalogue
from calfeed.errors import Finding, InvalidCatalogueError
from tests.rule_table import PATH, Rule, document, error, warning
from tests.truth import exists_once, tzdata_zone


def findings(snippet: str) -> list[Finding]:
    try:
        found = list(parse_catalogue(document(snippet).encode(), PATH).warnings)
    except InvalidCatalogueError as invalid:
        found = list(invalid.findings)
    return [f for f in found if f.code not in {"no-link", "no-region"}]


RULES = [
    Rule(
        # 3 Jan 2024 is a Wednesday; the rule's Mondays begin on the 8th.
        "start-not-an-occurrence-timed",
        """
        [events.x]
        title = "Network call"
        start = 2024-01-03T10:00:00
        timezone = "Europe/Paris"
        repeat = "FREQ=WEEKLY;BYDAY=MO;COUNT=3"
        """,
        error(
            "start-not-an-occurrence",
            3,
            "x",
            "start 2024-01-03 10:00 (Wednesday) is not an occurrence of repeat "
            "'FREQ=WEEKLY;BYDAY=MO;COUNT=3'",
            "calendar apps show the start as an extra occurrence: start the series on its "
            "first occurrence, start = 2024-01-08T10:00:00",
        ),
        ("2024-01-03", "2024-01-08"),
    ),
    Rule(
        "start-not-an-occurrence-all-day",
        """
        [events.x]
        title = "Network day"
        start = 2024-01-03
        repeat = "FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3"
        """,
        error(
            "start-not-an-occurrence",
            3,
            "x",
            "start 2024-01-03 (Wednesday) is not an occurrence of repeat "
            "'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=3'",
            "calendar apps show the start as an extra occurrence: start the series on its "
            "first occurrence, start = 2024-01-15",
        ),
        ("2024-01-03", "2024-01-15"),
    ),
    Rule(
        # Paris skips 02:00-03:00 on 31 March 2024: +01:00 pins 02:30 to 01:30Z, which is
        # 03:30 CEST, and the rule would then repeat 03:30, not 02:30.
        "series-start-pinned-in-a-gap",
        """
        [events.x]
        title = "Network call"
        start = 2024-03-31T02:30:00+01:00
        timezone = "Europe/Paris"
        repeat = "FREQ=WEEKLY;COUNT=4"
        """,
        error(
            "local-time-gap",
            3,
            "x",
            "start 2024-03-31 02:30 does not exist (the clocks skip it) in Europe/Paris, and "
            "a series repeats its wall time, so an offset cannot stand in for it",
            "start the series on its next date, start = 2024-04-07T02:30:00, and give this "
            "day an event of its own",
        ),
        ("2024-03-31T02:30:00+01:00", "2024-04-07T02:30:00"),
    ),
    Rule(
        # Egypt brought DST back in 2023 and left it at 24:00 on Thursday 26 October:
        # 23:30 that night, after 3,220 occurrences, happens twice.
        "repeat-fold-past-three-thousand-occurrences",
        """
        [events.x]
        title = "Night call"
        start = 2015-01-01T23:30:00
        timezone = "Africa/Cairo"
        repeat = "FREQ=DAILY;UNTIL=20231101T000000Z"
        """,
        error(
            "local-time-fold",
            5,
            "x",
            "an occurrence of repeat: 2023-10-26 23:30 exists twice (the clocks go back) "
            "in Africa/Cairo",
            "skip it with except = [2023-10-26], or move the series",
        ),
        ('000000Z"', '000000Z"\nexcept = [2023-10-26]'),
    ),
    Rule(
        # Mondays from 8 January 2024: the 15th is one of them already.
        "also-an-occurrence-timed",
        """
        [events.x]
        title = "Network call"
        start = 2024-01-08T10:00:00
        timezone = "Europe/Paris"
        repeat = "FREQ=WEEKLY;COUNT=3"
        also = [2024-01-15, 2024-01-16]
        """,
        warning(
            "also-an-occurrence",
            6,
            "x",
            "also 2024-01-15 10:00 is already an occurrence of the series",
            "remove it from also: feeds leave it out, as some calendar apps would show it twice",
        ),
        ("2024-01-15, ", ""),
    ),
    Rule(
        "also-an-occurrence-all-day",
        """
        [events.x]
        title = "Network day"
        start = 2024-01-08
        repeat = "FREQ=WEEKLY;COUNT=3"
        also = [2024-01-16, 2024-01-22]
        """,
        warning(
            "also-an-occurrence",
            5,
            "x",
            "also 2024-01-22 is already an occurrence of the series",
            "remove it from also: feeds leave it out, as some calendar apps would show it twice",
        ),
        (", 2024-01-22", ""),
    ),
    Rule(
        # Santiago springs forward at 24:00 on 7 September 2019: 23:30 -04 plus 1 h 30 is
        # 02:00 -03, two and a half hours by the clock.
        "length-across-a-change",
        """
        [events.x]
        title = "Night call"
        start = 2019-09-07T23:30:00
        duration = "PT1H30M"
        timezone = "America/Santiago"
        repeat = "FREQ=MONTHLY;COUNT=4"
        """,
        warning(
            "length-across-a-change",
            4,
            "x",
            "the first occurrence, 2019-09-07 23:30 to 2019-09-08 02:00, spans a clock change "
            "in America/Santiago: it lasts 1 h 30 but its clock times are 2 h 30 apart, and "
            "some calendar apps give every later occurrence the clock times' length",
            "start the series on another occurrence, start = 2019-10-07T23:30:00, and give "
            "this one an event of its own",
        ),
        ("2019-09-07", "2019-10-07"),
    ),
    Rule(
        # Samoa went from -10 to +14 overnight: 30 December 2011 never was, and its 10:00
        # reads as the 29th's 10:00 (with +14) or the 31st's (with -10).
        "except-on-a-day-that-never-was",
        """
        [events.x]
        title = "Samoa daily"
        start = 2011-12-27T10:00:00
        timezone = "Pacific/Apia"
        repeat = "FREQ=DAILY;COUNT=7"
        except = [2011-12-30]
        """,
        error(
            "local-time-gap",
            6,
            "x",
            "except 2011-12-30 is a day that never was in Pacific/Apia (the clocks skip it "
            "whole), and no calendar app can leave out an occurrence on it: its 10:00 reads "
            "as the occurrence of 2011-12-29 or 2011-12-31",
            "split the series: end this one after 3 occurrences and start another at "
            "2011-12-31T10:00:00",
        ),
        ('COUNT=7"\nexcept = [2011-12-30]', 'COUNT=3"'),
    ),
    Rule(
        # The same series without the except: the lost day's occurrence is in the gap,
        # and the hint goes straight to the split.
        "repeat-on-a-day-that-never-was",
        """
        [events.x]
        title = "Samoa daily"
        start = 2011-12-27T10:00:00
        timezone = "Pacific/Apia"
        repeat = "FREQ=DAILY;COUNT=7"
        """,
        error(
            "local-time-gap",
            5,
            "x",
            "an occurrence of repeat: 2011-12-30 10:00 does not exist (the clocks skip it) "
            "in Pacific/Apia",
            "no except can skip a day the clocks skip whole: split the series, end this one "
            "after 3 occurrences and start another at 2011-12-31T10:00:00",
        ),
        ("COUNT=7", "COUNT=3"),
    ),
]


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in RULES])
def test_series_rule_reports_its_exact_finding(rule: Rule) -> None:
    assert findings(rule.snippet) == [rule.finding]


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in RULES])
def test_series_rule_passes_once_fixed(rule: Rule) -> None:
    assert findings(rule.fixed) == []


def test_the_santiago_change_is_where_tzdata_puts_it() -> None:
    tz = tzdata_zone("America/Santiago")
    start = datetime(2019, 9, 7, 23, 30, tzinfo=tz)
    end = (start.astimezone(UTC) + timedelta(minutes=90)).astimezone(tz)
    assert end.replace(tzinfo=None) == datetime(2019, 9, 8, 2, 0)
    later = datetime(2019, 10, 7, 23, 30, tzinfo=tz)
    later_end = (later.astimezone(UTC) + timedelta(minutes=90)).astimezone(tz)
    assert later_end.replace(tzinfo=None) - later.replace(tzinfo=None) == timedelta(minutes=90)


def test_samoas_lost_day_is_where_tzdata_puts_it() -> None:
    tz = tzdata_zone("Pacific/Apia")
    lost = datetime(2011, 12, 30, 10)
    assert not exists_once(lost, "Pacific/Apia")
    readings = {lost.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)}
    days = {datetime(2011, 12, d, 10, tzinfo=tz).astimezone(UTC) for d in (29, 31)}
    assert readings == days


def test_the_cairo_fold_is_where_tzdata_puts_it() -> None:
    first = datetime(2015, 1, 1, 23, 30)
    days = [first + timedelta(days=n) for n in range((datetime(2023, 11, 1) - first).days)]
    failing = [d for d in days if not exists_once(d, "Africa/Cairo")]
    assert failing == [datetime(2023, 10, 26, 23, 30)]
    assert days.index(failing[0]) == 3220  # 3,220 occurrences before it


SANTIAGO = """
[events.x]
title = "Night call"
start = 2024-01-01T00:30:00
timezone = "America/Santiago"
repeat = "FREQ=DAILY{end}"
except = [2024-09-08, 2025-09-07, 2026-09-06]
"""


def santiago_gaps(until: datetime) -> list[datetime]:
    """Every day's 00:30 in Santiago that does not exist, from 2024 to `until`."""
    first = datetime(2024, 1, 1, 0, 30)
    days = (first + timedelta(days=n) for n in range((until - first).days + 1))
    return [d for d in days if d <= until and not exists_once(d, "America/Santiago")]


def test_every_gap_of_a_bounded_series_is_found_however_late() -> None:
    """Santiago springs forward at 24:00 on the first Saturday of September: the three
    excepted years pass, and the three after them are each an error on the `repeat` line
    (far past the thousand occurrences that used to be looked at)."""
    gaps = santiago_gaps(datetime(2030, 1, 1))
    excepted = [datetime(2024, 9, 8, 0, 30), datetime(2025, 9, 7, 0, 30)]
    assert gaps[:3] == [*excepted, datetime(2026, 9, 6, 0, 30)]
    expected = [
        error(
            "local-time-gap",
            5,
            "x",
            f"an occurrence of repeat: {wall:%Y-%m-%d %H:%M} does not exist (the clocks "
            "skip it) in America/Santiago",
            f"skip it with except = [{wall:%Y-%m-%d}], or move the series",
        )
        for wall in gaps[3:]
    ]
    assert len(expected) == 3
    assert findings(SANTIAGO.format(end=";UNTIL=20300101T000000Z")) == expected


def test_an_endless_series_is_checked_as_far_as_its_vtimezone_reaches() -> None:
    """A series without end is read to the end of 2100, as far as its VTIMEZONE lists
    changes: the first three gaps are shown, the rest counted, the last named."""
    gaps = santiago_gaps(datetime(2100, 12, 31, 23, 59))[3:]
    found = findings(SANTIAGO.format(end=""))
    assert [f.message for f in found[:3]] == [
        f"an occurrence of repeat: {wall:%Y-%m-%d %H:%M} does not exist (the clocks skip "
        "it) in America/Santiago"
        for wall in gaps[:3]
    ]
    assert found[3:] == [
        error(
            "local-time-gap",
            5,
            "x",
            f"{len(gaps) - 3} more occurrences of repeat do not exist or exist twice in "
            f"America/Santiago, the last on {gaps[-1]:%Y-%m-%d %H:%M}",
            "skip them, give the series an end or move the series",
        )
    ]


def test_an_except_far_into_a_series_is_checked_too() -> None:
    """Thursdays from 2024: an `except` in 2050 on a Wednesday is the 1,374th week."""
    snippet = """
    [events.x]
    title = "Network call"
    start = 2024-01-04T10:00:00
    timezone = "Europe/Paris"
    repeat = "FREQ=WEEKLY"
    except = [2050-05-04]
    """
    thursdays = rrulestr("RRULE:FREQ=WEEKLY", dtstart=datetime(2024, 1, 4, 10))
    near = [d for d in itertools.islice(thursdays, 1400) if abs(d - datetime(2050, 5, 4)).days < 7]
    assert [f"{d:%Y-%m-%d %H:%M}" for d in near] == ["2050-04-28 10:00", "2050-05-05 10:00"]
    assert findings(textwrap.dedent(snippet)) == [
        error(
            "except-not-an-occurrence",
            6,
            "x",
            "except 2050-05-04 10:00 is not an occurrence of the series",
            "the nearest occurrences are 2050-04-28 10:00 and 2050-05-05 10:00",
        )
    ]
