"""The one build: catalogue bytes in, every file's bytes out, in memory.

Parse and validate, resolve where the site is published, render every event once, and
make each file from those events when it is asked for; say which events subscribers will
see vanish. `calfeed build` (through `folders.build_folders`), `build --check`, `calfeed
serve` and the web app all call this and nothing else to get a build, so they cannot
disagree about a byte. Nothing here touches a folder: the history of the previous feeds
comes in as a value, and writing is `write.py`'s job.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path

from calfeed.catalogue import parse_catalogue
from calfeed.errors import said_in_full
from calfeed.language import in_language, languages_of
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
class Language:
    """One language's tree of a build: its catalogue's texts, its public feeds and
    their rendered events (the web app assembles filtered feeds from them)."""

    catalogue: Catalogue
    publishing: Publishing
    """Where this language's tree is published (`<base>/zh/` for `zh`)."""
    feeds: tuple[Feed, ...]
    events: PublicEvents
    prefix: str
    """The tree's folder in the output folder: `""` for the default language, `zh/`."""


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
    languages: Mapping[str, Language] = field(default_factory=dict)
    """Every declared language's tree, the default's among them, by tag (none for a
    catalogue that declares no languages: its one tree is the fields above)."""


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
    With `private_history` the private audiences' feeds are built too. Each language
    is built as its own tree, the default's at the top and every other's under `<tag>/`:
    their UIDs differ, so each event's history is its language's own."""
    catalogue = parse_catalogue(source, path, lines_for=said_in_full)
    chosen = options or BuildOptions()
    publishing = resolve_publishing(
        catalogue,
        base_url=chosen.base_url,
        service_url=chosen.service_url,
        environ=chosen.environ,
    )
    makers: dict[str, Callable[[], bytes]] = {}
    pages: dict[str, Callable[[], Iterable[bytes]]] = {}
    secret: dict[str, Callable[[], bytes]] = {}
    trees: dict[str, Language] = {}
    projected: list[Catalogue] = []
    for language in languages_of(catalogue):
        tree = _tree(in_language(catalogue, language), publishing, history, now)
        projected.append(tree.catalogue)
        if language is not None:
            trees[language] = tree
        for feed in (*tree.feeds, *event_feeds(tree.catalogue)):
            rel = tree.prefix + feed.path
            makers[rel] = partial(tree.events.assemble, feed, url=publishing.address(rel))
        described = {event_id: done.details for event_id, done in tree.events.rendered.items()}
        pages[tree.prefix + "index.html"] = partial(
            index_pieces, tree.catalogue, tree.feeds, tree.publishing, described
        )
        if private_history is not None:
            secret |= _private_files(tree, private_history, now)
    default = trees.get(catalogue.calendar.default_language or "") or tree
    return Build(
        default.catalogue,
        publishing,
        FilesOnDemand(makers, pages),
        FilesOnDemand(secret) if private_history is not None else None,
        default.feeds,
        default.events,
        vanished(projected, history),
        trees,
    )


def _tree(
    catalogue: Catalogue, publishing: Publishing, history: History, now: datetime
) -> Language:
    """One language's feeds and page, published under its prefix."""
    language = catalogue.language
    prefix = "" if language in (None, catalogue.calendar.default_language) else f"{language}/"
    published = Publishing(
        publishing.base_url + prefix if publishing.base_url else None, publishing.service_url
    )
    events = PublicEvents(catalogue, history, now)
    return Language(catalogue, published, public_feeds(catalogue), events, prefix)


def _private_files(
    tree: Language, history: History, now: datetime
) -> dict[str, Callable[[], bytes]]:
    """The private audiences' feeds, their events rendered with the private details."""
    catalogue = tree.catalogue
    secret = Renderer(catalogue, history, now)
    makers: dict[str, Callable[[], bytes]] = {}
    for feed in private_feeds(catalogue):
        rendered = secret.events(feed.events, private=True)
        makers[tree.prefix + feed.path] = partial(
            render_feed, feed, catalogue, rendered, tree.events.timezones
        )
    return makers


def vanished(trees: Iterable[Catalogue], previous: History) -> tuple[str, ...]:
    """Events the previous feeds carried that this build drops (in any of its languages'
    `trees`): subscribers see them disappear without notice, which a cancellation would
    have explained."""
    now_public = {
        uid(e, tree) for tree in trees for e in tree.events if e.scheduled and is_public(e, tree)
    }
    return tuple(
        f"event {gone!r} is in the previous feeds but not in this build: subscribers will "
        'see it vanish; to call it off, keep it with status = "cancelled"'
        for gone in sorted({key for key, changed in previous if changed is None} - now_public)
    )
