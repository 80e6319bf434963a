"""What calfeed is measured against, run as whole processes on the same catalogue.

    python benchmarks/baselines.py naive events.toml out.ics   # icalendar 7, one feed
    python benchmarks/baselines.py bare events.toml out.ics    # strings only: the floor

`naive` is how one would write a feed by hand with icalendar: a `Calendar`, an `Event` per
catalogue event with `add`, zones from `zoneinfo`, `add_missing_timezones`, `to_ical`.
`bare` escapes and folds the same properties into a string with no VTIMEZONE and no
checks at all: no real tool can be faster, so it is the floor calfeed's long-term aim is
measured from (three times it).
"""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo


def _events(catalogue: Path) -> Iterator[tuple[str, dict[str, object]]]:
    document = tomllib.loads(catalogue.read_text(encoding="utf-8"))
    events = document["events"]
    assert isinstance(events, dict)
    for key, table in events.items():
        if "start" in table:
            yield key, table


def _times(table: dict[str, object]) -> tuple[datetime | date, datetime | date]:
    start = table["start"]
    assert isinstance(start, date)
    if not isinstance(start, datetime):
        return start, start + timedelta(days=1)
    zone = ZoneInfo(str(table["timezone"]))
    begin = start.replace(tzinfo=zone)
    hours = int(str(table.get("duration", "PT1H")).removeprefix("PT").removesuffix("H"))
    return begin, begin + timedelta(hours=hours)


def naive(catalogue: Path, out: Path) -> None:
    import icalendar  # noqa: PLC0415 - the bare baseline must not pay for importing it

    calendar = icalendar.Calendar()
    calendar.add("PRODID", "-//baseline//naive icalendar//EN")
    calendar.add("VERSION", "2.0")
    calendar.add("NAME", "Benchmark")
    stamp = datetime(2023, 11, 14, 22, 13, 20, tzinfo=ZoneInfo("UTC"))
    for key, table in _events(catalogue):
        start, end = _times(table)
        event = icalendar.Event()
        event.add("UID", f"{key}@bench.calfeed.example")
        event.add("DTSTAMP", stamp)
        event.add("SUMMARY", str(table["title"]))
        event.add("DTSTART", start)
        event.add("DTEND", end)
        if "location" in table:
            event.add("LOCATION", str(table["location"]))
        if "registration" in table:
            event.add("URL", str(table["registration"]))
        tags = table.get("tags")
        if isinstance(tags, list) and tags:
            event.add("CATEGORIES", [str(t) for t in tags])
        event.add("DESCRIPTION", str(table.get("description", "")))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    out.write_bytes(calendar.to_ical())


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """75 octets a line, never splitting a UTF-8 character."""
    data = line.encode("utf-8")
    if len(data) <= 75:
        return line + "\r\n"
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start, limit = end, 74
    return "\r\n ".join(parts) + "\r\n"


def bare(catalogue: Path, out: Path) -> None:
    lines = ["BEGIN:VCALENDAR\r\n", "VERSION:2.0\r\n", "PRODID:-//baseline//bare//EN\r\n"]
    for key, table in _events(catalogue):
        start, end = _times(table)
        stamp = "20231114T221320Z"
        lines += [
            "BEGIN:VEVENT\r\n",
            _fold(f"UID:{key}@bench.calfeed.example"),
            f"DTSTAMP:{stamp}\r\n",
            _fold(f"SUMMARY:{_escape(str(table['title']))}"),
            f"DTSTART:{start:%Y%m%dT%H%M%S}\r\n",
            f"DTEND:{end:%Y%m%dT%H%M%S}\r\n",
            _fold(f"LOCATION:{_escape(str(table.get('location', '')))}"),
            _fold(f"URL:{table.get('registration', '')}"),
            _fold(f"DESCRIPTION:{_escape(str(table.get('description', '')))}"),
            "END:VEVENT\r\n",
        ]
    lines.append("END:VCALENDAR\r\n")
    out.write_text("".join(lines), encoding="utf-8", newline="")


def main() -> None:
    kind, catalogue, out = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    {"naive": naive, "bare": bare}[kind](catalogue, out)


if __name__ == "__main__":
    main()
