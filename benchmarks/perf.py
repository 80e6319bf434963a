"""calfeed against its baselines, measured in one run, as whole processes.

    python benchmarks/perf.py                      # 5,000 events, median of 3 runs
    python benchmarks/perf.py --events 10000 --runs 1
    python benchmarks/perf.py --shape many-zones   # the 31-zone catalogue of build_benchmark
    python benchmarks/perf.py --shape two-languages  # the standard one in English and Chinese
    python benchmarks/perf.py --scale              # full builds of 10,000 and 50,000 events

The standard shape is the one of the performance issue: N events in 12 zones, 6 audiences
(one private), 5 regions, titles and descriptions with commas, semicolons, line breaks and
CJK. Each figure is the median wall time of `--runs` runs, with the peak resident memory of
that process (from the kernel's rusage of the child). Printed: a full build into an empty
folder (every file the build writes), a no-op rebuild, `build --check`, `feed` of every
event, and the two baselines of `baselines.py`, with the ratios the issue asks about.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from build_benchmark import catalogue as many_zones_catalogue

HERE = Path(__file__).parent
ZONES = (
    "Pacific/Apia",
    "Pacific/Fiji",
    "Australia/Sydney",
    "Asia/Tokyo",
    "Asia/Shanghai",
    "Asia/Kolkata",
    "Asia/Dubai",
    "Europe/Paris",
    "Europe/London",
    "America/New_York",
    "America/Sao_Paulo",
    "UTC",
)
AUDIENCES = ("government", "workers", "employers", "academia", "public", "network")
REGIONS = ("pacific", "east-asia", "south-asia", "europe", "americas")
WORDS = (
    "Just transition, green jobs; social dialogue",
    "会议 on 绿色就业, with 中文",
    "Décent work; «dialogue», naïve café",
    "Skills, training; and\nnew lines",
)


def standard_catalogue(events: int, seed: int = 2026) -> str:
    """N events of the issue's shape; deterministic for a seed."""
    rng = random.Random(seed)
    out = ["[calendar]", 'name = "Benchmark"', 'uid-domain = "bench.calfeed.example"', ""]
    for key in AUDIENCES:
        out += [f"[audiences.{key}]", f'name = "{key.title()}"']
        out += ["private = true", ""] if key == "network" else [""]
    for key in REGIONS:
        zones = ", ".join(f'"{z}"' for z in rng.sample(ZONES, 2))
        out += [f"[regions.{key}]", f'name = "{key.title()}"', f"zones = [{zones}]", ""]
    out += ["[tags]", 'cop = "At or around a COP"', 'online = "Online"', ""]
    for number in range(events):
        zone = rng.choice(ZONES)
        day = f"{rng.randint(2021, 2027)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        hour = rng.randint(9, 17)  # no zone here changes its clocks between 09:00 and 21:00
        words = rng.choice(WORDS)
        out += [
            f"[events.event-{number:06d}]",
            f'title = "Event {number}: {words.splitlines()[0]}"',
            f"start = {day}T{hour:02d}:{rng.choice((0, 15, 30, 45)):02d}:00",
            f'duration = "PT{rng.randint(1, 3)}H"',
            f'timezone = "{zone}"',
            f'location = "Room {number % 40}, Building {number % 7}; floor 2"',
            f'registration = "https://example.org/register/{number}"',
            f"audiences = {_list(rng.sample(AUDIENCES, rng.randint(1, 3)))}",
            f"regions = {_list(rng.sample(REGIONS, rng.randint(1, 2)))}",
            f"tags = {_list(rng.sample(['cop', 'online'], rng.randint(0, 2)))}",
            'description = """' + (words + ". ") * rng.randint(2, 12) + '"""',
            "",
        ]
    return "\n".join(out)


def _list(items: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{i}"' for i in items) + "]"


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float


