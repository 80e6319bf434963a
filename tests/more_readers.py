"""Two more readers of written feeds, beside the four of `tests/parsers.py`: python
`icalendar` with `recurring-ical-events` (what Home Assistant's and many web apps' calendar
integrations expand with), and khal (a terminal calendar, with its own expansion).

Both get the feed with its TZIDs made private names (`Feed-Europe/Paris`, as for libical):
given an IANA name, either would take the zone from the machine's or pytz's database, not
from the feed. khal runs in a subprocess: importing it switches python icalendar to pytz
for the whole interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

import icalendar
import recurring_ical_events

from tests.feed_readers import Times
from tests.parsers import (
    HORIZON_DAYS,
    INTEROP,
    Readings,
    as_reading,
    parse_output,
    private_tzids,
    text,
)

KHAL_SCRIPT = INTEROP / "khal_instants.py"


def _value(component: icalendar.Event, name: str) -> datetime | date:
    return cast(datetime | date, cast(icalendar.vDDDTypes, component[name]).dt)


def _times(event: icalendar.Event) -> Times:
    start = _value(event, "DTSTART")
    end: datetime | date | None = None
    if "DTEND" in event:
        end = _value(event, "DTEND")
    elif "DURATION" in event:
        end = start + cast(timedelta, cast(icalendar.vDDDTypes, event["DURATION"]).dt)
    if isinstance(start, datetime):
        start = start.astimezone(UTC)
    if isinstance(end, datetime):
        end = end.astimezone(UTC)
    return Times(start, end)


def _occurrences(
    calendar: icalendar.Calendar, event: icalendar.Event, days: int
) -> tuple[str, ...]:
    """The starts recurring-ical-events gives the one event over `days` from its DTSTART,
    read from a calendar holding only it and the feed's VTIMEZONEs."""
    alone = icalendar.Calendar()
    for zone in calendar.timezones:
        alone.add_component(zone)
    alone.add_component(event)
    start = _value(event, "DTSTART")
    found = recurring_ical_events.of(alone).between(start, start + timedelta(days=days))
    starts = [_value(o, "DTSTART") for o in found]
    if isinstance(start, datetime):
        horizon = start.astimezone(UTC) + timedelta(days=days)
        instants = {s.astimezone(UTC) for s in starts if isinstance(s, datetime)}
        return tuple(text(i) for i in sorted(instants) if i < horizon)
    return tuple(sorted(text(s) for s in starts))


def read_with_recurring_ical_events(
    paths: Sequence[Path], days: int = HORIZON_DAYS
) -> dict[Path, Readings]:
    result: dict[Path, Readings] = {}
    for path in paths:
        calendar = icalendar.Calendar.from_ical(private_tzids(path.read_bytes()))
        readings: Readings = {}
        for event in calendar.events:
            recurs = "RRULE" in event or "RDATE" in event
            found = _occurrences(calendar, event, days) if recurs else None
            readings[str(event["UID"])] = as_reading(_times(event), found)
        result[path] = readings
    return result


def read_with_khal(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
    with tempfile.TemporaryDirectory(prefix="khal-") as scratch:
        copies = [Path(scratch) / f"{number}.ics" for number in range(len(paths))]
        for path, copy in zip(paths, copies, strict=True):
            copy.write_bytes(private_tzids(path.read_bytes()))
        args = [sys.executable, str(KHAL_SCRIPT), "--days", str(days), *map(str, copies)]
        done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, f"khal_instants.py failed:\n{done.stderr}"
        found = parse_output(done.stdout, copies)
    return {path: found[copy] for path, copy in zip(paths, copies, strict=True)}
