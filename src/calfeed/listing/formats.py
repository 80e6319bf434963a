"""The agenda in the terminal (`calfeed list`): a table, JSON or CSV of the same rows.

An organiser checking "12:30 Samoa / 00:30 CET" wants the catalogue's answer side by side
with the announcement, one column per zone, without opening a calendar app. The rows are
computed once (`selection.days.entries`) and only then written in a format, so all three
formats always agree.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal

from calfeed.listing.query import Column
from calfeed.model import AllDay, Event, Status, Timed, Undated
from calfeed.occurrences import Occurrence
from calfeed.render.text import DASH, MONTHS, day_text, utc_iso
from calfeed.selection.days import Entry
from calfeed.tz import load_zone, zone_label

Format = Literal["table", "json", "csv"]
WIDTH = 80
ELLIPSIS = "\u2026"


def render(
    rows: Iterable[Entry], columns: tuple[Column, ...], fmt: Format, language: str | None = None
) -> str:
    """The agenda as text in the chosen format, ending with a newline; the table's day
    headers in `language` (the titles are the catalogue's, in the language it was put in)."""
    rows = tuple(rows)
    if fmt == "json":
        return render_json(rows, columns)
    if fmt == "csv":
        return render_csv(rows, columns)
    return render_table(rows, columns, language=language)


def render_table(
    rows: tuple[Entry, ...],
    columns: tuple[Column, ...],
    width: int = WIDTH,
    *,
    language: str | None = None,
) -> str:
    """Day headers in the first column's zone, one aligned column per zone, and titles cut
    to fit `width`, so the agenda reads in an 80-column terminal without wrapping."""
    if not rows:
        return "No events match.\n"
    body: list[str | tuple[tuple[str, ...], str]] = []
    day: date | None = None
    undated = [row for row in rows if row.day is None]
    for row in rows:
        if row.day is None:
            continue
        if row.day != day:
            body += ["", day_text(row.day, language=language)]
            day = row.day
        occurrence = row.occurrence
        if isinstance(occurrence, Undated):
            continue
        cells = tuple(_cell(row.event, occurrence, c, row.day) for c in columns)
        body.append((cells, _status_prefix(row.event) + row.event.title))
        if isinstance(occurrence, Timed):
            for s in occurrence.sessions:
                session = Timed(s.start, s.end, occurrence.zone)
                cells = tuple(_cell(row.event, session, c, row.day) for c in columns)
                body.append((cells, f"  {s.title}"))
    if undated:  # no time to show: the title takes the whole line
        body += ["", "To be scheduled", *(_fit(row.event.title, width) for row in undated)]
    rows_cells = [line[0] for line in body if isinstance(line, tuple)]
    widths = [
        max(_width(c.title), *(_width(cells[i]) for cells in rows_cells))
        for i, c in enumerate(columns)
    ]
    room = max(width - sum(w + 2 for w in widths), 20)
    lines = [_table_line(tuple(c.title for c in columns), "Event", widths, room)]
    for line in body:
        lines.append(line if isinstance(line, str) else _table_line(*line, widths, room))
    return "\n".join(lines) + "\n"


def _table_line(cells: tuple[str, ...], title: str, widths: list[int], room: int) -> str:
    padded = "".join(c + " " * (w - _width(c) + 2) for c, w in zip(cells, widths, strict=True))
    return (padded + _fit(title, room)).rstrip()


def _status_prefix(event: Event) -> str:
    """Confirmed is the normal case; anything else is said before the title."""
    return "" if event.status is Status.CONFIRMED else f"[{event.status.value}] "


def _cell(event: Event, occurrence: Occurrence, column: Column, day: date) -> str:
    """`22:00–23:15`, `23:00–00:30 -1` (the date differs from the day header's, which is
    the first column's), `12:30 Apia` in the event-zone column, or `all day`."""
    match occurrence:
        case AllDay(first=first, last=last):
            return "all day" if last == first else f"all day to {last.day} {MONTHS[last.month - 1]}"
        case Timed(start=start, end=end):
            zone = column.zone_of(event)
            local = _local(start, zone)
            text = f"{local:%H:%M}"
            if end is not None:
                text += f"{DASH}{_local(end, zone):%H:%M}"
            if column.zone is None:
                text += f" {zone_label(zone or 'UTC')}"
            moved = (local.date() - day).days
            return f"{text} {moved:+d}" if moved else text


def _local(instant: datetime, zone: str | None) -> datetime:
    return instant.astimezone(load_zone(zone or "UTC"))


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in {"W", "F"} else 1


def _width(text: str) -> int:
    """Terminal columns `text` takes: Chinese titles take two per character."""
    return sum(_char_width(c) for c in text)


def _fit(text: str, room: int) -> str:
    """`text` cut to `room` columns, ending in an ellipsis when cut."""
    if _width(text) <= room:
        return text
    kept, used = [], 0
    for char in text:
        used += _char_width(char)
        if used > room - 1:
            break
        kept.append(char)
    return "".join(kept).rstrip() + ELLIPSIS


def render_json(rows: tuple[Entry, ...], columns: tuple[Column, ...]) -> str:
    """One object per occurrence, instants in UTC and each column's local time, for
    scripts that should not have to redo any zone arithmetic."""
    return json.dumps([_entry_json(r, columns) for r in rows], indent=2, ensure_ascii=False) + "\n"


def _entry_json(row: Entry, columns: tuple[Column, ...]) -> dict[str, object]:
    """Instants as UTC with `Z`; all-day dates as dates (an all-day end is its last day)."""
    event = row.event
    fields: dict[str, object] = {"id": event.id, "title": event.title}
    match row.occurrence:
        case Timed(start=start, end=end, zone=zone, sessions=sessions):
            fields |= {
                "start": utc_iso(start),
                "end": utc_iso(end) if end is not None else None,
                "all_day": False,
                "zone": zone,
                "times": _times(event, start, columns),
            }
        case AllDay(first=first, last=last):
            fields |= {
                "start": first.isoformat(),
                "end": last.isoformat(),
                "all_day": True,
                "zone": None,
                "times": {},
            }
            sessions = ()
        case Undated():
            fields |= {"start": None, "end": None, "all_day": False, "zone": None, "times": {}}
            sessions = ()
    return fields | {
        "status": event.status.value,
        "location": event.location or None,
        "sessions": [
            {
                "title": s.title,
                "start": utc_iso(s.start),
                "end": utc_iso(s.end),
                "times": _times(event, s.start, columns),
            }
            for s in sessions
        ],
    }


def _times(event: Event, start: datetime, columns: tuple[Column, ...]) -> dict[str, str]:
    """Local ISO time with offset per column zone."""
    zones = (c.zone_of(event) or "UTC" for c in columns)
    return {zone: _local(start, zone).isoformat() for zone in zones}


def render_csv(rows: tuple[Entry, ...], columns: tuple[Column, ...]) -> str:
    """A header and one row per occurrence, for spreadsheets and scripts: ISO 8601
    throughout (instants in UTC, then each column zone's local time with its offset), so a
    cell never needs the table's `+1` marks to be read right."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    zoned = [f"{c.key} {edge}" for c in columns for edge in ("start", "end")]
    writer.writerow(
        ["id", "title", "date", "all_day", "start", "end", *zoned, "status", "location"]
    )
    for row in rows:
        event = row.event
        day = row.day.isoformat() if row.day else ""
        match row.occurrence:
            case Timed(start=start, end=end):
                times = [utc_iso(start), utc_iso(end) if end else ""]
                for column in columns:
                    zone = column.zone_of(event)
                    times += [_local(start, zone).isoformat()]
                    times += [_local(end, zone).isoformat() if end else ""]
                cells = ["no", *times]
            case AllDay(first=first, last=last):
                cells = ["yes", first.isoformat(), last.isoformat(), *("" for _ in zoned)]
            case Undated():
                cells = ["", "", "", *("" for _ in zoned)]
        writer.writerow([event.id, event.title, day, *cells, event.status.value, event.location])
    return out.getvalue()
