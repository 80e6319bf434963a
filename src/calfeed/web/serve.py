"""`calfeed serve`: build, serve the output folder over HTTP, rebuild when the catalogue
changes, and answer filtered feeds (`/feed.ics?region=pacific&tag=cop26`) on demand.

The standard library's `http.server.ThreadingHTTPServer` is enough for this: the files are a
few dozen small byte strings held in memory, the only dynamic answers are the filtered feed
and `/status`, and conditional requests (ETag, Last-Modified, 304) are a few lines. A server
library would add a dependency to every install of calfeed for nothing the job needs.

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
import socket
import threading
import traceback
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote, unquote_plus

from calfeed.catalogue.load import InvalidCatalogueError, parse_catalogue
from calfeed.model import Catalogue, Severity
from calfeed.output.plan import plan_build, render_selection
from calfeed.output.stamps import build_time
from calfeed.output.write import OutputError, write_files
from calfeed.report import format_text, summary
from calfeed.selection.feeds import Selection
from calfeed.version import __version__

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
FILTERS = ("region", "audience", "tag")
MAX_PARAMETERS = 64
FILTERED_CACHE = 64
"""Filtered feeds kept per build; each is a few kilobytes."""

Clock = Callable[[], datetime]
Log = Callable[[str], None]


def _quiet(_message: str) -> None:
    """The default log: say nothing."""


def _system_clock() -> datetime:
    return build_time(os.environ.get("SOURCE_DATE_EPOCH"))


def _http_time(when: datetime) -> str:
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


class QueryError(ValueError):
    """A filtered feed's query the server cannot answer; the message is the 400 body."""


def parse_selection(query: str, catalogue: Catalogue) -> Selection:
    """The selection a `/feed.ics` query asks for, as `calfeed feed` would make it from
    `--region`, `--audience` and `--tag`: each parameter repeatable, each value declared."""
    known: dict[str, Mapping[str, object]] = {
        "region": catalogue.regions,
        "audience": catalogue.audiences,
        "tag": catalogue.tags,
    }
    chosen: dict[str, set[str]] = {name: set() for name in FILTERS}
    parts = [part for part in query.split("&") if part]
    if len(parts) > MAX_PARAMETERS:
        raise QueryError(f"too many parameters: at most {MAX_PARAMETERS}")
    for part in parts:
        raw_key, equals, raw_value = part.partition("=")
        try:
            key = unquote_plus(raw_key, errors="strict")
            value = unquote_plus(raw_value, errors="strict")
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8 (check its %-escapes)") from None
        if key == "include-private":
            raise QueryError(
                "include-private is not available over HTTP: the server never shows private details"
            )
        if key not in chosen:
            raise QueryError(f"unknown parameter {key!r}: filter with region, audience or tag")
        if not equals or not value:
            raise QueryError(f"parameter {key!r} needs a value, e.g. {key}={_example(known[key])}")
        if value not in known[key]:
            declared = ", ".join(sorted(known[key])) or "none"
            raise QueryError(
                f"{key} {value!r} is not declared in {catalogue.path.name} (declared: {declared})"
            )
        chosen[key].add(value)
    return Selection(
        audiences=frozenset(chosen["audience"]),
        regions=frozenset(chosen["region"]),
        tags=frozenset(chosen["tag"]),
    )


def _example(keys: Mapping[str, object]) -> str:
    return min(keys, default="KEY")


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
        f"good feeds, built {html.escape(_http_time(built_at))}.</p>"
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
        self, catalogue: Path, output: Path, *, clock: Clock = _system_clock, log: Log = _quiet
    ) -> None:
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
        plan = plan_build(catalogue, self.output, None, now)
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
            f"serving {len(good.files)} files built {_http_time(good.built_at)} "
            f"from {self.catalogue_path}"
        )
        if state.error is None:
            return f"ok: {served}\n"
        when = _http_time(state.error_at) if state.error_at else "now"
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


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        self.site = site
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


