"""When an event is, and how far it moved, in the words `diff` prints: each time in the
event's own zone, its regions' zones and UTC, so a reviewer in any of them can check it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from calfeed.model import AllDay, Catalogue, Event, Timed, Undated, When
from calfeed.render.text import display_zones
from calfeed.tz import load_zone, zone_label


def instants(event: Event) -> tuple[datetime | date | None, ...]:
    """Start and end as UTC (a datetime in a fold compares unequal across zones, PEP 495),
    or the days of an all-day event: equal exactly when the event did not move."""
    match event.when:
        case Timed(start=start, end=end):
            return (start.astimezone(UTC), end.astimezone(UTC) if end is not None else None)
        case AllDay(first=first, last=last):
            return (first, last)
        case Undated():
            return ()


def when_text(event: Event, catalogue: Catalogue) -> str:
    """`2021-11-09 10:00 Fiji · 2021-11-09 11:00 Apia · 2021-11-08 22:00 UTC`."""
    match event.when:
        case Timed(start=start):
            zones = display_zones(event, catalogue)
            return (
                " · ".join(_at(start, z) for z in zones if z != "UTC") + f" · {_at(start, 'UTC')}"
            )
        case AllDay(first=first, last=last) if last != first:
            return f"{first.isoformat()} – {last.isoformat()} (all day)"
        case AllDay(first=first):
            return f"{first.isoformat()} (all day)"
        case Undated():
            return "date to be announced"


def _at(instant: datetime, zone: str) -> str:
    local = instant.astimezone(load_zone(zone))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(zone)}"


def moved(old: Event, new: Event, catalogue: Catalogue) -> tuple[str, ...]:
    """How far the start moved, and the end where the event's length changed too (an end
    announced or withdrawn included), in every zone the event shows."""
    if not (isinstance(old.when, Timed) and isinstance(new.when, Timed)):
        return (f"{_plain(old.when)} → {_plain(new.when)}",)
    was, now = old.when, new.when
    zones = [*(z for z in display_zones(new, catalogue) if z != "UTC"), "UTC"]
    shift = now.start - was.start
    lines = []
    if shift:
        later = "later" if shift > timedelta() else "earlier"
        starts = ", ".join(_pair(was.start, now.start, z) for z in zones)
        lines.append(f"moved {_duration_text(abs(shift))} {later}: {starts}")
    if _length(was) != _length(now):
        ends = _ends(was.end, now.end, zones)
        lines.append(f"end: {ends}" if shift else f"same start, new end: {ends}")
    return tuple(lines)


def _length(timed: Timed) -> timedelta | None:
    """How long the event lasts, in elapsed time; None with no end."""
    if timed.end is None:
        return None
    return timed.end.astimezone(UTC) - timed.start.astimezone(UTC)


def _ends(old: datetime | None, new: datetime | None, zones: list[str]) -> str:
    if old is not None and new is not None:
        return ", ".join(_pair(old, new, z) for z in zones)
    return f"{_times(old, zones)} → {_times(new, zones)}"


def _times(instant: datetime | None, zones: list[str]) -> str:
    if instant is None:
        return "(none)"
    return ", ".join(f"{instant.astimezone(load_zone(z)):%H:%M} {zone_label(z)}" for z in zones)


def _pair(old: datetime, new: datetime, zone: str) -> str:
    was, now = old.astimezone(load_zone(zone)), new.astimezone(load_zone(zone))
    day = "" if was.date() == now.date() else f" ({now:%Y-%m-%d})"
    return f"{was:%H:%M} → {now:%H:%M}{day} {zone_label(zone)}"


def _plain(when: When) -> str:
    match when:
        case Timed(start=start):
            return start.isoformat()
        case AllDay(first=first):
            return first.isoformat()
        case Undated():
            return "no date"


def _duration_text(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes else "",
    ]
    return " ".join(p for p in parts if p)
