"""The agenda in the terminal (`calfeed list`): every occurrence, in the zones you ask for.

An organiser checking "12:30 Samoa / 00:30 CET" wants the catalogue's answer side by side
with the announcement, one column per zone, without opening a calendar app. The rows are
computed from the model once (`query_from_options`, then `entries`), and only then rendered
as a table, JSON or CSV, so all three formats always agree.
"""

from __future__ import annotations

import csv
import difflib
import heapq
import io
import json
import os
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Literal, TypeVar
from zoneinfo import ZoneInfo

from dateutil import parser as date_parser
from dateutil.rrule import rrulestr

from calfeed.model import Catalogue, Event, Session
from calfeed.render.text import DASH, MONTHS, day_text, zone_label
from calfeed.selection.feeds import Selection, is_public, sort_key
from calfeed.tz.zones import all_zone_names, load_zone, suggest_zones

Format = Literal["table", "json", "csv"]
EVENT_ZONE = "event zone"
FIRST_OCCURRENCES = 10
"""Occurrences of a series shown when no `--until` bounds it: a rule may never end."""
WIDTH = 80
ELLIPSIS = "\u2026"

_Day = TypeVar("_Day", datetime, date)


class OptionError(ValueError):
    """A command-line value calfeed cannot use, with the option it came from."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Column:
    """One time column: a fixed zone, or (`zone is None`) each event in its own zone."""

    zone: str | None
    title: str
    """Header in the table; CSV and JSON use the IANA name, which cannot be mistaken."""

    def zone_of(self, event: Event) -> str | None:
        """The zone this column shows `event` in; None for all-day and undated events."""
        if event.zone is None:
            return None
        return self.zone or event.zone

    @property
    def key(self) -> str:
        """The CSV header: the IANA name, or `event zone`."""
        return self.zone or EVENT_ZONE


@dataclass(frozen=True)
class Query:
    """What to list and how to show the times; built from options, validated once."""

    columns: tuple[Column, ...]
    selection: Selection
    private: frozenset[str]
    """Private audiences the user named: only then are their events listed."""
    since: date | None
    until: date | None
    """Inclusive bounds, compared with each occurrence's date in the first column's zone."""


@dataclass(frozen=True)
class Entry:
    """One line of the agenda: an occurrence of an event, or an undated event."""

    event: Event
    start: datetime | date | None
    end: datetime | date | None
    day: date | None
    """The date in the first column's zone: the day header it sits under."""
    sessions: tuple[Session, ...]
    """The event's sessions, moved to this occurrence."""


# --- options ---------------------------------------------------------------------------


