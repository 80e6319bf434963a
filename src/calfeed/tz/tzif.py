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

__all__ = ["Transition", "offset_at", "present_types", "transitions"]

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
class _Type:
    """A TZif local time type: offset east of UTC in seconds, abbreviation, isdst."""

    offset: int
    abbreviation: str
    is_dst: bool


@dataclass(frozen=True)
class _Date:
    """A POSIX TZ rule date and time: `Jn` (kind "J"), `n` (kind "n") or `Mm.w.d` ("M").

    `time` is seconds after local midnight, in the time in force before the change; RFC 8536
    §3.3.1 lets it be negative or beyond 24 h (Asia/Gaza: `M3.4.4/50`).
    """

    kind: str
    day: int
    month: int
    week: int
    time: int

    def local_seconds(self, year: int) -> int:
        """The rule's moment in `year` as local seconds since 1970-01-01T00:00 local."""
        if self.kind == "J":
            # 1..365, February 29 never counted: day 60 is always March 1.
            ordinal = date(year, 1, 1).toordinal() + self.day - 1
            if self.day >= 60 and _is_leap(year):
                ordinal += 1
        elif self.kind == "n":
            ordinal = date(year, 1, 1).toordinal() + self.day
        else:
            first = date(year, self.month, 1)
            # `day` counts from Sunday = 0; date.weekday() from Monday = 0.
            shift = (self.day - (first.weekday() + 1) % 7) % 7
            ordinal = first.toordinal() + shift + (self.week - 1) * 7
            while date.fromordinal(ordinal).month != self.month:
                ordinal -= 7  # week 5 means "last", which may be the 4th
        return (ordinal - _EPOCH_ORDINAL) * _DAY + self.time


@dataclass(frozen=True)
class _Footer:
    """A parsed POSIX TZ string: standard type, and DST type with its two rule dates."""

    std: _Type
    dst: _Type | None
    start: _Date | None
    end: _Date | None


