"""`calfeed serve`: the web app under wsgiref for a preview, writing the output folder,
rebuilding while serving, and keeping the last good feeds when the catalogue breaks. What
the app promises over HTTP is `test_web_app.py`'s; here is what the preview adds, over real
sockets.

Every server here listens on a free loopback port and every request has a timeout.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from calfeed.web import PreviewServer, start_preview
from tests.building import EPOCH

TIMEOUT = 5.0
"""Seconds for any one request, and for any wait for a rebuild."""
NOW = datetime.fromtimestamp(int(EPOCH), UTC)
DIALOGUE_TITLE = (
    "Invitation to a Pacific Dialogue: Just Transition in the Pacific and Climate Action for Jobs"
)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Message
    body: bytes


def fetch(
    server: PreviewServer, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> Answer:
    request = Request(f"{server.url}{path.lstrip('/')}", method=method, headers=headers or {})
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.headers, response.read())
    except HTTPError as error:  # 304 and 4xx arrive as errors; they are answers here
        with error:
            return Answer(error.code, error.headers, error.read())


def fetch_raw(server: PreviewServer, target: str, headers: dict[str, str] | None = None) -> Answer:
    """A request with `target` sent exactly as written: no client normalises its dots or
    decodes gzip."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", target, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {TIMEOUT}s waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def catalogue(shipped_copy: Path) -> Path:
    """The catalogue being served: a copy of the shipped one, which some tests edit."""
    return shipped_copy


@pytest.fixture
def server(catalogue: Path) -> Iterator[PreviewServer]:
    with start_preview(
        catalogue, catalogue.parent / "calendars", clock=lambda: NOW, poll_interval=0.05
    ) as running:
        yield running


def output_of(server: PreviewServer) -> Path:
    history = server.site.history
    assert history is not None
    return history


def test_a_feed_has_its_content_type_validators_and_the_built_bytes(
    server: PreviewServer,
) -> None:
    answer = fetch(server, "/regions/pacific.ics")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
    on_disk = output_of(server) / "regions" / "pacific.ics"
    assert answer.body == on_disk.read_bytes()
    assert answer.headers["Content-Length"] == str(len(answer.body))
    assert re.fullmatch(r'"[0-9a-f]{32}"', answer.headers["ETag"])
    modified = parsedate_to_datetime(answer.headers["Last-Modified"])
    assert modified == datetime.fromtimestamp(int(on_disk.stat().st_mtime), UTC)
    assert answer.headers["Cache-Control"] == "no-cache"
    assert answer.headers["Server"].startswith("calfeed/")
    icalendar.Calendar.from_ical(answer.body)


def test_a_304_from_the_preview_has_no_content_length(server: PreviewServer) -> None:
    etag = fetch(server, "/all.ics").headers["ETag"]
    again = fetch_raw(server, "/all.ics", {"If-None-Match": etag})
    assert again.status == 304
    assert again.headers["Content-Length"] is None
    assert again.headers["Cache-Control"] == "no-cache"


