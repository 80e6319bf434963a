"""Two more readers of written feeds, beside the four of `tests/parsers.py`: python
`icalendar` with `recurring-ical-events` (what Home Assistant's and many web apps' calendar
integrations expand with), and khal (a terminal calendar, with its own expansion).

Both get the feed with its TZIDs made private names (`Feed7-Europe/Paris`, as for libical):
given an IANA name, either would take the zone from the machine's or pytz's database, not
from the feed. khal runs in a subprocess: importing it switches python icalendar to pytz
for the whole interpreter.
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import cast

import icalendar
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from tests.feed_readers import Times, ical_zones, in_own_zone
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
_READ = itertools.count()


def _own_tzids(feed: bytes) -> bytes:
    """The feed with private TZIDs of its own (`Feed7-Europe/Paris`): python icalendar
    keeps each VTIMEZONE it has read by TZID for the rest of the process, so a second feed
    with another span of the same zone would be read with the first one's."""
    return private_tzids(feed).replace(b"Feed-", f"Feed{next(_READ)}-".encode())


def _value(component: icalendar.Event, name: str) -> datetime | date:
    return cast(datetime | date, cast(icalendar.vDDDTypes, component[name]).dt)


def _utc(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _end(occurrence: icalendar.Event) -> datetime | date | None:
    if "DTEND" in occurrence:
        return _utc(_value(occurrence, "DTEND"))
    if "DURATION" in occurrence:
        length = cast(timedelta, cast(icalendar.vDDDTypes, occurrence["DURATION"]).dt)
        return _utc(_value(occurrence, "DTSTART") + length)
    return None


def _expanded(
    calendar: icalendar.Calendar, event: icalendar.Event, days: int
) -> list[tuple[datetime | date, datetime | date | None]]:
    """Each (start, end) recurring-ical-events gives the one event over `days` from its
    DTSTART, read from a calendar holding only it and the feed's VTIMEZONEs."""
    alone = icalendar.Calendar()
    for zone in calendar.timezones:
        alone.add_component(zone)
    alone.add_component(event)
    start = _value(event, "DTSTART")
    found = recurring_ical_events.of(alone).between(start, start + timedelta(days=days))
    spans = {(_utc(_value(o, "DTSTART")), _end(o)) for o in found}
    if isinstance(start, datetime):
        horizon = start.astimezone(UTC) + timedelta(days=days)
        spans = {s for s in spans if isinstance(s[0], datetime) and s[0] < horizon}
    return sorted(spans, key=lambda s: text(s[0]))


def read_with_recurring_ical_events(
    paths: Sequence[Path], days: int = HORIZON_DAYS
) -> dict[Path, Readings]:
    """Every time as recurring-ical-events gives it, the first occurrence's start and end
    included: what an app built on it shows, not the properties as python icalendar reads
    them."""
    result: dict[Path, Readings] = {}
    for path in paths:
        calendar = icalendar.Calendar.from_ical(_own_tzids(path.read_bytes()))
        readings: Readings = {}
        for event in calendar.events:
            spans = _expanded(calendar, event, days)
            recurs = "RRULE" in event or "RDATE" in event
            found = tuple(text(s) for s, _ in spans) if recurs else None
            first, end = spans[0] if spans else (_utc(_value(event, "DTSTART")), None)
            readings[str(event["UID"])] = as_reading(Times(first, end), found)
        result[path] = readings
    return result


def read_with_khal(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
    with tempfile.TemporaryDirectory(prefix="khal-") as scratch:
        copies = [Path(scratch) / f"{number}.ics" for number in range(len(paths))]
        for path, copy in zip(paths, copies, strict=True):
            copy.write_bytes(_own_tzids(path.read_bytes()))
        args = [sys.executable, str(KHAL_SCRIPT), "--days", str(days), *map(str, copies)]
        done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0, f"khal_instants.py failed:\n{done.stderr}"
        found = parse_output(done.stdout, copies)
    return {path: found[copy] for path, copy in zip(paths, copies, strict=True)}


def lengths_with_recurring_ical_events(path: Path, days: int = HORIZON_DAYS) -> list[timedelta]:
    """How long recurring-ical-events makes each occurrence of the feed's one event."""
    calendar = icalendar.Calendar.from_ical(_own_tzids(path.read_bytes()))
    (event,) = calendar.events
    spans = _expanded(calendar, event, days)
    return [
        end - start
        for start, end in spans
        if isinstance(start, datetime) and isinstance(end, datetime)
    ]


def lengths_with_ical(path: Path) -> list[timedelta]:
    """How long the `ical` package's timeline makes each occurrence of the feed's one
    event, read in the feed's own VTIMEZONE."""
    calendar = IcsCalendarStream.calendar_from_ics(_own_tzids(path.read_bytes()).decode("utf-8"))
    zones = ical_zones(calendar)
    (zone,) = zones.values()
    return [
        in_own_zone(o.end, zones).astimezone(UTC) - in_own_zone(o.dtstart, zones).astimezone(UTC)
        for o in calendar.timeline_tz(zone)
    ]
