"""`index.html`: the page people land on before they subscribe to anything.

Most visitors do not know what a `.ics` feed is; they want the events and a button for
their calendar app. So the page lists every public feed with ready-made subscribe links and
then the agenda, each event in the zone where it happens (as the announcement said it) with
the UTC offset, so nobody has to trust a conversion blindly.

The page is built like the feeds: from the catalogue alone, never from the clock, so a
rebuild of an unchanged catalogue changes no byte and `build --check` does not go stale
overnight. Everything that depends on the visitor (their zone, which events are already
over) is left to a small inline script; without it the page is complete, only in the
events' own zones and with past events shown.

Catalogue text is untrusted here: it is escaped wherever it goes, the script reads only
attributes calfeed writes itself, and a Content-Security-Policy lets no script or style
run but the two calfeed ships (so even an escaping mistake could not run a script). No
resource is loaded from anywhere: no CDN, no web font, no image.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable
from datetime import date
from importlib import resources
from urllib.parse import quote, urlsplit

from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated
from calfeed.render.links import Publishing, subscribe_links
from calfeed.render.series import series_text
from calfeed.render.text import DASH, DOT, day_text, display_zones, time_in_zone, utc_iso
from calfeed.selection.days import DayQuery, Entry, entries, own_zone
from calfeed.selection.feeds import Feed, FeedKind
from calfeed.selection.occurrences import Occurrence
from calfeed.tz import is_utc, load_zone, tzdata_version


def _asset(name: str) -> str:
    """The page's own stylesheet or script, shipped beside this module as a file that
    editors and linters read as CSS or JavaScript."""
    return resources.files("calfeed.render").joinpath(name).read_text(encoding="utf-8")


NO_URL_NOTE = (
    "Subscribe links for calendar apps need the web address where these calendars are "
    "published, and the organiser has not set it yet (url in the [calendar] table of "
    "events.toml). Until then, download a feed below, or copy the download link into your "
    "calendar app\u2019s \u201csubscribe from URL\u201d (or \u201cadd from web\u201d) option "
    "to get its updates."
)

STYLE = "\n" + _asset("page.css")
"""No catalogue text, no `url()`, no `@import`: the page loads nothing from anywhere."""

SCRIPT = "\n" + _asset("page.js")
"""Reads only attributes calfeed writes (instants, zone names) and writes only with
`textContent`: no catalogue text passes through it, so there is nothing to inject."""


def render_index(catalogue: Catalogue, feeds: Iterable[Feed], publishing: Publishing) -> bytes:
    """The whole page, as UTF-8 bytes that depend on the catalogue and where it is
    published alone."""
    public = tuple(feed for feed in feeds if not feed.private)
    rows = agenda_rows(catalogue)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        _head(catalogue),
        "<body>",
        _header(catalogue),
        "<main>",
        _feeds_section(catalogue, public, publishing),
        _agenda_section(catalogue, rows),
        "</main>",
        _footer(),
        f"<script>{SCRIPT}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts).encode("utf-8")


def agenda_rows(catalogue: Catalogue) -> tuple[Entry, ...]:
    """Every public occurrence by day in its own zone, then the undated events: what
    `calfeed list` shows in the event-zone column, so the page and the terminal agree.
    `is_public` (inside `entries`) keeps events of private audiences out."""
    return entries(catalogue, DayQuery(), own_zone)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy() -> str:
    """Nothing may load, and only calfeed's own inline script and style may run: a second
    wall behind the escaping, and proof to a reviewer that the page fetches nothing."""
    return (
        f"default-src 'none'; script-src {_hash(SCRIPT)}; style-src {_hash(STYLE)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _head(catalogue: Catalogue) -> str:
    info = catalogue.calendar
    lines = [
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{_esc(info.name)}</title>",
    ]
    if info.description:
        lines.append(f'<meta name="description" content="{_esc(info.description)}">')
    lines += [f"<style>{STYLE}</style>", "</head>"]
    return "\n".join(lines)


def _header(catalogue: Catalogue) -> str:
    info = catalogue.calendar
    lines = ["<header>", f"<h1>{_esc(info.name)}</h1>"]
    lines += [f"<p>{_multiline(p)}</p>" for p in _paragraphs(info.description)]
    lines.append("</header>")
    return "\n".join(lines)


def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks are kept inside one."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def _multiline(text: str) -> str:
    return "<br>".join(_esc(line) for line in text.splitlines())


# --- feeds ---------------------------------------------------------------------------------


def display_name(catalogue: Catalogue, feed: Feed) -> str:
    """The feed's name without the calendar's, which the page's heading already says:
    "Governments", not "Green Jobs & Just Transition: Asia-Pacific: Governments" on every
    line of a phone screen. Calendar apps still get the full name."""
    if feed.kind is FeedKind.ALL:
        return "All events"
    return feed.name.removeprefix(f"{catalogue.calendar.name}: ") or feed.name


def _feeds_section(catalogue: Catalogue, feeds: tuple[Feed, ...], publishing: Publishing) -> str:
    lines = [
        '<section aria-labelledby="subscribe">',
        '<h2 id="subscribe">Subscribe</h2>',
        "<p>Subscribe to a feed and its events stay up to date in your calendar app, each at "
        "the right time wherever you are.</p>",
    ]
    if publishing.base_url is None:
        lines.append(f'<p class="note" id="no-url">{_esc(NO_URL_NOTE)}</p>')
    lines.append('<ul class="feeds">')
    lines += [
        _feed_item(catalogue, feed, publishing)
        for feed in feeds
        if feed.kind is not FeedKind.REGION_AUDIENCE
    ]
    lines += ["</ul>", "</section>"]
    return "\n".join(lines)


def _feed_item(catalogue: Catalogue, feed: Feed, publishing: Publishing) -> str:
    absolute = publishing.address(feed.path)
    url = absolute or quote(feed.path, safe="/")
    count = len(feed.events)
    lines = [
        '<li class="feed">',
        f'<p><strong class="feed-name">{_esc(display_name(catalogue, feed))}</strong> '
        f'<span class="count">{count} event{"" if count == 1 else "s"}</span></p>',
    ]
    # The calendar's own description is the header's; repeated on every feed it is noise.
    if feed.description and feed.description != catalogue.calendar.description:
        lines.append(f'<p class="muted">{_multiline(feed.description)}</p>')
    links = subscribe_links(absolute, feed.name) if absolute else (("Download .ics", url),)
    lines.append('<ul class="links">')
    lines += [f'<li><a href="{_esc(href)}">{_esc(label)}</a></li>' for label, href in links]
    lines.append("</ul>")
    if absolute:
        lines.append(f'<p class="muted">Feed address: <code>{_esc(url)}</code></p>')
    lines.append("</li>")
    return "\n".join(lines)


# --- agenda --------------------------------------------------------------------------------


def _agenda_section(catalogue: Catalogue, rows: tuple[Entry, ...]) -> str:
    dated = [row for row in rows if row.day is not None]
    undated = [row for row in rows if row.day is None]
    lines = [
        '<section aria-labelledby="agenda">',
        '<h2 id="agenda">Agenda</h2>',
        "<p>Each event is listed on its date where it takes place, at its local time there "
        "with the offset from UTC.</p>",
        _controls(catalogue, rows),
    ]
    if not rows:
        lines.append("<p>No events yet.</p>")
    day: date | None = None
    for row in dated:
        if row.day != day:
            if day is not None:
                lines += ["</ul>", "</section>"]
            day = row.day
            assert day is not None
            lines += ['<section class="day">', f"<h3>{day_text(day)}</h3>", '<ul class="events">']
        lines.append(_event_item(catalogue, row))
    if day is not None:
        lines += ["</ul>", "</section>"]
    if undated:
        lines += ['<section class="undated">', "<h3>To be scheduled</h3>", '<ul class="events">']
        lines += [_event_item(catalogue, row) for row in undated]
        lines += ["</ul>", "</section>"]
    lines.append("</section>")
    return "\n".join(lines)


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
            options.append(f'<optgroup label="{_esc(label)}">')
            options += [
                f'<option value="{_esc(z)}">{_esc(z.replace("_", " "))}</option>' for z in zones
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


def _event_item(catalogue: Catalogue, row: Entry) -> str:
    """One occurrence. Its instants ride in data attributes calfeed writes itself, so the
    script can convert and date them without reading any catalogue text."""
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
    lines = [f'<li class="event"{data}>', f"<h4>{_esc(event.title)}{_status_badge(event)}</h4>"]
    lines += _when_lines(catalogue, row)
    if isinstance(row.occurrence, Timed) and row.occurrence.zone_assumed:
        lines.append(
            f'<p class="muted">The announcement names no time zone: '
            f"{_esc(row.occurrence.zone)} is assumed.</p>"
        )
    repeats = series_text(event, display_zones(event, catalogue)[1:])
    if repeats:
        lines.append(f'<p class="muted">{_esc(repeats)}</p>')
    lines += _facts(event)
    lines += _details(event, row.occurrence)
    lines.append("</li>")
    return "\n".join(lines)


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
            lines = [f'<p class="when"><time datetime="{utc_iso(start)}">{_esc(own)}</time></p>']
            others = [time_in_zone(start, end, z, row.day) for z in zones[1:]]
            if others:
                lines.append(f'<p class="also">Also: {_esc(DOT.join(others))}</p>')
            return lines
        case AllDay(first=first, last=last):
            text = f'<time datetime="{first.isoformat()}">All day</time>'
            if last != first:
                text += f' to <time datetime="{last.isoformat()}">{day_text(last)}</time>'
            return [f'<p class="when">{text}</p>']
        case _:
            return ['<p class="when">Date to be announced</p>']


def _safe_href(url: str) -> str | None:
    """Only http(s) links: the catalogue check enforces it, and a `javascript:` URL must
    never become a link even if a catalogue reached here unchecked."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else None


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
        if href and _safe_href(href)
    ]
    lines = []
    if links:
        items = "".join(f'<li><a href="{_esc(href)}">{label}</a></li>' for label, href in links)
        lines.append(f'<ul class="links">{items}</ul>')
    if event.hosts:
        lines.append(f"<p>Hosts: {_esc(', '.join(event.hosts))}</p>")
    if event.location:
        lines.append(f"<p>Location: {_esc(event.location)}</p>")
    if event.languages:
        lines.append(f"<p>Languages: {_esc(', '.join(event.languages))}</p>")
    return lines


