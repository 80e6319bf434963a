"""Zones from the pinned `tzdata` package, and the one door every local time goes through.

`ZoneInfo(name)` would search the machine's TZPATH first; zones here are built from the
package's own bytes (`data.tzif_bytes`), so every machine gives the same instants.
"""

from __future__ import annotations

import functools
import io
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal
from zoneinfo import ZoneInfo

from calfeed.tz.data import tzif_bytes

UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}
)


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The zone `name` read from the tzdata package; KeyError if tzdata has no such zone.

    `ZoneInfo(name)` would search the machine's TZPATH first; `from_file` takes exactly the
    bytes we ship, and the key keeps the IANA name for TZIDs.
    """
    data = tzif_bytes(name)
    return ZoneInfo.from_file(io.BytesIO(data), key=name)


def is_utc(name: str) -> bool:
    """Zones that are plain UTC are written in the `Z` form, never as a TZID."""
    return name in UTC_NAMES


class LocalTimeError(ValueError):
    """A wall-clock time that names no instant, or two, or not the offset it was pinned to."""

    def __init__(
        self,
        kind: Literal["gap", "fold", "offset"],
        local: datetime,
        zone: str,
        candidates: tuple[datetime, ...],
    ) -> None:
        self.kind = kind
        self.local = local
        self.zone = zone
        self.candidates = candidates
        """Aware datetimes: both readings of a fold, the wall times either side of a gap,
        or the one real reading when a pinned offset was wrong."""
        what = {
            "gap": "does not exist (the clocks skip it)",
            "fold": "exists twice (the clocks go back)",
            "offset": "does not have the offset it was given",
        }[kind]
        super().__init__(f"{local:%Y-%m-%d %H:%M} {what} in {zone}")


def resolve_local_time(local: datetime, zone: str, offset: timedelta | None = None) -> datetime:
    """The one instant that wall-clock `local` names in `zone`.

    Every local time in calfeed passes through here. A time in a DST gap (or on a skipped
    day, like Samoa's 2011-12-30) names no instant; a time in a fold names two. Both raise
    `LocalTimeError` carrying the candidate instants (for a gap: the wall time read with the
    offset before and after the change), unless `offset` says which offset was meant; an
    offset the zone does not have at that time is an error too.
    """
    if local.tzinfo is not None:
        raise TypeError("resolve_local_time takes a naive wall-clock time")
    tz = load_zone(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    off0, off1 = first.utcoffset(), second.utcoffset()
    assert off0 is not None
    assert off1 is not None
    if off0 == off1:
        if offset is not None and offset != off0:
            raise LocalTimeError("offset", local, zone, (first,))
        return first
    # fold=0 and fold=1 differ: either a fold (both readings real) or a gap (neither).
    # A reading is real when converting it to UTC and back gives the same wall time.
    readings = tuple(
        dt
        for dt in (first, second)
        if dt.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local
    )
    if len(readings) == 2:
        if offset is None:
            raise LocalTimeError("fold", local, zone, readings)
        for dt in readings:
            if dt.utcoffset() == offset:
                return dt
        raise LocalTimeError("offset", local, zone, readings)
    if offset in (off0, off1):
        return local.replace(tzinfo=timezone(offset)).astimezone(tz)
    readings = tuple(sorted(dt.astimezone(UTC).astimezone(tz) for dt in (first, second)))
    raise LocalTimeError("gap", local, zone, readings)


def local_readings(local: datetime, zone: str) -> tuple[datetime, ...]:
    """Every instant a reader may take naive wall time `local` in `zone` to be, earliest
    first: one where it exists once; in a fold, both; in a gap, the wall time read with the
    offset before the change (RFC 5545 3.3.5) and with the offset after (what icalendar,
    ical and ical.js do). For writing what must match every reader, never for deciding
    what a catalogue time means (that is `resolve_local_time`'s job)."""
    try:
        return (resolve_local_time(local, zone),)
    except LocalTimeError as problem:
        if problem.kind == "gap":
            tz = load_zone(zone)
            readings = {local.replace(tzinfo=tz, fold=f).astimezone(UTC) for f in (0, 1)}
            return tuple(sorted(readings))
        return tuple(sorted(c.astimezone(UTC) for c in problem.candidates))


def is_ambiguous(instant: datetime, zone: str) -> bool:
    """Whether `instant`'s wall time in `zone` is one of two (a fold): such a time written
    as wall time with a TZID cannot say which, so feeds write it in UTC. A wall time in a
    gap is not one of two (neither reading is real)."""
    tz = load_zone(zone)
    wall = instant if instant.tzinfo is tz else instant.astimezone(tz)
    other = wall.replace(fold=1 - wall.fold)
    if other.utcoffset() == wall.utcoffset():
        return False
    return all(
        dt.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == dt.replace(tzinfo=None)
        for dt in (wall, other)
    )
