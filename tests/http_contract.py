"""What the web app promises over HTTP, as checks that take a way to ask (`Fetch`) and what
`calfeed build` and `calfeed feed` made for the same catalogue (`Expected`). The same checks
run against the WSGI application called directly (`test_web_app.py`) and against a real
gunicorn started with the documented command (`test_gunicorn.py`).

The catalogue is the shipped one: its `refresh` is PT12H, its private audience `network`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import icalendar
from click.testing import CliRunner

from calfeed.cli import cli
from tests.building import EPOCH, build, feeds
from tests.shipped import SECRETS
from tests.web_client import Answer, Fetch

FEED_TYPE = "text/calendar; charset=utf-8"
STRONG_TAG = re.compile(r'"[0-9a-f]{32}"')
REFRESH = 12 * 3600
"""The shipped catalogue's `refresh`, in seconds."""


@dataclass(frozen=True)
class Expected:
    files: Mapping[str, bytes]
    """Every public file `calfeed build` wrote, by path."""
    filtered: Mapping[str, bytes]
    """`calfeed feed`'s output for each query of `SELECTIONS`."""


Check = Callable[[Fetch, Expected], None]

SELECTIONS = (
    "region=pacific&audience=government&tag=cop26",
    "region=pacific&region=global",
    "tag=workshop&tag=textile",
    "region=east-asia&audience=workers&audience=employers&tag=textile&tag=workshop",
    "",
    "region=east-asia&audience=government&lang=zh",
    "lang=en",
)
"""Queries of `/feed.ics`: repeated parameters, all three filters, none, and languages."""

DECLARED_REGIONS = "east-asia, global, pacific, south-asia, south-east-asia"
BAD_QUERIES = (
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
    (
        "audience=network",  # private: never offered, so named like an undeclared one
        "audience 'network' is not declared in events.toml (declared: academia, employers, "
        "government, public, un-partners, workers)",
    ),
    (
        "audience=netwrk",  # and no hint names it either
        "audience 'netwrk' is not declared in events.toml (declared: academia, employers, "
        "government, public, un-partners, workers)",
    ),
    ("colour=green", "unknown parameter 'colour': filter with region, audience or tag"),
    ("Region=pacific", "unknown parameter 'Region': filter with region, audience or tag"),
    ("region", "parameter 'region' needs a value, e.g. region=east-asia"),
    ("audience=", "parameter 'audience' needs a value, e.g. audience=academia"),
    ("tag=%FF", "the query is not UTF-8 (check its %-escapes)"),
    ("lang=de", "language 'de' is not declared in events.toml (declared: en, zh)"),
    ("lang=zh&lang=en", "parameter 'lang' is given more than once: give one language"),
    ("lang=", "parameter 'lang' needs a value, e.g. lang=en"),
    (
        "audience=network&include-private=1",
        "include-private is not available over HTTP: the server never shows private details",
    ),
    ("&".join(["tag=cop26"] * 65), "too many parameters: at most 64"),
    ("&".join(["tag=cop26"] * 300), "the query is too long: at most 2048 bytes"),
    ("region=" + "x" * 3000, "the query is too long: at most 2048 bytes"),
)
NOT_FOUND = (
    "/../events.toml",
    "/%2e%2e/events.toml",
    "/..%2fevents.toml",
    "/regions/../../events.toml",
    "//etc/passwd",
    "/events.toml",
    "/.calfeed-manifest",
    "/.calfeed-state",
    "/.calfeed.lock",
    "/regions/",
    "/all.ics/",
    "/all.ics.gz",
    "/audiences/network.ics",
    "/%00",
    "/%FF",
)


def expected_from(catalogue: Path, out: Path) -> Expected:
    """Build `catalogue` into `out` as a user does, and print each filtered feed of
    `SELECTIONS` with `calfeed feed`, at the tests' build time."""
    build(catalogue, out)
    pages = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("index.html")}
    files = {**feeds(out), **pages}
    filtered = {}
    for query in SELECTIONS:
        options = []
        for part in filter(None, query.split("&")):
            key, _, value = part.partition("=")
            options += [f"--{key}", value]
        printed = CliRunner().invoke(
            cli, ["feed", str(catalogue), *options], env={"SOURCE_DATE_EPOCH": EPOCH}
        )
        assert printed.exit_code == 0, printed.output
        filtered[query] = printed.stdout_bytes
    return Expected(files, filtered)


