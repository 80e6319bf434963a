"""A POSIX footer's rule date (`M9.1.6/24`) as the yearly RRULEs that give the same days.

`Mm.w.d/t` is the w-th weekday d (Sunday = 0) of month m, w = 5 meaning the last, at t
after that day's local midnight; t may be negative or 24 hours and more (RFC 8536 §3.3.1),
so the change can fall on another day than the weekday named. America/Santiago's
`M9.1.6/24` is 24:00 on the first Saturday of September: the Sunday after it, which is the
first Sunday only when the month does not begin on a Sunday. Inferring a BYDAY from a few
years of instants gets exactly that wrong, so the RRULE is derived from the rule itself:

* no day shift: `BYMONTH=m;BYDAY=wXX`, or `-1XX` for the last;
* a shift of k days: the change falls on weekday d + k in a seven-day window of the
  month's days (7w-6+k..7w+k, or L-6+k..L+k for "last" in a month of L days), written
  `BYDAY=YY;BYMONTHDAY=<window>`, the form vzic and libical's own zoneinfo use for
  "Sun>=8";
* a window that crosses a month's end is split, one part per month, of which each year
  exactly one fires: Africa/Cairo's `M10.5.4/24`, the Friday after the last Thursday of
  October, is October 26-31 or November 1.

The window is written in positive monthdays. RFC 5545 would let a "last" window count
from the month's end (`BYMONTHDAY=-8,...,-2`), but Mozilla ical.js (Thunderbird) expands a
yearly rule with BYDAY and a negative BYMONTHDAY to nothing at all, and every month but
February has a fixed length. So a window whose days depend on February's length (a "last"
window in February, or any window running past February's 28th or back into it) cannot be
written: `yearly_parts` says None and the caller lists those changes as RDATEs. So do `Jn`
and `n` days that leap years move. No footer of tzdata 2026f needs that.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import vRecur

from calfeed.tz.posix import RuleDate

__all__ = ["YearlyPart", "part_of", "yearly_parts"]

_DAY = 86_400
_POSIX_WEEKDAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
"""RFC 5545 weekday names in POSIX order (Sunday = 0)."""
_COMMON_YEAR, _LEAP_YEAR = 2001, 2004


@dataclass(frozen=True)
class YearlyPart:
    """One yearly RRULE: the changes of a rule date that fall in `month`."""

    month: int
    byday: str | None
    """`1SU`, `-1SU`, `SA` (with `monthdays`), or None for a fixed day of the month."""
    monthdays: tuple[int, ...]
    """BYMONTHDAY values (positive: see above); () with an nth BYDAY."""
    seconds: int
    """Local wall time of day of the change, 0 <= seconds < 86400."""

    def rrule(self) -> vRecur:
        """`FREQ=YEARLY` with BYMONTH, BYDAY and BYMONTHDAY as needed; never UNTIL."""
        parts: dict[str, object] = {"FREQ": "YEARLY", "BYMONTH": self.month}
        if self.byday is not None:
            parts["BYDAY"] = self.byday
        if self.monthdays:
            parts["BYMONTHDAY"] = list(self.monthdays)
        return vRecur(parts)


def yearly_parts(rule: RuleDate) -> tuple[YearlyPart, ...] | None:
    """The RRULE parts that give exactly the rule's days every year, each in its own month;
    None when no yearly RRULE can (see the module's docstring)."""
    shift, seconds = divmod(rule.time, _DAY)
    if rule.kind != "M":
        return _fixed_day(rule, seconds)
    weekday = _POSIX_WEEKDAYS[(rule.day + shift) % 7]
    if shift == 0:
        nth = -1 if rule.week == 5 else rule.week
        return (YearlyPart(rule.month, f"{nth}{weekday}", (), seconds),)
    length = _length(rule.month)
    if rule.week == 5 and length is None:
        return None  # the last week of February moves with leap years
    first = (length or 0) - 6 + shift if rule.week == 5 else 7 * (rule.week - 1) + 1 + shift
    window = range(first, first + 7)
    days = length or 28  # a February window must then stay within its first 28 days
    before = _length(_previous(rule.month))
    if (window[-1] > days and length is None) or (window[0] < 1 and before is None):
        return None  # Feb 29 in some years, March 1 in others
    by_month = {
        _previous(rule.month): [d + (before or 0) for d in window if d < 1],
        rule.month: [d for d in window if 1 <= d <= days],
        _next(rule.month): [d - days for d in window if d > days],
    }
    return tuple(
        YearlyPart(month, weekday, tuple(days), seconds) for month, days in by_month.items() if days
    )


def _fixed_day(rule: RuleDate, seconds: int) -> tuple[YearlyPart, ...] | None:
    """A `Jn` or `n` rule as one month and day, when leap years do not move it."""
    found = set()
    for year in (_COMMON_YEAR, _LEAP_YEAR):
        day = (datetime(1970, 1, 1) + timedelta(seconds=rule.local_seconds(year))).date()
        found.add((day.month, day.day))
    if len(found) != 1:
        return None
    ((month, monthday),) = found
    return (YearlyPart(month, None, (monthday,), seconds),)


def part_of(parts: tuple[YearlyPart, ...], day: date) -> YearlyPart:
    """The part whose RRULE gives `day` (the parts are in different months)."""
    (part,) = (p for p in parts if p.month == day.month)
    return part


def _length(month: int) -> int | None:
    """The number of days of `month`; None for February, whose length varies."""
    return None if month == 2 else calendar.monthrange(_COMMON_YEAR, month)[1]


def _next(month: int) -> int:
    return month % 12 + 1


def _previous(month: int) -> int:
    return (month - 2) % 12 + 1