@dataclass(frozen=True)
class _Zone:
    """A parsed TZif file: the type before any transition, the explicit transitions, and
    the footer that continues them."""

    initial: _Type
    times: tuple[int, ...]
    types: tuple[_Type, ...]
    footer: _Footer | None


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _year_of(seconds: int) -> int:
    return date.fromordinal(_EPOCH_ORDINAL + seconds // _DAY).year


class _Cursor:
    """A tiny scanner over a POSIX TZ string."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        return self.text[self.pos : self.pos + 1]

    def take(self, char: str) -> bool:
        if self.peek() == char:
            self.pos += 1
            return True
        return False

    def done(self) -> bool:
        return self.pos >= len(self.text)

    def error(self, what: str) -> ValueError:
        return ValueError(f"bad TZ string {self.text!r} at {self.pos}: {what}")

    def name(self) -> str:
        """`<+0530>`-style quoted names or at least three letters."""
        if self.take("<"):
            end = self.text.find(">", self.pos)
            if end < 0:
                raise self.error("unclosed <")
            value = self.text[self.pos : end]
            self.pos = end + 1
        else:
            start = self.pos
            while self.peek().isalpha():
                self.pos += 1
            value = self.text[start : self.pos]
        if len(value) < 3:
            raise self.error("name shorter than three characters")
        return value

    def number(self) -> int:
        start = self.pos
        while self.peek().isdigit():
            self.pos += 1
        if start == self.pos:
            raise self.error("digits expected")
        return int(self.text[start : self.pos])

    def hms(self, limit: int) -> int:
        """`[+-]hh[:mm[:ss]]` as signed seconds, hours up to `limit`."""
        sign = -1 if self.take("-") else 1
        if sign == 1:
            self.take("+")
        hours = self.number()
        minutes = self.number() if self.take(":") else 0
        seconds = self.number() if self.take(":") else 0
        if hours > limit or minutes > 59 or seconds > 59:
            raise self.error("time out of range")
        return sign * (hours * 3600 + minutes * 60 + seconds)

    def rule_date(self) -> _Date:
        if self.take("J"):
            day, month, week, kind = self.number(), 0, 0, "J"
            if not 1 <= day <= 365:
                raise self.error("Jn out of range")
        elif self.take("M"):
            kind, day = "M", 0
            month = self.number()
            if not self.take("."):
                raise self.error("'.' expected")
            week = self.number()
            if not self.take("."):
                raise self.error("'.' expected")
            day = self.number()
            if not (1 <= month <= 12 and 1 <= week <= 5 and 0 <= day <= 6):
                raise self.error("Mm.w.d out of range")
        else:
            day, month, week, kind = self.number(), 0, 0, "n"
            if not 0 <= day <= 365:
                raise self.error("n out of range")
        time = self.hms(167) if self.take("/") else 7200
        return _Date(kind, day, month, week, time)


def _parse_footer(text: str) -> _Footer | None:
    """The POSIX TZ string of a TZif footer (RFC 8536 §3.3); None when it is empty."""
    if not text:
        return None
    cur = _Cursor(text)
    std_name = cur.name()
    # POSIX offsets are west of UTC: "MST7" is UTC-7.
    std = _Type(-cur.hms(24), std_name, False)
    if cur.done():
        return _Footer(std, None, None, None)
    dst_name = cur.name()
    dst_offset = std.offset + 3600
    if cur.peek() not in {",", ""}:
        dst_offset = -cur.hms(24)
    dst = _Type(dst_offset, dst_name, True)
    if not cur.take(","):
        # POSIX leaves the default rule to the implementation; zic always writes one.
        raise cur.error("DST without a rule")
    start = cur.rule_date()
    if not cur.take(","):
        raise cur.error("',' expected")
    end = cur.rule_date()
    if not cur.done():
        raise cur.error("trailing text")
    return _Footer(std, dst, start, end)


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
        _Type(offset, chars[index : chars.index(b"\0", index)].decode("ascii"), bool(isdst))
        for offset, isdst, index in raw_types
    ]
    footer_text = data[pos:].strip(b"\n").decode("ascii")
    initial = types[0]
    kept_times: list[int] = []
    kept_types: list[_Type] = []
    for at, index in zip(times, indices, strict=True):
        kind = types[index]
        if at < _FIRST:
            initial = kind
        elif at <= _LAST:
            kept_times.append(at)
            kept_types.append(kind)
    return _Zone(initial, tuple(kept_times), tuple(kept_types), _parse_footer(footer_text))


@functools.cache
def _zone(name: str) -> _Zone:
    return _parse_tzif(tzif_bytes(name))


@functools.cache
def _timeline(name: str, horizon: int) -> tuple[_Type, tuple[int, ...], tuple[_Type, ...]]:
    """The type in force first, and every change up to the end of year `horizon`: the
    explicit transitions, then the footer's rule expanded year by year, with changes that
    change nothing dropped."""
    zone = _zone(name)
    events: list[tuple[int, _Type]] = list(zip(zone.times, zone.types, strict=True))
    initial = zone.initial
    footer = zone.footer
    last = zone.times[-1] if zone.times else None
    if footer is not None and footer.dst is None and last is None:
        initial = footer.std  # a fixed zone with no transitions at all
    elif footer is not None and footer.dst is not None:
        assert footer.start is not None
        assert footer.end is not None
        first_year = _year_of(last) - 1 if last is not None else 1800
        rule_events: list[tuple[int, int, int, _Type]] = []
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
    kinds: list[_Type] = []
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


def transitions(zone: str, start: datetime, end: datetime) -> tuple[Transition, ...]:
    """Every change in `zone` with `start <= at < end` (both aware), in order.

    Changes of abbreviation or DST flag alone count, as they change a VTIMEZONE's TZNAME or
    component; records that change nothing are dropped. KeyError for an unknown zone.
    """
    lo = _seconds(start, ceil=True)
    hi = _seconds(end, ceil=True)
    first, times, kinds = _timeline(zone, _horizon(end.astimezone(UTC).year))
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
        kinds: tuple[_Type, ...] = (last,)
    else:
        footer = parsed.footer
        kinds = (footer.std,) if footer.dst is None else (footer.std, footer.dst)
    return tuple((_as_delta(k.offset), k.abbreviation, k.is_dst) for k in kinds)
