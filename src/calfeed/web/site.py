"""The served site of `calfeed serve`: the built files in memory, rebuilt from the
catalogue when it changes, and filtered feeds (`/feed.ics?region=pacific&tag=cop26`) on
demand. No socket here: `server.py` answers HTTP from it.

What is served is exactly the build plan's public files (the same bytes just written to the
output folder), so no request path can reach any other file: a path is a key in a
dictionary, never joined onto a folder. Private details are never served: the plan holds no
private feed, and filtered feeds are always rendered without private details.

When a rebuild fails (a broken catalogue, an unwritable folder), the last good files stay
served, and the error is shown in a banner on the index page and in `/status`.
"""

from __future__ import annotations

import hashlib
import html
import mimetypes
import os
import re
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

from calfeed.catalogue import parse_catalogue
from calfeed.errors import InvalidCatalogueError, OutputError, Severity
from calfeed.model import Catalogue
from calfeed.output.plan import plan_build, render_selection
from calfeed.output.stamps import build_time
from calfeed.output.write import write_files
from calfeed.render.links import Publishing
from calfeed.report import format_text, summary
from calfeed.selection import Selection
from calfeed.web.query import parse_selection

FEED_TYPE = "text/calendar; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
_TYPES = {
    ".ics": FEED_TYPE,
    ".html": HTML_TYPE,
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": TEXT_TYPE,
}

FILTERED_PATH = "feed.ics"
"""The filtered feed's path; a custom feed of the same name is served when no filter is given."""
INDEX = "index.html"
STATUS_PATH = "status"
FILTERED_CACHE = 64
"""Filtered feeds kept per build; each is a few kilobytes."""

Clock = Callable[[], datetime]
Log = Callable[[str], None]


def quiet(_message: str) -> None:
    """The default log: say nothing."""


def system_clock() -> datetime:
    return build_time(os.environ.get("SOURCE_DATE_EPOCH"))


def http_time(when: datetime) -> str:
    return format_datetime(when.astimezone(UTC), usegmt=True)


def content_type(path: str) -> str:
    """The Content-Type of a served file, by its name."""
    suffix = Path(path).suffix.lower()
    if suffix in _TYPES:
        return _TYPES[suffix]
    guessed, _encoding = mimetypes.guess_type(path)
    return guessed or "application/octet-stream"


