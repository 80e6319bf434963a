"""Load the web app as production runs it: gunicorn with the benchmark catalogue, then
locust, headless, with subscribers polling it (`locustfile.py`).

    python benchmarks/load_benchmark.py                      # 5,000 events, 200 users, 60 s
    python benchmarks/load_benchmark.py --users 50 --seconds 20 --wait 0

The catalogue is `build_benchmark.py`'s, built with `calfeed build` beside it (the feeds'
history, as in a repository); gunicorn runs the README's command
(`-c python:calfeed.web.gunicorn_conf`, which builds once in the master), with `-w` and a
port of its own. Prints requests per second, the median and 99th percentile latency and
the failures, per kind of request and in all.

Then the framework's floor: flat out, full downloads of a few filtered feeds calfeed has
already assembled (after a warm-up), from calfeed and from `floor_app.py`, a bare WSGI app
holding the same bytes in memory under the same gunicorn configuration, in alternating
rounds (`--rounds`), since other load on the machine comes and goes; the ratio of the two
throughputs is what calfeed's own work per request leaves of the floor. Exits 1 if any
request failed.
"""

from __future__ import annotations

import argparse
import base64
import csv
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from build_benchmark import AUDIENCES, REGIONS, TAGS, catalogue, timed_build

EPOCH = "1700000000"
HERE = Path(__file__).resolve().parent


def start_gunicorn(
    folder: Path, workers: int, app: str, *, name: str
) -> tuple[subprocess.Popen[bytes], int]:
    """The README's command for `app`, logging to `<name>.log` in `folder`."""
    log = (folder / f"{name}.log").open("wb")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "-c", "python:calfeed.web.gunicorn_conf"),
            *("-w", str(workers), "--bind", "127.0.0.1:0", "--pythonpath", str(HERE)),
            app,
        ],
        cwd=folder,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", _log(folder, name))
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn did not start:\n{_log(folder, name)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=60)


