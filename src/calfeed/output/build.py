"""The one build: catalogue bytes in, every file's bytes out, in memory.

Parse and validate, resolve where the site is published, render every event once, and
make each file from those events when it is asked for; say which events subscribers will
see vanish. `calfeed build` (through `folders.build_folders`), `build --check`, `calfeed
serve` and the web app all call this and nothing else to get a build, so they cannot
disagree about a byte. Nothing here touches a folder: the history of the previous feeds
comes in as a value, and writing is `write.py`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from calfeed.catalogue import parse_catalogue
from calfeed.errors import said_in_full
from calfeed.model import Catalogue
from calfeed.output.assemble import PublicEvents, Renderer
from calfeed.output.files import FilesOnDemand
from calfeed.output.options import BuildOptions
from calfeed.output.stamps import EventKey, PreviousEvent
from calfeed.render.ics import render_feed, uid
from calfeed.render.links import Publishing, resolve_publishing
from calfeed.render.page import index_pieces
from calfeed.selection import Feed, is_public, private_feeds, public_feeds
from calfeed.selection.feeds import event_feeds

History = Mapping[EventKey, PreviousEvent]
"""The events of the previous feeds, by UID and RECURRENCE-ID (`stamps.read_previous`)."""


@dataclass(frozen=True)
class Build:
    """Every file of one build, each made when asked for, and what to tell the organiser."""

    catalogue: Catalogue
    publishing: Publishing
    public: FilesOnDemand
    """The public output folder: relative path -> bytes."""
    private: FilesOnDemand | None
    """The private audiences' feeds, when the build was given their history (a private
    folder); None otherwise."""
    feeds: tuple[Feed, ...]
    """The public feeds the index page lists (not the one-event files)."""
    events: PublicEvents
    """The public events, rendered once: the web app assembles filtered feeds from them."""
    notices: tuple[str, ...]
    """Warnings about what subscribers will see, e.g. an event vanishing."""


def build(
    source: bytes,
    path: Path,
    *,
    now: datetime,
    history: History,
    private_history: History | None = None,
    options: BuildOptions | None = None,
) -> Build:
    """The build of the catalogue bytes `source` (read from `path`, which messages name).
    Events unchanged since `history` keep its stamps; new and changed ones get `now`.
    With `private_history` the private audiences' feeds are built too."""
    catalogue = parse_catalogue(source, path, lines_for=said_in_full)
    chosen = options or BuildOptions()
    publishing = resolve_publishing(
        catalogue,
        base_url=chosen.base_url,
        service_url=chosen.service_url,
        environ=chosen.environ,
    )
    events = PublicEvents(catalogue, history, now)
    feeds = public_feeds(catalogue)
    makers: dict[str, Callable[[], bytes]] = {
        feed.path: partial(events.assemble, feed, url=publishing.address(feed.path))
        for feed in (*feeds, *event_feeds(catalogue))
    }
    described = {event_id: done.details for event_id, done in events.rendered.items()}
    page = partial(index_pieces, catalogue, feeds, publishing, described)
    private = None
    if private_history is not None:
        private = _private_files(catalogue, private_history, now, events)
    return Build(
        catalogue,
        publishing,
        FilesOnDemand(makers, {"index.html": page}),
        private,
        feeds,
        events,
        vanished(catalogue, history),
    )


def _private_files(
    catalogue: Catalogue, history: History, now: datetime, public: PublicEvents
) -> FilesOnDemand:
    """The private audiences' feeds, their events rendered with the private details."""
    secret = Renderer(catalogue, history, now)
    makers: dict[str, Callable[[], bytes]] = {}
    for feed in private_feeds(catalogue):
        rendered = secret.events(feed.events, private=True)
        makers[feed.path] = partial(render_feed, feed, catalogue, rendered, public.timezones)
    return FilesOnDemand(makers)


def vanished(catalogue: Catalogue, previous: History) -> tuple[str, ...]:
    """Events the previous feeds carried that this build drops: subscribers see them
    disappear without notice, which a cancellation would have explained."""
    now_public = {
        uid(e, catalogue) for e in catalogue.events if e.scheduled and is_public(e, catalogue)
    }
    return tuple(
        f"event {gone!r} is in the previous feeds but not in this build: subscribers will "
        'see it vanish; to call it off, keep it with status = "cancelled"'
        for gone in sorted({key for key, changed in previous if changed is None} - now_public)
    )
