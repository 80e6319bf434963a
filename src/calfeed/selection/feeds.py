"""Which events go into which feed.

A feed is a path, a name and a selection. Public feeds never carry an event meant only for
private audiences, nor any event's private details; that rule lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, time
from typing import Literal

from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.selection.filters import Selection, is_public


@dataclass(frozen=True)
class Feed:
    """One .ics file to write: its events, and whether it may show private details."""

    path: str
    """POSIX path relative to the output folder, e.g. `regions/pacific.ics`."""
    name: str
    description: str
    kind: Literal["all", "audience", "region", "custom", "filtered"]
    events: tuple[Event, ...]
    private: bool
    """True only for feeds of private audiences: never written to the public folder."""


def sort_key(event: Event) -> tuple[datetime, str]:
    """Chronological by first instant (an all-day event from UTC midnight of its first
    day), then by id: stable across rebuilds."""
    match event.when:
        case Timed(start=start):
            return (start.astimezone(UTC), event.id)
        case AllDay(first=first):
            return (datetime.combine(first, time(), tzinfo=UTC), event.id)
        case Undated():
            return (datetime.max.replace(tzinfo=UTC), event.id)


def scheduled(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events with a date, in feed order: undated tentative events are never in a feed."""
    return tuple(sorted((e for e in events if e.scheduled), key=sort_key))


def select(catalogue: Catalogue, selection: Selection, *, private: bool) -> tuple[Event, ...]:
    """The events a filtered feed holds. `private` admits events of private audiences."""
    return tuple(
        e
        for e in scheduled(catalogue.events)
        if selection.matches(e) and (private or is_public(e, catalogue))
    )


def public_feeds(catalogue: Catalogue) -> tuple[Feed, ...]:
    """`all.ics`, one feed per public audience and per region, and the custom feeds."""
    name = catalogue.calendar.name
    feeds = [
        Feed(
            "all.ics",
            name,
            catalogue.calendar.description,
            "all",
            select(catalogue, Selection(), private=False),
            private=False,
        )
    ]
    for key, audience in catalogue.audiences.items():
        if not audience.private:
            feeds.append(
                Feed(
                    f"audiences/{key}.ics",
                    f"{name}: {audience.name}",
                    audience.description or catalogue.calendar.description,
                    "audience",
                    select(catalogue, Selection(audiences=frozenset({key})), private=False),
                    private=False,
                )
            )
    for key, region in catalogue.regions.items():
        feeds.append(
            Feed(
                f"regions/{key}.ics",
                f"{name}: {region.name}",
                region.description or catalogue.calendar.description,
                "region",
                select(catalogue, Selection(regions=frozenset({key})), private=False),
                private=False,
            )
        )
    for key, spec in catalogue.feeds.items():
        selection = Selection(spec.audiences, spec.regions, spec.tags)
        feeds.append(
            Feed(
                f"{key}.ics",
                spec.name,
                spec.description or catalogue.calendar.description,
                "custom",
                select(catalogue, selection, private=False),
                private=False,
            )
        )
    return tuple(feeds)


def private_feeds(catalogue: Catalogue) -> tuple[Feed, ...]:
    """One feed per private audience, with private details: for `--private-out` only."""
    name = catalogue.calendar.name
    return tuple(
        Feed(
            f"audiences/{key}.ics",
            f"{name}: {audience.name}",
            audience.description or catalogue.calendar.description,
            "audience",
            select(catalogue, Selection(audiences=frozenset({key})), private=True),
            private=True,
        )
        for key, audience in catalogue.audiences.items()
        if audience.private
    )
