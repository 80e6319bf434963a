"""The "Agenda" part of the page: every public event by day, in the zone where it happens
(as the announcement said it) with the UTC offset, so nobody has to trust a conversion
blindly; and per event, the links that add it alone to a calendar.

Everything that depends on the visitor (their zone, which events are already over) is left
to the script (`page.js`); without it the agenda is complete, only in the events' own zones
and with past events shown. An event's instants ride in data attributes calfeed writes
itself, so the script converts and dates them without reading any catalogue text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from urllib.parse import quote

from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated
from calfeed.occurrences import Occurrence
from calfeed.render.description import add_details, description_parts
from calfeed.render.links import Publishing, add_event_links
from calfeed.render.page.markup import esc, link_list, multiline, paragraphs, safe_href
from calfeed.render.series import series_text
from calfeed.render.text import DASH, DOT, day_text, display_zones, time_in_zone, utc_iso
from calfeed.selection.days import DayQuery, Entry, entries, own_zone
from calfeed.selection.feeds import event_feeds
from calfeed.tz import is_utc, load_zone

Described = str
"""An event's add-to-calendar details (`description.add_details`)."""


def agenda_rows(catalogue: Catalogue) -> tuple[Entry, ...]:
    """Every public occurrence by day in its own zone, then the undated events: what
    `calfeed list` shows in the event-zone column, so the page and the terminal agree.
    `is_public` (inside `entries`) keeps events of private audiences out."""
    return entries(catalogue, DayQuery(), own_zone)


def agenda_section(
    catalogue: Catalogue, publishing: Publishing, described: Mapping[str, Described]
) -> Iterator[str]:
    """The agenda's lines, one event at a time: the page is written as they come."""
    rows = agenda_rows(catalogue)
    memo = dict(described)  # a series is listed once an occurrence, described once
    with_file = {feed.events[0].id: feed.path for feed in event_feeds(catalogue)}
    dated = [row for row in rows if row.day is not None]
    undated = [row for row in rows if row.day is None]
    yield '<section aria-labelledby="agenda">'
    yield '<h2 id="agenda">Agenda</h2>'
    yield (
        "<p>Each event is listed on its date where it takes place, at its local time there "
        "with the offset from UTC.</p>"
    )
    yield _controls(catalogue, rows)
    if not rows:
        yield "<p>No events yet.</p>"
    day: date | None = None
    for row in dated:
        if row.day != day:
            if day is not None:
                yield from ("</ul>", "</section>")
            day = row.day
            assert day is not None
            yield from ('<section class="day">', f"<h3>{day_text(day)}</h3>", '<ul class="events">')
        yield _event_item(catalogue, row, _file(with_file, row.event, publishing), memo)
    if day is not None:
        yield from ("</ul>", "</section>")
    if undated:
        yield from ('<section class="undated">', "<h3>To be scheduled</h3>", '<ul class="events">')
        yield from (_event_item(catalogue, row, None, memo) for row in undated)
        yield from ("</ul>", "</section>")
    yield "</section>"


def _file(with_file: dict[str, str], event: Event, publishing: Publishing) -> str | None:
    """The address of the event's own file: absolute where the base URL is known, else
    relative (it works from wherever the page is)."""
    path = with_file.get(event.id)
    if path is None:
        return None
    return publishing.address(path) or quote(path, safe="/")


def _controls(catalogue: Catalogue, rows: tuple[Entry, ...]) -> str:
    """The zone picker and the past-events toggle: hidden until the script runs, since
    without it they could do nothing. The script adds the visitor's own zone on top."""
    used = sorted(
        {row.event.zone for row in rows if row.event.zone and not is_utc(row.event.zone)}
        | {z for z in catalogue.calendar.show_zones if not is_utc(z)}
    )
    groups = [("Zones of these events", used)]
    groups += [(r.name, [z for z in r.zones if not is_utc(z)]) for r in catalogue.regions.values()]
    options = ['<option value="UTC">UTC</option>']
    for label, zones in groups:
        if zones:
            options.append(f'<optgroup label="{esc(label)}">')
            options += [
                f'<option value="{esc(z)}">{esc(z.replace("_", " "))}</option>' for z in zones
            ]
            options.append("</optgroup>")
    return "\n".join(
        [
            '<div class="controls" id="controls" hidden>',
            '<p><label for="zone">Also show times in</label> <select id="zone">',
            *options,
            "</select></p>",
            '<p><label><input type="checkbox" id="show-past"> Show past events</label></p>',
            '<p id="past-note" role="status"></p>',
            "</div>",
        ]
    )