def query_from_options(
    catalogue: Catalogue,
    *,
    zones: Iterable[str] = (),
    regions: Iterable[str] = (),
    audiences: Iterable[str] = (),
    tags: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Query:
    """Check every option against the catalogue and tzdata, so the command only maps an
    `OptionError` to a usage error and no half-valid query ever reaches `entries`."""
    columns = _zone_columns(tuple(dict.fromkeys(check_zone(z) for z in zones)))
    if not columns:
        local = local_zone_name(environ)
        columns = (Column(None, EVENT_ZONE), Column(local, f"{zone_label(local)} (local)"))
    where = catalogue.path.name
    selection = Selection(
        _declared("--audience", audiences, catalogue.audiences, where),
        _declared("--region", regions, catalogue.regions, where),
        _declared("--tag", tags, catalogue.tags, where),
    )
    first = parse_day("--from", since) if since is not None else None
    last = parse_day("--until", until) if until is not None else None
    if first is not None and last is not None and last < first:
        raise OptionError("--until", f"{last.isoformat()} is before --from {first.isoformat()}")
    private = selection.audiences & catalogue.private_audiences
    return Query(columns, selection, private, first, last)


def _zone_columns(zones: tuple[str, ...]) -> tuple[Column, ...]:
    """Columns titled by city (`Apia`), or by full name where two cities would read alike
    (`America/Indianapolis` and `America/Indiana/Indianapolis`)."""
    labels = [zone_label(z) for z in zones]
    return tuple(
        Column(z, label if labels.count(label) == 1 else z)
        for z, label in zip(zones, labels, strict=True)
    )


def check_zone(name: str) -> str:
    """An IANA name from the pinned tzdata, or an error that suggests one ("Samoa" ->
    Pacific/Apia), because a typo would otherwise silently show the wrong times."""
    if name in all_zone_names():
        return name
    suggestions = suggest_zones(name)
    hint = (
        f"did you mean {' or '.join(suggestions)}?"
        if suggestions
        else "use an IANA name such as Europe/Paris"
    )
    raise OptionError("--zone", f"unknown zone {name!r}: {hint}")


def _declared(
    option: str, values: Iterable[str], known: Iterable[str], where: str
) -> frozenset[str]:
    """Filter values must name declared keys: a misspelt filter would list nothing."""
    names = sorted(known)
    for value in values:
        if value not in names:
            close = difflib.get_close_matches(value, names, n=1)
            hint = f": did you mean {close[0]!r}?" if close else f" (known: {', '.join(names)})"
            raise OptionError(option, f"{value!r} is not declared in {where}{hint}")
    return frozenset(values)


def parse_day(option: str, text: str) -> date:
    """An ISO date, or words dateutil reads ("1 Nov 2021"). All-digit forms other than ISO
    are refused: 9/11/2021 is September to some readers and November to others."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    if not any(c.isalpha() for c in text):
        raise OptionError(option, f"{text!r} is ambiguous: write 2021-11-01 or 1 Nov 2021")
    default = datetime(date.today().year, 1, 1)
    try:
        return date_parser.parse(text, default=default).date()
    except (ValueError, OverflowError):
        raise OptionError(
            option, f"cannot read {text!r} as a date: write 2021-11-01 or 1 Nov 2021"
        ) from None


def local_zone_name(
    environ: Mapping[str, str] | None = None, localtime: Path = Path("/etc/localtime")
) -> str:
    """The IANA name of the machine's zone, for the default second column.

    `TZ`, when set, decides (as it does for every program: a POSIX rule or an empty value
    names no tzdata zone, so UTC is shown, and the column says so); otherwise the target of
    the `/etc/localtime` symlink. The name is then loaded from the pinned tzdata like any
    other, never from the machine's own files.
    """
    env = os.environ if environ is None else environ
    value = env.get("TZ")
    if value is not None:
        value = value.removeprefix(":")
        if value in all_zone_names():
            return value
        return (_zone_in_path(value) if value.startswith("/") else None) or "UTC"
    try:
        target = os.readlink(localtime)
    except OSError:
        return "UTC"
    return _zone_in_path(target) or "UTC"


def _zone_in_path(path: str) -> str | None:
    """`/usr/share/zoneinfo/Europe/Paris` (or `.../zoneinfo/posix/...`) -> `Europe/Paris`."""
    _, found, name = path.rpartition("zoneinfo/")
    if not found:
        return None
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name if name in all_zone_names() else None


# --- rows ------------------------------------------------------------------------------


def entries(catalogue: Catalogue, query: Query) -> tuple[Entry, ...]:
    """Dated occurrences by day in the first column's zone (all-day ones first in a day,
    then by instant), then the undated events, which `render` lists under their own
    header. Events only for private audiences appear only when one of them was named."""
    chosen = [
        e
        for e in sorted(catalogue.events, key=sort_key)
        if query.selection.matches(e) and (is_public(e, catalogue) or e.audiences & query.private)
    ]
    dated = [entry for e in chosen if e.scheduled for entry in _occurrences(e, query)]
    dated.sort(key=_entry_order)
    undated = [Entry(e, None, None, None, ()) for e in chosen if not e.scheduled]
    return (*dated, *undated)


def _entry_order(entry: Entry) -> tuple[date, int, datetime, str]:
    assert entry.day is not None
    start = entry.start
    instant = start if isinstance(start, datetime) else datetime.min.replace(tzinfo=UTC)
    return (entry.day, isinstance(start, datetime), instant, entry.event.id)


def _occurrences(event: Event, query: Query) -> Iterator[Entry]:
    """The event's occurrences whose day is in range; without `--until`, at most the
    first ten, since a series may never end."""
    zone = query.columns[0].zone_of(event)
    shown = 0
    for start in _starts(event):
        day = _local(start, zone).date() if isinstance(start, datetime) else start
        if query.until is not None and day > query.until + timedelta(days=1):
            break  # a day more: a zone's date can step back once at a midnight fold
        if (query.since and day < query.since) or (query.until and day > query.until):
            continue
        yield Entry(event, start, _end_of(event, start), day, _sessions_at(event, start))
        shown += 1
        if query.until is None and shown >= FIRST_OCCURRENCES:
            break


def _starts(event: Event) -> Iterator[datetime | date]:
    """Every start of the event in order: RRULE occurrences plus `also`, minus `except`.

    Timed series are expanded in the event's own zone (the wall time repeats, the offset
    follows the zone's rules) and compared in UTC, never as wall times.
    """
    start, recurrence = event.start, event.recurrence
    assert start is not None
    if recurrence is None:
        yield start
    elif isinstance(start, datetime):
        tz = load_zone(event.zone or "UTC")
        rule = rrulestr(f"RRULE:{recurrence.rule}", dtstart=start.astimezone(tz), cache=False)
        series = (d.astimezone(UTC) for d in rule)
        also = sorted(d.astimezone(UTC) for d in recurrence.additions if isinstance(d, datetime))
        skip = {d.astimezone(UTC) for d in recurrence.exceptions if isinstance(d, datetime)}
        yield from (d.astimezone(tz) for d in _merged(series, also, skip))
    else:
        rule = rrulestr(f"RRULE:{recurrence.rule}", dtstart=datetime.combine(start, time()))
        days = (d.date() for d in rule)
        also_days = sorted(d for d in recurrence.additions if not isinstance(d, datetime))
        skip_days = {d for d in recurrence.exceptions if not isinstance(d, datetime)}
        yield from _merged(days, also_days, skip_days)


def _merged(series: Iterator[_Day], also: list[_Day], skip: set[_Day]) -> Iterator[_Day]:
    """The recurrence set of RFC 5545 3.8.5: sorted, each instance once, exceptions out."""
    previous: _Day | None = None
    for value in heapq.merge(series, also):
        if value != previous and value not in skip:
            yield value
        previous = value


def _end_of(event: Event, start: datetime | date) -> datetime | date | None:
    """An occurrence lasts as long as the first (RFC 5545: the exact duration)."""
    if event.end is None or event.start is None:
        return None
    if isinstance(start, datetime) and isinstance(event.start, datetime):
        assert isinstance(event.end, datetime)
        # In UTC: aware arithmetic in a zone would add wall-clock time across a DST change.
        exact = event.end.astimezone(UTC) - event.start.astimezone(UTC)
        return (start.astimezone(UTC) + exact).astimezone(start.tzinfo)
    return start + (_as_date(event.end) - _as_date(event.start))


def _as_date(value: datetime | date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _sessions_at(event: Event, start: datetime | date) -> tuple[Session, ...]:
    """Sessions moved by the occurrence's wall-clock distance from the first start, so a
    weekly series keeps its agenda at the same local times."""
    if not event.sessions or not isinstance(event.start, datetime):
        return event.sessions
    assert isinstance(start, datetime)
    tz = load_zone(event.zone or "UTC")
    shift = _wall(start, tz) - _wall(event.start, tz)
    if not shift:
        return event.sessions
    return tuple(
        replace(
            s,
            start=(_wall(s.start, tz) + shift).replace(tzinfo=tz),
            end=(_wall(s.end, tz) + shift).replace(tzinfo=tz),
        )
        for s in event.sessions
    )


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def _local(instant: datetime, zone: str | None) -> datetime:
    return instant.astimezone(load_zone(zone or "UTC"))


# --- rendering -------------------------------------------------------------------------


def render(rows: Iterable[Entry], columns: tuple[Column, ...], fmt: Format) -> str:
    """The agenda as text in the chosen format, ending with a newline."""
    rows = tuple(rows)
    if fmt == "json":
        return render_json(rows, columns)
    if fmt == "csv":
        return render_csv(rows, columns)
    return render_table(rows, columns)


def render_table(rows: tuple[Entry, ...], columns: tuple[Column, ...], width: int = WIDTH) -> str:
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
            body += ["", day_text(row.day)]
            day = row.day
        cells = tuple(_cell(row.event, row.start, row.end, c, row.day) for c in columns)
        body.append((cells, _status_mark(row.event) + row.event.title))
        for s in row.sessions:
            cells = tuple(_cell(row.event, s.start, s.end, c, row.day) for c in columns)
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


def _status_mark(event: Event) -> str:
    """Confirmed is the normal case; anything else is said before the title."""
    return "" if event.status.value == "confirmed" else f"[{event.status.value}] "


def _cell(
    event: Event,
    start: datetime | date | None,
    end: datetime | date | None,
    column: Column,
    day: date,
) -> str:
    """`22:00–23:15`, `23:00–00:30 -1` (the date differs from the day header's, which is
    the first column's), `12:30 Apia` in the event-zone column, or `all day`."""
    if start is None:
        return ""
    if not isinstance(start, datetime):
        last = end if isinstance(end, date) else start
        return "all day" if last == start else f"all day to {last.day} {MONTHS[last.month - 1]}"
    zone = column.zone_of(event)
    local = _local(start, zone)
    text = f"{local:%H:%M}"
    if isinstance(end, datetime):
        text += f"{DASH}{_local(end, zone):%H:%M}"
    if column.zone is None:
        text += f" {zone_label(zone or 'UTC')}"
    moved = (local.date() - day).days
    return f"{text} {moved:+d}" if moved else text


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
    event = row.event
    return {
        "id": event.id,
        "title": event.title,
        "start": _iso(row.start),
        "end": _iso(row.end),
        "all_day": event.all_day,
        "zone": event.zone,
        "times": _times(event, row.start, columns),
        "status": event.status.value,
        "location": event.location or None,
        "sessions": [
            {
                "title": s.title,
                "start": _iso(s.start),
                "end": _iso(s.end),
                "times": _times(event, s.start, columns),
            }
            for s in row.sessions
        ],
    }


def _iso(value: datetime | date | None) -> str | None:
    """UTC with `Z` for instants; all-day dates as dates (an all-day end is its last day)."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    return value.isoformat() if value is not None else None


def _times(
    event: Event, start: datetime | date | None, columns: tuple[Column, ...]
) -> dict[str, str]:
    """Local ISO time with offset per column zone; empty for dates, which have no zone."""
    if not isinstance(start, datetime):
        return {}
    zones = (c.zone_of(event) or "UTC" for c in columns)
    return {zone: _local(start, zone).isoformat() for zone in zones}


def render_csv(rows: tuple[Entry, ...], columns: tuple[Column, ...]) -> str:
    """A header and one row per occurrence, cells as in the table, for spreadsheets."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "title", "date", *(c.key for c in columns), "status", "location"])
    for row in rows:
        cells = (
            [_cell(row.event, row.start, row.end, c, row.day) for c in columns]
            if row.day is not None
            else ["" for _ in columns]
        )
        day = row.day.isoformat() if row.day else ""
        event = row.event
        writer.writerow([event.id, event.title, day, *cells, event.status.value, event.location])
    return out.getvalue()