def _vevents(data: bytes) -> dict[str, bytes]:
    """Each event's bytes by UID; the feed must also parse."""
    calendar = icalendar.Calendar.from_ical(data)
    uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
    blocks = re.findall(rb"BEGIN:VEVENT\r\n.*?END:VEVENT\r\n", data, re.DOTALL)
    assert len(blocks) == len(uids)
    return dict(zip(uids, blocks, strict=True))


def _no_secret(answer: Answer, where: str) -> None:
    for secret in SECRETS:
        assert secret.encode() not in answer.body, (where, secret)


def every_public_file_is_the_built_bytes(fetch: Fetch, expected: Expected) -> None:
    assert len(expected.files) > 40
    for path, built in sorted(expected.files.items()):
        answer = fetch(f"/{path}")
        assert answer.status == 200, path
        assert answer.body == built, path
        assert answer.headers["Content-Length"] == str(len(built)), path
        assert answer.headers["Content-Encoding"] is None, path
        wanted = FEED_TYPE if path.endswith(".ics") else "text/html; charset=utf-8"
        assert answer.headers["Content-Type"] == wanted, path
        assert STRONG_TAG.fullmatch(answer.headers["ETag"]), path
        parsedate_to_datetime(answer.headers["Last-Modified"])
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        _no_secret(answer, path)
    root = fetch("/")
    assert root.body == expected.files["index.html"]
    assert root.headers["ETag"] == fetch("/index.html").headers["ETag"]


def head_has_the_headers_of_get_and_no_body(fetch: Fetch, expected: Expected) -> None:
    for target, headers in (
        ("/audiences/government.ics", {}),
        ("/audiences/government.ics", {"Accept-Encoding": "gzip"}),
        ("/feed.ics?region=pacific", {"Accept-Encoding": "gzip"}),
        ("/", {}),
    ):
        get = fetch(target, headers=headers)
        head = fetch(target, method="HEAD", headers=headers)
        assert head.status == get.status == 200, target
        assert head.body == b"", target
        for name in (
            "Content-Type",
            "Content-Length",
            "Content-Encoding",
            "ETag",
            "Last-Modified",
            "Cache-Control",
            "Vary",
        ):
            assert head.headers[name] == get.headers[name], (target, name)


def other_methods_get_405_with_allow(fetch: Fetch, expected: Expected) -> None:
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS"):
        for target in ("/all.ics", "/feed.ics?region=pacific", "/status", "/nowhere"):
            answer = fetch(target, method=method)
            assert answer.status == 405, (method, target)
            assert answer.headers["Allow"] == "GET, HEAD", (method, target)
            assert answer.body == b"only GET and HEAD are answered\n"


def if_none_match_gets_304(fetch: Fetch, expected: Expected) -> None:
    for target in ("/all.ics", "/", "/feed.ics?region=pacific&tag=cop26"):
        first = fetch(target)
        etag = first.headers["ETag"]
        again = fetch(target, headers={"If-None-Match": etag})
        assert again.status == 304, target
        assert again.body == b""
        assert again.headers["ETag"] == etag
        assert again.headers["Last-Modified"] == first.headers["Last-Modified"]
        assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
        assert again.headers["Vary"] == "Accept-Encoding"
        assert again.headers["Content-Type"] is None  # no representation metadata
        listed = fetch(target, headers={"If-None-Match": f'"other", W/{etag}'})
        assert listed.status == 304, "weak comparison: W/ matches"
        assert fetch(target, headers={"If-None-Match": "*"}).status == 304
        other = fetch(target, headers={"If-None-Match": '"0123"'})
        assert other.status == 200
        assert other.body == first.body


def if_modified_since_gets_304_unless_newer(fetch: Fetch, expected: Expected) -> None:
    modified = fetch("/all.ics").headers["Last-Modified"]
    assert fetch("/all.ics", headers={"If-Modified-Since": modified}).status == 304
    earlier = parsedate_to_datetime(modified) - timedelta(seconds=1)
    stale = format_datetime(earlier, usegmt=True)
    assert fetch("/all.ics", headers={"If-Modified-Since": stale}).status == 200
    assert fetch("/all.ics", headers={"If-Modified-Since": "yesterday"}).status == 200
    # RFC 9110 13.2.2: If-None-Match wins; a changed tag is a full answer whatever the date.
    both = {"If-Modified-Since": modified, "If-None-Match": '"0123"'}
    assert fetch("/all.ics", headers=both).status == 200


