"""Two ways to ask the web app something, with one answer type: straight through the WSGI
interface (an environ in, status, headers and body out), and over a real socket to a
running server. Neither decodes gzip or follows anything: the test sees what was sent.
"""

from __future__ import annotations

import http.client
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from email.message import Message
from io import BytesIO
from urllib.parse import unquote
from wsgiref.types import WSGIApplication
from wsgiref.util import setup_testing_defaults

TIMEOUT = 10.0
"""Seconds for any one request over a socket."""


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    """Case-insensitive; `get_all` for a repeated header."""
    body: bytes


Fetch = Callable[..., Answer]
"""`fetch(target, *, method="GET", headers=None) -> Answer`; `target` is the path and
query exactly as sent."""


def _message(pairs: Iterable[tuple[str, str]]) -> Message:
    message = Message()
    for name, value in pairs:
        message[name] = value
    return message


def wsgi_fetcher(app: WSGIApplication) -> Fetch:
    """Calls `app` as a WSGI server would, with the target split as servers split it
    (PATH_INFO %-decoded, as bytes in latin-1; the query as sent)."""

    def fetch(
        target: str, *, method: str = "GET", headers: Mapping[str, str] | None = None
    ) -> Answer:
        path, _, query = target.partition("?")
        environ: dict[str, object] = {}
        setup_testing_defaults(environ)
        environ.update(
            REQUEST_METHOD=method,
            PATH_INFO=unquote(path, encoding="latin-1"),
            QUERY_STRING=query,
            SERVER_PROTOCOL="HTTP/1.1",
        )
        environ["wsgi.input"] = BytesIO()
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: object = None
        ) -> Callable[[bytes], object]:
            started.append((status, response_headers))
            return lambda _data: None

        chunks = app(environ, start_response)
        body = b"".join(chunks)
        ((status, pairs),) = started
        return Answer(int(status.split()[0]), _message(pairs), body)

    return fetch


def socket_fetcher(host: str, port: int) -> Fetch:
    """Sends each request on a new connection, the target exactly as written."""

    def fetch(
        target: str, *, method: str = "GET", headers: Mapping[str, str] | None = None
    ) -> Answer:
        connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
        try:
            connection.request(method, target, headers=dict(headers or {}))
            response = connection.getresponse()
            body = response.read()  # IncompleteRead if the answer is cut short
            return Answer(response.status, _message(response.getheaders()), body)
        finally:
            connection.close()

    return fetch
