"""Subscribers polling the web app, for `load_benchmark.py` (which writes the targets file
and starts gunicorn): 70% revalidations that must be answered 304, 20% full feeds, 10%
filter combinations nobody asked for yet. Every request asks for gzip, as calendar apps do.
`WarmFiltered` asks only for filtered feeds already assembled (and for the same bytes from
the floor app, `floor_app.py`).

    CALFEED_BENCH_TARGETS=targets.json locust -f benchmarks/locustfile.py --host URL Subscriber
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

from locust import FastHttpUser, between, task

TARGETS = json.loads(Path(os.environ["CALFEED_BENCH_TARGETS"]).read_text(encoding="utf-8"))
FEEDS: dict[str, str] = TARGETS["feeds"]
"""Each published feed's path and the ETag of its gzip bytes."""
PATHS = sorted(FEEDS)
WARM: list[str] = sorted(TARGETS["warm"])
"""Filtered feeds (`/feed.ics?...`) with the ETag of their gzip bytes."""
WAIT = float(os.environ.get("CALFEED_BENCH_WAIT", "1.0"))
"""Mean seconds a user waits between requests (0: as fast as the server answers)."""
GZIP = {"Accept-Encoding": "gzip"}


class Subscriber(FastHttpUser):
    wait_time = between(WAIT / 2, WAIT * 1.5)

    @task(7)
    def revalidate(self) -> None:
        path = random.choice(PATHS)
        headers = {**GZIP, "If-None-Match": FEEDS[path]}
        with self.client.get(
            path, headers=headers, name="revalidation (304)", catch_response=True
        ) as answer:
            if answer.status_code != 304:
                answer.failure(f"{path}: {answer.status_code}, expected 304")

    @task(2)
    def full_feed(self) -> None:
        path = random.choice(PATHS)
        with self.client.get(path, headers=GZIP, name="full feed", catch_response=True) as answer:
            if answer.status_code != 200 or not (answer.content or b"").startswith(
                b"BEGIN:VCALENDAR"
            ):
                answer.failure(f"{path}: {answer.status_code}")
            elif answer.headers.get("ETag") != FEEDS[path]:
                answer.failure(f"{path}: ETag {answer.headers.get('ETag')}")

    @task(1)
    def new_combination(self) -> None:
        pairs = [("region", r) for r in random.sample(TARGETS["regions"], random.randint(1, 2))]
        pairs += [
            ("audience", a) for a in random.sample(TARGETS["audiences"], random.randint(0, 2))
        ]
        pairs += [("tag", t) for t in random.sample(TARGETS["tags"], random.randint(0, 2))]
        query = "&".join(f"{key}={value}" for key, value in pairs)
        with self.client.get(
            f"/feed.ics?{query}", headers=GZIP, name="new combination", catch_response=True
        ) as answer:
            if answer.status_code != 200 or not (answer.content or b"").endswith(
                b"END:VCALENDAR\r\n"
            ):
                answer.failure(f"/feed.ics?{query}: {answer.status_code}")


class WarmFiltered(FastHttpUser):
    """Full downloads of a few filtered feeds, again and again: calfeed's own cost per
    request once a combination is assembled, against the floor app's."""

    wait_time = between(WAIT / 2, WAIT * 1.5)

    @task
    def warm_filtered(self) -> None:
        target = random.choice(WARM)
        with self.client.get(
            target, headers=GZIP, name="warm filtered feed", catch_response=True
        ) as answer:
            if answer.status_code != 200 or answer.headers.get("ETag") != TARGETS["warm"][target]:
                answer.failure(f"{target}: {answer.status_code} {answer.headers.get('ETag')}")