def if_match_and_if_unmodified_since_get_412(fetch: Fetch, expected: Expected) -> None:
    first = fetch("/all.ics")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert fetch("/all.ics", headers={"If-Match": etag}).status == 200
    assert fetch("/all.ics", headers={"If-Match": '"0123"'}).status == 412
    assert fetch("/all.ics", headers={"If-Match": f"W/{etag}"}).status == 412, "strong only"
    earlier = format_datetime(parsedate_to_datetime(modified) - timedelta(seconds=1), usegmt=True)
    assert fetch("/all.ics", headers={"If-Unmodified-Since": modified}).status == 200
    assert fetch("/all.ics", headers={"If-Unmodified-Since": earlier}).status == 412
    # If-Match is evaluated first, and then If-Unmodified-Since is not.
    both = {"If-Match": etag, "If-Unmodified-Since": earlier}
    assert fetch("/all.ics", headers=both).status == 200


def gzip_when_accepted_with_its_own_etag(fetch: Fetch, expected: Expected) -> None:
    for target, built in (
        ("/all.ics", expected.files["all.ics"]),
        ("/", expected.files["index.html"]),
        ("/feed.ics?region=pacific&region=global", None),
    ):
        plain = fetch(target)
        packed = fetch(target, headers={"Accept-Encoding": "gzip, deflate, br"})
        assert packed.status == 200
        assert packed.headers["Content-Encoding"] == "gzip"
        assert plain.headers["Vary"] == packed.headers["Vary"] == "Accept-Encoding"
        assert packed.headers["Content-Length"] == str(len(packed.body))
        assert len(packed.body) < len(plain.body)
        assert gzip.decompress(packed.body) == plain.body
        if built is not None:
            assert plain.body == built
        assert STRONG_TAG.fullmatch(packed.headers["ETag"])
        assert packed.headers["ETag"] != plain.headers["ETag"]
        assert packed.headers["Last-Modified"] == plain.headers["Last-Modified"]
        revalidated = fetch(
            target, headers={"Accept-Encoding": "gzip", "If-None-Match": packed.headers["ETag"]}
        )
        assert revalidated.status == 304
        assert revalidated.headers["ETag"] == packed.headers["ETag"]
        # The gzip tag names the gzip bytes: a client that no longer accepts them gets a 200.
        changed = fetch(target, headers={"If-None-Match": packed.headers["ETag"]})
        assert changed.status == 200
        assert changed.body == plain.body


ACCEPT_ENCODINGS = (
    ("gzip", True),
    ("GZIP", True),
    ("x-gzip", True),
    ("*", True),
    ("br;q=1.0, gzip;q=0.8, *;q=0.1", True),
    ("gzip;q=0.5, identity;q=0.5", True),
    ("identity;q=0, gzip;q=0.001", True),
    ("gzip;q=0", False),
    ("gzip;q=0.000", False),
    ("*;q=0, identity", False),
    ("gzip;q=0.5, identity;q=1", False),
    ("gzip;q=0.5", True),  # identity, not weighed, is only the fallback
    ("deflate, br", False),
    ("identity", False),
    ("", False),
    ("gzip;q=2", False),  # not a q-value: the member says nothing
)


def q_values_are_honoured(fetch: Fetch, expected: Expected) -> None:
    for header, packed in ACCEPT_ENCODINGS:
        answer = fetch("/all.ics", headers={"Accept-Encoding": header})
        assert answer.status == 200, header
        assert (answer.headers["Content-Encoding"] == "gzip") is packed, header
        body = gzip.decompress(answer.body) if packed else answer.body
        assert body == expected.files["all.ics"], header


def cache_control_lets_a_cdn_keep_feeds_no_longer_than_refresh(
    fetch: Fetch, expected: Expected
) -> None:
    for target in ("/all.ics", "/", "/events/humen-summit-2022.ics", "/feed.ics?tag=cop26"):
        control = fetch(target).headers["Cache-Control"]
        found = re.fullmatch(r"public, max-age=(\d+), stale-while-revalidate=(\d+)", control)
        assert found, (target, control)
        assert 0 < int(found.group(1)) <= REFRESH
        assert 0 < int(found.group(2)) <= REFRESH
    for target in ("/status", "/nowhere", "/feed.ics?region=atlantis"):
        assert fetch(target).headers["Cache-Control"] == "no-store", target


