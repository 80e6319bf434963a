"""`calfeed serve`: the web app under the standard library's `wsgiref`, one thread per
request, for a preview while the catalogue is edited.

It is the same application as in production, over a site that writes each good build to
the output folder, checks the catalogue for a change before each answer and every
`poll_interval` seconds, and asks caches to revalidate every time (`no-cache`).
"""

from __future__ import annotations

import socket
import threading
from functools import partial
from pathlib import Path
from socketserver import ThreadingMixIn
from types import TracebackType
from typing import IO, Self, cast
from wsgiref.headers import Headers
from wsgiref.simple_server import ServerHandler, WSGIRequestHandler, WSGIServer

from calfeed.errors import ListenError
from calfeed.output.write import write_files
from calfeed.version import __version__
from calfeed.web.app import FeedApp
from calfeed.web.site import Clock, Log, Site, quiet, system_clock


class _Server(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], log: Log) -> None:
        self.log = log
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, _Handler)


class _Answer(ServerHandler):
    """wsgiref's handler, less its `Content-Length: 0` on a 304 (RFC 9110 8.6 allows a
    length there only if it is the one the 200 would have had), and speaking HTTP/1.1:
    browsers ignore the ETag of an HTTP/1.0 answer and revalidate by date alone, which
    cannot tell apart two versions of the index page made within one second. Each
    connection carries one request, so every answer says `Connection: close`."""

    server_software = f"calfeed/{__version__}"
    http_version = "1.1"

    def cleanup_headers(self) -> None:
        super().cleanup_headers()
        headers: Headers = getattr(self, "headers")  # noqa: B009  # set by start_response; untyped in wsgiref
        headers["Connection"] = "close"

    def finish_content(self) -> None:
        status: str | None = getattr(self, "status", None)  # untyped in wsgiref
        sent: bool = getattr(self, "headers_sent", False)
        if status is not None and status.startswith("304") and not sent:
            self.send_headers()
            return
        super().finish_content()


class _Handler(WSGIRequestHandler):
    server_version = f"calfeed/{__version__}"
    timeout = 30
    """Seconds an idle connection may hold a thread."""

    def version_string(self) -> str:
        return self.server_version

    def handle(self) -> None:
        """One request, as `WSGIRequestHandler.handle`, through `_Answer` (the app is
        thread-safe, which `multithread` says)."""
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        output = cast("IO[bytes]", self.wfile)  # a socket file: what wsgiref writes to
        handler = _Answer(
            self.rfile, output, self.get_stderr(), self.get_environ(), multithread=True
        )
        handler.request_handler = self  # type: ignore[attr-defined]  # wsgiref logs through it
        app = self.server.get_app()  # type: ignore[attr-defined]
        handler.run(app)

    def log_message(self, format: str, *args: object) -> None:
        server = self.server
        assert isinstance(server, _Server)
        server.log(f"{self.address_string()} {format % args}")


class PreviewServer:
    """A running preview: its address, and `close()` to stop it (also as a context manager)."""

    def __init__(self, site: Site, httpd: _Server, poll_interval: float) -> None:
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


def start_preview(
    catalogue: Path,
    output: Path,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    base_url: str | None = None,
    service_url: str | None = None,
    clock: Clock = system_clock,
    log: Log = quiet,
    poll_interval: float = 1.0,
) -> PreviewServer:
    """Build `catalogue` into `output`, then serve it on `host:port` (port 0: a free one)
    in background threads, checking the catalogue for changes every `poll_interval`
    seconds and on every request. Raises what the first build raises, or `ListenError`."""
    site = Site(
        catalogue,
        history=output,
        publish=partial(write_files, output),
        base_url=base_url,
        service_url=service_url,
        clock=clock,
        log=log,
    )
    try:
        httpd = _Server((host, port), log)
    except OSError as problem:
        raise ListenError(
            f"cannot listen on {host}:{port}: {problem.strerror or problem}"
        ) from None
    httpd.set_app(FeedApp(site, max_age=0, refresh=True))
    return PreviewServer(site, httpd, poll_interval)
