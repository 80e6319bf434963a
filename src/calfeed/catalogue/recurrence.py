"""Series: the `repeat` RRULE, and the `except` and `also` dates.

A timed series repeats its wall time in its own zone, so every occurrence is a local time
like any other: one in a DST gap or fold is an error unless it is skipped.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrule, rrulestr

from calfeed.catalogue import values
from calfeed.catalogue.expansion import Expansion
from calfeed.catalogue.findings import Findings
from calfeed.catalogue.source import TablePath
from calfeed.catalogue.times import LOCAL_TIME_CODES, local
from calfeed.errors import Code
from calfeed.model import AllDay, DayRecurrence, Timed, TimedRecurrence
from calfeed.tz import LocalTimeError, load_zone, resolve_local_time, transitions

ENDLESS_REACH = datetime(2101, 1, 1, tzinfo=UTC)
"""How far a series without end is checked: as far as its VTIMEZONE lists changes for a
rule no RRULE can express (`tz.vtimezone`); tzdata's own rules are guesses past it."""
SHOWN = 3
"""Occurrences in gaps or folds reported one by one; the rest are counted in one more."""
_TICK = timedelta(seconds=1)
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
        _pinned_in_a_gap(findings, where, rule, written.replace(tzinfo=None), timed.zone)
        return None
    if not _starts_its_rule(findings, where, series, timed=True):
        return None
    wall_time = first.time()
    exceptions = tuple(
        wall for d in _dates(table, "except") if (wall := _excepted(findings, where, d, timed))
    )
    _occurrences_exist(findings, where, series, timed.zone, set(exceptions))
    _each_excepted_is_an_occurrence(findings, where, series, exceptions, timed=True)
    additions = tuple(
        when
        for d in _dates(table, "also")
        if (when := local(findings, where, "also", _entry_wall(d, wall_time, d), timed.zone))
        and not _already(findings, where, series, when.astimezone(tz), set(exceptions))
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
    if not _starts_its_rule(findings, where, series, timed=False):
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
    _each_excepted_is_an_occurrence(findings, where, series, walls, timed=False)
    additions = tuple(
        d
        for d in found["also"]
        if not _already(findings, where, series, datetime.combine(d, time()), set(walls))
    )
    return DayRecurrence(rule, found["except"], additions)


def _already(
    findings: Findings,
    where: TablePath,
    series: Expansion,
    when: datetime,
    excepted: set[datetime],
) -> bool:
    """Whether an `also` date is an occurrence the rule gives anyway. ical.js and libical
    show such an RDATE twice, so it is left out of the feed, and `check` says so."""
    wall = when.replace(tzinfo=None)
    if wall in excepted or not series.occurs(wall.replace(tzinfo=series.first.tzinfo)):
        return False
    timed = series.first.tzinfo is not None
    findings.warn(
        Code.ALSO_AN_OCCURRENCE,
        where,
        "also",
        f"also {_wall_text(wall, timed=timed)} is already an occurrence of the series",
        "remove it from also: feeds leave it out, as some calendar apps would show it twice",
    )
    return True


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


def _starts_its_rule(
    findings: Findings, where: TablePath, series: Expansion, *, timed: bool
) -> bool:
    """RFC 5545 counts DTSTART as an occurrence whether or not the rule gives it, and
    readers differ on whether they do (vobject drops one at the end of a COUNT): a start
    the rule does not give is refused, with the rule's own first occurrence."""
    opening, first = series.opening, series.first
    if opening is not None and opening.replace(tzinfo=None) == first.replace(tzinfo=None):
        return True
    said = _wall_text(first.replace(tzinfo=None), timed=timed)
    rule = ";".join(f"{k}={v}" for k, v in series.parts)
    if opening is None:
        hint = "the rule gives no date from the start on: check its COUNT, UNTIL and BY parts"
    else:
        written = f"{opening:%Y-%m-%dT%H:%M:%S}" if timed else f"{opening:%Y-%m-%d}"
        hint = (
            "calendar apps show the start as an extra occurrence: start the series on its "
            f"first occurrence, start = {written}"
        )
    findings.error(
        Code.START_NOT_AN_OCCURRENCE,
        where,
        "start",
        f"start {said} ({first:%A}) is not an occurrence of repeat {rule!r}",
        hint,
    )
    return False


def _pinned_in_a_gap(
    findings: Findings, where: TablePath, rule: str, wall: datetime, zone: str
) -> None:
    """A series repeats the wall time of its start; one in a gap that an offset pins to an
    instant would be written at the hour after it, and every later occurrence with it."""
    tz = load_zone(zone)
    later = rrulestr(f"RRULE:{rule}", dtstart=wall.replace(tzinfo=tz), cache=False)
    following = [w for w in later.xafter(wall.replace(tzinfo=tz), count=8) if _exists(w, zone)]
    move = (
        f"start the series on its next date, start = {following[0]:%Y-%m-%dT%H:%M:%S}, and "
        "give this day an event of its own"
        if following
        else "give this day an event of its own"
    )
    findings.error(
        Code.LOCAL_TIME_GAP,
        where,
        "start",
        f"start {wall:%Y-%m-%d %H:%M} does not exist (the clocks skip it) in {zone}, and a "
        "series repeats its wall time, so an offset cannot stand in for it",
        move,
    )


def _exists(wall: datetime, zone: str) -> bool:
    try:
        resolve_local_time(wall.replace(tzinfo=None), zone)
    except LocalTimeError:
        return False
    return True


def _occurrences_exist(
    findings: Findings,
    where: TablePath,
    series: Expansion,
    zone: str,
    skipped: set[datetime],
) -> None:
    """Every occurrence of a timed series must name one instant, unless skipped. Only a
    wall time the clocks skip or repeat can fail, so the rule is read at each of the
    zone's changes in the series' reach, never occurrence by occurrence."""
    tz = load_zone(zone)
    last = series.last
    reach = ENDLESS_REACH if series.endless or last is None else last.astimezone(UTC)
    start = series.first.astimezone(UTC) - timedelta(days=1)
    failed: list[tuple[datetime, LocalTimeError]] = []
    for change in transitions(zone, start, reach + timedelta(days=1)):
        walls = sorted(
            (change.at + offset).replace(tzinfo=None)
            for offset in (change.offset_before, change.offset_after)
        )
        if walls[0] == walls[1]:
            continue
        for when in series.between(
            walls[0].replace(tzinfo=tz), (walls[1] - _TICK).replace(tzinfo=tz)
        ):
            wall = when.replace(tzinfo=None)
            if wall in skipped or any(wall == w for w, _ in failed):
                continue
            try:
                resolve_local_time(wall, zone)
            except LocalTimeError as wrong:
                failed.append((wall, wrong))
    first = series.first.replace(tzinfo=None)
    for wall, problem in failed[:SHOWN]:
        hint = f"skip it with except = [{wall:%Y-%m-%d}], or move the series"
        if wall == first and problem.kind == "fold":
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
    if len(failed) > SHOWN:
        rest = failed[SHOWN:]
        dates = ", ".join(f"{w:%Y-%m-%d}" for w, _ in rest)
        skip = f"skip them with except = [{dates}]" if len(rest) <= SHOWN * 3 else "skip them"
        end = ", give the series an end" if series.endless else ""
        findings.error(
            LOCAL_TIME_CODES[rest[0][1].kind],
            where,
            "repeat",
            f"{len(rest)} more occurrences of repeat do not exist or exist twice in {zone}, "
            f"the last on {rest[-1][0]:%Y-%m-%d %H:%M}",
            f"{skip}{end} or move the series",
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
    series: Expansion,
    excepted: tuple[datetime, ...],
    *,
    timed: bool,
) -> None:
    """An `except` that names no occurrence does nothing, silently: usually a wrong date or
    time. Each is reported with the occurrences on either side of it."""
    zone = series.first.tzinfo
    for wall in sorted(set(excepted)):
        asked = wall.replace(tzinfo=zone)
        if series.occurs(asked):
            continue
        near = [w for w in (series.before(asked), series.after(asked)) if w is not None]
        shown = [_wall_text(w.replace(tzinfo=None), timed=timed) for w in near]
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
