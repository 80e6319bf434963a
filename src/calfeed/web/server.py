"""`calfeed serve`'s HTTP side: the standard library's threading server answering from a
`Site`, with conditional requests, and a watcher thread that rebuilds on change.
"""

from __future__ import annotations

import socket
import threading
from email.utils import parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import unquote

from calfeed.errors import ListenError
from calfeed.render.links import Publishing
from calfeed.version import __version__
from calfeed.web.query import QueryError
from calfeed.web.site import (
    FILTERED_PATH,
    INDEX,
    STATUS_PATH,
    TEXT_TYPE,
    Clock,
    Log,
    Resource,
    Site,
    http_time,
    quiet,
    system_clock,
)


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
        self.send_header("Last-Modified", http_time(resource.last_modified))
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
    clock: Clock = system_clock,
    log: Log = quiet,
    poll_interval: float = 1.0,
    publishing: Publishing | None = None,
) -> FeedServer:
    """Build `catalogue` into `output`, then serve it on `host:port` (port 0: a free one)
    in background threads, checking the catalogue for changes every `poll_interval`
    seconds and on every request. Raises what the first build raises, or `ListenError`."""
    site = Site(catalogue, output, clock=clock, log=log, publishing=publishing)
    try:
        httpd = _HTTPServer((host, port), site)
    except OSError as problem:
        raise ListenError(
            f"cannot listen on {host}:{port}: {problem.strerror or problem}"
        ) from None
    return FeedServer(site, httpd, poll_interval)
