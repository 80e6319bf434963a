"""Render each event once, then assemble any number of feeds from those bytes.

Rendering an event (its description, its VEVENT, folding) is the costly part of a feed;
joining already rendered events under an envelope is cheap. A build renders every public
event once for all of its files, and the web app keeps the same rendered events to answer
any filtered feed (`/feed.ics?region=pacific&tag=cop26`) in milliseconds, byte for byte
what `calfeed feed` prints for that selection.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

from calfeed.model import Catalogue, Event
from calfeed.output.stamps import (
    EventKey,
    PreviousEvent,
    next_stamp,
    read_previous,
    recurrence_line,
    series_digest,
)
from calfeed.render.ics import (
    RenderedEvent,
    VTimezoneCache,
    render_changes,
    render_event,
    render_feed,
    uid,
)
from calfeed.render.spans import ZoneSpan, feed_spans
from calfeed.selection import Feed, Selection, select
from calfeed.selection.feeds import FeedKind, selection_feed

FILTERED_PATH = "feed.ics"
"""The path a filtered feed is named for: `calfeed feed` and the web app's `/feed.ics`."""


def _end(span: ZoneSpan) -> float:
    return math.inf if span.last is None else span.last.timestamp()


class Renderer:
    """Renders each event at most once per variant, with its history from `previous`."""

    def __init__(
        self, catalogue: Catalogue, previous: Mapping[EventKey, PreviousEvent], now: datetime
    ) -> None:
        self.catalogue = catalogue
        self.previous = previous
        self.now = now
        self.rendered: dict[str, RenderedEvent] = {}

    def events(self, events: Iterable[Event], *, private: bool) -> dict[str, RenderedEvent]:
        for event in events:
            if event.id not in self.rendered:
                self.rendered[event.id] = self._render(event, private=private)
        return self.rendered

    def _render(self, event: Event, *, private: bool) -> RenderedEvent:
        """The event's VEVENT, then one per changed occurrence, each with its own history
        (by UID and RECURRENCE-ID). The series' digest counts its changed occurrences'
        RECURRENCE-IDs, so adding or removing one raises its SEQUENCE: a client that keeps
        an old changed occurrence otherwise shows it beside the rule's occurrence."""
        key = uid(event, self.catalogue)
        text = render_event(event, self.catalogue, private=private)
        changes = render_changes(event, self.catalogue, private=private)
        digest = text.digest
        if changes:
            lines = [recurrence_line(value) for value, _text in changes]
            digest = series_digest(bytes.fromhex(digest), lines)
        stamp = next_stamp(self.previous.get((key, None)), digest, self.now)
        changed = (
            change.stamped(next_stamp(self.previous.get((key, value)), change.digest, self.now))
            for value, change in changes
        )
        return RenderedEvent(event, digest, b"".join((text.stamped(stamp), *changed)), text.details)


class PublicEvents:
    """Every public event of a catalogue, rendered once without private details, and the
    public feeds assembled from them.

    Safe to share between threads once made: assembling only reads the rendered events,
    and the VTIMEZONE cache at worst builds the same bytes twice.
    """

    def __init__(
        self, catalogue: Catalogue, previous: Mapping[EventKey, PreviousEvent], now: datetime
    ) -> None:
        self.catalogue = catalogue
        self.order = select(catalogue, Selection(), private=False)
        """Every public event with a date, in feed order: a filtered feed's events are a
        subsequence, so no request sorts the catalogue again."""
        self.rendered: Mapping[str, RenderedEvent] = Renderer(catalogue, previous, now).events(
            self.order, private=False
        )
        self.timezones = VTimezoneCache()
        self._reach = {
            event.id: (zone, span.first.timestamp(), _end(span), span)
            for event in self.order
            for zone, span in feed_spans((event,)).items()  # one zone, or none (UTC, all day)
        }
        """Each event's zone and the span its VTIMEZONE must cover (with its ends as numbers,
        quick to compare), worked out once: a series is expanded to its end for it."""
        self._positions: dict[tuple[str, str], set[int]] = {}
        """(filter, key) -> the positions in `order` of the events it admits: a selection
        is a union per filter and an intersection across filters, not a scan."""
        for position, event in enumerate(self.order):
            for name, keys in (
                ("audience", event.audiences),
                ("region", event.regions),
                ("tag", event.tags),
            ):
                for key in keys:
                    self._positions.setdefault((name, key), set()).add(position)

    def assemble(self, feed: Feed, *, url: str | None = None) -> bytes:
        """The bytes of a public `feed` (a build's file, or a filtered feed), from the
        events already rendered. `url` is the feed's own address, when known."""
        if feed.private:
            raise ValueError(f"{feed.path} is a private feed: it is never assembled in public")
        return render_feed(
            feed, self.catalogue, self.rendered, self.timezones, url=url, spans=self._spans(feed)
        )

    def _spans(self, feed: Feed) -> dict[str, ZoneSpan]:
        """`feed_spans(feed.events)`, from each event's span: per zone, the earliest first
        instant and the latest last one (or none, for an endless series)."""
        earliest: dict[str, tuple[float, ZoneSpan]] = {}
        latest: dict[str, tuple[float, ZoneSpan]] = {}
        for event in feed.events:
            reach = self._reach.get(event.id)
            if reach is None:
                continue
            zone, first, last, span = reach
            known = earliest.get(zone)
            if known is None or first < known[0]:
                earliest[zone] = (first, span)
            known = latest.get(zone)
            if known is None or last > known[0]:
                latest[zone] = (last, span)
        return {
            zone: ZoneSpan(span.first, latest[zone][1].last)
            for zone, (_first, span) in earliest.items()
        }

    def filtered_feed(self, selection: Selection) -> Feed:
        """The public filtered feed of `selection`, named for it, as `calfeed feed` makes it."""
        chosen: set[int] | None = None
        for name, keys in (
            ("audience", selection.audiences),
            ("region", selection.regions),
            ("tag", selection.tags),
        ):
            if keys:
                admitted = set().union(*(self._positions.get((name, k), set()) for k in keys))
                chosen = admitted if chosen is None else chosen & admitted
        among = self.order if chosen is None else tuple(self.order[i] for i in sorted(chosen))
        return selection_feed(
            self.catalogue, selection, FILTERED_PATH, FeedKind.FILTERED, private=False, among=among
        )

    def filtered(self, selection: Selection, *, url: str | None = None) -> bytes:
        """The bytes of the public filtered feed of `selection`."""
        return self.assemble(self.filtered_feed(selection), url=url)


def render_selection(
    catalogue: Catalogue,
    selection: Selection,
    *,
    private: bool,
    history: Path | None,
    now: datetime,
) -> bytes:
    """One filtered feed, as `calfeed feed` prints it, named for its selection; history
    from the given folder or feed file."""
    previous = read_previous(history) if history is not None else {}
    feed = selection_feed(catalogue, selection, FILTERED_PATH, FeedKind.FILTERED, private=private)
    rendered = Renderer(catalogue, previous, now).events(feed.events, private=private)
    return render_feed(feed, catalogue, rendered, VTimezoneCache())
