"""A series in words: "Every Thursday, 8 times, until Thu 23 Nov 2023; not on Thu 2 Nov".

Subscribers read the DESCRIPTION and the page, not RRULEs. The common rules (every day,
week, month or year, on given weekdays, month days or nth weekdays, with an interval, a
count or an end) are said in words; anything rarer is shown as its rule after the words
calfeed can say. The last date comes from the expansion itself, so it is never a guess.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import UTC, date, timedelta

from calfeed.model import AllDay, Event, Status, Timed
from calfeed.occurrences import occurrences
from calfeed.render.text import day_text
from calfeed.tz import load_zone, zone_label

_DAYS = {
    "MO": "Monday",
    "TU": "Tuesday",
    "WE": "Wednesday",
    "TH": "Thursday",
    "FR": "Friday",
    "SA": "Saturday",
    "SU": "Sunday",
}
_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", -1: "last"}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_UNITS = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}
_SAID = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL"})
_LIMIT = 5000
"""Occurrences counted to find a finite series' last date (COUNT and UNTIL end sooner)."""


def series_text(event: Event, other_zones: tuple[str, ...] = ()) -> str | None:
    """The series of `event` in words, or None if it does not repeat. `other_zones` are
    the zones its times are also shown in: if the clocks change so that those times move
    against the event's own during the series, the text says so."""
    match event.when:
        case Timed(recurrence=series, start=start) if series is not None:
            first: date = start.astimezone(load_zone(event.when.zone)).date()
            rule, skipped = series.rule, [w.date() for w in series.exceptions]
            added = [a.astimezone(start.tzinfo).date() for a in series.additions]
        case AllDay(recurrence=days, first=first) if days is not None:
            rule, skipped, added = days.rule, list(days.exceptions), list(days.additions)
        case _:
            return None
    text = _rule_words(event, rule, first)
    if skipped:
        text += "; not on " + ", ".join(day_text(d) for d in sorted(skipped))
    if added:
        text += "; also on " + ", ".join(day_text(d) for d in sorted(added))
    text += "".join(f"; {words}" for words in _changes(event))
    shifting = _shifting_zones(event, other_zones)
    if shifting:
        text += (
            f". Times in {_listed(zone_label(z) for z in shifting)} shift when the clocks change"
        )
    return text + "."


def _changes(event: Event) -> Iterator[str]:
    """`Wed 5 May 2027 at 15:00`, `Wed 19 May 2027 cancelled`: each changed occurrence
    whose time or status differs from the rule's, in the series' own zone (a new title or
    place is the occurrence's own to show, not the series')."""
    if not isinstance(event.when, Timed) or event.when.recurrence is None:
        return
    tz = load_zone(event.when.zone)
    for override in event.when.recurrence.overrides:
        changed = override.event
        said = day_text(override.original.date())
        if changed.status is Status.CANCELLED and event.status is not Status.CANCELLED:
            yield f"{said} cancelled"
            continue
        assert isinstance(changed.when, Timed)
        start = changed.when.start.astimezone(tz)
        if start.replace(tzinfo=None) == override.original:
            continue
        if start.date() == override.original.date():
            yield f"{said} at {start:%H:%M}"
        else:
            yield f"{said} moved to {day_text(start.date())} at {start:%H:%M}"


def rule_text(event: Event) -> str | None:
    """The series' rule alone in words, `Every Thursday, 8 times, until Thu 23 Nov 2023`
    (no `except` or `also` days), or None if the event does not repeat: `calfeed diff`
    sets an old rule beside a new one."""
    match event.when:
        case Timed(recurrence=series, start=start, zone=zone) if series is not None:
            return _rule_words(event, series.rule, start.astimezone(load_zone(zone)).date())
        case AllDay(recurrence=days, first=first) if days is not None:
            return _rule_words(event, days.rule, first)
        case _:
            return None


def _rule_words(event: Event, rule: str, first: date) -> str:
    parts = _parts(rule)
    return _rhythm(parts, first) + _ending(event, parts)


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";"))


