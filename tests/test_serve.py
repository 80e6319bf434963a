"""`calfeed serve`: the built files over HTTP with validators, filtered feeds on demand,
rebuilds while serving, and the last good feeds kept when the catalogue breaks.

Every server here listens on a free loopback port and every request has a timeout.
"""

from __future__ import annotations

import http.client
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from calfeed.web import FeedServer, start_server
from calfeed.web.site import FEED_TYPE
from tests.building import EPOCH
from tests.shipped import SECRETS

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
    server: FeedServer, path: str, *, method: str = "GET", headers: dict[str, str] | None = None
) -> Answer:
    request = Request(f"{server.url}{path.lstrip('/')}", method=method, headers=headers or {})
    try:
        with urlopen(request, timeout=TIMEOUT) as response:
            return Answer(response.status, response.headers, response.read())
    except HTTPError as error:  # 304 and 4xx arrive as errors; they are answers here
        with error:
            return Answer(error.code, error.headers, error.read())


def fetch_raw(server: FeedServer, target: str) -> Answer:
    """A request with `target` sent exactly as written: no client normalises its dots."""
    connection = http.client.HTTPConnection(server.host, server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", target)
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
def server(catalogue: Path) -> Iterator[FeedServer]:
    with start_server(
        catalogue, catalogue.parent / "calendars", clock=lambda: NOW, poll_interval=0.05
    ) as running:
        yield running


def feed_paths(server: FeedServer) -> list[str]:
    return sorted(p for p in server.site.state.files if p.endswith(".ics"))


def test_a_feed_has_its_content_type_validators_and_the_built_bytes(server: FeedServer) -> None:
    answer = fetch(server, "/regions/pacific.ics")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/calendar; charset=utf-8"
    on_disk = server.site.output / "regions" / "pacific.ics"
    assert answer.body == on_disk.read_bytes()
    assert answer.headers["Content-Length"] == str(len(answer.body))
    assert re.fullmatch(r'"[0-9a-f]{32}"', answer.headers["ETag"])
    modified = parsedate_to_datetime(answer.headers["Last-Modified"])
    assert modified == datetime.fromtimestamp(int(on_disk.stat().st_mtime), UTC)
    assert answer.headers["Cache-Control"] == "no-cache"
    icalendar.Calendar.from_ical(answer.body)


def test_every_built_feed_is_served(server: FeedServer) -> None:
    paths = feed_paths(server)
    assert {"all.ics", "regions/pacific.ics", "pacific-governments.ics"} <= set(paths)
    assert not any(p == "audiences/network.ics" for p in paths), "a private feed is public"
    for path in paths:
        answer = fetch(server, path)
        assert answer.status == 200, path
        assert answer.headers["Content-Type"] == FEED_TYPE, path
        assert not any(secret.encode() in answer.body for secret in SECRETS), path


def test_if_none_match_gets_304_and_a_different_tag_gets_the_feed(server: FeedServer) -> None:
    first = fetch(server, "/all.ics")
    etag = first.headers["ETag"]
    again = fetch(server, "/all.ics", headers={"If-None-Match": etag})
    assert again.status == 304
    assert again.body == b""
    assert again.headers["ETag"] == etag
    assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
    listed = fetch(server, "/all.ics", headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status == 304
    assert fetch(server, "/all.ics", headers={"If-None-Match": "*"}).status == 304
    other = fetch(server, "/all.ics", headers={"If-None-Match": '"0123"'})
    assert other.status == 200
    assert other.body == first.body


def test_if_modified_since_gets_304_unless_the_file_is_newer(server: FeedServer) -> None:
    modified = fetch(server, "/all.ics").headers["Last-Modified"]
    assert fetch(server, "/all.ics", headers={"If-Modified-Since": modified}).status == 304
    earlier = parsedate_to_datetime(modified) - timedelta(seconds=1)
    stale = format_datetime(earlier, usegmt=True)
    assert fetch(server, "/all.ics", headers={"If-Modified-Since": stale}).status == 200
    assert fetch(server, "/all.ics", headers={"If-Modified-Since": "yesterday"}).status == 200
    # If-None-Match wins: a changed tag is a full answer whatever the date says.
    both = {"If-Modified-Since": modified, "If-None-Match": '"0123"'}
    assert fetch(server, "/all.ics", headers=both).status == 200


def test_head_has_the_headers_of_get_and_no_body(server: FeedServer) -> None:
    get = fetch(server, "/audiences/government.ics")
    head = fetch(server, "/audiences/government.ics", method="HEAD")
    assert head.status == 200
    assert head.body == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control"):
        assert head.headers[name] == get.headers[name], name


def test_the_root_serves_the_index_page(server: FeedServer) -> None:
    answer = fetch(server, "/")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
    assert answer.body == (server.site.output / "index.html").read_bytes()
    assert answer.headers["ETag"] == fetch(server, "/index.html").headers["ETag"]
    again = fetch(server, "/", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status == 304


SELECTIONS = [
    "region=pacific&audience=government&tag=cop26",
    "region=pacific&region=global",
    "tag=workshop&tag=textile",
    "audience=network",
    "",
]


def options_of(query: str) -> list[str]:
    options = []
    for part in filter(None, query.split("&")):
        key, _, value = part.partition("=")
        options += [f"--{key}", value]
    return options


def vevents(data: bytes) -> dict[str, bytes]:
    """Each event's bytes by UID; the feed must also parse."""
    calendar = icalendar.Calendar.from_ical(data)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)
    assert len(blocks) == len(uids)
    return dict(zip(uids, blocks, strict=True))


@pytest.mark.parametrize("query", SELECTIONS)
def test_a_filtered_feed_is_what_calfeed_feed_prints(
    server: FeedServer, catalogue: Path, query: str
) -> None:
    answer = fetch(server, f"/feed.ics?{query}")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == FEED_TYPE
    printed = CliRunner().invoke(
        cli, ["feed", str(catalogue), *options_of(query)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert printed.exit_code == 0, printed.output
    served, expected = vevents(answer.body), vevents(printed.stdout_bytes)
    assert list(served) == list(expected)
    assert served == expected
    assert not any(secret.encode() in answer.body for secret in SECRETS)
    repeat = fetch(server, f"/feed.ics?{query}", headers={"If-None-Match": answer.headers["ETag"]})
    assert repeat.status == 304


def test_the_dialogue_is_in_the_pacific_governments_selection(server: FeedServer) -> None:
    answer = fetch(server, "/feed.ics?region=pacific&audience=government&tag=cop26")
    assert DIALOGUE_TITLE in [
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(answer.body).walk("VEVENT")
    ]


DECLARED_REGIONS = "east-asia, global, pacific, south-asia, south-east-asia"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            "region=atlantis",
            f"region 'atlantis' is not declared in events.toml (declared: {DECLARED_REGIONS})",
        ),
        (
            "region=pacific&tag=cop27",
            "tag 'cop27' is not declared in events.toml: did you mean 'cop26'? "
            "(declared: ca4ji, cop26, just-transition, network-meeting, side-event, textile, "
            "workshop)",
        ),
        ("colour=green", "unknown parameter 'colour': filter with region, audience or tag"),
        ("Region=pacific", "unknown parameter 'Region': filter with region, audience or tag"),
        ("region", "parameter 'region' needs a value, e.g. region=east-asia"),
        ("audience=", "parameter 'audience' needs a value, e.g. audience=academia"),
        ("tag=%FF", "the query is not UTF-8 (check its %-escapes)"),
        (
            "audience=network&include-private=1",
            "include-private is not available over HTTP: the server never shows private details",
        ),
        ("&".join(["tag=cop26"] * 65), "too many parameters: at most 64"),
    ],
)
def test_a_bad_query_gets_400_with_a_plain_message(
    server: FeedServer, query: str, message: str
) -> None:
    answer = fetch(server, f"/feed.ics?{query}")
    assert answer.status == 400
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.body.decode() == message + "\n"
    assert answer.headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "target",
    [
        "/../events.toml",
        "/%2e%2e/events.toml",
        "/..%2fevents.toml",
        "/regions/../../events.toml",
        "//etc/passwd",
        "/.calfeed-manifest",
        "/.calfeed.lock",
        "/regions/",
        "/all.ics/",
        "/%00",
        "/%FF",
    ],
)
def test_a_path_outside_the_built_files_gets_404(server: FeedServer, target: str) -> None:
    assert (server.site.output / ".calfeed-manifest").exists()
    answer = fetch_raw(server, target)
    assert answer.status == 404, target
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert b"uid-domain" not in answer.body


