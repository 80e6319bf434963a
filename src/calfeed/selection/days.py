"""An agenda by day: each occurrence under the date it has in a chosen zone.

`calfeed list` dates occurrences in its first column's zone, the page in each event's own
zone; both get their rows here, so the terminal and the page always agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.occurrences import Occurrence, occurrences_of
from calfeed.selection.feeds import sort_key
from calfeed.selection.filters import Selection, is_public
from calfeed.tz import load_zone

FIRST_OCCURRENCES = 10
"""Occurrences of a series shown when no `until` bounds it: a rule may never end."""

ZoneOf = Callable[[Event], str | None]
"""The zone whose date an event's occurrences are listed under (None: all-day, undated)."""


@dataclass(frozen=True)
class Entry:
    """One line of the agenda: an occurrence of an event, or an undated event."""

    event: Event
    occurrence: Occurrence | Undated
    day: date | None
    """The date in the listing's zone: the day header it sits under (None: undated)."""
    series: Event | None = None
    """For a changed occurrence (whose `event` is its own title, status and details), the
    series it belongs to: what the page describes and offers to add."""


@dataclass(frozen=True)
class DayQuery:
    """Which events to list, and between which days (inclusive) in the listing's zone."""

    selection: Selection = field(default_factory=Selection)
    private: frozenset[str] = frozenset()
    """Private audiences asked for by name: only then are their events listed."""
    since: date | None = None
    until: date | None = None


def entries(catalogue: Catalogue, query: DayQuery, zone_of: ZoneOf) -> tuple[Entry, ...]:
    """Dated occurrences by day (all-day ones first in a day, then by instant), then the
    undated events. Events only for private audiences appear only when one of them was
    named."""
    chosen = [
        e
        for e in sorted(catalogue.events, key=sort_key)
        if query.selection.matches(e)
        and (is_public(e, catalogue) or bool(e.audiences & query.private))
    ]
    dated = [entry for e in chosen if e.scheduled for entry in _in_range(e, query, zone_of(e))]
    dated.sort(key=_entry_order)
    undated = [Entry(e, e.when, None) for e in chosen if isinstance(e.when, Undated)]
    return (*dated, *undated)


def private_left_out(catalogue: Catalogue, query: DayQuery) -> tuple[Event, ...]:
    """The events the query matches but leaves out because only private audiences
    receive them and none was named: a listing says how many, or they vanish unseen."""
    return tuple(
        e
        for e in catalogue.events
        if query.selection.matches(e)
        and not is_public(e, catalogue)
        and not e.audiences & query.private
    )


def own_zone(event: Event) -> str | None:
    """List each event under its date where it takes place (the page's agenda)."""
    return event.zone


def day_of(occurrence: Occurrence, zone: str | None) -> date:
    """The occurrence's date in `zone` (an all-day event's first day is its own)."""
    match occurrence:
        case Timed(start=start):
            return start.astimezone(load_zone(zone or "UTC")).date()
        case AllDay(first=first):
            return first


def _in_range(event: Event, query: DayQuery, zone: str | None) -> Iterator[Entry]:
    """The event's occurrences whose day is in range; without `until`, at most the first
    ten, since a series may never end."""
    shown = 0
    for shown_as, occurrence in occurrences_of(event):
        day = day_of(occurrence, zone)
        if query.until is not None and day > query.until + timedelta(days=1):
            break  # a day more: a zone's date can step back once at a midnight fold
        if (query.since and day < query.since) or (query.until and day > query.until):
            continue
        yield Entry(shown_as, occurrence, day, None if shown_as is event else event)
        shown += 1
        if query.until is None and shown >= FIRST_OCCURRENCES:
            break


def _entry_order(entry: Entry) -> tuple[date, bool, datetime, str]:
    assert entry.day is not None
    match entry.occurrence:
        case Timed(start=start):
            return (entry.day, True, start.astimezone(UTC), entry.event.id)
        case _:
            return (entry.day, False, datetime.min.replace(tzinfo=UTC), entry.event.id)
