"""Every occurrence of every event as a reader shows it, a series' changed occurrences in
place of the rule's: what `test_changed_occurrence_readers.py` compares with the catalogue.

The readers of `tests/parsers.py` give a series' occurrence starts by UID, which cannot
hold a changed occurrence (its own end, title and status under the series' UID). These
read whole feeds as a calendar app does: python `icalendar` with recurring-ical-events,
the `ical` package's timeline, ical.js (`interop/icaljs_changed.mjs`), libical
(`interop/libical_changed.c`) and khal's own store (`interop/khal_changed.py`), each from
the feed's own VTIMEZONEs (TZIDs made private names, as for the other readers).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import cast

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from tests.more_readers import _own_tzids
from tests.parsers import INTEROP, text, unavailable

Occurrence = tuple[str, str, str, str, str]
"""(UID, start, end, title, STATUS), instants as "YYYY-MM-DDTHH:MM:SSZ"."""
ChangedReader = Callable[[Path], list[Occurrence]]

_FROM, _TO = datetime(2000, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)


def _dt(component: icalendar.Event, name: str) -> datetime:
    value = cast(icalendar.vDDDTypes, component[name]).dt
    assert isinstance(value, datetime)
    return value


def with_recurring_ical_events(feed: Path) -> list[Occurrence]:
    calendar = icalendar.Calendar.from_ical(_own_tzids(feed.read_bytes()))
    found: list[Occurrence] = []
    for o in recurring_ical_events.of(calendar).between(_FROM, _TO):
        start = _dt(o, "DTSTART")
        if "DTEND" in o:
            end = _dt(o, "DTEND")
        else:
            end = start + cast(timedelta, cast(icalendar.vDDDTypes, o["DURATION"]).dt)
        status = str(o.get("STATUS", ""))
        found.append((str(o["UID"]), text(start), text(end), str(o["SUMMARY"]), status))
    return sorted(found)


def with_ical(feed: Path) -> list[Occurrence]:
    calendar = IcsCalendarStream.calendar_from_ics(_own_tzids(feed.read_bytes()).decode())
    found: list[Occurrence] = []
    for event in calendar.timeline:
        assert isinstance(event.dtstart, datetime)
        status = event.status.value if event.status is not None else ""
        found.append(
            (str(event.uid), text(event.dtstart), text(event.end), str(event.summary), status)
        )
    return sorted(found)


def icaljs_changed() -> ChangedReader:
    """ical.js through node, as `parsers.icaljs_reader` finds it."""
    node = shutil.which("node")
    if node is None:
        unavailable("ical.js: node is not installed")
    if not (INTEROP / "node_modules" / "ical.js" / "package.json").is_file():
        unavailable("ical.js: not installed; run `npm ci --prefix tests/interop`")

    return _program_reader([node, str(INTEROP / "icaljs_changed.mjs")])


def libical_changed(folder: Path) -> ChangedReader:
    """libical through `libical_changed.c`, built into `folder` as `parsers.libical_reader`
    builds its program."""
    cc, pkg_config = shutil.which("cc"), shutil.which("pkg-config")
    if cc is None or pkg_config is None:
        unavailable("libical: no C compiler (cc) or no pkg-config to build the reader")
    flags = subprocess.run(
        [pkg_config, "--cflags", "--libs", "libical"], capture_output=True, text=True, check=False
    )
    if flags.returncode != 0:
        unavailable("libical: pkg-config finds no libical (Debian: apt-get install libical-dev)")
    binary = folder / "libical_changed"
    source = INTEROP / "libical_changed.c"
    command = [cc, "-std=c99", "-O1", "-Wall", "-Wextra", "-Werror", "-o", str(binary)]
    built = subprocess.run(
        [*command, str(source), *flags.stdout.split()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, f"libical_changed.c does not build:\n{built.stderr}"

    return _program_reader([str(binary)])


def _program_reader(command: list[str]) -> ChangedReader:
    """A reader that runs `command FEED` on a copy of the feed with TZIDs of its own and
    reads the occurrences it prints as JSON."""

    def read(feed: Path) -> list[Occurrence]:
        with tempfile.TemporaryDirectory(prefix="changed-") as scratch:
            private = Path(scratch) / "feed.ics"
            private.write_bytes(_own_tzids(feed.read_bytes()))
            done = subprocess.run(
                [*command, str(private)], capture_output=True, text=True, check=False, timeout=120
            )
        assert done.returncode == 0, done.stderr
        (entry,) = json.loads(done.stdout)
        return sorted(
            (o["uid"], o["start"], o["end"], o["title"], o["status"]) for o in entry["occurrences"]
        )

    return read


def with_khal(feed: Path) -> list[Occurrence]:
    """khal in a subprocess, as `more_readers.read_with_khal` runs it."""
    with tempfile.TemporaryDirectory(prefix="khal-") as scratch:
        private = Path(scratch) / "feed.ics"
        private.write_bytes(_own_tzids(feed.read_bytes()))
        done = subprocess.run(
            [sys.executable, str(INTEROP / "khal_changed.py"), str(private)],
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    assert done.returncode == 0, done.stderr
    (entry,) = json.loads(done.stdout)
    return sorted(
        (o["uid"], o["start"], o["end"], o["title"], o["status"]) for o in entry["occurrences"]
    )
