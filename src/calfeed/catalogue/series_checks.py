"""What `check` asks of a series as a whole, beyond its rule being valid: a start the
rule gives, and an instant for every occurrence however far into the series, each `except`
an occurrence, each `also` not one already, a first occurrence whose length its clock
times keep.

A series is read where it can go wrong (at its zone's changes, at each date named), with
`catalogue.expansion`, never occurrence by occurrence from the start.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from dateutil.rrule import rrulestr

from calfeed.catalogue.expansion import Expansion
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import LOCAL_TIME_CODES
from calfeed.errors import Code
from calfeed.model import Timed
from calfeed.tz import LocalTimeError, load_zone, resolve_local_time, transitions

ENDLESS_REACH = datetime(2101, 1, 1, tzinfo=UTC)
"""How far a series without end is checked: as far as its VTIMEZONE lists changes for a
rule no RRULE can express (`tz.vtimezone`), beyond which tzdata's rules are only a forecast."""
SHOWN = 3
"""Occurrences in gaps or folds reported one by one; the rest are counted in one more."""
_TICK = timedelta(seconds=1)


def already(
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
        f"also {wall_text(wall, timed=timed)} is already an occurrence of the series",
        "remove it from also: feeds leave it out, as some calendar apps would show it twice",
    )
    return True


def starts_its_rule(
    findings: Findings, where: TablePath, series: Expansion, *, timed: bool
) -> bool:
    """RFC 5545 counts DTSTART as an occurrence whether or not the rule gives it, and
    readers differ on whether they do (vobject drops one at the end of a COUNT): a start
    the rule does not give is refused, with the rule's own first occurrence."""
    opening, first = series.opening, series.first
    if opening is not None and opening.replace(tzinfo=None) == first.replace(tzinfo=None):
        return True
    said = wall_text(first.replace(tzinfo=None), timed=timed)
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


def pinned_in_a_gap(
    findings: Findings, where: TablePath, rule: str, wall: datetime, zone: str
) -> None:
    """A series repeats the wall time of its start; one in a gap that an offset pins to an
    instant would be written at the hour after it, and every later occurrence with it."""
    tz = load_zone(zone)
    later = rrulestr(f"RRULE:{rule}", dtstart=wall.replace(tzinfo=tz), cache=False)
    following = [w for w in later.xafter(wall.replace(tzinfo=tz), count=8) if exists(w, zone)]
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


def length_kept(
    findings: Findings, where: TablePath, key: str, series: Expansion, timed: Timed
) -> None:
    """A first occurrence across a clock change lasts another time than its clock times
    say; some calendar apps (python icalendar, `ical`, vobject) give every later occurrence
    the clock times' difference from DTEND, and with a DURATION instead others misread the
    first. No encoding is right in every app, so `check` suggests starting elsewhere."""
    if timed.end is None:
        return
    exact = timed.end.astimezone(UTC) - timed.start.astimezone(UTC)
    if wall_length(timed.start, exact, timed.zone) == exact:
        return
    tz = load_zone(timed.zone)
    start, end = timed.start.astimezone(tz), timed.end.astimezone(tz)
    wall = start
    for _ in range(24):
        later = series.after(wall)
        if later is None or (exists(later, timed.zone) and not spans(later, exact, timed)):
            break
        wall = later
    move = (
        "start the series on another occurrence, "
        f"start = {later.replace(tzinfo=None):%Y-%m-%dT%H:%M:%S}, and give this one an "
        "event of its own"
        if later is not None
        else "give this occurrence an event of its own"
    )
    findings.warn(
        Code.LENGTH_ACROSS_A_CHANGE,
        where,
        key,
        f"the first occurrence, {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}, spans a "
        f"clock change in {timed.zone}: it lasts {hours(exact)} but its clock times are "
        f"{hours(wall_length(timed.start, exact, timed.zone))} apart, and some calendar "
        "apps give every later occurrence the clock times' length",
        move,
    )


