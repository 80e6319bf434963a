"""The framework's floor for `load_benchmark.py`: a bare WSGI app that answers each
request target with bytes it holds in memory (those calfeed sent for it), and nothing
else: no routing, no query parsing, no negotiation beyond If-None-Match.

Run under the same gunicorn configuration as calfeed, it is what gunicorn, the sockets and
the load tool cost by themselves; calfeed's throughput over it is what calfeed's own work
per request leaves of that.

    gunicorn -c python:calfeed.web.gunicorn_conf --pythonpath benchmarks \\
        'floor_app:create_app("floor.json")'
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment


def create_app(answers: str) -> FloorApp:
    """`answers`: a JSON file mapping each target (path and query) to the headers (name,
    value pairs) and the base64 body of calfeed's 200 for it, as `load_benchmark.py`
    writes it."""
    written: dict[str, Any] = json.loads(Path(answers).read_text(encoding="utf-8"))
    return FloorApp(
        {
            target: ([(str(k), str(v)) for k, v in a["headers"]], base64.b64decode(a["body"]))
            for target, a in written.items()
        }
    )


class FloorApp:
    def __init__(self, answers: dict[str, tuple[list[tuple[str, str]], bytes]]) -> None:
        self.answers = {
            target: (headers, body, dict(headers)["ETag"])
            for target, (headers, body) in answers.items()
        }

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        query = environ.get("QUERY_STRING", "")
        target = environ.get("PATH_INFO", "/") + (f"?{query}" if query else "")
        found = self.answers.get(target)
        if found is None:
            start_response("404 Not Found", [("Content-Length", "0")])
            return []
        headers, body, etag = found
        if environ.get("HTTP_IF_NONE_MATCH") == etag:
            start_response("304 Not Modified", [("ETag", etag)])
            return []
        start_response("200 OK", headers)
        return [body]