def test_the_preview_speaks_http_1_1_and_closes_each_connection(server: PreviewServer) -> None:
    """Chrome sends If-None-Match only for an HTTP/1.1 answer's ETag."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/")
        response = connection.getresponse()
        response.read()
        assert response.version == 11
        assert response.headers["Connection"] == "close"
        assert response.will_close
    finally:
        connection.close()


def test_the_preview_compresses_and_answers_head(server: PreviewServer) -> None:
    packed = fetch_raw(server, "/all.ics", {"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.body) == (output_of(server) / "all.ics").read_bytes()
    head = fetch(server, "/all.ics", method="HEAD")
    assert head.body == b""
    assert head.headers["Content-Length"] == str((output_of(server) / "all.ics").stat().st_size)


def test_a_request_target_that_is_not_a_path_gets_400(server: PreviewServer) -> None:
    assert fetch_raw(server, "http://example.org/all.ics").status == 400


def test_other_methods_get_405(server: PreviewServer) -> None:
    answer = fetch(server, "/all.ics", method="POST")
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD"


def status_of(server: PreviewServer) -> dict[str, Any]:
    answer = fetch(server, "/status")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    status: dict[str, Any] = json.loads(answer.body)
    return status


def test_status_says_ok(server: PreviewServer, catalogue: Path) -> None:
    status = status_of(server)
    assert status["status"] == "ok"
    assert status["error"] is None
    assert status["built"] == "2023-11-14T22:13:20Z"
    assert status["catalogue"]["path"] == str(catalogue)


def edit(catalogue: Path, old: str, new: str) -> None:
    text = catalogue.read_text(encoding="utf-8")
    assert old in text
    catalogue.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_while_serving_is_picked_up(server: PreviewServer, catalogue: Path) -> None:
    before = fetch(server, "/regions/pacific.ics")
    edit(catalogue, f'title = "{DIALOGUE_TITLE}"', 'title = "A renamed Pacific Dialogue"')
    wait_for(
        lambda: b"A renamed Pacific Dialogue" in fetch(server, "/regions/pacific.ics").body,
        "the renamed event in the served feed",
    )
    after = fetch(server, "/regions/pacific.ics")
    assert after.headers["ETag"] != before.headers["ETag"]
    stale = fetch(server, "/regions/pacific.ics", headers={"If-None-Match": before.headers["ETag"]})
    assert stale.status == 200
    assert after.body == (output_of(server) / "regions" / "pacific.ics").read_bytes()
    filtered = fetch(server, "/feed.ics?region=pacific")
    assert b"A renamed Pacific Dialogue" in filtered.body
    assert b"SEQUENCE:1" in after.body


BROKEN_KEY = '"<b>x</b>" = 1'


def test_a_broken_catalogue_keeps_the_last_good_feeds_and_shows_the_error(
    server: PreviewServer, catalogue: Path
) -> None:
    good = {path: fetch(server, path) for path in ("/all.ics", "/", "/feed.ics?region=pacific")}
    edit(
        catalogue,
        "[events.cop26-pacific-dialogue]\n",
        f"[events.cop26-pacific-dialogue]\n{BROKEN_KEY}\n",
    )
    wait_for(lambda: status_of(server)["status"] == "error", "the error in /status")
    status = status_of(server)
    message = status["error"]["message"]
    assert "error: event cop26-pacific-dialogue: unknown key '<b>x</b>'" in message
    assert "1 error" in message
    assert status["build"] == 1
    for path in ("/all.ics", "/feed.ics?region=pacific"):
        kept = fetch(server, path)
        assert kept.status == 200
        assert kept.body == good[path].body, path
        assert kept.headers["ETag"] == good[path].headers["ETag"], path
    page = fetch(server, "/")
    assert page.status == 200
    # The clock stands still: the banner has the good page's Last-Modified second.
    assert page.headers["Last-Modified"] == good["/"].headers["Last-Modified"]
    assert (
        fetch(server, "/", headers={"If-Modified-Since": page.headers["Last-Modified"]}).status
        == 200
    )
    assert page.headers["ETag"] != good["/"].headers["ETag"]
    assert fetch(server, "/", headers={"If-None-Match": good["/"].headers["ETag"]}).status == 200
    text = page.body.decode()
    assert 'id="calfeed-serve-error"' in text
    assert "unknown key &#x27;&lt;b&gt;x&lt;/b&gt;&#x27;</code>" in text
    assert "<b>x</b>" not in text
    assert text.count("<body") == good["/"].body.decode().count("<body")
    chinese = fetch(server, "/zh/").body.decode()  # every language's page says it
    assert 'id="calfeed-serve-error"' in chinese
    assert '<html lang="zh"' in chinese

    edit(catalogue, f"{BROKEN_KEY}\n", "")  # fixed: back to the good catalogue
    wait_for(lambda: status_of(server)["status"] == "ok", "the fixed build")
    assert status_of(server)["build"] == 2
    fixed = fetch(server, "/")
    assert fixed.body == good["/"].body
    # A browser holding the banner page, revalidating by date alone, gets the fixed page.
    since = {"If-Modified-Since": page.headers["Last-Modified"]}
    assert fetch(server, "/", headers=since).body == good["/"].body
    assert fetch(server, "/", headers={"If-None-Match": fixed.headers["ETag"]}).status == 304
    assert b"calfeed-serve-error" not in fixed.body
    assert fetch(server, "/all.ics").body == good["/all.ics"].body


def test_a_removed_catalogue_keeps_the_last_good_feeds(
    server: PreviewServer, catalogue: Path
) -> None:
    feed = fetch(server, "/all.ics")
    catalogue.rename(catalogue.with_suffix(".moved"))
    wait_for(lambda: status_of(server)["status"] == "error", "the error")
    assert "cannot read the catalogue" in status_of(server)["error"]["message"]
    assert fetch(server, "/all.ics").body == feed.body
    catalogue.with_suffix(".moved").rename(catalogue)
    wait_for(lambda: status_of(server)["status"] == "ok", "the catalogue back")


def test_close_stops_listening(catalogue: Path) -> None:
    running = start_preview(catalogue, catalogue.parent / "out", clock=lambda: NOW)
    port = running.port
    assert port > 0
    assert fetch(running, "/status").status == 200
    running.close()
    with (
        pytest.raises(ConnectionRefusedError),
        socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT),
    ):
        pass


def test_the_command_refuses_a_broken_catalogue(catalogue: Path) -> None:
    edit(
        catalogue,
        "[events.cop26-pacific-dialogue]\n",
        f"[events.cop26-pacific-dialogue]\n{BROKEN_KEY}\n",
    )
    result = CliRunner().invoke(
        cli, ["serve", str(catalogue), "-o", str(catalogue.parent / "out"), "--port", "0"]
    )
    assert result.exit_code == 1
    assert "unknown key '<b>x</b>'" in result.stderr
    assert not (catalogue.parent / "out").exists()


def test_the_command_says_when_the_port_is_taken(catalogue: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(
            cli,
            ["serve", str(catalogue), "-o", str(catalogue.parent / "out"), "--port", str(port)],
            env={"SOURCE_DATE_EPOCH": EPOCH},
        )
    assert result.exit_code == 1
    assert f"cannot listen on 127.0.0.1:{port}: " in result.stderr
    assert "Traceback" not in result.output
