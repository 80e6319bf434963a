"""What a change to the catalogue does to subscribers, in their own times.

Compares two validated catalogues event by event: added, removed (they vanish from
calendars), cancelled, moved (by instant, so a change of zone that keeps the instant is no
move), retitled, relocated and relinked, each with the feeds it reaches.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from calfeed.model import Catalogue, Event, Status
from calfeed.render.text import display_zones, zone_label
from calfeed.selection.feeds import public_feeds
from calfeed.tz.zones import load_zone


class RevisionError(Exception):
    """The catalogue could not be read at a git revision."""


@dataclass(frozen=True)
class Change:
    """One thing subscribers will notice about one event."""

    kind: str
    """added, removed, cancelled, moved, retitled, relocated, relinked or refiled (the
    event now reaches other feeds)."""
    event_id: str
    title: str
    details: tuple[str, ...]
    feeds: tuple[str, ...]
    """Public feeds (paths) that carry the event, after the change (before, if removed)."""


def catalogue_at(revision: str, path: Path) -> bytes:
    """The catalogue's bytes at a git revision, read through git itself."""
    folder = path.resolve().parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
        shown = subprocess.run(
            ["git", "show", f"{revision}:{relative}"],
            cwd=folder,
            capture_output=True,
            check=True,
        )
    except (OSError, ValueError) as problem:
        raise RevisionError(f"cannot run git for {path}: {problem}") from None
    except subprocess.CalledProcessError as problem:
        message = problem.stderr.decode("utf-8", "replace").strip() if problem.stderr else ""
        raise RevisionError(f"cannot read {path} at {revision}: {message}") from None
    return shown.stdout


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
            changes.append(Change("added", event.id, event.title, (_when(event, new),), reach))
            continue
        changes.extend(_changes(previous, event, new, reach))
        was = feeds_before.get(event.id, ())
        if set(was) != set(reach):
            changes.append(Change("refiled", event.id, event.title, _refiled(was, reach), reach))
    for event in old.events:
        if event.id not in after:
            changes.append(
                Change(
                    "removed",
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
        found.append(Change("cancelled", new.id, new.title, (_when(new, catalogue),), reach))
    if _instants(old) != _instants(new):
        found.append(Change("moved", new.id, new.title, _moved(old, new, catalogue), reach))
    if old.title != new.title:
        found.append(
            Change("retitled", new.id, new.title, (f"{old.title!r} → {new.title!r}",), reach)
        )
    if old.location != new.location:
        found.append(
            Change(
                "relocated",
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
                    "relinked",
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


def _instants(event: Event) -> tuple[object, object]:
    """Start and end as UTC (a datetime in a fold compares unequal across zones, PEP 495)."""
    return tuple(  # type: ignore[return-value]
        v.astimezone(load_zone("UTC")) if isinstance(v, datetime) else v
        for v in (event.start, event.end)
    )


def _when(event: Event, catalogue: Catalogue) -> str:
    if isinstance(event.start, datetime) and event.zone:
        zones = display_zones(event, catalogue)
        return (
            " · ".join(_at(event.start, z) for z in zones if z != "UTC")
            + f" · {_at(event.start, 'UTC')}"
        )
    if isinstance(event.start, date):
        return f"{event.start.isoformat()} (all day)"
    return "date to be announced"


def _at(instant: datetime, zone: str) -> str:
    local = instant.astimezone(load_zone(zone))
    return f"{local:%Y-%m-%d %H:%M} {zone_label(zone)}"


def _moved(old: Event, new: Event, catalogue: Catalogue) -> tuple[str, ...]:
    if not (isinstance(old.start, datetime) and isinstance(new.start, datetime)):
        return (f"{_plain(old.start)} → {_plain(new.start)}",)
    shift = new.start - old.start
    if shift == timedelta():
        head = "same start, new end"
    else:
        head = f"moved {_span(abs(shift))} {'later' if shift > timedelta() else 'earlier'}"
    zones = [z for z in display_zones(new, catalogue) if z != "UTC"]
    parts = [_pair(old.start, new.start, z) for z in [*zones, "UTC"]]
    lines = [f"{head}: " + ", ".join(parts)]
    if old.end != new.end and isinstance(new.end, datetime) and isinstance(old.end, datetime):
        lines.append("end: " + ", ".join(_pair(old.end, new.end, z) for z in [*zones, "UTC"]))
    return tuple(lines)


def _pair(old: datetime, new: datetime, zone: str) -> str:
    was, now = old.astimezone(load_zone(zone)), new.astimezone(load_zone(zone))
    day = "" if was.date() == now.date() else f" ({now:%Y-%m-%d})"
    return f"{was:%H:%M} → {now:%H:%M}{day} {zone_label(zone)}"


def _plain(value: datetime | date | None) -> str:
    if value is None:
        return "no date"
    return value.isoformat()


def _span(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    days, minutes = divmod(minutes, 1440)
    hours, minutes = divmod(minutes, 60)
    parts = [
        f"{days} d" if days else "",
        f"{hours} h" if hours else "",
        f"{minutes} min" if minutes else "",
    ]
    return " ".join(p for p in parts if p)


def render_text(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "no changes for subscribers\n"
    lines: list[str] = []
    for change in changes:
        lines.append(f"{change.kind}: {change.event_id} ({change.title})")
        lines.extend(f"    {detail}" for detail in change.details)
        if change.feeds:
            lines.append(f"    feeds: {', '.join(change.feeds)}")
    return "\n".join(lines) + "\n"


def render_markdown(changes: tuple[Change, ...]) -> str:
    if not changes:
        return "**calfeed:** no changes for subscribers.\n"
    lines = [f"### calfeed: {len(changes)} change(s) for subscribers", ""]
    for change in changes:
        lines.append(f"- **{change.kind}** `{change.event_id}`: {_md(change.title)}")
        lines.extend(f"  - {_md(detail)}" for detail in change.details)
        if change.feeds:
            lines.append("  - feeds: " + ", ".join(f"`{feed}`" for feed in change.feeds))
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Catalogue text in a comment must not become markup (links, HTML, emphasis)."""
    out = text
    for char in "\\`*_[]<>#|":
        out = out.replace(char, "\\" + char)
    return out


def render_json(changes: tuple[Change, ...]) -> str:
    return (
        json.dumps(
            [
                {
                    "kind": c.kind,
                    "event": c.event_id,
                    "title": c.title,
                    "details": list(c.details),
                    "feeds": list(c.feeds),
                }
                for c in changes
            ],
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )
