"""A `repeat` rule's occurrences near any date, without expanding it from its start.

`check` must look at every occurrence a reader will ever compute, and most are of no
interest: only those on a day the clocks change can be in a gap or a fold. So a series is
read where it matters: for each of its zone's changes, the rule is started afresh at the
beginning of the rule's own period (year, month, week, day ...) just before the change,
with its interval's phase kept and every default that dateutil would take from DTSTART
(the weekday of a weekly rule, the day of a monthly one, the time of day) made explicit,
so the occurrences found there are exactly those of the whole series. A rule with COUNT is
counted out once, to find its last occurrence; nothing else is expanded from the start.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from dateutil.rrule import DAILY, HOURLY, MINUTELY, MONTHLY, SECONDLY, WEEKLY, YEARLY, rrule

__all__ = ["Expansion"]

_WKST = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
_FREQS = {
    "YEARLY": YEARLY,
    "MONTHLY": MONTHLY,
    "WEEKLY": WEEKLY,
    "DAILY": DAILY,
    "HOURLY": HOURLY,
    "MINUTELY": MINUTELY,
    "SECONDLY": SECONDLY,
}
_UNITS = {DAILY: 86_400, HOURLY: 3_600, MINUTELY: 60, SECONDLY: 1}
"""Rules whose periods have a fixed length in wall time, in seconds."""


@dataclass(frozen=True)
class Expansion:
    """The occurrences of `rule` (an RRULE value, as dateutil parses it) from `first`: wall
    times (aware in their zone, compared as wall times as dateutil does), or naive
    midnights for an all-day series."""

    rule: rrule
    first: datetime
    parts: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, rule: rrule, text: str, first: datetime) -> Expansion:
        parts = tuple(
            (name.upper(), value.upper())
            for name, _, value in (p.partition("=") for p in text.split(";"))
        )
        return cls(rule, first, parts)

    @functools.cached_property
    def _named(self) -> dict[str, str]:
        return dict(self.parts)

    @functools.cached_property
    def _freq(self) -> int:
        return _FREQS[self._named["FREQ"]]

    @functools.cached_property
    def _interval(self) -> int:
        return int(self._named.get("INTERVAL", "1"))

    @functools.cached_property
    def _open(self) -> rrule:
        """The rule without its COUNT, every default it took from DTSTART made explicit,
        so it can be restarted at any period's beginning and give the same occurrences."""
        named, start = self._named, self.first
        defaults: dict[str, object] = {"count": None}
        if not named.keys() & {"BYWEEKNO", "BYYEARDAY", "BYMONTHDAY", "BYDAY"}:
            if self._freq == YEARLY:
                if "BYMONTH" not in named:
                    defaults["bymonth"] = start.month
                defaults["bymonthday"] = start.day
            elif self._freq == MONTHLY:
                defaults["bymonthday"] = start.day
            elif self._freq == WEEKLY:
                defaults["byweekday"] = start.weekday()
        for part, unit, value in (
            ("BYHOUR", HOURLY, start.hour),
            ("BYMINUTE", MINUTELY, start.minute),
            ("BYSECOND", SECONDLY, start.second),
        ):
            if part not in named and self._freq < unit:
                defaults[part.lower()] = value
        replace = cast("Callable[..., rrule]", self.rule.replace)
        return replace(**defaults)

    @functools.cached_property
    def _counted_last(self) -> datetime | None:
        """The last occurrence of a rule with COUNT, counted out: the one full expansion."""
        if "COUNT" not in self._named:
            return None
        found = deque(self.rule, maxlen=1)
        return found[0] if found else None

    @functools.cached_property
    def last(self) -> datetime | None:
        """The last occurrence, or None for a series without end (or without occurrence)."""
        if "UNTIL" in self._named:
            return self.before(self._bound())
        return self._counted_last

    @functools.cached_property
    def opening(self) -> datetime | None:
        """The rule's first occurrence, which RFC 5545 requires to be the start."""
        return next(iter(self.rule), None)

    @property
    def endless(self) -> bool:
        return not self._named.keys() & {"COUNT", "UNTIL"}

    def _bound(self) -> datetime:
        """A wall time past every occurrence an UNTIL allows (it is a UTC instant)."""
        until = getattr(self.rule, "_until", None)  # dateutil keeps the parsed UNTIL here
        assert isinstance(until, datetime)
        zone = self.first.tzinfo
        if zone is None:
            return until.replace(tzinfo=None) + timedelta(days=2)
        return until.astimezone(zone) + timedelta(days=2)

    def _period_start(self, wall: datetime) -> datetime:
        """The beginning of the rule's period (in phase with its interval) holding `wall`,
        never before the period of the first occurrence."""
        first, k = self.first, self._interval
        if self._freq == YEARLY:
            year = first.year + max(0, (wall.year - first.year) // k) * k
            return first.replace(year=year, month=1, day=1, hour=0, minute=0, second=0)
        if self._freq == MONTHLY:
            months = max(0, (wall.year - first.year) * 12 + wall.month - first.month) // k * k
            year, month = divmod(first.month - 1 + months, 12)
            return first.replace(
                year=first.year + year, month=month + 1, day=1, hour=0, minute=0, second=0
            )
        if self._freq == WEEKLY:
            wkst = _WKST[self._named.get("WKST", "MO")]
            monday = first.date() - timedelta(days=(first.weekday() - wkst) % 7)
            weeks = max(0, (wall.date() - monday).days // 7) // k * k
            return _at(first, monday + timedelta(weeks=weeks))
        unit = _UNITS[self._freq]
        floor = first.replace(tzinfo=None)
        floor -= timedelta(seconds=_seconds_of_day(floor) % unit)
        steps = max(0, int((wall.replace(tzinfo=None) - floor).total_seconds()) // (unit * k))
        return (floor + timedelta(seconds=steps * unit * k)).replace(tzinfo=first.tzinfo)

    def _earlier(self, start: datetime) -> datetime:
        """The period in phase before the one beginning at `start`."""
        step = {
            YEARLY: timedelta(days=366),
            MONTHLY: timedelta(days=31),
            WEEKLY: timedelta(weeks=1),
        }.get(self._freq, timedelta(seconds=_UNITS.get(self._freq, 1)))
        return self._period_start(start - step * self._interval)

    def _within_series(self, found: list[datetime]) -> list[datetime]:
        """`found` (from a restarted rule, which keeps UNTIL) without what lies before the
        first occurrence or past the COUNT."""
        last = self._counted_last
        if "COUNT" in self._named and last is None:
            return []
        return [w for w in found if w >= self.first and (last is None or w <= last)]

    def between(self, lo: datetime, hi: datetime) -> list[datetime]:
        """The occurrences from wall time `lo` to `hi`, both included."""
        restarted = self._open.replace(dtstart=self._period_start(lo))
        found: list[datetime] = restarted.between(lo, hi, inc=True)
        return self._within_series(found)

    def occurs(self, wall: datetime) -> bool:
        return bool(self.between(wall, wall))

    def before(self, wall: datetime) -> datetime | None:
        """The last occurrence earlier than `wall`: periods are searched backwards, twice
        as many each time, so a sparse rule (29 February) costs a few steps."""
        if "COUNT" in self._named:
            if self._counted_last is None:
                return None
            wall = min(wall, self._counted_last + _TICK)
        elif "UNTIL" in self._named:
            wall = min(wall, self._bound())
        start, periods = self._period_start(wall), 1
        while True:
            found = self.between(start, wall - _TICK)
            if found:
                return found[-1]
            if start <= self.first:
                return None
            for _ in range(periods):
                start = self._earlier(start)
            periods *= 2

    def after(self, wall: datetime) -> datetime | None:
        """The first occurrence later than `wall`."""
        restarted = self._open.replace(dtstart=self._period_start(wall))
        found: datetime | None = restarted.after(wall)
        if found is None or not self._within_series([found]):
            return None
        return found


_TICK = timedelta(seconds=1)


def _seconds_of_day(wall: datetime) -> int:
    return wall.hour * 3600 + wall.minute * 60 + wall.second


def _at(like: datetime, day: date) -> datetime:
    """Midnight of `day` with `like`'s zone."""
    return datetime(day.year, day.month, day.day, tzinfo=like.tzinfo)
