"""VTIMEZONE components built from the exact transitions of the pinned tzdata.

Why not icalendar's `Timezone.from_tzinfo`: it finds transitions by stepping through the
zone 64 days at a time, so a period shorter than that (Fiji's four-week DST season of
2020-21, Morocco's Ramadan months) can vanish; it writes a spring-forward onset in the
offset *after* the change, an hour late by RFC 5545's reading; and it lists one-off changes
as one comma-separated RDATE, which some clients misread.

Here every transition comes from `calfeed.tz.tzif` (the TZif file itself), and the
component has a shape the readers we test (and the clients they stand for) all read:

* the observance in force at the start of the padded span comes first, so a zone with no
  change in the span still has one valid observance (TZOFFSETFROM = TZOFFSETTO, except
  for a DAYLIGHT one, which comes from the standard offset it later returns to);
* a run of three or more yearly changes on the same "nth or last weekday of a month at the
  same wall time" that is still going at the end of the span becomes one component with
  an open-ended `RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..`;
* every other change (a one-off, or a rule that stopped) is listed as a one-off: one
  component per observance, DTSTART its first onset and one RDATE line per onset, the
  first included. No UNTIL is written: RFC 5545 wants it in UTC against a local DTSTART,
  and dateutil's `rrulestr` and the `ical` package refuse exactly that combination
  (dateutil issue #1006). Nor a DTSTART-only component: `ical` ignores DTSTART when it
  expands an observance, so the onset must also be an RDATE;
* DTSTART and RDATE are onsets in local time as the offset *before* the change reads it
  (RFC 5545 §3.6.5), without TZID or Z.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from calfeed.tz.tzif import Transition, offset_at, transitions

__all__ = ["build_vtimezone"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_LOOKAHEAD = timedelta(days=400)
"""How far past the span to look to tell a rule that goes on from one that stops."""
_MIN_RUN = 3
_SECOND = timedelta(seconds=1)

_Pattern = tuple[int, int, int, time]
"""(month, nth weekday or -1 for the last, weekday Monday=0, wall time of day)."""


@dataclass(frozen=True, order=True)
class _Observance:
    """What a VTIMEZONE sub-component says apart from its onsets."""

    is_dst: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str


@dataclass
class _Run:
    """Changes of one observance in consecutive years on a common weekday pattern."""

    observance: _Observance
    members: list[Transition]
    patterns: frozenset[_Pattern]
    last_year: int


def _wall_with_offset(moment: datetime, offset: timedelta) -> datetime:
    """The naive local wall time of `moment` read with `offset`."""
    return (moment.astimezone(UTC) + offset).replace(tzinfo=None)


def _patterns(wall: datetime) -> frozenset[_Pattern]:
    """Every BYDAY form a yearly rule could use to land on `wall`'s date."""
    nth = (wall.day - 1) // 7 + 1
    found = {(wall.month, nth, wall.weekday(), wall.time())}
    if wall.day + 7 > calendar.monthrange(wall.year, wall.month)[1]:
        found.add((wall.month, -1, wall.weekday(), wall.time()))
    return frozenset(found)


def _local_new_year(zone: str, year: int) -> datetime:
    """The instant of local midnight starting `year` (UTC midnight when a change falls on
    that very night), so the first DTSTART reads as a plain 00:00:00."""
    utc_midnight = datetime(year, 1, 1, tzinfo=UTC)
    offset = offset_at(zone, utc_midnight)[0]
    local = utc_midnight - offset
    return local if offset_at(zone, local)[0] == offset else utc_midnight


