"""Which events go into which feed.

A feed is a path, a name and a selection. Public feeds never carry an event meant only for
private audiences, nor any event's private details; that rule lives here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from calfeed.model import Catalogue, Event, feed_order
from calfeed.selection.filters import Selection, is_public


class FeedKind(StrEnum):
    """What a feed holds, for the page to group them and the web app to find them."""

    ALL = "all"
    AUDIENCE = "audience"
    REGION = "region"
    REGION_AUDIENCE = "region-audience"
    """One region's events for one public audience: `regions/<region>/<audience>.ics`."""
    CUSTOM = "custom"
    EVENT = "event"
    """One event, for "add to my calendar": `events/<event-id>.ics`."""
    FILTERED = "filtered"
    """Any selection, made on demand (`calfeed feed`, the web app's `/feed.ics`)."""


@dataclass(frozen=True)
class Feed:
    """One .ics file to write: its events, and whether it may show private details."""

    path: str
    """POSIX path relative to the output folder, e.g. `regions/pacific.ics`."""
    name: str
    """NAME / X-WR-CALNAME: says what the feed holds, so no two subscriptions look alike."""
    description: str
    kind: FeedKind
    selection: Selection
    events: tuple[Event, ...]
    private: bool
    """True only for feeds of private audiences: never written to the public folder."""


sort_key = feed_order
"""Chronological by first instant, then by id (`model.feed_order`)."""


def scheduled(events: Iterable[Event]) -> tuple[Event, ...]:
    """Events with a date, in feed order: undated tentative events are never in a feed."""
    return tuple(sorted((e for e in events if e.scheduled), key=feed_order))


def select(catalogue: Catalogue, selection: Selection, *, private: bool) -> tuple[Event, ...]:
    """The events a filtered feed holds, in feed order (`Catalogue.schedule`, sorted once by
    the loader). `private` admits events of private audiences."""
    return tuple(
        e
        for e in catalogue.schedule
        if selection.matches(e) and (private or is_public(e, catalogue))
    )


def selection_name(catalogue: Catalogue, selection: Selection) -> str:
    """`Green Jobs & Just Transition: Asia-Pacific: Pacific · Governments`: the calendar's
    name, then the regions, audiences and tags chosen, each in catalogue order."""
    parts = [
        ", ".join(name for key, name in names if key in chosen)
        for chosen, names in (
            (selection.regions, [(k, r.name) for k, r in catalogue.regions.items()]),
            (selection.audiences, [(k, a.name) for k, a in catalogue.audiences.items()]),
            (selection.tags, [(k, d or k) for k, d in catalogue.tags.items()]),
        )
        if chosen
    ]
    name = catalogue.calendar.name
    return f"{name}: {' · '.join(parts)}" if parts else name


PERSONAL = "(personal feed with private details: do not share)"
"""Said in the name of a filtered feed with private details (`calfeed feed
--include-private`, a member's secret address), where a calendar app shows it."""


def selection_feed(
    catalogue: Catalogue,
    selection: Selection,
    path: str,
    kind: FeedKind,
    *,
    private: bool,
    among: tuple[Event, ...] | None = None,
) -> Feed:
    """The feed of `selection`, named for it; its description is the calendar's unless one
    region or audience alone describes it. `among`, when given, is `select(catalogue,
    Selection(), private=private)` computed once: the feed's events are then picked from it
    in order, without sorting the catalogue again."""
    description = catalogue.calendar.description
    own = [catalogue.regions[k].description for k in selection.regions] + [
        catalogue.audiences[k].description for k in selection.audiences
    ]
    if len(own) == 1 and own[0]:
        description = own[0]
    if among is None:
        events = select(catalogue, selection, private=private)
    else:
        events = tuple(e for e in among if selection.matches(e))
    name = selection_name(catalogue, selection)
    if private and kind is FeedKind.FILTERED:
        name += f" {PERSONAL}"
    return Feed(path, name, description, kind, selection, events, private)


def public_feeds(catalogue: Catalogue) -> tuple[Feed, ...]:
    """`all.ics`, one feed per public audience and per region, one per region and public
    audience that share an event, and the custom feeds. Every one is named for what it
    holds."""
    public = [k for k, a in catalogue.audiences.items() if not a.private]
    feeds = [selection_feed(catalogue, Selection(), "all.ics", FeedKind.ALL, private=False)]
    feeds += [
        selection_feed(
            catalogue,
            Selection(audiences=frozenset({key})),
            f"audiences/{key}.ics",
            FeedKind.AUDIENCE,
            private=False,
        )
        for key in public
    ]
    feeds += [
        selection_feed(
            catalogue,
            Selection(regions=frozenset({key})),
            f"regions/{key}.ics",
            FeedKind.REGION,
            private=False,
        )
        for key in catalogue.regions
    ]
    for region in catalogue.regions:
        for audience in public:
            both = Selection(audiences=frozenset({audience}), regions=frozenset({region}))
            feed = selection_feed(
                catalogue,
                both,
                f"regions/{region}/{audience}.ics",
                FeedKind.REGION_AUDIENCE,
                private=False,
            )
            if feed.events:  # an empty pair has no feed
                feeds.append(feed)
    for key, spec in catalogue.feeds.items():
        selection = Selection(spec.audiences, spec.regions, spec.tags)
        events = select(catalogue, selection, private=False)
        description = spec.description or catalogue.calendar.description
        feeds.append(
            Feed(f"{key}.ics", spec.name, description, FeedKind.CUSTOM, selection, events, False)
        )
    return tuple(feeds)


def event_feeds(catalogue: Catalogue) -> tuple[Feed, ...]:
    """`events/<event-id>.ics` for every public event with a date: one event to add to a
    calendar, with the same UID, times and text as in the feeds."""
    name = catalogue.calendar.name
    return tuple(
        Feed(
            f"events/{event.id}.ics",
            f"{name}: {event.title}",
            catalogue.calendar.description,
            FeedKind.EVENT,
            Selection(),
            (event,),
            private=False,
        )
        for event in select(catalogue, Selection(), private=False)
    )


def private_feeds(catalogue: Catalogue) -> tuple[Feed, ...]:
    """One feed per private audience, with private details: for `--private-out` only."""
    return tuple(
        selection_feed(
            catalogue,
            Selection(audiences=frozenset({key})),
            f"audiences/{key}.ics",
            FeedKind.AUDIENCE,
            private=True,
        )
        for key, audience in catalogue.audiences.items()
        if audience.private
    )
