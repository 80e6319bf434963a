"""Series: the `repeat` RRULE, and the `except` and `also` dates.

A timed series repeats its wall time in its own zone, so every occurrence is a local time
like any other: one in a DST gap or fold is an error unless it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from dateutil.rrule import rrule, rrulestr

from calfeed.catalogue import series_checks as checks
from calfeed.catalogue import values
from calfeed.catalogue.expansion import Expansion
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import local
from calfeed.errors import Code
from calfeed.model import AllDay, DayRecurrence, Timed, TimedRecurrence
from calfeed.tz import LocalTimeError, load_zone, resolve_local_time

_RULE_PART = re.compile(r"^[A-Z]+=[^;=]+$")


def rule_text(findings: Findings, where: TablePath, table: Mapping[str, object]) -> str | None:
    """The `repeat` value without an `RRULE:` prefix; `except` and `also` need one."""
    rule = table.get("repeat")
    if isinstance(rule, str):
        return values.text(findings, where, "repeat", rule, one_line=True).removeprefix("RRULE:")
    for key in ("except", "also"):
        if key in table:
            findings.error(
                Code.DATES_WITHOUT_REPEAT,
                where,
                key,
                f"{key!r} needs a repeat rule",
                "add repeat = ... or remove it",
            )
    return None


def rule_form(findings: Findings, where: TablePath, table: Mapping[str, object]) -> None:
    """The `repeat` rule of a timed event whose start names no instant (a DST gap or
    fold, an unknown zone), checked on its own: whether it is a valid RRULE does not
    depend on the first occurrence, which any instant stands in for."""
    rule = rule_text(findings, where, table)
    if rule is not None:
        _expand(findings, where, rule, datetime(2000, 1, 1, tzinfo=UTC), timed=True)


def timed_recurrence(
    findings: Findings, where: TablePath, table: Mapping[str, object], timed: Timed
) -> TimedRecurrence | None:
    """The series of a timed event, or None if it has none (or its rule is wrong)."""
    rule = rule_text(findings, where, table)
    if rule is None:
        return None
    tz = load_zone(timed.zone)
    first = timed.start.astimezone(tz)
    expanded = _expand(findings, where, rule, first, timed=True)
    if expanded is None:
        return None
    series = Expansion.of(expanded, rule, first)
    written = table.get("start")
    if isinstance(written, datetime) and written.replace(tzinfo=None) != first.replace(tzinfo=None):
        checks.pinned_in_a_gap(findings, where, rule, written.replace(tzinfo=None), timed.zone)
        return None
    if not checks.starts_its_rule(findings, where, series, timed=True):
        return None
    wall_time = first.time()
    exceptions = tuple(
        wall for d in _dates(table, "except") if (wall := _excepted(findings, where, d, timed))
    )
    checks.occurrences_exist(findings, where, series, timed.zone, set(exceptions))
    checks.no_lost_day(findings, where, series, timed.zone, exceptions)
    checks.length_kept(findings, where, "duration" if "duration" in table else "end", series, timed)
    checks.each_excepted_is_an_occurrence(findings, where, series, exceptions, timed=True)
    additions = tuple(
        when
        for d in _dates(table, "also")
        if (when := local(findings, where, "also", _entry_wall(d, wall_time, d), timed.zone))
        and not checks.already(findings, where, series, when.astimezone(tz), set(exceptions))
    )
    return TimedRecurrence(rule, exceptions, additions)


def day_recurrence(
    findings: Findings, where: TablePath, table: Mapping[str, object], days: AllDay
) -> DayRecurrence | None:
    """The series of an all-day event: dates only."""
    rule = rule_text(findings, where, table)
    if rule is None:
        return None
    first = datetime.combine(days.first, time())
    expanded = _expand(findings, where, rule, first, timed=False)
    if expanded is None:
        return None
    series = Expansion.of(expanded, rule, first)
    if not checks.starts_its_rule(findings, where, series, timed=False):
        return None
    found: dict[str, tuple[date, ...]] = {}
    for key in ("except", "also"):
        for value in _dates(table, key):
            if isinstance(value, datetime):
                findings.error(
                    Code.WRONG_TYPE, where, key, f"{key!r} of an all-day event takes dates"
                )
        found[key] = tuple(d for d in _dates(table, key) if not isinstance(d, datetime))
    walls = tuple(datetime.combine(d, time()) for d in found["except"])
    checks.each_excepted_is_an_occurrence(findings, where, series, walls, timed=False)
    additions = tuple(
        d
        for d in found["also"]
        if not checks.already(findings, where, series, datetime.combine(d, time()), set(walls))
    )
    return DayRecurrence(rule, found["except"], additions)


def _expand(
    findings: Findings, where: TablePath, rule: str, first: datetime, *, timed: bool
) -> rrule | None:
    """The rule's occurrences from `first`, or None with a finding if it is not valid."""
    problem = _rule_problem(rule, timed=timed)
    if problem is None:
        try:
            expanded = rrulestr(f"RRULE:{rule}", dtstart=first, cache=False)
            assert isinstance(expanded, rrule)
            return expanded
        except (ValueError, TypeError) as error:
            problem = str(error)
    findings.error(
        Code.BAD_REPEAT,
        where,
        "repeat",
        f"repeat {rule!r} is not a valid RRULE: {problem}",
        'write e.g. "FREQ=WEEKLY;BYDAY=WE;COUNT=6"',
    )
    return None


def _excepted(findings: Findings, where: TablePath, value: date, timed: Timed) -> datetime | None:
    """The wall time of the occurrence an `except` entry names (None if it is wrong): a bare
    date takes the series' time of day. An offset on a date-time must be one the zone has
    then; whether the wall time exists once, twice or not at all does not matter, since it
    names the rule's occurrence, which the feed excludes in every reading."""
    wall = _entry_wall(value, timed.start.astimezone(load_zone(timed.zone)).time())
    if isinstance(value, datetime) and value.utcoffset() is not None:
        try:
            resolve_local_time(wall, timed.zone, value.utcoffset())
        except LocalTimeError as problem:
            if problem.kind == "offset":
                local(findings, where, "except", value, timed.zone)
                return None
    return wall


def _entry_wall(value: date, time_of_day: time, pinned: date | None = None) -> datetime:
    """An `except`/`also` entry as the wall time it names: a bare date takes the series'
    own time of day. With `pinned`, a date-time keeps its offset for `local` to check."""
    if isinstance(value, datetime):
        return value if pinned is not None else value.replace(tzinfo=None)
    return datetime.combine(value, time_of_day)


def _dates(table: Mapping[str, object], key: str) -> list[date]:
    value = table.get(key, [])
    assert isinstance(value, list)
    return [d for d in value if isinstance(d, date)]


def _rule_problem(rule: str, *, timed: bool) -> str | None:
    """What RFC 5545 3.3.10 forbids that dateutil lets through, or None."""
    parts = rule.upper().split(";")
    if not all(_RULE_PART.match(p) for p in parts):
        return "write NAME=VALUE pairs separated by ;"
    named = dict(p.split("=", 1) for p in parts)
    if "COUNT" in named and "UNTIL" in named:
        return "COUNT and UNTIL cannot both be given"
    until = named.get("UNTIL")
    if until is not None and timed and not re.fullmatch(r"\d{8}T\d{6}Z", until):
        return "a timed event's UNTIL must be a UTC date-time such as 20211231T235959Z"
    if until is not None and not timed and not re.fullmatch(r"\d{8}", until):
        return "an all-day event's UNTIL must be a date such as 20211231"
    return None
