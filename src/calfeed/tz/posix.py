"""POSIX TZ strings, the footer of a TZif file (RFC 8536 §3.3): `GMT0BST,M3.5.0/1,M10.5.0`.

A footer says what a zone does after tzdata's explicit transitions end: its standard
type, and for a zone with DST the daylight type and the two yearly rule dates on which
the clocks change. `tzif` expands them into instants; `yearly` writes them as RRULEs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["LocalType", "PosixTz", "RuleDate", "YearlyChange", "parse_posix_tz"]

_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_DAY = 86_400


@dataclass(frozen=True)
class LocalType:
    """A TZif local time type: offset east of UTC in seconds, abbreviation, isdst."""

    offset: int
    abbreviation: str
    is_dst: bool


@dataclass(frozen=True)
class RuleDate:
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
class YearlyChange:
    """One of the two changes a DST footer makes every year."""

    when: RuleDate
    """Its date and time, read in the local time before the change (`before`)."""
    before: LocalType
    after: LocalType


@dataclass(frozen=True)
class PosixTz:
    """A parsed POSIX TZ string: standard type, and DST type with its two rule dates."""

    std: LocalType
    dst: LocalType | None
    start: RuleDate | None
    end: RuleDate | None

    def yearly_changes(self) -> tuple[YearlyChange, ...]:
        """Into DST on `start` (given in standard time), out of it on `end` (given in
        daylight time); none for a footer without DST."""
        if self.dst is None or self.start is None or self.end is None:
            return ()
        return (
            YearlyChange(self.start, self.std, self.dst),
            YearlyChange(self.end, self.dst, self.std),
        )


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


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

    def rule_date(self) -> RuleDate:
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
        return RuleDate(kind, day, month, week, time)


def parse_posix_tz(text: str) -> PosixTz | None:
    """The POSIX TZ string of a TZif footer (RFC 8536 §3.3); None when it is empty."""
    if not text:
        return None
    cur = _Cursor(text)
    std_name = cur.name()
    # POSIX offsets are west of UTC: "MST7" is UTC-7.
    std = LocalType(-cur.hms(24), std_name, False)
    if cur.done():
        return PosixTz(std, None, None, None)
    dst_name = cur.name()
    dst_offset = std.offset + 3600
    if cur.peek() not in {",", ""}:
        dst_offset = -cur.hms(24)
    dst = LocalType(dst_offset, dst_name, True)
    if not cur.take(","):
        # POSIX leaves the default rule to the implementation; zic always writes one.
        raise cur.error("DST without a rule")
    start = cur.rule_date()
    if not cur.take(","):
        raise cur.error("',' expected")
    end = cur.rule_date()
    if not cur.done():
        raise cur.error("trailing text")
    return PosixTz(std, dst, start, end)
