"""Time the web app's filtered feeds on the benchmark catalogue, in-process (no sockets):
the first request for a combination nobody asked for yet, and the same request again.

    python benchmarks/filter_latency.py                  # 5,000 events, 200 combinations
    python benchmarks/filter_latency.py --events 10000 --combinations 500

The catalogue is `build_benchmark.py`'s, built once with `calfeed build` so the app reads
its history as in production. Each request asks for gzip, as calendar apps do. Targets
(issue 13): a new combination under 50 ms, a repeated one under 5 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from wsgiref.types import WSGIApplication

from build_benchmark import AUDIENCES, REGIONS, TAGS, catalogue, timed_build

from calfeed.web import create_app

Call = Callable[[str], float]


def caller(app: WSGIApplication) -> Call:
    """A function that answers one `/feed.ics` query through `app` and gives its seconds."""

    def call(query: str) -> float:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": "/feed.ics",
            "QUERY_STRING": query,
            "HTTP_ACCEPT_ENCODING": "gzip",
        }
        status: list[str] = []

        def start_response(code: str, headers: list[tuple[str, str]], *_: object) -> None:
            status.append(code)

        begin = time.perf_counter()
        body = b"".join(app(environ, start_response))  # type: ignore[arg-type]
        spent = time.perf_counter() - begin
        if status != ["200 OK"] or not body:
            raise SystemExit(f"/feed.ics?{query}: {status}")
        return spent

    return call


def combinations(count: int, seed: int) -> list[str]:
    """`count` distinct queries, each one to three filters of one to two values."""
    rng = random.Random(seed)
    public = [a for a in AUDIENCES if a != "network"]
    found: set[str] = set()
    while len(found) < count:
        pairs = [("region", r) for r in rng.sample(REGIONS, rng.randint(1, 2))]
        pairs += [("audience", a) for a in rng.sample(public, rng.randint(0, 2))]
        pairs += [("tag", t) for t in rng.sample(TAGS, rng.randint(0, 2))]
        found.add("&".join(f"{key}={value}" for key, value in pairs))
    return sorted(found, key=lambda _q: rng.random())


def summary(label: str, seconds: Iterable[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return (
        f"{label}: median {statistics.median(ms):.1f} ms, p95 {p95:.1f} ms, "
        f"max {ms[-1]:.1f} ms ({len(ms)} requests)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--combinations", type=int, default=200)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="calfeed-latency-"))
    (folder / "events.toml").write_text(catalogue(args.events, args.seed), encoding="utf-8")
    timed_build(folder)
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
    begin = time.perf_counter()
    call = caller(create_app(folder / "events.toml"))
    print(f"{args.events} events: the app built in {time.perf_counter() - begin:.1f} s")
    queries = combinations(args.combinations, args.seed)
    first: list[float] = []
    again: list[float] = []
    for query in queries:  # each new, then at once again (the cache holds the recent ones)
        first.append(call(query))
        again.append(call(query))
    print(summary("new combination", first))
    print(summary("repeated combination", again))
    slow = max(first) >= 0.050 or max(again) >= 0.005
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()