def test_a_request_target_that_is_not_a_path_gets_400(server: FeedServer) -> None:
    assert fetch_raw(server, "http://example.org/all.ics").status == 400


def test_other_methods_get_405(server: FeedServer) -> None:
    answer = fetch(server, "/all.ics", method="POST")
    assert answer.status == 405
    assert answer.headers["Allow"] == "GET, HEAD"


def test_status_says_ok(server: FeedServer) -> None:
    answer = fetch(server, "/status")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert answer.body.decode().startswith("ok: serving ")


def edit(catalogue: Path, old: str, new: str) -> None:
    text = catalogue.read_text(encoding="utf-8")
    assert old in text
    catalogue.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_while_serving_is_picked_up(server: FeedServer, catalogue: Path) -> None:
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
    assert after.body == (server.site.output / "regions" / "pacific.ics").read_bytes()
    filtered = fetch(server, "/feed.ics?region=pacific")
    assert b"A renamed Pacific Dialogue" in filtered.body
    assert b"SEQUENCE:1" in after.body


BROKEN_KEY = '"<b>x</b>" = 1'


def test_a_broken_catalogue_keeps_the_last_good_feeds_and_shows_the_error(
    server: FeedServer, catalogue: Path
) -> None:
    good = {path: fetch(server, path) for path in ("/all.ics", "/", "/feed.ics?region=pacific")}
    edit(
        catalogue,
        "[events.cop26-pacific-dialogue]\n",
        f"[events.cop26-pacific-dialogue]\n{BROKEN_KEY}\n",
    )
    wait_for(lambda: fetch(server, "/status").body.startswith(b"error:"), "the error in /status")
    status = fetch(server, "/status").body.decode()
    assert "error: event cop26-pacific-dialogue: unknown key '<b>x</b>'" in status
    assert "1 error" in status
    for path in ("/all.ics", "/feed.ics?region=pacific"):
        kept = fetch(server, path)
        assert kept.status == 200
        assert kept.body == good[path].body, path
        assert kept.headers["ETag"] == good[path].headers["ETag"], path
    page = fetch(server, "/")
    assert page.status == 200
    assert page.headers["ETag"] != good["/"].headers["ETag"]
    assert fetch(server, "/", headers={"If-None-Match": good["/"].headers["ETag"]}).status == 200
    text = page.body.decode()
    assert 'id="calfeed-serve-error"' in text
    assert "unknown key &#x27;&lt;b&gt;x&lt;/b&gt;&#x27;</code>" in text
    assert "<b>x</b>" not in text
    assert text.count("<body") == good["/"].body.decode().count("<body")

    edit(catalogue, f"{BROKEN_KEY}\n", "")  # fixed: back to the good catalogue
    wait_for(lambda: fetch(server, "/status").body.startswith(b"ok:"), "the fixed build")
    fixed = fetch(server, "/")
    assert fixed.body == good["/"].body
    assert b"calfeed-serve-error" not in fixed.body
    assert fetch(server, "/all.ics").body == good["/all.ics"].body


def test_a_removed_catalogue_keeps_the_last_good_feeds(server: FeedServer, catalogue: Path) -> None:
    feed = fetch(server, "/all.ics")
    catalogue.rename(catalogue.with_suffix(".moved"))
    wait_for(lambda: fetch(server, "/status").body.startswith(b"error:"), "the error")
    assert b"cannot read the catalogue" in fetch(server, "/status").body
    assert fetch(server, "/all.ics").body == feed.body
    catalogue.with_suffix(".moved").rename(catalogue)
    wait_for(lambda: fetch(server, "/status").body.startswith(b"ok:"), "the catalogue back")


def test_close_stops_listening(catalogue: Path) -> None:
    running = start_server(catalogue, catalogue.parent / "out", clock=lambda: NOW)
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
