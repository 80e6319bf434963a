"""Series: the `repeat` RRULE, and the `except` and `also` dates.

A timed series repeats its wall time in its own zone, so every occurrence is a local time
like any other: one in a DST gap or fold is an error unless it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time

from dateutil.rrule import rrulestr

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings, TablePath
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
    occurrences = _expand(findings, where, rule, first, timed=True)
    if occurrences is None:
        return None
    wall_time = first.time()
    exceptions = tuple(
        wall for d in _dates(table, "except") if (wall := _excepted(findings, where, d, timed))
    )
    _occurrences_exist(findings, where, occurrences, timed.zone, set(exceptions))
    _each_excepted_is_an_occurrence(
        findings, where, (o.replace(tzinfo=None) for o in occurrences), exceptions, timed=True
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
    occurrences = _expand(findings, where, rule, datetime.combine(days.first, time()), timed=False)
    if occurrences is None:
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
    _each_excepted_is_an_occurrence(findings, where, occurrences, walls, timed=False)
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
            hint = f"skip it with except = [{wall:%Y-%m-%d}], or move the series"
            if count == 0 and problem.kind == "fold":
                hint = (
                    "calendar apps differ on which of the two a series starts at, even "
                    f"with an offset: skip it with except = [{wall:%Y-%m-%d}] (and give it "
                    "an event of its own), or start the series on its next date"
                )
            findings.error(
                LOCAL_TIME_CODES[problem.kind],
                where,
                "repeat",
                f"an occurrence of repeat: {problem}",
                hint,
            )


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


def _each_excepted_is_an_occurrence(
    findings: Findings,
    where: TablePath,
    walls: Iterable[datetime],
    excepted: tuple[datetime, ...],
    *,
    timed: bool,
) -> None:
    """An `except` that names no occurrence does nothing, silently: usually a wrong date or
    time. Each is reported with the occurrences on either side of it."""
    missing = sorted(set(excepted))
    if not missing:
        return
    seen: list[datetime] = []
    for wall in walls:
        seen.append(wall)
        if len(seen) > PROBE or wall > missing[-1]:
            break
    occurring = set(seen)
    for wall in missing:
        if wall in occurring or (len(seen) > PROBE and wall > seen[-1]):
            continue  # beyond what was expanded: not known to be wrong
        before = [w for w in seen if w < wall][-1:]
        after = [w for w in seen if w > wall][:1]
        shown = [_wall_text(w, timed=timed) for w in (*before, *after)]
        findings.error(
            Code.EXCEPT_NOT_AN_OCCURRENCE,
            where,
            "except",
            f"except {_wall_text(wall, timed=timed)} is not an occurrence of the series",
            "the nearest occurrences are " + " and ".join(shown)
            if shown
            else "the series has no occurrence near it",
        )


def _wall_text(wall: datetime, *, timed: bool) -> str:
    return f"{wall:%Y-%m-%d %H:%M}" if timed else f"{wall:%Y-%m-%d}"


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
