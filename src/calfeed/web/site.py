"""The site the app answers from: every public file of a build, in memory, and the filtered
feeds (`/feed.ics?region=pacific&tag=cop26`) assembled from the same rendered events.

What is served is exactly the public files `calfeed build` writes for the same catalogue
and publishing, so no request path can reach any other file: a path is a key in a
dictionary, never joined onto a folder. Private details are never served: the build holds
no private feed, and filtered feeds are assembled from events rendered without them.

A site is built once, when it is made (the web app's copies build at start and never
change). `refresh()` rebuilds when the catalogue file changed, for `calfeed serve`: a
failed rebuild keeps the last good files, and the error is shown in a banner on the index
page and in `/status`.
"""

from __future__ import annotations

import hashlib
import os
import platform
import threading
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

from calfeed.errors import InvalidCatalogueError, OutputError, Severity
from calfeed.model import Catalogue
from calfeed.output.assemble import FILTERED_PATH, PublicEvents
from calfeed.output.build import build
from calfeed.output.files import InMemory
from calfeed.output.options import BuildOptions
from calfeed.output.stamps import EventKey, PreviousEvent, build_time, events_in, read_previous
from calfeed.render.links import Publishing
from calfeed.report import format_text, summary
from calfeed.tz import tzdata_version
from calfeed.version import __version__
from calfeed.web.banner import with_banner
from calfeed.web.cache import FeedCache
from calfeed.web.private import NONE, PrivateFeeds, answer, private_feeds
from calfeed.web.query import canonical_query, parse_language, parse_selection
from calfeed.web.resource import FEED_TYPE, Resource, content_type, succeeding

INDEX = "index.html"
EVERYTHING = "all.ics"
"""The feed with every public event: the record of the last build's stamps."""

Clock = Callable[[], datetime]
Log = Callable[[str], None]
Publish = Callable[[InMemory], object]
"""Writes a good build's public files somewhere (`calfeed serve`: the output folder)."""


def quiet(_message: str) -> None:
    """The default log: say nothing."""


def system_clock() -> datetime:
    """The build time of `calfeed build`: `SOURCE_DATE_EPOCH` when set, else now."""
    return build_time(os.environ.get("SOURCE_DATE_EPOCH"))


@dataclass(frozen=True)
class Version:
    """One successful build: the version served until the next one succeeds."""

    number: int
    catalogue: Catalogue
    digest: str
    """SHA-256 of the catalogue's bytes, for `/status`."""
    files: Mapping[str, Resource]
    events: PublicEvents
    publishing: Publishing
    built_at: datetime
    filtered: FeedCache = field(compare=False)
    """This build's assembled filtered feeds; a new build starts an empty cache."""
    private: PrivateFeeds = NONE
    """The members of private audiences and their feeds, as the members file said then."""
    languages: Mapping[str, PublicEvents] = field(default_factory=dict, compare=False)
    """The public events of each language but the default, for `&lang=` feeds."""

    @cached_property
    def newest(self) -> datetime:
        """The latest Last-Modified of its files: a filtered feed's own, since it may hold
        any of their events."""
        return max((r.last_modified for r in self.files.values()), default=self.built_at)

    @cached_property
    def newest_shared(self) -> bool:
        """Whether a file changed within the second of `newest`: a filtered feed may hold
        its events, so that date cannot tell a filtered feed's versions apart either."""
        newest = self.newest
        return any(r.second_shared and r.last_modified == newest for r in self.files.values())


@dataclass(frozen=True)
class State:
    """What the app answers with now: the last good build, the error that stopped the
    latest rebuild (if any), and the files as served (the index with the error banner)."""

    good: Version
    error: str | None
    error_at: datetime | None
    files: Mapping[str, Resource]


