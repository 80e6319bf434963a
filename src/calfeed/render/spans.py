"""Which stretch of time each zone's VTIMEZONE must cover, from the events that use it.

A reader converts an occurrence with the VTIMEZONE alone, so the VTIMEZONE must hold every
change up to the last occurrence: for a series with COUNT or UNTIL that is its last
occurrence (the rule expanded, `also` and `except` dates counted), which may be decades
away; a fixed guess (ten years, say) leaves a yearly series of twenty years wrong at its
end. A series with no end has no last occurrence: its zone's span is endless, and the
VTIMEZONE then carries tzdata's rules for ever after (`tz.build_vtimezone`).
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from calfeed.model import Event, Timed
from calfeed.occurrences import occurrences
from calfeed.tz import is_utc, load_zone

__all__ = ["ZoneSpan", "feed_spans", "is_endless"]


@dataclass(frozen=True)
class ZoneSpan:
    """From the first instant a zone's VTIMEZONE must cover to the last, or on for ever."""

    first: datetime
    last: datetime | None
    """None when an endless series uses the zone."""

    def __or__(self, other: ZoneSpan) -> ZoneSpan:
        """The span covering both."""
        last = None if self.last is None or other.last is None else max(self.last, other.last)
        return ZoneSpan(min(self.first, other.first), last)


def feed_spans(events: Iterable[Event]) -> dict[str, ZoneSpan]:
    """For each zone the events use (UTC aside, written in the `Z` form), its span."""
    spans: dict[str, ZoneSpan] = {}
    for event in events:
        match event.when:
            case Timed(zone=zone) if not is_utc(zone):
                span = _reach(event)
                spans[zone] = spans[zone] | span if zone in spans else span
    return spans


def is_endless(rule: str) -> bool:
    """Whether an RRULE value has neither COUNT nor UNTIL (its series never ends)."""
    names = {part.partition("=")[0].strip().upper() for part in rule.split(";")}
    return not names & {"COUNT", "UNTIL"}


@functools.lru_cache(maxsize=4096)
def _reach(event: Event) -> ZoneSpan:
    """The instants a timed event reaches: its start and end, or for a series every
    occurrence's and its `except` dates, None for the end of an endless one. Cached, as
    every feed holding the event asks again and a series is expanded to its end."""
    timed = event.when
    assert isinstance(timed, Timed)
    instants = [timed.start, timed.end or timed.start]
    series = timed.recurrence
    if series is None:
        return ZoneSpan(min(instants), max(instants))
    # An exception is the wall time of one of the rule's own occurrences (naive): its
    # EXDATE is read in the VTIMEZONE too.
    tz = load_zone(timed.zone)
    instants += [*series.additions, *(wall.replace(tzinfo=tz) for wall in series.exceptions)]
    # A changed occurrence's RECURRENCE-ID is a wall time of the rule's, its own times may be
    # anywhere (a year early): all of them are read in the VTIMEZONE.
    for override in series.overrides:
        changed = override.event.when
        assert isinstance(changed, Timed)
        instants += [
            override.original.replace(tzinfo=tz),
            changed.start,
            changed.end or changed.start,
        ]
    if is_endless(series.rule):
        return ZoneSpan(min(instants), None)
    for last in deque(occurrences(event), maxlen=1):  # a bounded series: to its end
        assert isinstance(last, Timed)
        instants += [last.start, last.end or last.start]
    return ZoneSpan(min(instants), max(instants))
