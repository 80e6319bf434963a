"""Reads .ics files as khal shows them (its own SQLite store, which puts a changed occurrence
in place of the rule's) and prints every occurrence as JSON, in the shape of
`icaljs_changed.mjs`: start and end as UTC instants, SUMMARY and STATUS of the VEVENT it
comes from.

    python khal_changed.py FILE.ics ...

A separate process, as `khal_instants.py` (importing khal switches python icalendar to
pytz). Each file's TZIDs are expected to be private names already, so the zones are the
file's own VTIMEZONEs. The VEVENTs of one UID go into the store as one item, as a vdir
holds them.
"""

from __future__ import annotations

import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytz  # type: ignore[import-untyped]
from khal.khalendar.backend import SQLiteDb


def text(value: datetime) -> str:
    return f"{value.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"


def read(path: str) -> list[dict[str, str]]:
    with open(path, "rb") as file:
        calendar = icalendar.Calendar.from_ical(file.read())
    items: dict[str, icalendar.Calendar] = {}
    for vevent in calendar.events:
        uid = str(vevent["UID"])
        if uid not in items:
            items[uid] = icalendar.Calendar()
            for zone in calendar.timezones:
                items[uid].add_component(zone)
        items[uid].add_component(vevent)
    locale = {
        "local_timezone": pytz.UTC,
        "default_timezone": pytz.UTC,
        "timeformat": "%H:%M",
        "dateformat": "%Y-%m-%d",
        "longdateformat": "%Y-%m-%d",
        "datetimeformat": "%Y-%m-%d %H:%M",
        "longdatetimeformat": "%Y-%m-%d %H:%M",
        "weeknumbers": False,
        "firstweekday": 0,
        "unicode_symbols": False,
    }
    found: list[dict[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="khal-") as scratch:
        db = SQLiteDb(["feed"], str(Path(scratch) / "khal.db"), locale)
        for uid, item in items.items():
            db.update(item.to_ical().decode(), href=uid, calendar="feed")
        span = (datetime(2000, 1, 1, tzinfo=pytz.UTC), datetime(2040, 1, 1, tzinfo=pytz.UTC))
        for item, _href, start, end, ref, _etag, _calendar in db.get_localized(*span):
            events = icalendar.Calendar.from_ical(item).events
            source = _source(events, ref)
            found.append(
                {
                    "uid": str(source["UID"]),
                    "start": text(start),
                    "end": text(end),
                    "title": str(source.get("SUMMARY", "")),
                    "status": str(source.get("STATUS", "")),
                }
            )
    return found


def _source(events: list[icalendar.Event], ref: str) -> icalendar.Event:
    """The VEVENT an occurrence comes from: khal's `ref` is PROTO for the series, else the
    RECURRENCE-ID as a UNIX time."""
    for event in events:
        rid = event.get("RECURRENCE-ID")
        if rid is not None and ref != "PROTO" and str(int(rid.dt.timestamp())) == ref:
            return event
    (series,) = (e for e in events if "RECURRENCE-ID" not in e)
    return series


def main(args: list[str]) -> None:
    json.dump([{"file": path, "occurrences": read(path)} for path in args], sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