def _padded_span(zone: str, start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """From local Jan 1 of the year before `start` to local Jan 1 two years after `end`:
    clients expand recurring events a little past their first and last dates."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("build_vtimezone takes aware datetimes")
    first = max(start.astimezone(UTC).year - 1, 2)
    last = min(end.astimezone(UTC).year + 2, 9998)
    return _local_new_year(zone, first), _local_new_year(zone, last)


def _daylight_flags(states: list[tuple[timedelta, bool]]) -> list[bool]:
    """Which states (offset, tzdata isdst) to write as DAYLIGHT.

    tzdata's isdst, except around negative DST (Europe/Dublin's winter GMT and Morocco's
    Ramadan +00 are isdst states one hour *below* standard time): there the roles swap, as
    in tzdata's rearguard format and the published Windows/Outlook zones. Readers derive
    the DST amount from DAYLIGHT minus its neighbouring STANDARD (`icalendar` via dateutil,
    the `ical` package), and with a negative amount both convert UTC to local time an hour
    wrong next to every change.
    """

    def neighbours(i: int) -> list[int]:
        return [j for j in (i - 1, i + 1) if 0 <= j < len(states)]

    negative = [False] * len(states)
    for i, (offset, is_dst) in enumerate(states):
        standard = [states[j][0] for j in neighbours(i) if not states[j][1]]
        negative[i] = is_dst and bool(standard) and offset < standard[0]
    flags = [
        not negative[i] if is_dst else any(negative[j] for j in neighbours(i))
        for i, (_, is_dst) in enumerate(states)
    ]
    # A DAYLIGHT entered from DAYLIGHT at another offset (Samoa's -10 -> +14 across the
    # date line in 2011) would give those readers a "DST amount" of a whole day, which
    # dateutil refuses outright when converting UTC times; it is written as STANDARD.
    return [
        flag and not (i and flags[i - 1] and states[i][0] != states[i - 1][0])
        for i, flag in enumerate(flags)
    ]


def _runs(found: tuple[Transition, ...], daylight: list[bool]) -> list[_Run]:
    """Chain each change to a run of its observance from the year before, when both fall
    on a common weekday pattern; otherwise it starts a run of its own."""
    runs: list[_Run] = []
    open_runs: dict[_Observance, list[_Run]] = {}
    for change, is_daylight in zip(found, daylight, strict=True):
        observance = _Observance(
            is_daylight, change.offset_before, change.offset_after, change.abbreviation
        )
        wall = _wall_with_offset(change.at, change.offset_before)
        patterns = _patterns(wall)
        for run in open_runs.get(observance, []):
            common = run.patterns & patterns
            if run.last_year == wall.year - 1 and common:
                run.members.append(change)
                run.patterns = common
                run.last_year = wall.year
                break
        else:
            run = _Run(observance, [change], patterns, wall.year)
            runs.append(run)
            open_runs.setdefault(observance, []).append(run)
    return runs


def _rule(patterns: frozenset[_Pattern]) -> vRecur:
    """The RRULE of a run: "last" preferred to "4th"/"5th" where both fit every member,
    as the common rules (EU: last Sunday) are written that way."""
    month, nth, weekday, _ = min(patterns, key=lambda p: (p[1] != -1, p[1]))
    return vRecur({"FREQ": "YEARLY", "BYMONTH": month, "BYDAY": f"{nth}{_WEEKDAYS[weekday]}"})


def _component(
    observance: _Observance, onsets: list[datetime], rule: vRecur | None
) -> TimezoneStandard | TimezoneDaylight:
    """A STANDARD or DAYLIGHT component; with a rule, its first onset only, else every
    onset as its own RDATE line."""
    component = TimezoneDaylight() if observance.is_dst else TimezoneStandard()
    walls = [_wall_with_offset(onset, observance.offset_from) for onset in onsets]
    component.add("DTSTART", walls[0])
    if rule is not None:
        component.add("RRULE", rule)
    else:
        for wall in walls:
            component.add("RDATE", wall)  # one call, one line: never comma-separated
    component.add("TZOFFSETFROM", observance.offset_from)
    component.add("TZOFFSETTO", observance.offset_to)
    component.add("TZNAME", observance.name)
    return component


def _observances(zone: str, lo: datetime, found: tuple[Transition, ...]) -> list[bool]:
    """DAYLIGHT or not for the state in force at `lo` and after each change in `found`."""
    offset, _, is_dst = offset_at(zone, lo)
    states = [(offset, is_dst)] + [(t.offset_after, t.is_dst) for t in found]
    earlier = transitions(zone, lo - _LOOKAHEAD, lo + _SECOND)
    if earlier:
        before = offset_at(zone, earlier[-1].at - _SECOND)
        states.insert(0, (before[0], before[2]))
    return _daylight_flags(states)[len(states) - len(found) - 1 :]


def build_vtimezone(zone: str, start: datetime, end: datetime) -> Timezone:
    """The VTIMEZONE of IANA `zone` covering `start`..`end` (aware), padded a year each side.

    Deterministic: the same zone and years give the same bytes, on any machine, since only
    the pinned tzdata package is read. KeyError for a zone tzdata does not have.
    """
    lo, hi = _padded_span(zone, start, end)
    offset, name, _ = offset_at(zone, lo)
    # Changes a year past the span tell a rule that goes on from one that stopped.
    found = tuple(t for t in transitions(zone, lo, hi + _LOOKAHEAD) if t.at > lo)
    daylight = _observances(zone, lo, found)
    # Readers take a DAYLIGHT's TO - FROM as its DST amount, and with FROM = TO they
    # misplace the first fall-back's repeated hour; so a DAYLIGHT in force at the start
    # comes "from" the standard offset it returns to (the onset stays the span start).
    returns_to = [t.offset_after for t, flag in zip(found, daylight[1:], strict=True) if not flag]
    came_from = returns_to[0] if daylight[0] and returns_to else offset
    first = _Observance(daylight[0], came_from, offset, name)
    placed = [(lo, first, _component(first, [lo], None))]
    one_offs: dict[_Observance, list[datetime]] = {}
    for run in _runs(found, daylight[1:]):
        inside = [t.at for t in run.members if t.at < hi]
        if len(inside) >= _MIN_RUN and len(inside) < len(run.members):
            rule = _rule(run.patterns)
            placed.append((inside[0], run.observance, _component(run.observance, inside, rule)))
        else:
            one_offs.setdefault(run.observance, []).extend(inside)
    for observance, onsets in one_offs.items():
        if onsets:
            onsets.sort()
            placed.append((onsets[0], observance, _component(observance, onsets, None)))
    placed.sort(key=lambda p: (p[0], p[1]))
    vtimezone = Timezone()
    vtimezone.add("TZID", zone)
    vtimezone.add("X-LIC-LOCATION", zone)
    for _, _, component in placed:
        vtimezone.add_component(component)
    return vtimezone
