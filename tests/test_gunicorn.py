"""The documented production command, for real: `gunicorn -c
python:calfeed.web.gunicorn_conf 'calfeed.web:create_app("events.toml")'` in a folder
holding the shipped catalogue and the feeds `calfeed build` wrote beside it, on a free
loopback port. Every promise of `tests/http_contract.py` is checked against that process,
then dozens of clients at once for some seconds: nothing fails, no answer is cut short, and
every body is the expected bytes (those the app gives when called in-process, and `calfeed
build` wrote).
"""

from __future__ import annotations

import gzip
import os
import random
import re
import shlex
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from calfeed.web import create_app
from tests.building import EPOCH
from tests.http_contract import CHECKS, SELECTIONS, Check, Expected, expected_from
from tests.shipped import EVENTS_TOML
from tests.web_client import Answer, Fetch, socket_fetcher, wsgi_fetcher

pytestmark = pytest.mark.slow

COMMAND = ("-c", "python:calfeed.web.gunicorn_conf", 'calfeed.web:create_app("events.toml")')
"""The README's command, after `gunicorn`; the test adds only where to listen."""
START_TIMEOUT = 30.0
CLIENTS = 40
SECONDS = 8.0


@dataclass(frozen=True)
class Running:
    folder: Path
    fetch: Fetch
    log: Path


def _listening_port(log: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen within {START_TIMEOUT}s:\n{log.read_text()}")


def _wait_until_answering(fetch: Fetch, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            if fetch("/status").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /status within {START_TIMEOUT}s:\n{log.read_text()}")


@pytest.fixture(scope="module")
def expected(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    folder = tmp_path_factory.mktemp("gunicorn")
    (folder / "events.toml").write_bytes(EVENTS_TOML.read_bytes())
    return folder, expected_from(folder / "events.toml", folder / "calendars")


@pytest.fixture(scope="module")
def gunicorn(expected: tuple[Path, Expected]) -> Iterator[Running]:
    folder, _ = expected
    log = folder / "gunicorn.log"
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--bind", "127.0.0.1:0", *COMMAND],
            cwd=folder,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        fetch = socket_fetcher("127.0.0.1", _listening_port(log, process))
        _wait_until_answering(fetch, log)
        yield Running(folder, fetch, log)
    finally:
        process.terminate()  # gunicorn's graceful stop
        try:
            process.wait(timeout=START_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=START_TIMEOUT)
    assert process.returncode == 0, log.read_text()


def test_the_readme_documents_this_command(root: Path) -> None:
    command = "gunicorn " + " ".join(shlex.quote(part) for part in COMMAND)
    assert command == (
        "gunicorn -c python:calfeed.web.gunicorn_conf 'calfeed.web:create_app(\"events.toml\")'"
    )
    assert f"\n{command}\n" in (root / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_gunicorn_keeps_the_http_contract(
    check: Check, gunicorn: Running, expected: tuple[Path, Expected]
) -> None:
    check(gunicorn.fetch, expected[1])


def _targets(expected: Expected) -> list[str]:
    combinations = [f"/feed.ics?{query}" for query in SELECTIONS] + [
        f"/feed.ics?region={region}&tag={tag}"
        for region in ("pacific", "global", "east-asia", "south-asia")
        for tag in ("cop26", "workshop", "textile", "side-event")
    ]
    return [f"/{path}" for path in expected.files] + ["/"] + combinations


def test_dozens_of_clients_at_once_get_every_byte(
    gunicorn: Running, expected: tuple[Path, Expected], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, _ = expected
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    local = wsgi_fetcher(create_app(folder / "events.toml"))
    targets = _targets(expected[1])
    plain = {target: local(target) for target in targets}
    packed = {target: local(target, headers={"Accept-Encoding": "gzip"}) for target in targets}
    problems: list[str] = []
    counts = [0] * CLIENTS
    stop = time.monotonic() + SECONDS

    def check(target: str, want: Answer, got: Answer) -> None:
        if got.status != want.status:
            problems.append(f"{target}: {got.status}, expected {want.status}")
        elif got.body != want.body or got.headers["ETag"] != want.headers["ETag"]:
            problems.append(f"{target}: other bytes ({len(got.body)} of {len(want.body)})")
        elif got.status == 200 and got.headers["Content-Length"] != str(len(got.body)):
            problems.append(f"{target}: Content-Length {got.headers['Content-Length']}")

    def client(number: int) -> None:
        rng = random.Random(number)
        while time.monotonic() < stop and len(problems) < 20:
            target = rng.choice(targets)
            compressed = rng.random() < 0.5
            want = packed[target] if compressed else plain[target]
            headers = {"Accept-Encoding": "gzip"} if compressed else {}
            if rng.random() < 0.5:  # a poll: revalidate
                headers["If-None-Match"] = want.headers["ETag"]
                want = Answer(304, want.headers, b"")
            try:
                got = gunicorn.fetch(target, headers=headers)
            except Exception as failure:  # a reset, a timeout, a body cut short
                problems.append(f"{target}: {failure!r}")
                continue
            if got.status == 304 and got.headers["ETag"] != want.headers["ETag"]:
                problems.append(f"{target}: 304 with {got.headers['ETag']}")
            check(target, want, got)
            if compressed and got.status == 200 and gzip.decompress(got.body) != plain[target].body:
                problems.append(f"{target}: the gzip body is not the feed")
            counts[number] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=SECONDS + 60)
    assert not any(thread.is_alive() for thread in threads)
    assert problems == []
    print(f"{sum(counts)} requests from {CLIENTS} clients in {SECONDS} s")
    assert all(count > 0 for count in counts), counts
    assert sum(counts) > CLIENTS * 5
    assert "Traceback" not in gunicorn.log.read_text()
