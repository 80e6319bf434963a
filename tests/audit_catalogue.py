"""A random catalogue for the audit (`test_audit.py`), and the truth about it.

Events and series in any tzdata zone, most of them near one of the zone's changes, with
`except` and `also` dates; what the truth says is worked out here from the catalogue's own
values with dateutil and zoneinfo on the pinned tzdata package (`tests/truth.py`), never
from calfeed's model. calfeed refuses some of what is drawn (a time in a gap or a fold, a
series that meets one); the audit leaves those events out, so only what calfeed writes is
compared, and counts them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from calfeed.tz import all_zone_names, transitions
from tests.parsers import HORIZON_DAYS, Reading, text
from tests.truth import exists_once, tzdata_zone

DOMAIN = "audit.calfeed.example"
_YEARS = (2016, 2031)


@dataclass(frozen=True)
class Drawn:
    """One event as drawn: its TOML lines and what every reader must read."""

    key: str
    toml: str
    truth: Reading
    refusable: bool = False
    """Whether the truth says calfeed must refuse it: a time that names no instant or two,
    or a series with such an occurrence not skipped."""

    @property
    def uid(self) -> str:
        return f"{self.key}@{DOMAIN}"


@dataclass
class Draw:
    """Random events from one seed."""

    rng: random.Random
    zones: tuple[str, ...] = field(default_factory=lambda: tuple(sorted(all_zone_names())))

    def zone(self) -> str:
        return self.rng.choice(self.zones)

    def wall(self, zone: str) -> datetime:
        """A wall time on a quarter hour, within a few hours of one of the zone's changes
        in the audit's years when it has any, else anywhere in them."""
        lo, hi = (datetime(y, 1, 1, tzinfo=UTC) for y in _YEARS)
        changes = [t for t in transitions(zone, lo, hi) if t.offset_before != t.offset_after]
        if changes and self.rng.random() < 0.8:
            change = self.rng.choice(changes)
            near = (change.at + change.offset_before).replace(tzinfo=None)
            near += timedelta(minutes=15 * self.rng.randint(-16, 16))
        else:
            near = datetime(2016, 1, 1) + timedelta(days=self.rng.randint(0, 5400))
            near += timedelta(minutes=15 * self.rng.randint(0, 95))
        return near.replace(minute=near.minute // 15 * 15, second=0)

    def minutes(self) -> int:
        return self.rng.choice((15, 30, 45, 60, 90, 120, 150, 180, 240))

    def single(self, key: str) -> Drawn:
        zone = self.zone()
        wall, length = self.wall(zone), self.minutes()
        start = _instant(wall, zone)
        lines = [f"start = {wall:%Y-%m-%dT%H:%M:%S}", f'timezone = "{zone}"']
        lines.append(f'duration = "PT{length}M"')
        end = start + timedelta(minutes=length) if start is not None else None
        truth = Reading(_text(start), _text(end), None)
        return _drawn(key, lines, truth, refusable=start is None)

    def series(self, key: str) -> Drawn:
        zone = self.zone()
        first = self.wall(zone)
        length = self.minutes()
        rule = self.rule(first)
        tz = tzdata_zone(zone)
        walls = [
            d.replace(tzinfo=None)
            for d in rrulestr(f"RRULE:{rule}", dtstart=first.replace(tzinfo=tz), cache=False)
        ]
        skipped = sorted({w.date() for w in self.rng.sample(walls[1:], min(len(walls) - 1, 2))})
        # Every occurrence that names no single instant must be skipped for calfeed to take
        # the series; any other one makes the series refused, which the audit counts.
        if self.rng.random() < 0.7:
            skipped = sorted(set(skipped) | {w.date() for w in walls if not exists_once(w, zone)})
        also = []
        if self.rng.random() < 0.4:
            also = [first + timedelta(days=self.rng.randint(1, 300))]
        lines = [
            f"start = {first:%Y-%m-%dT%H:%M:%S}",
            f'timezone = "{zone}"',
            f'duration = "PT{length}M"',
            f'repeat = "{rule}"',
        ]
        if skipped:
            lines.append("except = [" + ", ".join(d.isoformat() for d in skipped) + "]")
        if also:
            lines.append("also = [" + ", ".join(f"{a:%Y-%m-%dT%H:%M:%S}" for a in also) + "]")
        kept = [w for w in walls if w.date() not in skipped] + also
        instants = {i for w in kept if (i := _instant(w, zone)) is not None}
        start = _instant(first, zone)
        if start is None or first.date() in skipped or len(instants) < len(set(kept)):
            return _drawn(key, lines, Reading("", None, None), refusable=True)
        horizon = start + timedelta(days=HORIZON_DAYS)
        occurrences = tuple(text(i) for i in sorted(instants) if i < horizon)
        end = start + timedelta(minutes=length)
        return _drawn(key, lines, Reading(text(start), text(end), occurrences))

    def rule(self, first: datetime) -> str:
        days = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
        match self.rng.choice(("DAILY", "WEEKLY", "WEEKLY2", "MONTHLY", "YEARLY")):
            case "DAILY":
                return f"FREQ=DAILY;COUNT={self.rng.randint(2, 60)}"
            case "WEEKLY":
                return f"FREQ=WEEKLY;COUNT={self.rng.randint(2, 40)}"
            case "WEEKLY2":
                other = self.rng.choice(days)
                by = ",".join(sorted({days[first.weekday()], other}, key=days.index))
                return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={by};COUNT={self.rng.randint(2, 30)}"
            case "MONTHLY":
                return f"FREQ=MONTHLY;COUNT={self.rng.randint(2, 20)}"
            case _:
                return "FREQ=YEARLY;COUNT=2"

    def all_day(self, key: str) -> Drawn:
        first = date(2016, 1, 1) + timedelta(days=self.rng.randint(0, 5400))
        days = self.rng.randint(1, 3)
        lines = [f"start = {first.isoformat()}"]
        if days > 1:
            lines.append(f"end = {first + timedelta(days=days - 1)}")
        occurrences = None
        if self.rng.random() < 0.5:
            count = self.rng.randint(2, 12)
            lines.append(f'repeat = "FREQ=MONTHLY;COUNT={count}"')
            starts = rrulestr(
                f"RRULE:FREQ=MONTHLY;COUNT={count}", dtstart=datetime.combine(first, time())
            )
            dates = [d.date() for d in starts]
            skipped = self.rng.sample(dates[1:], min(1, len(dates) - 1))
            if skipped:
                lines.append(f"except = [{skipped[0].isoformat()}]")
            last = first + timedelta(days=HORIZON_DAYS)
            occurrences = tuple(d.isoformat() for d in dates if d not in skipped and d < last)
        end = first + timedelta(days=days)
        return _drawn(key, lines, Reading(first.isoformat(), end.isoformat(), occurrences))


def _instant(wall: datetime, zone: str) -> datetime | None:
    """The one instant `wall` names in `zone`, or None if it names none or two."""
    if not exists_once(wall, zone):
        return None
    return wall.replace(tzinfo=tzdata_zone(zone)).astimezone(UTC)


def _text(value: datetime | None) -> str:
    return text(value) if value is not None else ""


def _drawn(key: str, lines: list[str], truth: Reading, *, refusable: bool = False) -> Drawn:
    body = "\n".join([f"[events.{key}]", f'title = "{key}"', *lines, 'url = "https://e.example"'])
    return Drawn(key, body + "\n", truth, refusable)


def draw_catalogue(seed: int, singles: int, series: int, all_day: int) -> list[Drawn]:
    draw = Draw(random.Random(seed))
    return [
        *(draw.single(f"s{n}") for n in range(singles)),
        *(draw.series(f"r{n}") for n in range(series)),
        *(draw.all_day(f"d{n}") for n in range(all_day)),
    ]


def catalogue_text(events: list[Drawn]) -> str:
    head = f'[calendar]\nname = "Audit"\nuid-domain = "{DOMAIN}"\n\n'
    return head + "\n".join(e.toml for e in events)
