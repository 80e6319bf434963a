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

from calfeed.language import language_name, words
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
    language = catalogue.language
    said = words(language)
    yield '<section aria-labelledby="agenda">'
    heading = esc(said.gettext("Agenda"))
    yield f'<h2 id="agenda">{heading}</h2>'
    intro = said.gettext(
        "Each event is listed on its date where it takes place, at its local time there "
        "with the offset from UTC."
    )
    yield f"<p>{esc(intro)}</p>"
    yield _controls(catalogue, rows)
    if not rows:
        none = esc(said.gettext("No events yet."))
        yield f"<p>{none}</p>"
    day: date | None = None
    for row in dated:
        if row.day != day:
            if day is not None:
                yield from ("</ul>", "</section>")
            day = row.day
            assert day is not None
            heading = f"<h3>{esc(day_text(day, language=language))}</h3>"
            yield from ('<section class="day">', heading, '<ul class="events">')
        yield _event_item(catalogue, row, _file(with_file, row.event, publishing), memo)
    if day is not None:
        yield from ("</ul>", "</section>")
    if undated:
        later = esc(said.gettext("To be scheduled"))
        heading = f"<h3>{later}</h3>"
        yield from ('<section class="undated">', heading, '<ul class="events">')
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
    said = words(catalogue.language)
    groups = [(said.gettext("Zones of these events"), used)]
    groups += [(r.name, [z for z in r.zones if not is_utc(z)]) for r in catalogue.regions.values()]
    options = ['<option value="UTC">UTC</option>']
    for label, zones in groups:
        if zones:
            options.append(f'<optgroup label="{esc(label)}">')
            options += [
                f'<option value="{esc(z)}">{esc(z.replace("_", " "))}</option>' for z in zones
            ]
            options.append("</optgroup>")
    also = esc(said.gettext("Also show times in"))
    past = esc(said.gettext("Show past events"))
    return "\n".join(
        [
            '<div class="controls" id="controls" hidden>',
            f'<p><label for="zone">{also}</label> <select id="zone">',
            *options,
            "</select></p>",
            f'<p><label><input type="checkbox" id="show-past"> {past}</label></p>',
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
    language = catalogue.language
    said = words(language)
    badge = _status_badge(event, language)
    # What a past event's heading is marked with (the stylesheet's own is English).
    marked = esc(said.gettext(" (past)"))
    past = "" if language is None else f' data-past="{marked}"'
    lines = [f'<li class="event"{data}>', f"<h4{past}>{esc(event.title)}{badge}</h4>"]
    lines += _when_lines(catalogue, row)
    if isinstance(row.occurrence, Timed) and row.occurrence.zone_assumed:
        assumed = said.gettext("The announcement names no time zone: {zone} is assumed.")
        lines.append(f'<p class="muted">{esc(assumed.format(zone=row.occurrence.zone))}</p>')
    series = row.series or event  # a changed occurrence offers its whole series
    repeats = series_text(series, display_zones(series, catalogue)[1:], language)
    if repeats:
        lines.append(f'<p class="muted">{esc(repeats)}</p>')
    lines += _facts(event, language)
    lines += (
        _add_links(catalogue, series, file_url, memo)
        if event.status is not Status.CANCELLED
        else []
    )
    lines += _details(event, row.occurrence, language)
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
    links = add_event_links(event, details, file_url, catalogue.language)
    return [link_list(links, "add")]


def _status_badge(event: Event, language: str | None) -> str:
    """Confirmed is the normal case; anything else is said next to the title. An undated
    event is tentative by definition and already sits under "To be scheduled"."""
    if event.status is Status.CONFIRMED or not event.scheduled:
        return ""
    said = words(language)
    names = {
        Status.TENTATIVE: said.gettext("Tentative"),
        Status.CANCELLED: said.gettext("Cancelled"),
    }
    return f' <span class="mark">{esc(names[event.status])}</span>'


def _when_lines(catalogue: Catalogue, row: Entry) -> list[str]:
    """The time in the event's own zone, in a `<time>` holding the UTC instant for the
    script; then the same time in the other zones the feeds show it in."""
    language = catalogue.language
    said = words(language)
    match row.occurrence:
        case Timed(start=start, end=end) if row.day is not None:
            zones = display_zones(row.event, catalogue)
            own = time_in_zone(start, end, zones[0], row.day, language)
            lines = [f'<p class="when"><time datetime="{utc_iso(start)}">{esc(own)}</time></p>']
            # Zones CLDR names alike show the same time: each said once, and not the own.
            also_in = (time_in_zone(start, end, z, row.day, language) for z in zones[1:])
            others = [text for text in dict.fromkeys(also_in) if text != own]
            if others:
                also = said.gettext("Also: {times}").format(times=DOT.join(others))
                lines.append(f'<p class="also">{esc(also)}</p>')
            return lines
        case AllDay(first=first, last=last):
            all_day = esc(said.gettext("All day"))
            text = f'<time datetime="{first.isoformat()}">{all_day}</time>'
            if last != first:
                until = esc(day_text(last, language=language))
                text = esc(said.gettext("{all_day} to {last}")).format(
                    all_day=text, last=f'<time datetime="{last.isoformat()}">{until}</time>'
                )
            return [f'<p class="when">{text}</p>']
        case _:
            later = esc(said.gettext("Date to be announced"))
            return [f'<p class="when">{later}</p>']


def _facts(event: Event, language: str | None) -> list[str]:
    """Where to register and join, who hosts it and where: what a visitor acts on. A
    cancelled event keeps only its page, which may say why: nothing to join any more."""
    said = words(language)
    live = event.status is not Status.CANCELLED
    page = event.url if event.url != event.registration or not live else None
    links = [
        (label, href)
        for label, href in (
            (said.gettext("Register"), event.registration if live else None),
            (said.gettext("Join online"), event.online if live else None),
            (said.gettext("Event page"), page),
        )
        if href and safe_href(href)
    ]
    between = said.gettext(", ")
    lines = []
    if links:
        lines.append(link_list(links))
    if event.hosts:
        hosts = said.gettext("Hosts: {names}").format(names=between.join(event.hosts))
        lines.append(f"<p>{esc(hosts)}</p>")
    if event.location:
        place = said.gettext("Location: {place}").format(place=event.location)
        lines.append(f"<p>{esc(place)}</p>")
    if event.languages:
        spoken = between.join(language_name(tag, language) for tag in event.languages)
        lines.append(
            "<p>" + esc(said.gettext("Languages: {languages}").format(languages=spoken)) + "</p>"
        )
    return lines


def _details(event: Event, occurrence: Occurrence | Undated, language: str | None) -> list[str]:
    """The description and the agenda, folded away (they can be long) in a `<details>`,
    which opens without a script."""
    sessions = occurrence.sessions if isinstance(occurrence, Timed) else ()
    if not event.description and not sessions:
        return []
    said = words(language)
    summary = said.gettext("Details and agenda") if sessions else said.gettext("Details")
    lines = ["<details>", f"<summary>{esc(summary)}</summary>"]
    lines += [f"<p>{multiline(p)}</p>" for p in paragraphs(event.description)]
    if isinstance(occurrence, Timed) and sessions:
        tz = load_zone(occurrence.zone)
        lines.append('<ul class="sessions">')
        for session in sessions:
            times = f"{session.start.astimezone(tz):%H:%M}{DASH}{session.end.astimezone(tz):%H:%M}"
            people = (
                [said.gettext("Moderator: {name}").format(name=session.moderator)]
                if session.moderator
                else []
            )
            people += [said.gettext("Speaker: {name}").format(name=n) for n in session.speakers]
            people += [
                said.gettext("Commentator: {name}").format(name=n) for n in session.commentators
            ]
            body = "".join(f"<br>{esc(line)}" for line in people)
            if session.description:
                body += f"<br>{multiline(session.description)}"
            lines.append(f"<li><strong>{times}</strong> {esc(session.title)}{body}</li>")
        lines.append("</ul>")
    lines.append("</details>")
    return lines
