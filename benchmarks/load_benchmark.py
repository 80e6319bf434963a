"""Load the web app as production runs it: gunicorn with the benchmark catalogue, then
locust, headless, with subscribers polling it (`locustfile.py`).

    python benchmarks/load_benchmark.py                      # 5,000 events, 200 users, 60 s
    python benchmarks/load_benchmark.py --users 50 --seconds 20 --wait 0

The catalogue is `build_benchmark.py`'s, built with `calfeed build` beside it (the feeds'
history, as in a repository); gunicorn runs the documented command with `--preload`, so
the copy builds once and its workers share it. Prints requests per second, the median and
99th percentile latency and the failures, per kind of request and in all; exits 1 if any
request failed.
"""

from __future__ import annotations

import argparse
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


def start_gunicorn(folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    log = (folder / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "gunicorn", "--preload", "-w", str(workers)),
            *("--bind", "127.0.0.1:0", "--timeout", "120"),
            'calfeed.web:create_app("events.toml")',
        ],
        cwd=folder,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", _log(folder))
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.5)
    process.kill()
    raise SystemExit(f"gunicorn did not start:\n{_log(folder)}")


def _log(folder: Path) -> str:
    return (folder / "gunicorn.log").read_text(encoding="utf-8", errors="replace")


def gzip_etag(port: int, path: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("HEAD", path, headers={"Accept-Encoding": "gzip"})
        answer = connection.getresponse()
        answer.read()
        if answer.status != 200:
            raise SystemExit(f"{path}: {answer.status}")
        return str(answer.headers["ETag"])
    finally:
        connection.close()


def targets(folder: Path, port: int) -> Path:
    """The feeds users poll (every feed but the one-event files) with their gzip ETags,
    and the filter values for new combinations."""
    feeds = sorted(
        "/" + p.relative_to(folder / "calendars").as_posix()
        for p in (folder / "calendars").rglob("*.ics")
        if p.parent.name != "events"
    )
    written = folder / "targets.json"
    written.write_text(
        json.dumps(
            {
                "feeds": {path: gzip_etag(port, path) for path in feeds},
                "regions": list(REGIONS),
                "audiences": [a for a in AUDIENCES if a != "network"],
                "tags": list(TAGS),
            }
        ),
        encoding="utf-8",
    )
    return written


def report(prefix: Path) -> bool:
    """Print locust's summary rows; True when nothing failed."""
    with (prefix.parent / f"{prefix.name}_stats.csv").open(encoding="utf-8") as rows:
        stats = list(csv.DictReader(rows))
    print(f"{'request':<22}{'count':>9}{'fail':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}")
    for row in stats:
        print(
            f"{row['Name'] or 'all':<22}{row['Request Count']:>9}{row['Failure Count']:>6}"
            f"{float(row['Requests/s']):>9.1f}{row['50%']:>9}{row['99%']:>9}"
        )
    return all(row["Failure Count"] == "0" for row in stats)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--wait", type=float, default=1.0, help="mean seconds between requests")
    parser.add_argument("--keep", type=Path, help="work here and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="calfeed-load-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "events.toml").write_text(catalogue(args.events, args.seed), encoding="utf-8")
    timed_build(folder)
    begin = time.monotonic()
    process, port = start_gunicorn(folder, args.workers)
    try:
        written = targets(folder, port)
        started = time.monotonic() - begin
        print(f"gunicorn -w {args.workers} --preload: answering after {started:.0f} s")
        prefix = folder / "locust"
        locust = subprocess.run(
            [
                *(sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py")),
                *("--headless", "--only-summary", "--host", f"http://127.0.0.1:{port}"),
                *("-u", str(args.users), "-r", str(max(1, args.users // 10))),
                *("-t", f"{args.seconds}s", "--csv", str(prefix)),
            ],
            env={
                **os.environ,
                "CALFEED_BENCH_TARGETS": str(written),
                "CALFEED_BENCH_WAIT": str(args.wait),
            },
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        clean = report(prefix)
    finally:
        process.terminate()
        process.wait(timeout=60)
    if "Traceback" in _log(folder):
        print(_log(folder))
        clean = False
    if args.keep is None:
        shutil.rmtree(folder)
    sys.exit(0 if clean and locust.returncode == 0 else 1)


if __name__ == "__main__":
    main()
