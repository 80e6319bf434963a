"""Faults under load: gunicorn with the shipped configuration and 4 workers serving a
5,000-event catalogue to 16 clients at once on loopback, the whole time, while a worker
is killed twice, the catalogue is made invalid (and a worker killed, and the master sent
HUP), replaced by a good one with one title changed (HUP), and truncated to nothing (HUP).

Every answer is checked: 200 or 304, an ETag that is the SHA-256 of the bytes received (so
the body is whole), a 304 only for the ETag asked about; every distinct body is read by
icalendar. Each path has one version before the good reload and one after it, both
versions only during that reload's switch-over, and within seconds of the new build every
worker serves the new title (the workers of before are gone).

A request that a SIGKILLed worker was answering dies with it: no server can answer from a
process that is gone, and the client sees the connection close. Such a failure is counted
apart, and allowed only as that: a connection error, in flight at the moment of a kill,
at most one per kill (a sync worker answers one request at a time). Any other failed
request fails the test.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import importlib
import json
import os
import random
import signal
import sys
import threading
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tests.building import EPOCH
from tests.serving import Gunicorn, gunicorn
from tests.shipped import ROOT

pytestmark = pytest.mark.slow

EVENTS = 5_000
WORKERS = 4
CLIENTS = 16
SETTLE = 2.0
"""Seconds of load between two faults."""
CHANGED = "event-000000"
UNCHANGED = "/events/event-000001.ics"
REFUSED = "Still serving the last good feeds"
OLD_TITLE = 'title = "Event 0: '
NEW_TITLE = 'title = "Event 0 (moved): '
SWITCH_LIMIT = 5.0
"""The longest both versions may be served after the good reload's new build is made."""
NEW_EVERYWHERE = 10.0
"""Seconds from the master's new build to every worker serving it: the old workers finish
the requests they are answering first, which takes seconds on a busy 2-core machine."""
CONNECTION_ERRORS = (ConnectionError, http.client.HTTPException, TimeoutError)
"""What a client sees of a worker killed while answering it (a reset, a connection closed
without an answer, a body cut short)."""


def standard_catalogue(events: int) -> str:
    """`benchmarks/perf.py`'s catalogue of the performance issue's shape."""
    sys.path.insert(0, str(ROOT / "benchmarks"))  # perf.py imports its neighbours by name
    try:
        perf = importlib.import_module("perf")
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return str(perf.standard_catalogue(events))


def strong_etag(body: bytes) -> str:
    """The README's ETag: the first 128 bits of the SHA-256 of the bytes sent."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


@dataclass(frozen=True)
class Record:
    start: float
    end: float
    target: str
    packed: bool
    status: int | None
    etag: str | None
    digest: str | None
    """SHA-256 of the feed (gunzipped); for a 304, of the feed its ETag was sent with."""
    error: str | None = None
    connection_error: bool = False


class Load:
    """16 clients asking for feeds, with and without gzip, half of them polls with the
    ETag last seen; every answer recorded and checked as it comes."""

    def __init__(self, port: int, targets: list[str], weights: list[int]) -> None:
        self.port = port
        self.targets = targets
        self.weights = weights
        self.records: list[Record] = []
        self.bodies: dict[str, bytes] = {}
        self._digest_of: dict[str, str] = {}
        self._last: dict[tuple[str, bool], str] = {}
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._client, args=(n,)) for n in range(CLIENTS)]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=120)
        assert not any(thread.is_alive() for thread in self._threads)

    def _client(self, number: int) -> None:
        rng = random.Random(number)
        while not self._stop.is_set():
            (target,) = rng.choices(self.targets, self.weights)
            packed = rng.random() < 0.5
            self.records.append(self._ask(target, packed, poll=rng.random() < 0.5))

    def _ask(self, target: str, packed: bool, *, poll: bool) -> Record:
        headers = {"Accept-Encoding": "gzip"} if packed else {}
        known = self._last.get((target, packed))
        if poll and known is not None:
            headers["If-None-Match"] = known
        start = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("GET", target, headers=headers)
            answer = connection.getresponse()
            body = answer.read()
        except Exception as failure:
            return Record(
                start, time.monotonic(), target, packed, None, None, None, repr(failure),
                isinstance(failure, CONNECTION_ERRORS),
            )  # fmt: skip
        finally:
            connection.close()
        end = time.monotonic()
        etag = answer.headers["ETag"]

        def wrong(why: str) -> Record:
            return Record(start, end, target, packed, answer.status, etag, None, why)

        if answer.status == 304:
            if etag != headers.get("If-None-Match") or body:
                return wrong(f"304 with {etag} for {headers.get('If-None-Match')}")
            return Record(start, end, target, packed, 304, etag, self._digest_of[etag])
        if answer.status != 200:
            return wrong(f"status {answer.status}: {body[:200]!r}")
        if etag != strong_etag(body) or answer.headers["Content-Length"] != str(len(body)):
            return wrong(f"{len(body)} bytes, not those of {etag}")
        if answer.headers.get("Content-Encoding") != ("gzip" if packed else None):
            return wrong(f"Content-Encoding {answer.headers.get('Content-Encoding')}")
        feed = gzip.decompress(body) if packed else body
        digest = hashlib.sha256(feed).hexdigest()
        self.bodies.setdefault(digest, feed)
        self._digest_of[etag] = digest
        self._last[(target, packed)] = etag
        return Record(start, end, target, packed, 200, etag, digest)


def _wait(what: str, ready: Callable[[], bool], server: Gunicorn, seconds: float) -> float:
    deadline = time.monotonic() + seconds
    while not ready():
        assert server.process.poll() is None, f"gunicorn stopped:\n{server.text()[-4000:]}"
        assert time.monotonic() < deadline, f"{what} within {seconds}s:\n{server.text()[-4000:]}"
        time.sleep(0.05)
    return time.monotonic()


def _replaced(server: Gunicorn, before: set[int]) -> Callable[[], bool]:
    """Whether the master has all its workers again, none of them one of `before`."""

    def done() -> bool:
        now = server.workers()
        return len(now) == WORKERS and not now & before

    return done


def _logged(server: Gunicorn, text: str, times: int) -> Callable[[], bool]:
    return lambda: server.text().count(text) >= times


def _title_of(feed: bytes) -> str | None:
    """The changed event's title in a feed, or None if the feed does not hold it."""
    for event in icalendar.Calendar.from_ical(feed).walk("VEVENT"):
        if str(event["UID"]).startswith(f"{CHANGED}@"):
            return str(event["SUMMARY"])
    return None


