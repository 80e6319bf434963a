"""Reads .ics files as khal does (its own `expand`, icalendar switched to pytz) and prints
what it makes of every VEVENT as JSON, in the shape of `icaljs_instants.mjs`.

    python khal_instants.py [--days N] FILE.ics ...

A separate process, because importing khal switches python icalendar to pytz for the whole
interpreter, which would change every other python reader in the test session. Each file's
TZIDs are expected to be private names already (`Feed-Europe/Paris`), so the zones are the
file's own VTIMEZONEs, not pytz's database.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, date, datetime, timedelta
from typing import cast

import icalendar
from khal.icalendar import expand


def text(value: date) -> str:
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"
    return value.isoformat()


def value(vevent: icalendar.Event, name: str) -> date:
    return cast(date, cast(icalendar.vDDDTypes, vevent[name]).dt)


def length(vevent: icalendar.Event) -> timedelta:
    return cast(timedelta, cast(icalendar.vDDDTypes, vevent["DURATION"]).dt)


def read(path: str, days: int) -> list[dict[str, object]]:
    with open(path, "rb") as file:
        calendar = icalendar.Calendar.from_ical(file.read())
    events: list[dict[str, object]] = []
    for vevent in calendar.events:
        start = value(vevent, "DTSTART")
        end = value(vevent, "DTEND") if "DTEND" in vevent else None
        if "DURATION" in vevent:
            end = start + length(vevent)
        occurrences = None
        if "RRULE" in vevent or "RDATE" in vevent:
            found: list[tuple[date, date]] = expand(vevent) or []
            if isinstance(start, datetime):
                horizon = start.astimezone(UTC) + timedelta(days=days)
                occurrences = [
                    text(s)
                    for s, _ in found
                    if isinstance(s, datetime) and s.astimezone(UTC) < horizon
                ]
            else:
                last = start + timedelta(days=days)
                occurrences = [text(s) for s, _ in found if s < last]
        events.append(
            {
                "uid": str(vevent["UID"]),
                "start": text(start),
                "end": text(end) if end is not None else None,
                "occurrences": occurrences,
            }
        )
    return events


def main(args: list[str]) -> None:
    days = 730
    if args[:1] == ["--days"]:
        days, args = int(args[1]), args[2:]
    json.dump([{"file": path, "events": read(path, days)} for path in args], sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
