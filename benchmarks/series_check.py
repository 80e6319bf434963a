"""How long `check` takes over long series, which it reads at each of their zone's clock
changes rather than occurrence by occurrence.

    python benchmarks/series_check.py            # 200 series, half of them endless
    python benchmarks/series_check.py --series 1000

Each series is daily or weekly for forty years (or endless, checked to the end of 2100)
in a zone with DST, with an `except` far into it. Prints the time per series and the
occurrences that reading every one would have had to look at.
"""

from __future__ import annotations

import argparse
import itertools
import time
from datetime import datetime
from pathlib import Path

from dateutil.rrule import rrulestr

from calfeed.catalogue import parse_catalogue
from calfeed.errors import InvalidCatalogueError

ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "America/Santiago")


def catalogue(count: int) -> tuple[str, int]:
    """The catalogue text and how many occurrences its series have up to 2101."""
    parts = ['[calendar]\nname = "Bench"\nuid-domain = "bench.calfeed.example"\n']
    occurrences = 0
    for n in range(count):
        zone = ZONES[n % len(ZONES)]
        freq = "DAILY" if n % 2 else "WEEKLY"
        rule = f"FREQ={freq}" if n % 4 < 2 else f"FREQ={freq};UNTIL=20640101T000000Z"
        start = datetime(2024, 1, 1 + n % 28, 10, 0)
        walls = list(
            itertools.takewhile(
                lambda w: w < datetime(2101, 1, 1),
                rrulestr(f"RRULE:FREQ={freq}", dtstart=start),
            )
        )
        skipped = next(w for w in walls if w.year == 2050)
        parts.append(
            f'[events.s{n}]\ntitle = "s{n}"\nstart = {start:%Y-%m-%dT%H:%M:%S}\n'
            f'timezone = "{zone}"\nduration = "PT1H"\nrepeat = "{rule}"\n'
            f'except = [{skipped:%Y-%m-%d}]\nurl = "https://e.example"\n'
        )
        ending = datetime(2064, 1, 1) if "UNTIL" in rule else datetime(2101, 1, 1)
        occurrences += sum(1 for w in walls if w < ending)
    return "\n".join(parts), occurrences


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--series", type=int, default=200)
    count = parser.parse_args().series
    text, occurrences = catalogue(count)
    began = time.perf_counter()
    try:
        parse_catalogue(text.encode(), Path("events.toml"))
    except InvalidCatalogueError as invalid:
        raise SystemExit("\n".join(str(f) for f in invalid.findings[:5])) from invalid
    took = time.perf_counter() - began
    print(f"{count} series, {occurrences:,} occurrences to 2101 or their end")
    print(f"check: {took:.2f} s, {took / count * 1000:.1f} ms per series")


if __name__ == "__main__":
    main()
