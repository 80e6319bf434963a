"""Series: the `repeat` RRULE, and the `except` and `also` dates.

A timed series repeats its wall time in its own zone, so every occurrence is a local time
like any other: one in a DST gap or fold is an error unless it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time

from dateutil.rrule import rrulestr

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings
from calfeed.catalogue.source import TablePath
from calfeed.catalogue.times import LOCAL_TIME_CODES, local
from calfeed.errors import Code
from calfeed.model import AllDay, DayRecurrence, Timed, TimedRecurrence
from calfeed.tz import LocalTimeError, load_zone, resolve_local_time

PROBE = 1000
"""Occurrences of a `repeat` rule checked for gaps and folds: years of weekly meetings."""
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


def timed_recurrence(
    findings: Findings, where: TablePath, table: Mapping[str, object], timed: Timed
) -> TimedRecurrence | None:
    """The series of a timed event, or None if it has none (or its rule is wrong)."""
    rule = rule_text(findings, where, table)
    if rule is None:
        return None
    tz = load_zone(timed.zone)
    first = timed.start.astimezone(tz)
    occurrences = _expand(findings, where, rule, first, timed=True)
    if occurrences is None:
        return None
    wall_time = first.time()
    skipped = {_entry_wall(d, wall_time) for d in _dates(table, "except")}
    _occurrences_exist(findings, where, occurrences, timed.zone, skipped)
    exceptions = tuple(
        when for d in _dates(table, "except") for when in _excepted(findings, where, d, timed)
    )
    additions = tuple(
        when
        for d in _dates(table, "also")
        if (when := local(findings, where, "also", _entry_wall(d, wall_time, d), timed.zone))
    )
    return TimedRecurrence(rule, exceptions, additions)


def day_recurrence(
    findings: Findings, where: TablePath, table: Mapping[str, object], days: AllDay
) -> DayRecurrence | None:
    """The series of an all-day event: dates only."""
    rule = rule_text(findings, where, table)
    if rule is None:
        return None
    if _expand(findings, where, rule, datetime.combine(days.first, time()), timed=False) is None:
        return None
    found: dict[str, tuple[date, ...]] = {}
    for key in ("except", "also"):
        for value in _dates(table, key):
            if isinstance(value, datetime):
                findings.error(
                    Code.WRONG_TYPE, where, key, f"{key!r} of an all-day event takes dates"
                )
        found[key] = tuple(d for d in _dates(table, key) if not isinstance(d, datetime))
    return DayRecurrence(rule, found["except"], found["also"])


def _expand(
    findings: Findings, where: TablePath, rule: str, first: datetime, *, timed: bool
) -> Iterable[datetime] | None:
    """The rule's occurrences from `first`, or None with a finding if it is not valid."""
    problem = _rule_problem(rule, timed=timed)
    if problem is None:
        try:
            return rrulestr(f"RRULE:{rule}", dtstart=first, cache=False)
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


def _occurrences_exist(
    findings: Findings,
    where: TablePath,
    occurrences: Iterable[datetime],
    zone: str,
    skipped: set[datetime],
) -> None:
    """Every occurrence of a timed series must name one instant, unless skipped."""
    for count, when in enumerate(occurrences):
        wall = when.replace(tzinfo=None)
        if count >= PROBE:
            break
        if wall in skipped:
            continue
        try:
            resolve_local_time(wall, zone)
        except LocalTimeError as problem:
            findings.error(
                LOCAL_TIME_CODES[problem.kind],
                where,
                "repeat",
                f"an occurrence of repeat: {problem}",
                f"skip it with except = [{wall:%Y-%m-%d}], or move the series",
            )


def _excepted(
    findings: Findings, where: TablePath, value: date, timed: Timed
) -> tuple[datetime, ...]:
    """The instants an `except` entry removes (none if it is wrong)."""
    wall = _entry_wall(value, timed.start.astimezone(load_zone(timed.zone)).time())
    pinned = value.utcoffset() if isinstance(value, datetime) else None
    try:
        return (resolve_local_time(wall, timed.zone, pinned),)
    except LocalTimeError as problem:
        if problem.kind == "gap":
            # The series' own occurrence in a gap: RFC 5545 3.3.5 reads it with the offset
            # before the change (the later wall time), ical.js, icalendar and ical with the
            # offset after. Exclude both readings: the wall time as written, and the RFC's
            # instant.
            return (wall.replace(tzinfo=load_zone(timed.zone)), problem.candidates[-1])
    resolved = local(findings, where, "except", _entry_wall(value, wall.time(), value), timed.zone)
    return (resolved,) if resolved is not None else ()


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