@dataclass
class Timeline:
    """When each fault happened, from the test's clock (`time.monotonic()`)."""

    kills: list[float]
    good_hup: float = 0.0
    rebuilt: float = 0.0
    """When the master logged the new build."""
    done: float = 0.0
    """When every worker of before the good HUP had gone and all 4 were new."""


def _kill_a_worker(server: Gunicorn, timeline: Timeline) -> None:
    before = server.workers()
    timeline.kills.append(time.monotonic())
    os.kill(min(before), signal.SIGKILL)
    _wait("a new worker", lambda: len(server.workers() - before) == 1, server, 30)
    _wait("all the workers", lambda: len(server.workers()) == WORKERS, server, 30)


def _hup(server: Gunicorn, logged: str) -> tuple[float, float, float]:
    """SIGHUP; when it was sent, when the master logged `logged` (once more than before),
    and when all the workers were new."""
    seen = server.text().count(logged)
    before = server.workers()
    sent = time.monotonic()
    server.hup()
    built = _wait(f"{logged!r} after HUP", _logged(server, logged, seen + 1), server, 90)
    return sent, built, _wait("new workers after HUP", _replaced(server, before), server, 60)


def _faults(server: Gunicorn, catalogue: Path, good: str) -> Timeline:
    """The issue's four faults, in order, with load between them."""
    timeline = Timeline([])
    time.sleep(SETTLE)
    for _ in range(2):
        _kill_a_worker(server, timeline)
        time.sleep(SETTLE)
    catalogue.write_text('[calendar\nname = "broken', encoding="utf-8")
    _kill_a_worker(server, timeline)
    time.sleep(SETTLE)
    _hup(server, REFUSED)
    time.sleep(SETTLE)
    catalogue.write_text(good.replace(OLD_TITLE, NEW_TITLE), encoding="utf-8")
    timeline.good_hup, timeline.rebuilt, timeline.done = _hup(server, "rebuilt, serving")
    time.sleep(SETTLE)
    catalogue.write_bytes(b"")
    _hup(server, REFUSED)
    time.sleep(SETTLE)
    return timeline


