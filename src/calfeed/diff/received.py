"""What public subscribers receive of each event: the VEVENT the feeds carry (rendered by
the same function as `build`, without the history properties, which say nothing new) and
the public feeds that carry it.

`diff` compares these, not the catalogue's fields, so no field can change what
subscribers see without `diff` noticing. Private audiences' feeds are left out on
purpose: the report goes to pull requests and job summaries, where no private detail and
no event meant only for private audiences may appear.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from calfeed.model import Catalogue, Event
from calfeed.render.ics import render_event
from calfeed.selection import public_feeds
from calfeed.selection.feeds import event_feeds


@dataclass(frozen=True)
class Value:
    """One content line of a property: its parameters and value as the feed writes them."""

    parameters: str
    """`TZID=Europe/Paris`, or empty."""
    text: str


@dataclass(frozen=True)
class Received:
    """One event as the public feeds carry it."""

    event: Event
    catalogue: Catalogue
    """The catalogue it came from: its descriptions depend on the regions' zones."""
    properties: Mapping[str, tuple[Value, ...]]
    """The VEVENT's properties by name, in the order the feed writes them."""
    feeds: tuple[str, ...]
    """Paths of the public feeds that carry it."""


def received(catalogue: Catalogue) -> dict[str, Received]:
    """Every event some public feed carries, by id (undated events and events only for
    private audiences are in none), with every file that carries it: a region's feed for
    one audience and the event's own file too, since a subscriber of any of them sees the
    change."""
    carried: dict[str, list[str]] = {}
    events: dict[str, Event] = {}
    for feed in (*public_feeds(catalogue), *event_feeds(catalogue)):
        for event in feed.events:
            carried.setdefault(event.id, []).append(feed.path)
            events[event.id] = event
    return {
        key: Received(event, catalogue, _properties(event, catalogue), tuple(carried[key]))
        for key, event in events.items()
    }


_LINE = re.compile(
    r'(?P<name>[A-Za-z0-9-]+)(?P<params>(?:;[^";:]*(?:"[^"]*"[^";:]*)*)*):(?P<value>.*)', re.S
)
"""An unfolded content line (RFC 5545 3.1): parameter values may be quoted, and a quoted
value may hold `:` and `;`."""


def _properties(event: Event, catalogue: Catalogue) -> dict[str, tuple[Value, ...]]:
    found: dict[str, list[Value]] = {}
    for line in render_event(event, catalogue, private=False).content_lines():
        parsed = _LINE.fullmatch(line)
        assert parsed is not None, f"not a content line: {line!r}"
        name = parsed["name"].upper()
        if name not in ("BEGIN", "END"):
            found.setdefault(name, []).append(Value(parsed["params"][1:], parsed["value"]))
    return {name: tuple(values) for name, values in found.items()}