def _log(folder: Path, name: str) -> str:
    return (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")


def gzipped(port: int, path: str, method: str = "HEAD") -> tuple[list[tuple[str, str]], bytes]:
    """calfeed's answer to `path` with gzip: its headers and body."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, headers={"Accept-Encoding": "gzip"})
        answer = connection.getresponse()
        body = answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path}: {answer.status}")
        return answer.getheaders(), body
    finally:
        connection.close()


def gzip_etag(port: int, path: str) -> str:
    return dict(gzipped(port, path)[0])["ETag"]


WARM = tuple(
    f"/feed.ics?region={REGIONS[n]}&region={REGIONS[n + 1]}&tag={TAGS[n % len(TAGS)]}"
    for n in range(8)
)
"""The filtered feeds of the warm runs."""


def targets(folder: Path, port: int) -> Path:
    """The feeds users poll (every feed but the one-event files) with their gzip ETags,
    the filter values for new combinations, and the warm runs' filtered feeds (whose
    answers `floor.json` holds for the floor app)."""
    feeds = sorted(
        "/" + p.relative_to(folder / "calendars").as_posix()
        for p in (folder / "calendars").rglob("*.ics")
        if p.parent.name != "events"
    )
    written = folder / "targets.json"
    warm = {target: gzipped(port, target, "GET") for target in WARM}
    (folder / "floor.json").write_text(
        json.dumps(
            {
                target: {"headers": headers, "body": base64.b64encode(body).decode()}
                for target, (headers, body) in warm.items()
            }
        ),
        encoding="utf-8",
    )
    written.write_text(
        json.dumps(
            {
                "feeds": {path: gzip_etag(port, path) for path in feeds},
                "warm": {target: dict(headers)["ETag"] for target, (headers, _) in warm.items()},
                "regions": list(REGIONS),
                "audiences": [a for a in AUDIENCES if a != "network"],
                "tags": list(TAGS),
            }
        ),
        encoding="utf-8",
    )
    return written


def report(prefix: Path) -> list[dict[str, str]]:
    """Print locust's summary rows, and return them."""
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as rows:
        stats = list(csv.DictReader(rows))
    print(f"{'request':<22}{'count':>9}{'fail':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for row in stats:
        print(
            f"{row['Name'] or 'all':<22}{row['Request Count']:>9}{row['Failure Count']:>6}"
            f"{float(row['Requests/s']):>9.1f}{row['50%']:>9}{row['99%']:>9}"
        )
    return stats


def locust(
    port: int, user: str, written: Path, prefix: Path, *, users: int, seconds: int, wait: float
) -> tuple[bool, float]:
    """One headless locust run of `user` (a class of `locustfile.py`): whether nothing
    failed, and the requests per second of all its requests."""
    run = _locust_run(port, user, written, prefix, users=users, seconds=seconds, wait=wait)
    stats = report(prefix)
    clean = run.returncode == 0 and all(row["Failure Count"] == "0" for row in stats)
    (total,) = (float(row["Requests/s"]) for row in stats if row["Name"] == "Aggregated")
    return clean, total


def _locust_run(
    port: int, user: str, written: Path, prefix: Path, *, users: int, seconds: int, wait: float
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            *(sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py")),
            *("--headless", "--only-summary", "--host", f"http://127.0.0.1:{port}"),
            *("-u", str(users), "-r", str(max(1, users // 10))),
            *("-t", f"{seconds}s", "--csv", str(prefix), user),
        ],
        env={
            **os.environ,
            "CALFEED_BENCH_TARGETS": str(written),
            "CALFEED_BENCH_WAIT": str(wait),
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )


def warm(port: int, written: Path, prefix: Path, args: argparse.Namespace) -> tuple[bool, float]:
    """One flat-out run of `WarmFiltered`."""
    return locust(
        port, "WarmFiltered", written, prefix, users=args.users, seconds=args.seconds, wait=0
    )


def warm_up(port: int, written: Path, prefix: Path, args: argparse.Namespace) -> None:
    """Every worker assembles and compresses each feed once, and touches the pages of the
    master's build it reads (copied on first write: reference counts)."""
    _locust_run(port, "WarmFiltered", written, prefix, users=args.users, seconds=10, wait=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60, help="of each locust run")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--wait", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument(
        "--rounds", type=int, default=2, help="warm runs of calfeed then the floor, alternating"
    )
    parser.add_argument("--keep", type=Path, help="work here and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="calfeed-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "events.toml").write_text(catalogue(args.events, args.seed), encoding="utf-8")
    timed_build(folder)
    begin = time.monotonic()
    app = 'calfeed.web:create_app("events.toml")'
    process, port = start_gunicorn(folder, args.workers, app, name="calfeed")
    floor_process: subprocess.Popen[bytes] | None = None
    try:
        written = targets(folder, port)
        started = time.monotonic() - begin
        print(f"gunicorn -c python:calfeed.web.gunicorn_conf -w {args.workers}: ", end="")
        print(f"answering after {started:.0f} s")
        print(f"\n{args.users} subscribers, {args.wait} s between requests, {args.seconds} s:")
        clean, _ = locust(
            port, "Subscriber", written, folder / "mixed",
            users=args.users, seconds=args.seconds, wait=args.wait,
        )  # fmt: skip
        floor_process, floor_port = start_gunicorn(
            folder, args.workers, 'floor_app:create_app("floor.json")', name="floor"
        )
        warm_up(port, written, folder / "warm-up", args)
        warm_up(floor_port, written, folder / "warm-up", args)
        # Alternating, as the machine's other load comes and goes.
        runs: dict[str, list[float]] = {"calfeed": [], "floor": []}
        for round_ in range(1, args.rounds + 1):
            for name, at in (("calfeed", port), ("floor", floor_port)):
                print(f"\nround {round_}, warm filtered feeds, {args.users} users flat out: {name}")
                ok, rps = warm(at, written, folder / name, args)
                clean = clean and ok
                runs[name].append(rps)
    finally:
        stop(process)
        if floor_process is not None:
            stop(floor_process)
    for round_, (mine, floor) in enumerate(zip(runs["calfeed"], runs["floor"], strict=True), 1):
        print(f"round {round_}: calfeed {mine:.0f} req/s, floor {floor:.0f}: {mine / floor:.0%}")
    best, floor_best = max(runs["calfeed"]), max(runs["floor"])
    print(f"calfeed's warm filtered feeds, best run: {best:.0f} req/s, ", end="")
    print(f"{best / floor_best:.0%} of the floor's best ({floor_best:.0f} req/s)")
    for name in ("calfeed", "floor"):
        if "Traceback" in _log(folder, name):
            print(_log(folder, name))
            clean = False
    if args.keep is None:
        shutil.rmtree(folder)
    sys.exit(0 if clean else 1)


if __name__ == "__main__":
    main()