def _rhythm(parts: dict[str, str], first: date) -> str:
    """`Every 2 weeks on Monday and Wednesday`; a rule with parts the words cannot say
    (BYSETPOS, BYWEEKNO, ...) is shown as the rule itself rather than half said."""
    freq = parts["FREQ"]
    unit = _UNITS.get(freq)
    if unit is None or not parts.keys() <= _SAID:
        return "Repeats by the rule " + ";".join(f"{k}={v}" for k, v in parts.items())
    interval = int(parts.get("INTERVAL", "1"))
    every = f"Every {unit}" if interval == 1 else f"Every {interval} {unit}s"
    days = parts.get("BYDAY")
    if freq == "WEEKLY" and not days:
        days = tuple(_DAYS)[first.weekday()]  # the weekday DTSTART gives it
    if freq == "WEEKLY" and interval == 1 and days and not re.search(r"\d", days):
        return "Every " + _listed(_DAYS[d] for d in days.split(","))
    return every + _on({**parts, "BYDAY": days} if days else parts, freq, first)


def _on(parts: dict[str, str], freq: str, first: date) -> str:
    """What a rule's BY parts say, or, without them, the day DTSTART gives it."""
    days, monthdays, months = parts.get("BYDAY"), parts.get("BYMONTHDAY"), parts.get("BYMONTH")
    month_words = " of " + _listed(_MONTHS[int(m) - 1] for m in months.split(",")) if months else ""
    if days:
        named = [_weekday(d) for d in days.split(",")]
        return " on " + _listed(named) + month_words
    if monthdays:
        return " on the " + _listed(_nth(int(d)) for d in monthdays.split(",")) + month_words
    if freq == "MONTHLY":
        return f" on the {_nth(first.day)}"
    if freq == "YEARLY":
        return f" on {first.day} {_MONTHS[first.month - 1]}"
    return ""


def _weekday(text: str) -> str:
    """`MO` -> Monday, `1MO` -> the first Monday, `-1FR` -> the last Friday."""
    match = re.fullmatch(r"([+-]?\d+)?([A-Z]{2})", text)
    assert match is not None
    name = _DAYS[match.group(2)]
    if match.group(1) is None:
        return name
    n = int(match.group(1))
    return f"the {_ORDINALS.get(n, _nth(n))} {name}"


def _nth(n: int) -> str:
    if n < 0:
        return "last day" if n == -1 else f"{_nth(-n)} day from the end"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ending(event: Event, parts: dict[str, str]) -> str:
    """`, 8 times, until Thu 23 Nov 2023`: the rule's count, and the last date from the
    expansion itself; nothing for an endless series."""
    if "COUNT" not in parts and "UNTIL" not in parts:
        return ""
    dates = list(itertools.islice(_dates(event), _LIMIT + 1))
    if not dates or len(dates) > _LIMIT:
        return ""
    count = f", {parts['COUNT']} times" if "COUNT" in parts else ""
    return f"{count}, until {day_text(dates[-1])}"


def _dates(event: Event) -> Iterator[date]:
    for occurrence in occurrences(event):
        match occurrence:
            case Timed(start=start, zone=zone):
                yield start.astimezone(load_zone(zone)).date()
            case AllDay(first=first):
                yield first


def _shifting_zones(event: Event, zones: tuple[str, ...]) -> tuple[str, ...]:
    """The zones whose difference from the event's own zone changes during the series
    (within its first two years), so their times in the description hold only at first."""
    if not isinstance(event.when, Timed):
        return ()
    own = load_zone(event.when.zone)
    horizon = event.when.start + timedelta(days=731)
    starts = [
        o.start.astimezone(UTC)
        for o in itertools.islice(occurrences(event), _LIMIT)
        if isinstance(o, Timed) and o.start <= horizon
    ]
    shifting = []
    for zone in zones:
        tz = load_zone(zone)
        gaps = {s.astimezone(tz).utcoffset() - s.astimezone(own).utcoffset() for s in starts}  # type: ignore[operator]
        if len(gaps) > 1:
            shifting.append(zone)
    return tuple(shifting)


def _listed(items: Iterator[str] | list[str]) -> str:
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