def filtered_feeds_are_what_calfeed_feed_prints(fetch: Fetch, expected: Expected) -> None:
    for query in SELECTIONS:
        answer = fetch(f"/feed.ics?{query}")
        assert answer.status == 200, query
        assert answer.headers["Content-Type"] == FEED_TYPE
        served, printed = _vevents(answer.body), _vevents(expected.filtered[query])
        assert list(served) == list(printed), query
        assert served == printed, query
        _no_secret(answer, query)
    one = fetch("/feed.ics?region=pacific&region=global&audience=government")
    other = fetch("/feed.ics?audience=government&region=global&region=pacific&region=global")
    assert one.body == other.body, "the order and repeats of values change nothing"
    assert one.headers["ETag"] == other.headers["ETag"]


def a_bad_query_gets_400_naming_what_is_declared(fetch: Fetch, expected: Expected) -> None:
    for query, message in BAD_QUERIES:
        answer = fetch(f"/feed.ics?{query}")
        assert answer.status == 400, query
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert answer.body.decode() == message + "\n", query
        assert answer.headers["Cache-Control"] == "no-store", query
    # A file takes no query: a filter there would be silently ignored.
    for target in ("/all.ics?v=2", "/all.ics?region=pacific"):
        answer = fetch(target)
        assert answer.status == 400, target
        assert "a filtered feed is /feed.ics?" in answer.body.decode(), target
    assert fetch("/all.ics?include-private=1").status == 400
    assert fetch("/all.ics?" + "&".join(["v=1"] * 65)).status == 400


def anything_else_gets_404(fetch: Fetch, expected: Expected) -> None:
    for target in NOT_FOUND:
        answer = fetch(target)
        assert answer.status == 404, target
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert b"uid-domain" not in answer.body
        _no_secret(answer, target)


def never_a_private_detail(fetch: Fetch, expected: Expected) -> None:
    targets = [f"/{path}" for path in expected.files] + [
        "/feed.ics?audience=network",
        "/feed.ics?audience=network&audience=government",
        "/feed.ics?tag=network-meeting",
        "/feed.ics?audience=network&include-private=1",
        "/feed.ics?audience=network&include-private",
        "/feed.ics?audience=network&include%2Dprivate=true",
        "/audiences/network.ics?include-private=1",
    ]
    for target in targets:
        for headers in ({}, {"Accept-Encoding": "gzip"}):
            answer = fetch(target, headers=headers)
            body = answer.body
            if answer.headers["Content-Encoding"] == "gzip":
                body = gzip.decompress(body)
            for secret in SECRETS:
                assert secret.encode() not in body, (target, secret)


def status_says_what_is_served(fetch: Fetch, expected: Expected) -> None:
    answer = fetch("/status")
    assert answer.status == 200
    assert answer.headers["Content-Type"] == "application/json"
    status = json.loads(answer.body)
    assert status["status"] == "ok"
    assert status["error"] is None
    assert re.fullmatch(r"[0-9a-f]{64}", status["catalogue"]["sha256"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", status["built"])
    assert status["files"] == len(expected.files)
    assert status["versions"]["calfeed"]
    assert re.fullmatch(r"20\d\d[a-z]", status["versions"]["tzdata"])
    assert fetch("/status", method="HEAD").body == b""


CHECKS: tuple[Check, ...] = (
    every_public_file_is_the_built_bytes,
    head_has_the_headers_of_get_and_no_body,
    other_methods_get_405_with_allow,
    if_none_match_gets_304,
    if_modified_since_gets_304_unless_newer,
    if_match_and_if_unmodified_since_get_412,
    gzip_when_accepted_with_its_own_etag,
    q_values_are_honoured,
    cache_control_lets_a_cdn_keep_feeds_no_longer_than_refresh,
    filtered_feeds_are_what_calfeed_feed_prints,
    a_bad_query_gets_400_naming_what_is_declared,
    anything_else_gets_404,
    never_a_private_detail,
    status_says_what_is_served,
)