@dataclass(frozen=True)
class Resource:
    """One answer's body and the headers that let clients cache it."""

    body: bytes
    content_type: str
    last_modified: datetime
    """UTC, whole seconds (HTTP dates have no fractions)."""
    etag: str = field(init=False)
    """A strong validator: the quoted SHA-256 of the body, so equal bytes give equal tags."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "etag", f'"{hashlib.sha256(self.body).hexdigest()[:32]}"')
        object.__setattr__(
            self, "last_modified", self.last_modified.astimezone(UTC).replace(microsecond=0)
        )


@dataclass(frozen=True)
class Build:
    """One successful build: what is served until the next one succeeds."""

    number: int
    catalogue: Catalogue
    files: Mapping[str, Resource]
    built_at: datetime


@dataclass(frozen=True)
class State:
    """What the server answers with now: the last good build, the error that stopped the
    latest rebuild (if any), and the files as served (the index with the error banner)."""

    good: Build
    error: str | None
    error_at: datetime | None
    files: Mapping[str, Resource]


_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def with_banner(page: bytes, error: str, built_at: datetime) -> bytes:
    """`page` with the error, escaped, at the top of its body.

    The banner has no `style` of its own: the index page's Content-Security-Policy admits
    only the page's own stylesheet, which styles `.note` as a highlighted box. Each line is
    its own `<code>` line rather than one `<pre>`, so long lines wrap on a phone."""
    lines = "<br>".join(
        f"<code>{html.escape(line)}</code>" for line in error.splitlines() if line.strip()
    )
    banner = (
        '\n<div id="calfeed-serve-error" class="note" role="alert">'
        "<p><strong>The catalogue could not be rebuilt.</strong> Still serving the last "
        f"good feeds, built {html.escape(http_time(built_at))}.</p>"
        f"<p>{lines}</p></div>"
    ).encode()
    found = _BODY_TAG.search(page)
    if found is None:
        return banner + page
    return page[: found.end()] + banner + page[found.end() :]


class Site:
    """The served files, rebuilt from the catalogue when it changes.

    The first build happens in the constructor and raises what `calfeed build` would
    (`InvalidCatalogueError`, `OutputError`, `OSError`): there is nothing good to serve yet.
    Later rebuilds never raise; a failure is kept in `state.error` instead.
    """

    def __init__(
        self,
        catalogue: Path,
        output: Path,
        *,
        clock: Clock = system_clock,
        log: Log = quiet,
        publishing: Publishing | None = None,
    ) -> None:
        self.publishing = publishing
        self.catalogue_path = catalogue
        self.output = output
        self.clock = clock
        self.log = log
        self._lock = threading.Lock()
        """Held while checking for a change and rebuilding: one rebuild at a time."""
        self._cache_lock = threading.Lock()
        self._filtered: OrderedDict[tuple[int, Selection], Resource] = OrderedDict()
        self._retry = False
        self._index_floor = datetime.min.replace(tzinfo=UTC)
        """The index's Last-Modified is never earlier than the last time its banner
        appeared or went away, so an If-Modified-Since never revives a stale banner."""
        self._stamp = _stat(catalogue)
        raw = catalogue.read_bytes()
        self._digest: bytes | None = hashlib.sha256(raw).digest()
        good = self._build(raw, number=1)
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
            try:
                raw = self.catalogue_path.read_bytes()
            except OSError as problem:
                self._fail(
                    f"{self.catalogue_path}: error: cannot read the catalogue: "
                    f"{problem.strerror or problem}"
                )
                self._digest = None
                return
            digest = hashlib.sha256(raw).digest()
            if digest == self._digest and not self._retry:
                return  # touched, not changed
            self._digest = digest
            self._retry = False
            self._rebuild(raw)

    def _rebuild(self, raw: bytes) -> None:
        number = self._state.good.number + 1
        try:
            good = self._build(raw, number=number)
        except InvalidCatalogueError as invalid:
            # The errors alone: the warnings are `calfeed check`'s to list.
            lines = [format_text(f) for f in invalid.findings if f.severity is Severity.ERROR]
            lines.append(summary(invalid.findings, self.catalogue_path))
            self._fail("\n".join(lines))
            return
        except (OutputError, OSError) as problem:
            self._retry = True  # the folder may come right without the catalogue changing
            if isinstance(problem, OSError):
                message = f"{problem.filename or self.output}: {problem.strerror or problem}"
            else:
                message = str(problem)
            self._fail(f"{self.output}: error: cannot write the feeds: {message}")
            return
        except Exception as bug:  # a bug in calfeed must not stop the server
            self.log(traceback.format_exc().rstrip())
            self._fail(f"{self.catalogue_path}: calfeed failed to build it (a bug): {bug!r}")
            return
        if self._state.error is not None:
            self._index_floor = self.clock()
        self._state = State(good, None, None, self._index_floored(good.files))
        self.log(f"{self.catalogue_path}: rebuilt, serving {len(good.files)} files")

    def _fail(self, error: str) -> None:
        old = self._state
        if old.error == error:
            return
        now = self.clock()
        self._index_floor = now
        files = dict(old.good.files)
        index = files.get(INDEX)
        if index is not None:
            files[INDEX] = Resource(
                with_banner(index.body, error, old.good.built_at), index.content_type, now
            )
        self._state = State(old.good, error, now, files)
        self.log(f"{error}\nStill serving the last good feeds.")

    def _index_floored(self, files: Mapping[str, Resource]) -> Mapping[str, Resource]:
        index = files.get(INDEX)
        if index is None or index.last_modified >= self._index_floor:
            return files
        changed = dict(files)
        changed[INDEX] = Resource(index.body, index.content_type, self._index_floor)
        return changed

    def _build(self, raw: bytes, *, number: int) -> Build:
        catalogue = parse_catalogue(raw, self.catalogue_path)
        now = self.clock()
        plan = plan_build(catalogue, self.output, None, now, self.publishing)
        for notice in plan.notices:
            self.log(f"{self.catalogue_path}: warning: {notice}")
        write_files(self.output, plan.public)
        files = {
            rel: Resource(body, content_type(rel), _modified(self.output / rel, now))
            for rel, body in plan.public.items()
        }
        return Build(number, catalogue, files, now)

    def filtered(self, query: str) -> Resource:
        """The filtered feed for a `/feed.ics` query, from the last good build."""
        good = self._state.good
        selection = parse_selection(query, good.catalogue)
        key = (good.number, selection)
        with self._cache_lock:
            cached = self._filtered.get(key)
            if cached is not None:
                self._filtered.move_to_end(key)
                return cached
        body = render_selection(
            good.catalogue, selection, private=False, history=self.output, now=self.clock()
        )
        newest = max((r.last_modified for r in good.files.values()), default=good.built_at)
        answer = Resource(body, FEED_TYPE, newest)
        with self._cache_lock:
            self._filtered[key] = answer
            while len(self._filtered) > FILTERED_CACHE:
                self._filtered.popitem(last=False)
        return answer

    def status(self) -> str:
        """`/status`: `ok` or `error` on the first line, then what is served and why."""
        state = self._state
        good = state.good
        served = (
            f"serving {len(good.files)} files built {http_time(good.built_at)} "
            f"from {self.catalogue_path}"
        )
        if state.error is None:
            return f"ok: {served}\n"
        when = http_time(state.error_at) if state.error_at else "now"
        return f"error: the rebuild of {when} failed; still {served}\n\n{state.error}\n"


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size, info.st_ino)


def _modified(path: Path, fallback: datetime) -> datetime:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return fallback
