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
* every change tzdata lists outright (its explicit table) inside the span is a one-off:
  one component per observance, DTSTART its first onset and one RDATE line per onset, the
  first included. Nor a DTSTART-only component: `ical` ignores DTSTART when it expands an
  observance, so the onset must also be an RDATE;
* where the span runs past the table, the footer's two yearly changes follow as
  open-ended `RRULE:FREQ=YEARLY` components derived from the POSIX rule itself
  (`calfeed.tz.yearly`), never inferred from a few years of instants, so readers stay
  right for as long as tzdata's rules hold. A change whose days cross a month's end
  (Africa/Cairo's Friday after the last Thursday of October, 26-31 October or 1 November)
  would need two RRULE components for one transition, of which a client that keeps one
  observance per offset change may keep either: it is listed as RDATEs in one component
  instead, like a rule no RRULE can express. No UNTIL is written: RFC 5545 wants it in UTC
  against a local DTSTART, and dateutil's `rrulestr` and the `ical` package refuse exactly
  that combination (dateutil issue #1006). A rule date no yearly RRULE can express (none
  in tzdata 2026f) is listed as RDATEs instead, to the span's end or, for an endless span,
  to the end of 2100: past that such a zone would be wrong;
* DTSTART and RDATE are onsets in local time as the offset *before* the change reads it
  (RFC 5545 §3.6.5), without TZID or Z;
* no X-LIC-LOCATION: it invites libical and Evolution to prefer their built-in zone of
  that name over the feed's own VTIMEZONE, and no reader tested needs it.

An endless span (a series with neither COUNT nor UNTIL) reaches to the table's end, with
every change tzdata lists after its start, and then the footer's rules.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from calfeed.tz.posix import YearlyChange
from calfeed.tz.tzif import Transition, footer, offset_at, table_end, transitions
from calfeed.tz.yearly import YearlyPart, part_of, yearly_parts

__all__ = ["build_vtimezone"]

_LOOKAHEAD = timedelta(days=400)
"""How far before the span to look for the state that came before its first one."""
_SAMPLE = timedelta(days=3 * 366)
"""How much of the footer's era is compared with tzdata's own expansion before its rules
are written as RRULEs (and read for their DAYLIGHT or STANDARD roles)."""
_LAST_LISTED = datetime(2101, 1, 1, tzinfo=UTC)
"""How far an endless span lists the changes of a rule no RRULE can express."""
_SEARCH_YEARS = 400
"""One Gregorian cycle: every part of a yearly rule fires at least once within it."""
_SECOND = timedelta(seconds=1)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, order=True)
class _Observance:
    """What a VTIMEZONE sub-component says apart from its onsets."""

    is_dst: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str


_Placed = tuple[datetime, _Observance, TimezoneStandard | TimezoneDaylight]
"""A component with its first onset and observance, by which components are ordered."""


def _wall_with_offset(moment: datetime, offset: timedelta) -> datetime:
    """The naive local wall time of `moment` read with `offset`."""
    return (moment.astimezone(UTC) + offset).replace(tzinfo=None)


def _local_new_year(zone: str, year: int) -> datetime:
    """The instant of local midnight starting `year` (UTC midnight when a change falls on
    that very night), so the first DTSTART reads as a plain 00:00:00."""
    utc_midnight = datetime(year, 1, 1, tzinfo=UTC)
    offset = offset_at(zone, utc_midnight)[0]
    local = utc_midnight - offset
    return local if offset_at(zone, local)[0] == offset else utc_midnight


def _padded_span(
    zone: str, start: datetime, end: datetime | None
) -> tuple[datetime, datetime | None]:
    """From local Jan 1 of the year before `start` to local Jan 1 two years after `end`
    (None: endless): clients expand recurring events a little past their first and last
    dates."""
    if start.tzinfo is None or (end is not None and end.tzinfo is None):
        raise ValueError("build_vtimezone takes aware datetimes")
    first = max(start.astimezone(UTC).year - 1, 2)
    if end is None:
        return _local_new_year(zone, first), None
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


def _onsets(
    change: YearlyChange, after: datetime, before: datetime | None = None
) -> Iterator[datetime]:
    """The instants of a footer's yearly change later than `after` (and before `before`),
    year by year."""
    for year in range(after.year - 1, 9999):
        at = _EPOCH + timedelta(seconds=change.when.local_seconds(year) - change.before.offset)
        if before is not None and at >= before:
            return
        if at > after:
            yield at


_Change = tuple[timedelta, timedelta, str]
"""What a change does: offset before, offset after, abbreviation after."""


def _change_of(t: Transition) -> _Change:
    return t.offset_before, t.offset_after, t.abbreviation


def _rule_change(change: YearlyChange) -> _Change:
    before, after = (timedelta(seconds=x.offset) for x in (change.before, change.after))
    return before, after, change.after.abbreviation


def _footer_era(
    zone: str, lo: datetime, hi: datetime | None
) -> tuple[datetime | None, tuple[Transition, ...]]:
    """Where the footer's yearly RRULEs take over (None: nowhere in the span) and tzdata's
    changes in the first years from there. They take over where the span runs past the
    table, if expanding them gives exactly tzdata's changes there: at the hand-over from
    the table, or for a footer whose changes cancel out (DST all year), they might not."""
    table = table_end(zone)
    if hi is not None and table is not None and hi <= table:
        return None, ()
    era = max(lo, table) if table is not None else lo
    sample = tuple(t for t in transitions(zone, era, era + _SAMPLE) if t.at > era)
    rules = footer(zone)
    expected = {
        (at, _rule_change(change))
        for change in (rules.yearly_changes() if rules else ())
        for at in _onsets(change, era, era + _SAMPLE)
    }
    if not expected or expected != {(t.at, _change_of(t)) for t in sample}:
        return None, ()
    return era, sample


