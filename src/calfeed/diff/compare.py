"""What a change to the catalogue does to subscribers, in their own times.

Compares two validated catalogues event by event: added, removed (they vanish from
calendars), cancelled, moved (by instant, so a change of zone that keeps the instant is no
move), retitled, relocated and relinked, each with the feeds it reaches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated, When
from calfeed.render.text import display_zones
from calfeed.selection.feeds import public_feeds
from calfeed.tz import load_zone, zone_label


class ChangeKind(StrEnum):
    """What subscribers will notice about one event."""

    ADDED = "added"
    REMOVED = "removed"
    CANCELLED = "cancelled"
    MOVED = "moved"
    RETITLED = "retitled"
    RELOCATED = "relocated"
    RELINKED = "relinked"
    REFILED = "refiled"
    """The event now reaches other feeds."""


@dataclass(frozen=True)
class Change:
    """One thing subscribers will notice about one event."""

    kind: ChangeKind
    event_id: str
    title: str
    details: tuple[str, ...]
    feeds: tuple[str, ...]
    """Public feeds (paths) that carry the event, after the change (before, if removed)."""


def _feeds_of(catalogue: Catalogue) -> dict[str, tuple[str, ...]]:
    carried: dict[str, list[str]] = {}
    for feed in public_feeds(catalogue):
        for event in feed.events:
            carried.setdefault(event.id, []).append(feed.path)
    return {key: tuple(paths) for key, paths in carried.items()}


def compare(old: Catalogue, new: Catalogue) -> tuple[Change, ...]:
    """Every change, in the new catalogue's event order (removed events last)."""
    before = {e.id: e for e in old.events}
    after = {e.id: e for e in new.events}
    feeds_after, feeds_before = _feeds_of(new), _feeds_of(old)
    changes: list[Change] = []
    for event in new.events:
        reach = feeds_after.get(event.id, ())
        previous = before.get(event.id)
        if previous is None:
            changes.append(
                Change(ChangeKind.ADDED, event.id, event.title, (_when_text(event, new),), reach)
            )
            continue
        changes.extend(_changes(previous, event, new, reach))
        was = feeds_before.get(event.id, ())
        if set(was) != set(reach):
            changes.append(
                Change(ChangeKind.REFILED, event.id, event.title, _refiled(was, reach), reach)
            )
    for event in old.events:
        if event.id not in after:
            changes.append(
                Change(
                    ChangeKind.REMOVED,
                    event.id,
                    event.title,
                    (
                        "it vanishes from subscribers' calendars without notice; to call it off, "
                        'keep it with status = "cancelled"',
                    ),
                    feeds_before.get(event.id, ()),
                )
            )
    return tuple(changes)


def _changes(old: Event, new: Event, catalogue: Catalogue, reach: tuple[str, ...]) -> list[Change]:
    found: list[Change] = []
    if new.status is Status.CANCELLED and old.status is not Status.CANCELLED:
        found.append(
            Change(ChangeKind.CANCELLED, new.id, new.title, (_when_text(new, catalogue),), reach)
        )
    if _instants(old) != _instants(new):
        found.append(
            Change(ChangeKind.MOVED, new.id, new.title, _moved(old, new, catalogue), reach)
        )
    if old.title != new.title:
        found.append(
            Change(
                ChangeKind.RETITLED, new.id, new.title, (f"{old.title!r} → {new.title!r}",), reach
            )
        )
    if old.location != new.location:
        found.append(
            Change(
                ChangeKind.RELOCATED,
                new.id,
                new.title,
                (f"{old.location or '(none)'} → {new.location or '(none)'}",),
                reach,
            )
        )
    for label, was, now in (
        ("registration", old.registration, new.registration),
        ("url", old.url, new.url),
        ("online", old.online, new.online),
    ):
        if was != now:
            found.append(
                Change(
                    ChangeKind.RELINKED,
                    new.id,
                    new.title,
                    (f"{label}: {was or '(none)'} → {now or '(none)'}",),
                    reach,
                )
            )
    return found


def _refiled(was: tuple[str, ...], now: tuple[str, ...]) -> tuple[str, ...]:
    """Feeds whose subscribers see the event appear or vanish."""
    lines = []
    gained = [f for f in now if f not in was]
    lost = [f for f in was if f not in now]
    if gained:
        lines.append("now also in: " + ", ".join(gained))
    if lost:
        lines.append("no longer in: " + ", ".join(lost))
    return tuple(lines)


def _instants(event: Event) -> tuple[object, ...]:
    """Start and end as UTC (a datetime in a fold compares unequal across zones, PEP 495)."""
    match event.when:
        case Timed(start=start, end=end):
            return (start.astimezone(UTC), end.astimezone(UTC) if end is not None else None)
        case AllDay(first=first, last=last):
            return (first, last)
        case Undated():
            return ()


def _when_text(event: Event, catalogue: Catalogue) -> str:
    match event.when:
        case Timed(start=start):
            zones = display_zones(event, catalogue)
            return (
                " · ".join(_at(start, z) for z in zones if z != "UTC") + f" · {_at(start, 'UTC')}"
            )
        case AllDay(first=first):
            return f"{first.isoformat()} (all day)"
        case Undated():
            return "date to be announced"


def _at(instant: datetime, zone: str) -> str:
    local = instant.astimezone(load_zone(zone))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(zone)}"


def _moved(old: Event, new: Event, catalogue: Catalogue) -> tuple[str, ...]:
    if not (isinstance(old.when, Timed) and isinstance(new.when, Timed)):
        return (f"{_plain(old.when)} → {_plain(new.when)}",)
    was, now = old.when, new.when
    shift = now.start - was.start
    if shift == timedelta():
        head = "same start, new end"
    else:
        head = f"moved {_duration_text(abs(shift))} {'later' if shift > timedelta() else 'earlier'}"
    zones = [z for z in display_zones(new, catalogue) if z != "UTC"]
    parts = [_pair(was.start, now.start, z) for z in [*zones, "UTC"]]
    lines = [f"{head}: " + ", ".join(parts)]
    if was.end is not None and now.end is not None and was.end != now.end:
        lines.append("end: " + ", ".join(_pair(was.end, now.end, z) for z in [*zones, "UTC"]))
    return tuple(lines)


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
