"""Every occurrence of an event, in order: what `list`, the page and `diff` all show.

A series is expanded as RFC 5545 3.8.5 builds a recurrence set: the RRULE's instances
without the `except` ones (matched by the wall time the rule gives them), and the `also`
dates, each instant once. A timed series repeats its wall
time in its own zone (the offset follows the zone's rules) and is compared in UTC, never
as wall times, so a fold cannot make two instances look equal or different.
"""

from __future__ import annotations

import dataclasses
import heapq
from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from typing import TypeVar
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from calfeed.model import AllDay, Event, Override, Session, Timed, TimedRecurrence, Undated
from calfeed.tz import load_zone

Occurrence = Timed | AllDay
"""One instance: the event's own time shape, without a rule (sessions moved with it)."""

_Day = TypeVar("_Day", datetime, date)


def occurrences(event: Event) -> Iterator[Occurrence]:
    """The event's occurrences in order; an event that does not repeat is its own only
    one, an undated event has none. A series may never end: take what you need. A changed
    occurrence is at its own time, in the order of that time."""
    return _of(event.when)


def occurrences_of(event: Event) -> Iterator[tuple[Event, Occurrence]]:
    """Each occurrence with what it shows: the event itself, or for a changed occurrence
    its own title, status and details (`Override.event`), as calendar apps show it."""
    match event.when:
        case Timed(recurrence=series) as timed if series is not None and series.overrides:
            for changed, override in _timed_series(timed, series):
                yield (override.event if override else event), changed
        case _:
            for occurrence in occurrences(event):
                yield event, occurrence


def _of(when: Timed | AllDay | Undated) -> Iterator[Occurrence]:
    match when:
        case Timed(recurrence=None) | AllDay(recurrence=None):
            yield when
        case Timed(recurrence=series) as timed if series is not None:
            for occurrence, _override in _timed_series(timed, series):
                yield occurrence
        case AllDay(recurrence=series) as days if series is not None:
            rule = rrulestr(f"RRULE:{series.rule}", dtstart=datetime.combine(days.first, time()))
            firsts = (d.date() for d in rule)
            length = days.last - days.first
            for first in _merged(firsts, sorted(series.additions), set(series.exceptions)):
                yield AllDay(first, first + length)
        case Undated():
            return


def _timed_series(timed: Timed, series: TimedRecurrence) -> Iterator[tuple[Timed, Override | None]]:
    """A timed series' occurrences, each changed one (matched by the wall time the rule or
    an `also` gives it, as its RECURRENCE-ID is) replaced by its own time, in order."""
    tz = load_zone(timed.zone)
    rule = rrulestr(f"RRULE:{series.rule}", dtstart=timed.start.astimezone(tz), cache=False)
    changed = {o.original for o in series.overrides}
    skipped = set(series.exceptions) | changed
    starts = (d.astimezone(UTC) for d in rule if d.replace(tzinfo=None) not in skipped)
    also = sorted(
        d.astimezone(UTC)
        for d in series.additions
        if d.astimezone(tz).replace(tzinfo=None) not in changed
    )
    if not series.overrides:  # the common case, without pairing every occurrence
        for start in _merged(starts, also, set()):
            yield _timed_at(timed, start.astimezone(tz)), None
        return
    unchanged = ((start, None) for start in _merged(starts, also, set()))
    own = sorted(
        (
            (o.event.when.start.astimezone(UTC), o)
            for o in series.overrides
            if isinstance(o.event.when, Timed)
        ),
        key=lambda pair: pair[0],
    )
    for start, override in heapq.merge(unchanged, own, key=lambda pair: pair[0]):
        if override is None:
            yield _timed_at(timed, start.astimezone(tz)), None
        else:
            assert isinstance(override.event.when, Timed)
            yield override.event.when, override


def timed_occurrences(timed: Timed) -> Iterator[Timed]:
    """A timed event's occurrences (the catalogue's checks need them before there is an
    `Event`)."""
    for occurrence in _of(timed):
        assert isinstance(occurrence, Timed)
        yield occurrence


def _merged(series: Iterator[_Day], also: list[_Day], skip: set[_Day]) -> Iterator[_Day]:
    """The recurrence set of RFC 5545 3.8.5: sorted, each instance once, exceptions out."""
    previous: _Day | None = None
    for value in heapq.merge(series, also):
        if value != previous and value not in skip:
            yield value
        previous = value


def _timed_at(first: Timed, start: datetime) -> Timed:
    """The occurrence at `start`: it lasts exactly as long as the first (RFC 5545), in UTC
    since aware arithmetic in one zone adds wall-clock time across a DST change."""
    end = None
    if first.end is not None:
        exact = first.end.astimezone(UTC) - first.start.astimezone(UTC)
        end = (start.astimezone(UTC) + exact).astimezone(start.tzinfo)
    return dataclasses.replace(
        first, start=start, end=end, recurrence=None, sessions=_sessions_at(first, start)
    )


def _sessions_at(first: Timed, start: datetime) -> tuple[Session, ...]:
    """Sessions moved by the occurrence's wall-clock distance from the first start, so a
    weekly series keeps its agenda at the same local times."""
    if not first.sessions:
        return ()
    tz = load_zone(first.zone)
    shift = _local_wall(start, tz) - _local_wall(first.start, tz)
    if not shift:
        return first.sessions
    return tuple(
        dataclasses.replace(
            s,
            start=(_local_wall(s.start, tz) + shift).replace(tzinfo=tz),
            end=(_local_wall(s.end, tz) + shift).replace(tzinfo=tz),
        )
        for s in first.sessions
    )


def _local_wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)
