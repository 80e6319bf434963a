"""Events and feeds as iCalendar bytes.

Each event is rendered once (per public/private variant) to VEVENT bytes; every feed that
holds it reuses those bytes. The feed's envelope and its VTIMEZONEs are built with
icalendar's own components, then the events are placed before `END:VCALENDAR`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import icalendar
from icalendar.prop.conference import Conference

from calfeed.model import Catalogue, Event, Recurrence
from calfeed.output.stamps import Stamp, is_history
from calfeed.render.text import describe_event
from calfeed.selection.feeds import Feed
from calfeed.tz.vtimezone import build_vtimezone
from calfeed.tz.zones import is_ambiguous, is_utc, load_zone
from calfeed.version import __version__

PRODID = f"-//calfeed//calfeed {__version__}//EN"
_END = b"END:VCALENDAR\r\n"


def uid(event: Event, catalogue: Catalogue) -> str:
    """Stable forever: the event's key and the calendar's domain."""
    return f"{event.id}@{catalogue.calendar.uid_domain}"


def _when(value: datetime | date, zone: str | None) -> datetime | date:
    """Timed values carry their own zone (TZID), UTC ones the `Z` form; dates stay dates.

    A wall time that occurs twice (a DST fold) is written in UTC: with a TZID it cannot say
    which of the two it is, and parsers differ (RFC 5545, icalendar and ical take the
    first; ical.js and libical the second)."""
    if isinstance(value, datetime) and zone is not None:
        if is_utc(zone) or is_ambiguous(value, zone):
            return value.astimezone(UTC)
        tz = load_zone(zone)
        # Already in the zone: keep the wall time as it is (an EXDATE may name the wall
        # time of a gap occurrence exactly as the series produces it).
        return value if value.tzinfo is tz else value.astimezone(tz)
    return value


def render_event(event: Event, catalogue: Catalogue, *, private: bool) -> icalendar.Event:
    """The VEVENT without DTSTAMP, LAST-MODIFIED and SEQUENCE, which depend on history."""
    assert event.start is not None
    vevent = icalendar.Event()
    vevent.add("UID", uid(event, catalogue))
    vevent.add("SUMMARY", event.title)
    vevent.add("DTSTART", _when(event.start, event.zone))
    if isinstance(event.start, datetime):
        if isinstance(event.end, datetime):
            vevent.add("DTEND", _when(event.end, event.zone))
    else:
        last = event.end if isinstance(event.end, date) else event.start
        vevent.add("DTEND", last + timedelta(days=1))  # exclusive, RFC 5545 3.6.1
    if event.recurrence:
        _add_recurrence(vevent, event.recurrence, event.zone)
    if event.location:
        vevent.add("LOCATION", event.location)
    link = event.url or event.registration
    if link:
        vevent.add("URL", link)
    if event.online:
        vevent.conferences = [Conference(event.online, feature="VIDEO", label="Join online")]
    if event.tags:
        vevent.add("CATEGORIES", list(event.tags))
    vevent.add("STATUS", event.status.name)
    vevent.add("DESCRIPTION", describe_event(event, catalogue, private=private))
    return vevent


def _add_recurrence(vevent: icalendar.Event, recurrence: Recurrence, zone: str | None) -> None:
    vevent.add("RRULE", icalendar.vRecur.from_ical(recurrence.rule))
    for value in recurrence.exceptions:
        vevent.add("EXDATE", _when(value, zone))
    for value in recurrence.additions:
        vevent.add("RDATE", _when(value, zone))


def stamped(vevent: icalendar.Event, stamp: Stamp) -> bytes:
    """The VEVENT's final bytes, with its history."""
    final = vevent.copy()
    for name, value in (("DTSTAMP", stamp.dtstamp), ("LAST-MODIFIED", stamp.last_modified)):
        final.add(name, value)
    final.add("SEQUENCE", stamp.sequence)
    for sub in vevent.subcomponents:
        final.add_component(sub)
    data: bytes = final.to_ical()
    return data