def wall_length(start: datetime, exact: timedelta, zone: str) -> timedelta:
    """The difference of the clock times of an occurrence from `start` lasting `exact`."""
    tz = load_zone(zone)
    first = start.astimezone(tz)
    last = (first.astimezone(UTC) + exact).astimezone(tz)
    return last.replace(tzinfo=None) - first.replace(tzinfo=None)


def spans(wall: datetime, exact: timedelta, timed: Timed) -> bool:
    start = resolve_local_time(wall.replace(tzinfo=None), timed.zone)
    return wall_length(start, exact, timed.zone) != exact


def hours(length: timedelta) -> str:
    hours, seconds = divmod(int(length.total_seconds()), 3600)
    minutes = seconds // 60
    return f"{hours} h {minutes:02d}" if minutes else f"{hours} h"


def exists(wall: datetime, zone: str) -> bool:
    try:
        resolve_local_time(wall.replace(tzinfo=None), zone)
    except LocalTimeError:
        return False
    return True


def no_lost_day(
    findings: Findings,
    where: TablePath,
    series: Expansion,
    zone: str,
    excepted: tuple[datetime, ...],
) -> None:
    """An occurrence on a day the clocks skip whole (Samoa's 2011-12-30) cannot be left
    out: no EXDATE names it, since its wall time read with the offset before or after the
    jump is the instant of the next or the previous day's occurrence, and an EXDATE
    there takes that real one away in the readers that read it so (and without one,
    `ical` shows the day before twice). The series has to be split around it."""
    for wall in sorted(set(excepted)):
        try:
            resolve_local_time(wall, zone)
            continue
        except LocalTimeError as problem:
            if problem.kind != "gap":
                continue
        found = _lost_day(series, wall, zone)
        if found is None:
            continue
        others, split = found
        findings.error(
            Code.LOCAL_TIME_GAP,
            where,
            "except",
            f"except {wall:%Y-%m-%d} is a day that never was in {zone} (the clocks skip it "
            f"whole), and no calendar app can leave out an occurrence on it: its "
            f"{wall:%H:%M} reads as the occurrence of {others}",
            f"split the series: {split}",
        )


def _lost_day(series: Expansion, wall: datetime, zone: str) -> tuple[str, str] | None:
    """For an occurrence in a gap whose readings are other occurrences (a day the clocks
    skip whole): those occurrences' dates, and the split that avoids it. None otherwise."""
    tz = load_zone(zone)
    readings = [wall.replace(tzinfo=tz, fold=f).astimezone(UTC).astimezone(tz) for f in (0, 1)]
    others = sorted(
        r.replace(tzinfo=None)
        for r in readings
        if series.occurs(r) and r.replace(tzinfo=None) != wall
    )
    if not others:
        return None
    before = series.between(series.first, (wall - _TICK).replace(tzinfo=tz))
    after = series.after(wall.replace(tzinfo=tz))
    restart = f" and start another at {after:%Y-%m-%dT%H:%M:%S}" if after else ""
    split = f"end this one after {len(before)} occurrences{restart}"
    return " or ".join(f"{o:%Y-%m-%d}" for o in others), split


def occurrences_exist(
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
        lost = _lost_day(series, wall, zone) if problem.kind == "gap" else None
        if lost is not None:
            hint = f"no except can skip a day the clocks skip whole: split the series, {lost[1]}"
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


def each_excepted_is_an_occurrence(
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
        shown = [wall_text(w.replace(tzinfo=None), timed=timed) for w in near]
        findings.error(
            Code.EXCEPT_NOT_AN_OCCURRENCE,
            where,
            "except",
            f"except {wall_text(wall, timed=timed)} is not an occurrence of the series",
            "the nearest occurrences are " + " and ".join(shown)
            if shown
            else "the series has no occurrence near it",
        )


def wall_text(wall: datetime, *, timed: bool) -> str:
    return f"{wall:%Y-%m-%d %H:%M}" if timed else f"{wall:%Y-%m-%d}"