class _Handler(BaseHTTPRequestHandler):
    server_version = f"calfeed/{__version__}"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    timeout = 30
    """Seconds an idle kept-alive connection may hold a thread."""

    @property
    def site(self) -> Site:
        server = self.server
        assert isinstance(server, _HTTPServer)
        return server.site

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._answer(body=True)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def _not_allowed(self) -> None:
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are answered", body=True)

    def do_POST(self) -> None:
        self._not_allowed()

    def do_PUT(self) -> None:
        self._not_allowed()

    def do_DELETE(self) -> None:
        self._not_allowed()

    def do_PATCH(self) -> None:
        self._not_allowed()

    def do_OPTIONS(self) -> None:
        self._not_allowed()

    def _answer(self, *, body: bool) -> None:
        target, _, query = self.path.partition("?")
        query = query.partition("#")[0]
        if not target.startswith("/"):
            self._plain(HTTPStatus.BAD_REQUEST, f"bad request target {self.path!r}", body=body)
            return
        try:
            path = unquote(target, errors="strict")
        except UnicodeDecodeError:
            path = target  # names no file: a 404 below
        site = self.site
        site.refresh()
        rel = path[1:]
        if rel == "" or rel.endswith("/"):
            rel += INDEX
        state = site.state
        if rel == STATUS_PATH:
            self._plain(HTTPStatus.OK, site.status(), body=body)
            return
        if rel == FILTERED_PATH and (query or rel not in state.files):
            try:
                resource = site.filtered(query)
            except QueryError as bad:
                self._plain(HTTPStatus.BAD_REQUEST, str(bad), body=body)
                return
        elif rel in state.files:
            resource = state.files[rel]
        else:
            self._plain(
                HTTPStatus.NOT_FOUND, f"not found: {path!r}; the feeds are listed at /", body=body
            )
            return
        self._send(resource, body=body)

    def _send(self, resource: Resource, *, body: bool) -> None:
        if self._not_modified(resource):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self._validators(resource)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", resource.content_type)
        self.send_header("Content-Length", str(len(resource.body)))
        self._validators(resource)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if body:
            self.wfile.write(resource.body)

    def _validators(self, resource: Resource) -> None:
        self.send_header("ETag", resource.etag)
        self.send_header("Last-Modified", _http_time(resource.last_modified))
        # Served while the catalogue is being edited: caches may keep a copy but must ask
        # each time, which the validators make a cheap 304.
        self.send_header("Cache-Control", "no-cache")

    def _not_modified(self, resource: Resource) -> bool:
        """RFC 9110 13.1: If-None-Match (weak comparison) wins over If-Modified-Since."""
        tags = self.headers.get("If-None-Match")
        if tags is not None:
            listed = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
            return "*" in listed or resource.etag in listed
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            when = parsedate_to_datetime(since)
        except (TypeError, ValueError, IndexError):
            return False
        if when.tzinfo is None:
            return False
        return resource.last_modified <= when

    def _plain(self, status: HTTPStatus, message: str, *, body: bool) -> None:
        data = (message if message.endswith("\n") else message + "\n").encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", TEXT_TYPE)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        if status == HTTPStatus.METHOD_NOT_ALLOWED:
            self.send_header("Allow", "GET, HEAD")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        self.site.log(f"{self.address_string()} {format % args}")


class ListenError(Exception):
    """The server could not listen on the address asked for; the message says why."""


class FeedServer:
    """A running server: its address, and `close()` to stop it (also as a context manager)."""

    def __init__(self, site: Site, httpd: _HTTPServer, poll_interval: float) -> None:
        self.site = site
        self._httpd = httpd
        self._stopped = threading.Event()
        self._threads = [
            threading.Thread(
                target=httpd.serve_forever, args=(0.1,), name="calfeed-serve", daemon=True
            ),
            threading.Thread(
                target=self._watch, args=(poll_interval,), name="calfeed-watch", daemon=True
            ),
        ]
        for thread in self._threads:
            thread.start()

    @property
    def host(self) -> str:
        return str(self._httpd.server_address[0])

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def _watch(self, interval: float) -> None:
        while not self._stopped.wait(interval):
            self.site.refresh()

    def wait(self) -> None:
        """Block until `close()` is called (from another thread or a signal handler)."""
        while not self._stopped.wait(0.5):
            pass

    def close(self) -> None:
        if self._stopped.is_set():
            return
        self._stopped.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def start_server(
    catalogue: Path,
    output: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    clock: Clock = _system_clock,
    log: Log = _quiet,
    poll_interval: float = 1.0,
) -> FeedServer:
    """Build `catalogue` into `output`, then serve it on `host:port` (port 0: a free one)
    in background threads, checking the catalogue for changes every `poll_interval`
    seconds and on every request. Raises what the first build raises, or `ListenError`."""
    site = Site(catalogue, output, clock=clock, log=log)
    try:
        httpd = _HTTPServer((host, port), site)
    except OSError as problem:
        raise ListenError(
            f"cannot listen on {host}:{port}: {problem.strerror or problem}"
        ) from None
    return FeedServer(site, httpd, poll_interval)
