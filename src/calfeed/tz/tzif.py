"""Every UTC-offset change of a zone, read straight from the pinned tzdata's TZif files.

`zoneinfo` can say which offset is in force at an instant, but not *when* it changes; tools
that find out by sampling (icalendar's own VTIMEZONE writer steps 64 days at a time) miss
periods shorter than their step, such as Morocco's Ramadan months. A TZif file (RFC 8536)
lists its transitions outright, so reading it gives the exact set, short periods included.

The tzdata package ships "slim" files: the 32-bit v1 block is empty and the explicit list
stops at the last rule change, so the 64-bit v2 block is read and the POSIX TZ string in the
footer (`GMT0BST,M3.5.0/1,M10.5.0`) is expanded for every year after it.
"""

from __future__ import annotations

import bisect
import functools
import struct
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from calfeed.tz.data import tzif_bytes
from calfeed.tz.posix import LocalType, PosixTz, parse_posix_tz

__all__ = [
    "Transition",
    "file_transitions",
    "footer",
    "offset_at",
    "present_types",
    "table_end",
    "transitions",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)
_DAY = 86_400
_FIRST = int((datetime(1, 1, 2, tzinfo=UTC) - _EPOCH) / _SECOND)
"""Instants before this cannot be datetimes; explicit transitions earlier than it (zic's
"big bang" sentinel) only set the type in force at the start."""
_LAST = int((datetime(9999, 12, 30, tzinfo=UTC) - _EPOCH) / _SECOND)
_HORIZON = 2100
"""Footer rules are expanded at least this far; later queries expand further."""


@dataclass(frozen=True)
class Transition:
    """One change of a zone's local time: offset, abbreviation or DST flag."""

    at: datetime
    """The instant of the change (aware, UTC)."""
    offset_before: timedelta
    offset_after: timedelta
    abbreviation: str
    """The abbreviation in force after the change."""
    is_dst: bool
    """tzdata's isdst flag after the change (Europe/Dublin's winter GMT is the DST one)."""


@dataclass(frozen=True)
class _Zone:
    """A parsed TZif file: the type before any transition, the explicit transitions, and
    the footer that continues them."""

    initial: LocalType
    times: tuple[int, ...]
    types: tuple[LocalType, ...]
    footer: PosixTz | None