def _first_onsets(
    change: YearlyChange, parts: tuple[YearlyPart, ...], era: datetime
) -> dict[YearlyPart, datetime]:
    """Each part's first onset after `era`: its DTSTART."""
    first: dict[YearlyPart, datetime] = {}
    for count, at in enumerate(_onsets(change, era)):
        wall = _wall_with_offset(at, timedelta(seconds=change.before.offset))
        first.setdefault(part_of(parts, wall.date()), at)
        if len(first) == len(parts) or count >= _SEARCH_YEARS:
            break
    return first


_Yearly = tuple[datetime, _Observance, YearlyChange, YearlyPart]
"""A yearly RRULE to write: its first onset, observance, the footer's change and part."""


def _yearly(
    zone: str, era: datetime, roles: dict[_Change, bool], last: datetime | None
) -> tuple[list[_Yearly], dict[_Observance, list[datetime]]]:
    """The footer's yearly RRULEs from `era` on, one per change; a change no single RRULE
    can express is listed instead, up to `last` (or 2100)."""
    rules = footer(zone)
    placed: list[_Yearly] = []
    listed: dict[_Observance, list[datetime]] = {}
    for change in rules.yearly_changes() if rules else ():
        what = _rule_change(change)
        observance = _Observance(roles[what], *what)
        parts = yearly_parts(change.when)
        if parts is None or len(parts) > 1:
            listed[observance] = list(_onsets(change, era, last or _LAST_LISTED))
            continue
        for part, at in _first_onsets(change, parts, era).items():
            placed.append((at, observance, change, part))
    return placed, listed


def _reach_back(first: datetime, change: YearlyChange, listed: list[datetime]) -> datetime:
    """A yearly RRULE's first onset moved back over the one-off onsets of the same change
    that the rule itself gives in the years before (taken out of `listed`): one change is
    then one component, not a one-off beside a rule, which a client that keeps one
    observance per change might keep instead."""
    year = _wall_with_offset(first, timedelta(seconds=change.before.offset)).year
    while True:
        year -= 1
        seconds = change.when.local_seconds(year) - change.before.offset
        earlier = _EPOCH + timedelta(seconds=seconds)
        if earlier not in listed:
            return first
        listed.remove(earlier)
        first = earlier


def _first(zone: str, lo: datetime, later: tuple[Transition, ...], daylight: list[bool]) -> _Placed:
    """The observance in force at `lo`, as a one-off at `lo`. Readers take a DAYLIGHT's
    TO - FROM as its DST amount, and with FROM = TO they misplace the first fall-back's
    repeated hour; so a DAYLIGHT in force at the start comes "from" the standard offset it
    returns to (the onset stays the span start)."""
    returns_to = [t.offset_after for t, flag in zip(later, daylight[1:], strict=True) if not flag]
    offset, name, _ = offset_at(zone, lo)
    came_from = returns_to[0] if daylight[0] and returns_to else offset
    first = _Observance(daylight[0], came_from, offset, name)
    return lo, first, _component(first, [lo], None)


def build_vtimezone(zone: str, start: datetime, end: datetime | None) -> Timezone:
    """The VTIMEZONE of IANA `zone` covering `start`..`end` (aware; None: an endless
    series), padded a year before and two after.

    Deterministic: the same zone and years give the same bytes, on any machine, since only
    the pinned tzdata package is read. KeyError for a zone tzdata does not have.
    """
    lo, hi = _padded_span(zone, start, end)
    era, sample = _footer_era(zone, lo, hi)
    until = era + _SECOND if era is not None else hi or _LAST_LISTED
    listed = tuple(t for t in transitions(zone, lo, until) if t.at > lo)
    daylight = _observances(zone, lo, listed + sample)
    placed = [_first(zone, lo, listed + sample, daylight)]
    one_offs: dict[_Observance, list[datetime]] = {}
    for change, flag in zip(listed, daylight[1:], strict=False):
        one_offs.setdefault(_Observance(flag, *_change_of(change)), []).append(change.at)
    if era is not None:
        roles: dict[_Change, bool] = {}
        for change, flag in zip(sample, daylight[1 + len(listed) :], strict=True):
            roles.setdefault(_change_of(change), flag)
        yearly, more = _yearly(zone, era, roles, hi)
        for observance, onsets in more.items():
            one_offs.setdefault(observance, []).extend(onsets)
        for at, observance, yearly_change, part in yearly:
            first = _reach_back(at, yearly_change, one_offs.get(observance, []))
            placed.append((first, observance, _component(observance, [first], part.rrule())))
    for observance, onsets in one_offs.items():
        if onsets:
            placed.append((min(onsets), observance, _component(observance, sorted(onsets), None)))
    placed.sort(key=lambda p: (p[0], p[1]))
    vtimezone = Timezone()
    vtimezone.add("TZID", zone)
    for _, _, component in placed:
        vtimezone.add_component(component)
    return vtimezone