def _details(event: Event, occurrence: Occurrence | Undated) -> list[str]:
    """The description and the agenda, folded away (they can be long) in a `<details>`,
    which opens without a script."""
    sessions = occurrence.sessions if isinstance(occurrence, Timed) else ()
    if not event.description and not sessions:
        return []
    lines = ["<details>", f"<summary>{'Details and agenda' if sessions else 'Details'}</summary>"]
    lines += [f"<p>{_multiline(p)}</p>" for p in _paragraphs(event.description)]
    if isinstance(occurrence, Timed) and sessions:
        tz = load_zone(occurrence.zone)
        lines.append('<ul class="sessions">')
        for session in sessions:
            times = f"{session.start.astimezone(tz):%H:%M}{DASH}{session.end.astimezone(tz):%H:%M}"
            people = [f"Moderator: {session.moderator}"] if session.moderator else []
            people += [f"Speaker: {name}" for name in session.speakers]
            people += [f"Commentator: {name}" for name in session.commentators]
            body = "".join(f"<br>{_esc(line)}" for line in people)
            if session.description:
                body += f"<br>{_multiline(session.description)}"
            lines.append(f"<li><strong>{times}</strong> {_esc(session.title)}{body}</li>")
        lines.append("</ul>")
    lines.append("</details>")
    return lines


def _footer() -> str:
    return (
        "<footer><p>Made by calfeed from the catalogue events.toml. Local times and UTC "
        f"offsets come from the IANA time zone database, release {_esc(tzdata_version())}."
        "</p></footer>"
    )
