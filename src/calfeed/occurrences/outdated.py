"""An event that calendar apps with out-of-date zone data show at another time, in words.

The first occurrence in a stretch that `tz.recent` lists says it: what such an app shows
for it, against the truth in the event's own zone. Said once, by `check` to the organiser
and in the DESCRIPTION to subscribers.
"""

from __future__ import annotations

from datetime import UTC, datetime

from calfeed.model import Event, Timed
from calfeed.occurrences.expand import occurrences
from calfeed.tz import load_zone
from calfeed.tz.recent import Outdated, outdated

__all__ = ["first_outdated", "outdated_words"]

_FAR = datetime(9999, 1, 1, tzinfo=UTC)


def first_outdated(event: Event) -> tuple[datetime, Outdated] | None:
    """The first occurrence's start that older zone data gets wrong, and its stretch."""
    if not isinstance(event.when, Timed):
        return None
    stretches = outdated(event.when.zone, event.when.start.astimezone(UTC), _FAR)
    if not stretches:
        return None
    last = max(s.end for s in stretches)
    for occurrence in occurrences(event):
        assert isinstance(occurrence, Timed)
        at = occurrence.start.astimezone(UTC)
        if at >= last:
            break
        for stretch in stretches:
            if stretch.start <= at < stretch.end:
                return at, stretch
    return None


def outdated_words(event: Event) -> str | None:
    """`Calendar apps with zone data older than tzdata 2026b show this at 14:00 instead
    of 15:00 Vancouver time`, naming the occurrence's date for a series; None if none."""
    found = first_outdated(event)
    if found is None or not isinstance(event.when, Timed):
        return None
    at, stretch = found
    zone = event.when.zone
    right = at.astimezone(load_zone(zone))
    wrong = at + stretch.offset
    which = "this" if event.when.recurrence is None else f"the occurrence of {right:%Y-%m-%d}"
    return (
        f"Calendar apps with zone data older than tzdata {stretch.release} show {which} at "
        f"{wrong:%H:%M} instead of {right:%H:%M} local time in {zone}"
    )
