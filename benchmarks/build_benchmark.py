"""Time `calfeed build` on a synthetic catalogue.

    python benchmarks/build_benchmark.py               # 10,000 events
    python benchmarks/build_benchmark.py --events 2000 --keep /tmp/bench

The catalogue spreads events over many zones (every one of them a real tzdata zone, with
times away from DST changes so every one is valid), eight audiences (one private), twelve
regions, tags, sessions and custom feeds. It times the real command in a child process,
twice: a first build into an empty folder, then a rebuild that must change nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ZONES = (
    "Pacific/Apia",
    "Pacific/Fiji",
    "Pacific/Auckland",
    "Pacific/Chatham",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Manila",
    "Asia/Jakarta",
    "Asia/Ho_Chi_Minh",
    "Asia/Dhaka",
    "Asia/Kathmandu",
    "Asia/Kolkata",
    "Asia/Karachi",
    "Asia/Tehran",
    "Asia/Dubai",
    "Europe/Moscow",
    "Africa/Cairo",
    "Africa/Casablanca",
    "Europe/Paris",
    "Europe/London",
    "Europe/Dublin",
    "Atlantic/Azores",
    "America/Sao_Paulo",
    "America/Santiago",
    "America/New_York",
    "America/Chicago",
    "America/Vancouver",
    "Pacific/Honolulu",
    "UTC",
)
AUDIENCES = (
    "government",
    "workers",
    "employers",
    "academia",
    "un-partners",
    "public",
    "press",
    "network",
)
REGIONS = tuple(f"region-{n}" for n in range(12))
TAGS = tuple(f"tag-{n}" for n in range(10))


def catalogue(events: int, seed: int) -> str:
    """A valid catalogue of `events` events; deterministic for a seed."""
    rng = random.Random(seed)
    out = [
        "[calendar]",
        'name = "Benchmark"',
        'uid-domain = "bench.calfeed.example"',
        'show-zones = ["UTC"]',
        "",
    ]
    for key in AUDIENCES:
        out += [f"[audiences.{key}]", f'name = "{key.title()}"']
        out += ["private = true", ""] if key == "network" else [""]
    for number, key in enumerate(REGIONS):
        zones = ", ".join(f'"{z}"' for z in rng.sample(ZONES, 2))
        out += [f"[regions.{key}]", f'name = "Region {number}"', f"zones = [{zones}]", ""]
    out += ["[tags]"] + [f'{t} = "Tag {t}"' for t in TAGS] + [""]
    for number in range(4):
        out += [
            f"[feeds.custom-{number}]",
            f'name = "Custom {number}"',
            f'tags = ["{TAGS[number]}"]',
            f'regions = ["{REGIONS[number]}"]',
            "",
        ]
    for number in range(events):
        zone = rng.choice(ZONES)
        day = f"{rng.randint(2021, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        hour = rng.randint(9, 17)  # no tzdata zone changes its clocks between 09:00 and 21:00
        minute = rng.choice((0, 15, 30, 45))
        out += [
            f"[events.event-{number:06d}]",
            f'title = "Event {number}: \u00e9v\u00e9nement, \u4f1a\u8bae; test"',
            f"start = {day}T{hour:02d}:{minute:02d}:00",
            f'duration = "PT{rng.randint(1, 3)}H"',
            f'timezone = "{zone}"',
            f'location = "Room {number}, Building {number % 7}"',
            f'registration = "https://example.org/register/{number}"',
            f"audiences = {_list(rng.sample(AUDIENCES, rng.randint(1, 3)))}",
            f"regions = {_list(rng.sample(REGIONS, rng.randint(1, 3)))}",
            f"tags = {_list(rng.sample(TAGS, rng.randint(0, 3)))}",
            'description = """' + "A paragraph of text. " * rng.randint(2, 30) + '"""',
        ]
        if number % 10 == 0:
            out += [
                f"[[events.event-{number:06d}.sessions]]",
                'title = "Opening"',
                f"start = {hour:02d}:{minute:02d}:00",
                f"end = {hour + 1:02d}:00:00",
            ]
        out.append("")
    return "\n".join(out)


def _list(items: list[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


def timed_build(folder: Path) -> float:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    begin = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "calfeed", "build", "--private-out", "private"],
        cwd=folder,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", type=Path, help="build here and keep the files")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="calfeed-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "events.toml").write_text(catalogue(args.events, args.seed), encoding="utf-8")
    first = timed_build(folder)
    again = timed_build(folder)
    size = sum(p.stat().st_size for p in (folder / "calendars").rglob("*.ics"))
    count = len(list((folder / "calendars").rglob("*.ics")))
    print(f"{args.events} events, {count} public feeds, {size / 1e6:.1f} MB written")
    print(f"first build: {first:.2f} s   rebuild (no change): {again:.2f} s")
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