class Site:
    """The served files, built from the catalogue when made, and rebuilt by `refresh()`.

    The first build raises what `calfeed build` would (`InvalidCatalogueError`,
    `OptionError`, `OutputError`, `OSError`): there is nothing good to serve yet. Later
    rebuilds never raise; a failure is kept in `state.error` instead.

    `history` is a folder of previously published feeds (`calfeed build`'s output folder):
    events unchanged since keep their DTSTAMP and SEQUENCE from it, so the bytes are the
    ones `calfeed build` writes; a file there with the same bytes also gives its
    Last-Modified. Without it, new events are stamped with the build time.
    """

    def __init__(
        self,
        catalogue: Path,
        *,
        history: Path | None = None,
        publish: Publish | None = None,
        base_url: str | None = None,
        service_url: str | None = None,
        environ: Mapping[str, str] | None = None,
        clock: Clock = system_clock,
        log: Log = quiet,
        cache: Callable[[], FeedCache] = FeedCache,
        banner: bool = True,
        members: Path | None = None,
    ) -> None:
        self.catalogue_path = catalogue
        self.members = members
        """The members file (`calfeed members`), read with the catalogue at every build."""
        self.banner = banner
        """Whether a failed rebuild is shown on the index page (the preview, where the
        person editing the catalogue looks) or only in `/status` and the log."""
        self.history = history
        self.publish = publish
        self.base_url = base_url
        self.service_url = service_url
        self.environ = environ
        self.clock = clock
        self.log = log
        self._cache = cache
        self._lock = threading.Lock()
        """Held while checking for a change and rebuilding: one rebuild at a time."""
        self._retry = False
        self._index_floor = datetime.min.replace(tzinfo=UTC)
        """The index's Last-Modified is never earlier than the last time its banner
        appeared or went away, so an If-Modified-Since never revives a stale banner."""
        self._stamp = _stat(catalogue)
        raw = catalogue.read_bytes()
        self._digest: bytes | None = hashlib.sha256(raw + b"\0" + self._members_bytes()).digest()
        good = self._build(raw, number=1, before=None)
        self._state = State(good, None, None, good.files)

    @property
    def state(self) -> State:
        return self._state

    def refresh(self) -> None:
        """Rebuild if the catalogue changed since it was last read (its size, time or inode,
        then its bytes); keep the last good build if the new one fails."""
        with self._lock:
            stamp = _stat(self.catalogue_path)
            if stamp == self._stamp and not self._retry:
                return
            self._stamp = stamp
            self._read_and_rebuild()

    def reload(self) -> None:
        """Read the catalogue now, whatever its file's times say, and rebuild if its bytes
        changed (a production copy's SIGHUP); keep the last good build if the new one
        fails."""
        with self._lock:
            self._stamp = _stat(self.catalogue_path)
            self._read_and_rebuild()

    def _read_and_rebuild(self) -> None:
        try:
            raw = self.catalogue_path.read_bytes()
        except OSError as problem:
            self._fail(
                f"{self.catalogue_path}: error: cannot read the catalogue: "
                f"{problem.strerror or problem}"
            )
            self._digest = None
            return
        digest = hashlib.sha256(raw + b"\0" + self._members_bytes()).digest()
        if digest == self._digest and not self._retry:
            number = self.state.good.number
            self.log(f"{self.catalogue_path}: unchanged, still serving build {number}")
            return  # touched, not changed
        self._digest = digest
        self._retry = False
        self._rebuild(raw)

    def _members_bytes(self) -> bytes:
        """What a reload compares of the members file: a revoked member is a new version."""
        try:
            return self.members.read_bytes() if self.members is not None else b""
        except OSError:
            return b""

    def _rebuild(self, raw: bytes) -> None:
        before = self._state.good
        try:
            good = self._build(raw, number=before.number + 1, before=before)
        except InvalidCatalogueError as invalid:
            # The errors alone: the warnings are `calfeed check`'s to list.
            lines = [format_text(f) for f in invalid.findings if f.severity is Severity.ERROR]
            lines.append(summary(invalid.findings, invalid.path))
            self._fail("\n".join(lines))
            return
        except (OutputError, OSError) as problem:
            self._retry = True  # the folder may come right without the catalogue changing
            if isinstance(problem, OSError):
                message = f"{problem.filename or self.history}: {problem.strerror or problem}"
            else:
                message = str(problem)
            self._fail(f"{self.history}: error: cannot write the feeds: {message}")
            return
        except Exception as bug:  # a bug in calfeed must not stop the server
            self.log(traceback.format_exc().rstrip())
            self._fail(f"{self.catalogue_path}: calfeed failed to build it (a bug): {bug!r}")
            return
        if self._state.error is not None:
            self._index_floor = max(self.clock(), self._index_floor)
        served = succeeding(self._state.files, self._index_floored(good.files))
        self._state = State(good, None, None, served)
        self.log(f"{self.catalogue_path}: rebuilt, serving {len(good.files)} files")

    def _fail(self, error: str) -> None:
        old = self._state
        if old.error == error:
            return
        now = self.clock()
        self.log(f"{error}\nStill serving the last good feeds (build {old.good.number}).")
        if not self.banner:
            self._state = State(old.good, error, now, old.files)
            return
        files = dict(old.good.files)
        pages = _pages(files)
        # Never older than the page it replaces (whose date may come from a file's mtime,
        # later than a SOURCE_DATE_EPOCH clock): If-Modified-Since must not hide the banner.
        # Each page by its own date: the languages' pages may be written seconds apart.
        floor = now
        for rel in pages:  # every language's page says it
            index = files[rel]
            served = old.files.get(rel)
            changed_at = max(now, served.last_modified) if served is not None else now
            floor = max(floor, changed_at)
            files[rel] = Resource(
                with_banner(index.body, error, old.good.built_at), index.content_type, changed_at
            )
        self._index_floor = floor
        self._state = State(old.good, error, now, succeeding(old.files, files))

    def _index_floored(self, files: Mapping[str, Resource]) -> Mapping[str, Resource]:
        changed = dict(files)
        for rel in _pages(files):
            index = files[rel]
            if index.last_modified < self._index_floor:
                changed[rel] = Resource(index.body, index.content_type, self._index_floor)
        return changed

    def _build(self, raw: bytes, *, number: int, before: Version | None) -> Version:
        now = self.clock()
        made = build(
            raw,
            self.catalogue_path,
            now=now,
            history=self._previous(before),
            options=BuildOptions(
                self.base_url,
                self.service_url,
                environ=os.environ if self.environ is None else self.environ,
            ),
        )
        for notice in made.notices:
            self.log(f"{self.catalogue_path}: warning: {notice}")
        files_made = dict(made.public)  # the site serves every file from memory: made once
        if self.publish is not None:
            self.publish(InMemory(files_made))
        files = {
            rel: Resource(body, content_type(rel), self._modified(rel, body, before, now))
            for rel, body in files_made.items()
        }
        if before is not None:  # the files as served now, the index perhaps with its banner
            files = dict(succeeding(self._state.files, files))
        digest = hashlib.sha256(raw).hexdigest()
        private = private_feeds(made.catalogue, self.members, self.history, now)
        return Version(
            number,
            made.catalogue,
            digest,
            files,
            made.events,
            made.publishing,
            now,
            self._cache(),
            private,
            {tag: tree.events for tag, tree in made.languages.items() if tree.prefix},
        )

    def _previous(self, before: Version | None) -> Mapping[EventKey, PreviousEvent]:
        """The stamps of the feeds published before: from the history folder, else from
        the last good build in memory."""
        if self.history is not None:
            return read_previous(self.history)
        if before is not None and EVERYTHING in before.files:
            return events_in(before.files[EVERYTHING].body)
        return {}

    def _modified(self, rel: str, body: bytes, before: Version | None, now: datetime) -> datetime:
        """When these bytes were first published: the time of the same bytes in the
        history folder, else in the last build, else now. A file whose bytes did not
        change keeps its Last-Modified, so If-Modified-Since stays valid across builds."""
        if self.history is not None:
            path = self.history / rel
            try:
                info = path.stat()
                if info.st_size == len(body) and path.read_bytes() == body:
                    return datetime.fromtimestamp(info.st_mtime, UTC)
            except OSError:
                pass
        if before is not None:
            old = before.files.get(rel)
            if old is not None and old.body == body:
                return old.last_modified
        return now

    def private(self, rel: str) -> Resource | None:
        """A member's feed or page (`private/<token>.ics`, `private/<token>/index.html`)
        from the last good build, or None for a path that names no member."""
        good = self._state.good
        return answer(good.private, good.catalogue, rel, good.publishing.service_url, good.built_at)

    def filtered(self, query: str) -> Resource:
        """The filtered feed for a `/feed.ics` query, from the last good build, assembled
        from its rendered events (never rendered again) and kept in its bounded cache."""
        good = self._state.good
        language = parse_language(query, good.catalogue)
        selection = parse_selection(query, good.catalogue)
        cached = good.filtered.get((language, selection))
        if cached is not None:
            return cached
        service = good.publishing.service_url
        named = canonical_query(selection, language)
        url = f"{service}{FILTERED_PATH}?{named}" if service else None
        events = good.events if language is None else good.languages[language]
        body = events.filtered(selection, url=url)
        answer = Resource(body, FEED_TYPE, good.newest, second_shared=good.newest_shared)
        good.filtered.put((language, selection), answer)
        return answer

    def status(self) -> dict[str, object]:
        """`/status`, for health checks: what is served, from which catalogue and build,
        with which versions, and the error of the latest rebuild if it failed."""
        state = self._state
        good = state.good
        error = None
        if state.error is not None:
            when = state.error_at or good.built_at
            error = {"message": state.error, "at": _iso(when)}
        return {
            "status": "ok" if error is None else "error",
            "catalogue": {"path": str(self.catalogue_path), "sha256": good.digest},
            "built": _iso(good.built_at),
            "build": good.number,
            "files": len(good.files),
            "members": len(good.private.members),
            "versions": {
                "calfeed": __version__,
                "tzdata": tzdata_version(),
                "python": platform.python_version(),
            },
            "error": error,
        }


def _pages(files: Mapping[str, Resource]) -> list[str]:
    """The index page of each language's tree (`index.html`, `zh/index.html`)."""
    return [rel for rel in files if rel == INDEX or rel.endswith("/" + INDEX)]


def _iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)