def test_faults_under_load_keep_one_version_and_lose_no_request(tmp_path: Path) -> None:
    catalogue = tmp_path / "events.toml"
    good = standard_catalogue(EVENTS)
    assert good.count(OLD_TITLE) == 1
    catalogue.write_text(good, encoding="utf-8")
    data = tomllib.loads(good)
    event = data["events"][CHANGED]
    region = event["regions"][0]
    other = next(r for r in data["regions"] if r not in event["regions"])
    audience = next(a for a in event["audiences"] if a != "network")  # network is private
    changing = [
        f"/events/{CHANGED}.ics",
        f"/regions/{region}/{audience}.ics",
        f"/feed.ics?region={other}&region={region}&audience={audience}",
        "/all.ics",
    ]
    targets = [*changing, UNCHANGED]
    started = time.monotonic()
    app = 'calfeed.web:create_app("events.toml")'
    with gunicorn(tmp_path, app, "-w", str(WORKERS), epoch=EPOCH) as server:
        build_seconds = time.monotonic() - started
        load = Load(server.port, targets, [4, 3, 3, 1, 4])
        load.start()
        try:
            timeline = _faults(server, catalogue, good)
        finally:
            load.stop()
        status = _status(server.port)
        log = server.text()

    records = load.records
    in_flight = _lost_to_kills([r for r in records if r.error is not None], timeline.kills)
    failed = [r for r in records if r.error is not None and r not in in_flight]
    switch_over = _switch_over(records, timeline.good_hup)
    seconds = max(r.end for r in records) - min(r.start for r in records)
    print(
        f"\n{len(records)} requests from {CLIENTS} clients in {seconds:.0f} s"
        f" ({sum(r.status == 304 for r in records)} answered 304), {len(failed)} failed,"
        f" {len(in_flight)} in flight on a SIGKILLed worker ({len(timeline.kills)} kills);"
        f" the master's first build {build_seconds:.1f} s,"
        f" the new one {timeline.rebuilt - timeline.good_hup:.1f} s after HUP;"
        f" every worker new {timeline.done - timeline.rebuilt:.1f} s after it;"
        f" longest switch-over {switch_over:.2f} s"
    )
    assert failed == []
    assert all(r.connection_error for r in in_flight), in_flight
    _check_versions(records, load.bodies, good, timeline)
    assert switch_over <= SWITCH_LIMIT
    assert timeline.done - timeline.rebuilt <= NEW_EVERYWHERE

    assert status["build"] == 2, status
    assert status["status"] == "error", status  # the truncated catalogue, refused
    new = hashlib.sha256(good.replace(OLD_TITLE, NEW_TITLE).encode()).hexdigest()
    assert status["catalogue"]["sha256"] == new
    assert "Traceback" not in log
    assert "Worker failed to boot" not in log


def _check_versions(
    records: list[Record], bodies: dict[str, bytes], good: str, timeline: Timeline
) -> None:
    """One version per path and coding before the good reload and one after it, the old
    title before and the new after; every distinct body read by icalendar."""
    titles = {digest: _title_of(feed) for digest, feed in bodies.items()}
    old_title = "Event 0: " + good.split(OLD_TITLE)[1].split('"', maxsplit=1)[0]
    new_title = old_title.replace("Event 0: ", "Event 0 (moved): ")
    for target, packed in {(r.target, r.packed) for r in records}:
        mine = [r for r in records if (r.target, r.packed) == (target, packed) and r.digest]
        first = {str(r.digest) for r in mine if r.start < timeline.good_hup}
        last = {str(r.digest) for r in mine if r.start > timeline.done}
        assert len(first) == 1, f"{target}: {len(first)} versions before the good reload"
        assert len(last) == 1, f"{target}: {len(last)} versions after it"
        assert {r.digest for r in mine} == first | last, target
        if target == UNCHANGED:
            assert first == last
        else:
            assert {titles[d] for d in first} == {old_title}, target
            assert {titles[d] for d in last} == {new_title}, target


def _status(port: int) -> Any:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", "/status")
        return json.loads(connection.getresponse().read())
    finally:
        connection.close()


def _lost_to_kills(lost: list[Record], kills: list[float]) -> list[Record]:
    """The failed requests a killed worker was answering: in flight at a kill (failed
    within a second of it), at most one per kill."""
    taken: list[Record] = []
    for kill in kills:
        near = [r for r in lost if r.start <= kill <= r.end <= kill + 1.0 and r not in taken]
        taken += near[:1]
    return taken


def _switch_over(records: list[Record], good_hup: float) -> float:
    """The longest time both versions were answered for one path after the good reload:
    from the first answer of the new version to the last of the old, 0 if none overlap."""
    old = {r.digest for r in records if r.start < good_hup}
    longest = 0.0
    for target in {r.target for r in records}:
        after = [r for r in records if r.target == target and r.start >= good_hup and r.digest]
        olds = [r.end for r in after if r.digest in old]
        news = [r.end for r in after if r.digest not in old]
        if olds and news:
            longest = max(longest, max(olds) - min(news))
    return longest
