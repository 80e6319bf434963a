"""From a validated catalogue to the bytes of every file: render each event once, assemble
the feeds, and say what subscribers will notice (events that vanish).

Nothing here touches the output folder except to read the previous feeds' history; writing
is `write.py`'s job, so `build --check` can compare without writing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from calfeed.errors import OutputError
from calfeed.model import Catalogue
from calfeed.output.assemble import FILTERED_PATH, PublicEvents, Renderer
from calfeed.output.files import FilesOnDemand
from calfeed.output.stamps import PreviousEvent, events_in, read_previous
from calfeed.output.write import Changes
from calfeed.render.ics import VTimezoneCache, render_feed, uid
from calfeed.render.links import Publishing, resolve_publishing
from calfeed.render.page import index_pieces
from calfeed.selection import Feed, Selection, is_public, private_feeds, public_feeds
from calfeed.selection.feeds import FeedKind, event_feeds, selection_feed


@dataclass(frozen=True)
class PublicPlan:
    """Every file of the public output folder, and the rendered events they were assembled
    from, which the web app keeps to assemble filtered feeds."""

    files: Mapping[str, bytes]
    """Relative path -> bytes, each made when it is looked up (`files.py`)."""
    feeds: tuple[Feed, ...]
    """The feeds the index page lists (not the one-event files)."""
    events: PublicEvents


@dataclass(frozen=True)
class BuildPlan:
    """Every file a build would write, by folder, and what to tell the organiser."""

    public: Mapping[str, bytes]
    """Relative path -> bytes, for the public output folder, made when looked up."""
    private: dict[str, bytes]
    """Relative path -> bytes, for `--private-out` (empty without it)."""
    feeds: tuple[Feed, ...]
    notices: tuple[str, ...]
    """Warnings about what subscribers will see, e.g. an event vanishing."""
    unwritten: tuple[str, ...] = ()
    """Private audiences whose feeds were not built, for want of a private folder."""


def plan_build(
    catalogue: Catalogue,
    out_dir: Path,
    private_out: Path | None,
    now: datetime,
    publishing: Publishing | None = None,
) -> BuildPlan:
    """The complete output of `calfeed build`, computed in memory. Without `publishing`,
    the catalogue's own `url` and `service` say where the site is published."""
    if private_out is not None and _same_folder(private_out, out_dir):
        raise OutputError(
            "--private-out must not be the public output folder "
            "(or inside it): private details would be published"
        )
    previous = read_previous(out_dir)
    public = plan_public(catalogue, previous, now, publishing)
    private_files: dict[str, bytes] = {}
    hidden = private_feeds(catalogue)
    if private_out is not None and hidden:
        secret = Renderer(catalogue, read_previous(private_out), now)
        for feed in hidden:
            rendered = secret.events(feed.events, private=True)
            private_files[feed.path] = render_feed(
                feed, catalogue, rendered, public.events.timezones
            )
    return BuildPlan(
        public.files,
        private_files,
        public.feeds + (hidden if private_out else ()),
        vanished(catalogue, previous),
        unwritten=() if private_out else tuple(f.path for f in hidden),
    )


def plan_public(
    catalogue: Catalogue,
    previous: Mapping[str, PreviousEvent],
    now: datetime,
    publishing: Publishing | None = None,
) -> PublicPlan:
    """The public output folder of a build whose previous feeds held `previous`: every
    public event rendered once, then each file assembled from those events."""
    where = publishing or resolve_publishing(catalogue, environ={})
    events = PublicEvents(catalogue, previous, now)
    feeds = public_feeds(catalogue)
    makers: dict[str, Callable[[], bytes]] = {
        feed.path: partial(events.assemble, feed, url=where.address(feed.path))
        for feed in (*feeds, *event_feeds(catalogue))
    }
    described = {event_id: done.details for event_id, done in events.rendered.items()}
    page = partial(index_pieces, catalogue, feeds, where, described)
    return PublicPlan(FilesOnDemand(makers, {"index.html": page}), feeds, events)


def _same_folder(private: Path, public: Path) -> bool:
    private, public = private.resolve(), public.resolve()
    return private == public or public in private.parents


def vanished(catalogue: Catalogue, previous: Mapping[str, PreviousEvent]) -> tuple[str, ...]:
    """Events the previous feeds carried that this build drops: subscribers see them
    disappear without notice, which a cancellation would have explained."""
    now_public = {
        uid(e, catalogue) for e in catalogue.events if e.scheduled and is_public(e, catalogue)
    }
    return tuple(
        f"event {gone!r} is in the previous feeds but not in this build: subscribers will "
        'see it vanish; to call it off, keep it with status = "cancelled"'
        for gone in sorted(set(previous) - now_public)
    )


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


def stale_lines(folder: Path, files: Mapping[str, bytes], changes: Changes) -> Iterator[str]:
    """What `build --check` says about a stale folder: each file that would be added,
    removed or changed, and in a changed feed each event that differs."""
    for path in changes.added:
        yield f"{folder / path}: missing"
    for path in changes.removed:
        yield f"{folder / path}: no longer produced"
    for path in changes.changed:
        yield f"{folder / path}: would change"
        try:
            old = events_in((folder / path).read_bytes())
        except OSError:
            continue
        new = events_in(files[path])
        for key in sorted(set(old) | set(new)):
            if key not in old:
                yield f"    event {key}: added"
            elif key not in new:
                yield f"    event {key}: removed"
            elif old[key].digest != new[key].digest:
                yield f"    event {key}: changed"
