"""Which events go into which feed.

A feed is a path, a name and a selection. Public feeds never carry an event meant only for
private audiences, nor any event's private details; that rule lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Literal

from calfeed.model import Catalogue, Event


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


@dataclass(frozen=True)
class Selection:
    """Filters as `calfeed feed` and custom feeds use them: each non-empty set must match
    at least one of the event's own keys."""

    audiences: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    def matches(self, event: Event) -> bool:
        return (
            (not self.audiences or bool(self.audiences & event.audiences))
            and (not self.regions or bool(self.regions & event.regions))
            and (not self.tags or bool(self.tags & set(event.tags)))
        )


def is_public(event: Event, catalogue: Catalogue) -> bool:
    """An event is public unless every audience it names is private (a catalogue that
    declares no audiences at all publishes everything)."""
    return not event.audiences or bool(event.audiences - catalogue.private_audiences)


def sort_key(event: Event) -> tuple[datetime, str]:
    """Chronological by first instant, then by id: stable across rebuilds."""
    start = event.start
    if isinstance(start, datetime):
        return (start, event.id)
    if isinstance(start, date):
        return (datetime.combine(start, time(), tzinfo=UTC), event.id)
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