def _year_of(seconds: int) -> int:
    return date.fromordinal(_EPOCH_ORDINAL + seconds // _DAY).year


def _parse_tzif(data: bytes) -> _Zone:
    """Parse a version 2 or later TZif file, skipping its (possibly empty) v1 block."""
    header = struct.Struct(">4sc15x6l")
    magic, version, isut, isstd, leap, timecnt, typecnt, charcnt = header.unpack_from(data, 0)
    if magic != b"TZif" or version < b"2":
        raise ValueError("not a TZif version 2+ file")
    pos = header.size + timecnt * 5 + typecnt * 6 + charcnt + leap * 8 + isstd + isut
    magic, version, isut, isstd, leap, timecnt, typecnt, charcnt = header.unpack_from(data, pos)
    if magic != b"TZif":
        raise ValueError("TZif v2 header missing")
    if leap:
        raise ValueError("TZif files with leap seconds (right/ zones) are not supported")
    pos += header.size
    times = struct.unpack_from(f">{timecnt}q", data, pos)
    pos += 8 * timecnt
    indices = data[pos : pos + timecnt]
    pos += timecnt
    raw_types = [struct.unpack_from(">lBB", data, pos + 6 * i) for i in range(typecnt)]
    pos += 6 * typecnt
    chars = data[pos : pos + charcnt]
    pos += charcnt + isstd + isut
    types = [
        LocalType(offset, chars[index : chars.index(b"\0", index)].decode("ascii"), bool(isdst))
        for offset, isdst, index in raw_types
    ]
    footer_text = data[pos:].strip(b"\n").decode("ascii")
    initial = types[0]
    kept_times: list[int] = []
    kept_types: list[LocalType] = []
    for at, index in zip(times, indices, strict=True):
        kind = types[index]
        if at < _FIRST:
            initial = kind
        elif at <= _LAST:
            kept_times.append(at)
            kept_types.append(kind)
    return _Zone(initial, tuple(kept_times), tuple(kept_types), parse_posix_tz(footer_text))


@functools.cache
def _zone(name: str) -> _Zone:
    return _parse_tzif(tzif_bytes(name))


@functools.cache
def _timeline(name: str, horizon: int) -> tuple[LocalType, tuple[int, ...], tuple[LocalType, ...]]:
    return _expanded(_zone(name), horizon)


def _expanded(
    zone: _Zone, horizon: int
) -> tuple[LocalType, tuple[int, ...], tuple[LocalType, ...]]:
    """The type in force first, and every change up to the end of year `horizon`: the
    explicit transitions, then the footer's rule expanded year by year, with changes that
    change nothing dropped."""
    events: list[tuple[int, LocalType]] = list(zip(zone.times, zone.types, strict=True))
    initial = zone.initial
    footer = zone.footer
    last = zone.times[-1] if zone.times else None
    if footer is not None and footer.dst is None and last is None:
        initial = footer.std  # a fixed zone with no transitions at all
    elif footer is not None and footer.dst is not None:
        assert footer.start is not None
        assert footer.end is not None
        first_year = _year_of(last) - 1 if last is not None else 1800
        rule_events: list[tuple[int, int, int, LocalType]] = []
        for year in range(first_year, min(horizon + 2, 9999)):
            # The start is given in standard time, the end in daylight time. Ties (all-year
            # DST) are settled by year, so "end of Y" comes before "start of Y+1".
            start_at = footer.start.local_seconds(year) - footer.std.offset
            end_at = footer.end.local_seconds(year) - footer.dst.offset
            start_first = start_at <= end_at
            rule_events.append((start_at, year, 0 if start_first else 1, footer.dst))
            rule_events.append((end_at, year, 1 if start_first else 0, footer.std))
        rule_events.sort(key=lambda e: (e[0], e[1], e[2]))
        events += [(at, kind) for at, _, _, kind in rule_events if last is None or at > last]
    limit = int((datetime(min(horizon + 1, 9999), 1, 1, tzinfo=UTC) - _EPOCH) / _SECOND)
    current = initial
    times: list[int] = []
    kinds: list[LocalType] = []
    for i, (at, kind) in enumerate(events):
        if at > limit:
            break
        if i + 1 < len(events) and events[i + 1][0] == at:
            continue  # a later event at the same instant wins
        if kind != current:
            times.append(at)
            kinds.append(kind)
            current = kind
    return initial, tuple(times), tuple(kinds)


def _seconds(instant: datetime, *, ceil: bool) -> int:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("an aware datetime is required")
    delta = instant - _EPOCH
    whole = delta // _SECOND
    if ceil and delta % _SECOND:
        whole += 1
    return whole


def _horizon(year: int) -> int:
    return max(_HORIZON, year + 1)


def _as_delta(offset: int) -> timedelta:
    return timedelta(seconds=offset)


def table_end(zone: str) -> datetime | None:
    """The last transition tzdata lists outright; after it the footer alone rules. None for
    a zone whose file lists none. KeyError for an unknown zone."""
    times = _zone(zone).times
    return _EPOCH + _as_delta(times[-1]) if times else None


def footer(zone: str) -> PosixTz | None:
    """The zone's POSIX TZ footer: what it does after `table_end` (None if it has none)."""
    return _zone(zone).footer


def transitions(zone: str, start: datetime, end: datetime) -> tuple[Transition, ...]:
    """Every change in `zone` with `start <= at < end` (both aware), in order.

    Changes of abbreviation or DST flag alone count, as they change a VTIMEZONE's TZNAME or
    component; records that change nothing are dropped. KeyError for an unknown zone.
    """
    return _between(_timeline(zone, _horizon(end.astimezone(UTC).year)), start, end)


def file_transitions(data: bytes, start: datetime, end: datetime) -> tuple[Transition, ...]:
    """`transitions` of a TZif file given as bytes: another tzdata release's, which the
    tests compare with the pinned one (calfeed itself reads only the pinned package)."""
    return _between(_expanded(_parse_tzif(data), _horizon(end.astimezone(UTC).year)), start, end)


def _between(
    timeline: tuple[LocalType, tuple[int, ...], tuple[LocalType, ...]],
    start: datetime,
    end: datetime,
) -> tuple[Transition, ...]:
    lo = _seconds(start, ceil=True)
    hi = _seconds(end, ceil=True)
    first, times, kinds = timeline
    found: list[Transition] = []
    i = bisect.bisect_left(times, lo)
    while i < len(times) and times[i] < hi:
        before = kinds[i - 1] if i else first
        after = kinds[i]
        found.append(
            Transition(
                at=_EPOCH + _as_delta(times[i]),
                offset_before=_as_delta(before.offset),
                offset_after=_as_delta(after.offset),
                abbreviation=after.abbreviation,
                is_dst=after.is_dst,
            )
        )
        i += 1
    return tuple(found)


def offset_at(zone: str, instant: datetime) -> tuple[timedelta, str, bool]:
    """UTC offset, abbreviation and isdst flag in force in `zone` at `instant` (aware).

    A change at exactly `instant` is already in force.
    """
    moment = _seconds(instant, ceil=False)
    first, times, kinds = _timeline(zone, _horizon(instant.astimezone(UTC).year))
    i = bisect.bisect_right(times, moment)
    kind = kinds[i - 1] if i else first
    return _as_delta(kind.offset), kind.abbreviation, kind.is_dst


def present_types(zone: str) -> tuple[tuple[timedelta, str, bool], ...]:
    """The local time types of the rule `zone` follows now and from here on, as tzdata
    states it (the TZif footer): (offset, abbreviation, isdst), standard time first.

    A fixed answer for a pinned release, unlike sampling today's date: zone hints say
    what an abbreviation means in tzdata's present, not in the year calfeed happens to run.
    KeyError for an unknown zone.
    """
    parsed = _zone(zone)
    if parsed.footer is None:
        last = parsed.types[-1] if parsed.types else parsed.initial
        kinds: tuple[LocalType, ...] = (last,)
    else:
        footer = parsed.footer
        kinds = (footer.std,) if footer.dst is None else (footer.std, footer.dst)
    return tuple((_as_delta(k.offset), k.abbreviation, k.is_dst) for k in kinds)