@dataclass(frozen=True)
class RenderedEvent:
    """One event's final VEVENT bytes and what the feed needs to know about it."""

    event: Event
    content: tuple[str, ...]
    """Unfolded content lines without the history properties: what "changed" compares."""
    ics: bytes


def content_of(vevent: icalendar.Event) -> tuple[str, ...]:
    """What a rebuild compares to decide whether an event changed: the content lines as
    `event_content` reads them back from a written feed, taken before folding (folding
    is the costly part of serialising, and the stamped event is folded once, later)."""
    return tuple(str(line) for line in vevent.content_lines() if line and not is_history(str(line)))


def feed_span(events: Iterable[Event]) -> dict[str, tuple[datetime, datetime]]:
    """For each zone used, the first and last instant its VTIMEZONE must cover."""
    spans: dict[str, tuple[datetime, datetime]] = {}
    for event in events:
        if not isinstance(event.start, datetime) or not event.zone or is_utc(event.zone):
            continue
        instants = [event.start]
        if isinstance(event.end, datetime):
            instants.append(event.end)
        if event.recurrence:
            instants.extend(_recurrence_reach(event))
        low, high = min(instants), max(instants)
        if event.zone in spans:
            old_low, old_high = spans[event.zone]
            low, high = min(low, old_low), max(high, old_high)
        spans[event.zone] = (low, high)
    return spans


def _recurrence_reach(event: Event) -> list[datetime]:
    """Instants a recurring event reaches: its extra and skipped dates, and the year its
    rule ends (an endless rule is covered for ten years; its VTIMEZONE rules run on)."""
    assert event.recurrence
    assert isinstance(event.start, datetime)
    extra = [
        d
        for d in (*event.recurrence.additions, *event.recurrence.exceptions)
        if isinstance(d, datetime)
    ]
    return [*extra, event.start + timedelta(days=3653)]


class VTimezoneCache:
    """VTIMEZONE bytes per zone and whole-year span: many feeds share them."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int], bytes] = {}

    def get(self, zone: str, low: datetime, high: datetime) -> bytes:
        key = (zone, low.year, high.year)
        if key not in self._cache:
            first = datetime(low.year, 1, 1, tzinfo=UTC)
            last = datetime(high.year, 12, 31, tzinfo=UTC)
            self._cache[key] = build_vtimezone(zone, first, last).to_ical()
        return self._cache[key]


def render_feed(
    feed: Feed,
    catalogue: Catalogue,
    events: Mapping[str, RenderedEvent],
    timezones: VTimezoneCache,
    *,
    url: str | None = None,
) -> bytes:
    """A whole feed: properties, every VTIMEZONE its events need, then the events."""
    calendar = icalendar.Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    # icalendar writes NAME and the X-WR- twins unescaped when given a str; as TEXT values
    # (RFC 5545 3.3.11) their commas, semicolons and backslashes must be escaped.
    calendar.add("NAME", icalendar.vText(feed.name))
    calendar.add("X-WR-CALNAME", icalendar.vText(feed.name))
    if feed.description:
        calendar.add("DESCRIPTION", icalendar.vText(feed.description))
        calendar.add("X-WR-CALDESC", icalendar.vText(feed.description))
    refresh = catalogue.calendar.refresh
    calendar.refresh_interval = refresh
    # RFC 7986 5.7 makes VALUE=DURATION mandatory; icalendar 7 leaves it out.
    calendar["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    calendar.add("X-PUBLISHED-TTL", icalendar.vDuration(refresh))
    if url:
        calendar.add("SOURCE", url, parameters={"VALUE": "URI"})
    envelope: bytes = calendar.to_ical()
    assert envelope.endswith(_END)
    zones = b"".join(
        timezones.get(zone, low, high)
        for zone, (low, high) in sorted(feed_span(feed.events).items())
    )
    body = b"".join(events[e.id].ics for e in feed.events)
    return envelope[: -len(_END)] + zones + body + _END