def run(command: Sequence[str], cwd: Path) -> Run:
    """One whole process: wall time and its own peak resident memory (wait4's rusage is
    the child's alone, unlike RUSAGE_CHILDREN, which keeps the largest so far)."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}
    begin = time.perf_counter()
    # Quiet: the catalogue's warnings, repeated by every build, are not the benchmark's.
    child = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - begin
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed with {child.returncode}")
    return Run(seconds, usage.ru_maxrss / 1024)


def median(runs: Sequence[Run]) -> Run:
    return Run(statistics.median(r.seconds for r in runs), max(r.peak_mb for r in runs))


def measure(folder: Path, runs: int) -> dict[str, Run]:
    calfeed = [sys.executable, "-m", "calfeed"]
    catalogue = folder / "events.toml"
    results: dict[str, list[Run]] = {}
    for number in range(runs):
        out = folder / f"out-{number}"
        shutil.rmtree(out, ignore_errors=True)
        build = [*calfeed, "build", str(catalogue), "-o", str(out)]
        steps: list[tuple[str, list[str]]] = [
            ("full build", build),
            ("no-op rebuild", build),
            ("build --check", [*build, "--check"]),
            ("feed (every event)", [*calfeed, "feed", str(catalogue), "-o", str(folder / "f.ics")]),
        ]
        for kind in ("naive", "bare"):
            script = [sys.executable, str(HERE / "baselines.py"), kind]
            steps.append(
                (f"{kind} baseline", [*script, str(catalogue), str(folder / f"{kind}.ics")])
            )
        for name, command in steps:
            results.setdefault(name, []).append(run(command, folder))
    return {name: median(found) for name, found in results.items()}


def two_languages_catalogue(events: int, seed: int = 2026) -> str:
    """The standard shape with `languages = ["en", "zh"]` and every title by language: a
    build writes each tree, and any work done per event per language shows here."""
    text = standard_catalogue(events, seed)
    text = text.replace("[calendar]\n", '[calendar]\nlanguages = ["en", "zh"]\n', 1)
    return re.sub(r'^title = (".*")$', r"title = { en = \1, zh = \1 }", text, flags=re.MULTILINE)


SHAPES = {
    "standard": standard_catalogue,
    "many-zones": many_zones_catalogue,
    "two-languages": two_languages_catalogue,
}


def scale(runs: int, shape: str) -> None:
    """How a full build grows: 50,000 events against 10,000 (the aim: at most 5.5 times
    the time, under 400 MB)."""
    make = SHAPES[shape]
    found: dict[int, Run] = {}
    for events in (10_000, 50_000):
        with tempfile.TemporaryDirectory(prefix="calfeed-scale-") as name:
            folder = Path(name)
            (folder / "events.toml").write_text(make(events, 2026), encoding="utf-8")
            times = []
            for number in range(runs):
                out = folder / f"out-{number}"
                command = [sys.executable, "-m", "calfeed", "build", "events.toml", "-o", str(out)]
                times.append(run(command, folder))
                shutil.rmtree(out)
            result = found[events] = median(times)
            print(f"  {events:>6} events  {result.seconds:7.2f} s  {result.peak_mb:7.1f} MB peak")
    ratio = found[50_000].seconds / found[10_000].seconds
    print(f"  50,000 / 10,000 events:  {ratio:.2f}  (target <= 5.5, peak < 400 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--shape", choices=tuple(SHAPES), default="standard")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="time full builds of 10,000 and 50,000 events instead (median of --runs)",
    )
    args = parser.parse_args()
    if args.scale:
        scale(args.runs, args.shape)
        return
    folder = args.keep or Path(tempfile.mkdtemp(prefix="calfeed-perf-"))
    folder.mkdir(parents=True, exist_ok=True)
    make = SHAPES[args.shape]
    text = make(args.events, 2026)
    (folder / "events.toml").write_text(text, encoding="utf-8")
    found = measure(folder, args.runs)
    files = sum(1 for p in (folder / "out-0").rglob("*") if p.is_file())
    naive, full = found["naive baseline"].seconds, found["full build"].seconds
    print(f"{args.events} events ({args.shape}), {files} files per build, median of {args.runs}")
    for name, result in found.items():
        print(f"  {name:<20} {result.seconds:7.2f} s  {result.peak_mb:7.1f} MB peak")
    print(f"  full build / naive icalendar:  {full / naive:.2f}  (target <= 0.5)")
    print(f"  feed / naive icalendar:        {found['feed (every event)'].seconds / naive:.2f}")
    print(f"  no-op rebuild / full build:    {found['no-op rebuild'].seconds / full:.2f}")
    print(f"  build --check / full build:    {found['build --check'].seconds / full:.2f}")
    print(f"  full build / bare writer:      {full / found['bare baseline'].seconds:.2f}")
    print(
        f"  (python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
        f"max rss of this script {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB)"
    )
    if args.keep is None:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