def _event_item(
    catalogue: Catalogue, row: Entry, file_url: str | None, memo: dict[str, Described]
) -> str:
    """One occurrence, with its instants for the script, its times, what to act on, and
    the links to add the event (the whole series, for a repeating one)."""
    event = row.event
    match row.occurrence:
        case Timed(start=start, end=end):
            data = f' data-start="{utc_iso(start)}"'
            if end is not None:
                data += f' data-end="{utc_iso(end)}"'
        case AllDay(last=last):
            data = f' data-last-day="{last.isoformat()}"'
        case Undated():
            data = ""
    lines = [f'<li class="event"{data}>', f"<h4>{esc(event.title)}{_status_badge(event)}</h4>"]
    lines += _when_lines(catalogue, row)
    if isinstance(row.occurrence, Timed) and row.occurrence.zone_assumed:
        lines.append(
            f'<p class="muted">The announcement names no time zone: '
            f"{esc(row.occurrence.zone)} is assumed.</p>"
        )
    series = row.series or event  # a changed occurrence offers its whole series
    repeats = series_text(series, display_zones(series, catalogue)[1:])
    if repeats:
        lines.append(f'<p class="muted">{esc(repeats)}</p>')
    lines += _facts(event)
    lines += (
        _add_links(catalogue, series, file_url, memo)
        if event.status is not Status.CANCELLED
        else []
    )
    lines += _details(event, row.occurrence)
    lines.append("</li>")
    return "\n".join(lines)


def _add_links(
    catalogue: Catalogue, event: Event, file_url: str | None, memo: dict[str, Described]
) -> list[str]:
    """The event's own file, a Google Calendar template, and Outlook's compose pages (for
    a single event): what someone who wants this one event, not a feed, clicks. A cancelled
    event offers none: there is nothing to add."""
    if file_url is None or event.status is Status.CANCELLED:
        return []
    details = memo.get(event.id)
    if details is None:
        parts = description_parts(event, catalogue, private=False)
        details = memo[event.id] = add_details(parts)
    return [link_list(add_event_links(event, details, file_url), "add")]


def _status_badge(event: Event) -> str:
    """Confirmed is the normal case; anything else is said next to the title. An undated
    event is tentative by definition and already sits under "To be scheduled"."""
    if event.status is Status.CONFIRMED or not event.scheduled:
        return ""
    return f' <span class="mark">{event.status.value.capitalize()}</span>'


def _when_lines(catalogue: Catalogue, row: Entry) -> list[str]:
    """The time in the event's own zone, in a `<time>` holding the UTC instant for the
    script; then the same time in the other zones the feeds show it in."""
    match row.occurrence:
        case Timed(start=start, end=end) if row.day is not None:
            zones = display_zones(row.event, catalogue)
            own = time_in_zone(start, end, zones[0], row.day)
            lines = [f'<p class="when"><time datetime="{utc_iso(start)}">{esc(own)}</time></p>']
            others = [time_in_zone(start, end, z, row.day) for z in zones[1:]]
            if others:
                lines.append(f'<p class="also">Also: {esc(DOT.join(others))}</p>')
            return lines
        case AllDay(first=first, last=last):
            text = f'<time datetime="{first.isoformat()}">All day</time>'
            if last != first:
                text += f' to <time datetime="{last.isoformat()}">{day_text(last)}</time>'
            return [f'<p class="when">{text}</p>']
        case _:
            return ['<p class="when">Date to be announced</p>']


def _facts(event: Event) -> list[str]:
    """Where to register and join, who hosts it and where: what a visitor acts on. A
    cancelled event keeps only its page, which may say why: nothing to join any more."""
    live = event.status is not Status.CANCELLED
    links = [
        (label, href)
        for label, href in (
            ("Register", event.registration if live else None),
            ("Join online", event.online if live else None),
            ("Event page", event.url if event.url != event.registration or not live else None),
        )
        if href and safe_href(href)
    ]
    lines = []
    if links:
        lines.append(link_list(links))
    if event.hosts:
        lines.append(f"<p>Hosts: {esc(', '.join(event.hosts))}</p>")
    if event.location:
        lines.append(f"<p>Location: {esc(event.location)}</p>")
    if event.languages:
        lines.append(f"<p>Languages: {esc(', '.join(event.languages))}</p>")
    return lines


def _details(event: Event, occurrence: Occurrence | Undated) -> list[str]:
    """The description and the agenda, folded away (they can be long) in a `<details>`,
    which opens without a script."""
    sessions = occurrence.sessions if isinstance(occurrence, Timed) else ()
    if not event.description and not sessions:
        return []
    lines = ["<details>", f"<summary>{'Details and agenda' if sessions else 'Details'}</summary>"]
    lines += [f"<p>{multiline(p)}</p>" for p in paragraphs(event.description)]
    if isinstance(occurrence, Timed) and sessions:
        tz = load_zone(occurrence.zone)
        lines.append('<ul class="sessions">')
        for session in sessions:
            times = f"{session.start.astimezone(tz):%H:%M}{DASH}{session.end.astimezone(tz):%H:%M}"
            people = [f"Moderator: {session.moderator}"] if session.moderator else []
            people += [f"Speaker: {name}" for name in session.speakers]
            people += [f"Commentator: {name}" for name in session.commentators]
            body = "".join(f"<br>{esc(line)}" for line in people)
            if session.description:
                body += f"<br>{multiline(session.description)}"
            lines.append(f"<li><strong>{times}</strong> {esc(session.title)}{body}</li>")
        lines.append("</ul>")
    lines.append("</details>")
    return lines
