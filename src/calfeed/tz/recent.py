"""Where zones changed in recent tzdata releases: what a calendar app with older zone data
shows instead.

Google, Apple and Outlook, and libraries that meet a TZID they know, place an event with
their own zone database, not the feed's VTIMEZONE. Where tzdata changed recently, one that
is out of date shows the event at another time, and calfeed cannot fix that database; it
can tell the organiser (`check`) and the subscriber (the DESCRIPTION). `recent.txt` lists,
for each zone, the stretches where an older release (the baseline it names, still common
on servers) gives another UTC offset than the pinned one, and the release that changed
it. It is worked out from the releases' own files by `tests/recent_zones.py`, whose test
holds it to the pinned package: at run time only the pinned tzdata and this list are
read.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import resources

from calfeed.tz.names import canonical_zone

__all__ = ["Outdated", "outdated"]


@dataclass(frozen=True)
class Outdated:
    """A stretch where zone data older than `release` gives the zone another offset."""

    release: str
    start: datetime
    end: datetime
    offset: timedelta
    """The offset older data gives there."""
    abbreviation: str


@functools.cache
def _table() -> dict[str, tuple[Outdated, ...]]:
    text = resources.files("calfeed.tz").joinpath("recent.txt").read_text(encoding="utf-8")
    found: dict[str, list[Outdated]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        zone, release, start, end, offset, abbreviation = line.split()
        found.setdefault(zone, []).append(
            Outdated(
                release,
                datetime.fromisoformat(start),
                datetime.fromisoformat(end),
                _offset(offset),
                abbreviation,
            )
        )
    return {zone: tuple(stretches) for zone, stretches in found.items()}


def _offset(text: str) -> timedelta:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text[1:].split(":")]
    hours, minutes, seconds = (*parts, 0) if len(parts) == 2 else parts
    return sign * timedelta(hours=hours, minutes=minutes, seconds=seconds)


def outdated(zone: str, start: datetime, end: datetime | None = None) -> tuple[Outdated, ...]:
    """The stretches of `zone` (an alias stands for its zone) that older zone data gets
    wrong from `start` (aware) to `end` (None: only at `start`)."""
    stretches = _table().get(canonical_zone(zone), ())
    last = end if end is not None else start
    return tuple(s for s in stretches if s.start <= last and start < s.end)
