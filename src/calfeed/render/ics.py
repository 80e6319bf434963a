"""Events and feeds as iCalendar bytes.

Each event is rendered once (per public/private variant) to VEVENT bytes; every feed that
holds it reuses those bytes. The feed's envelope and its VTIMEZONEs are built with
icalendar's own components, then the events are placed before `END:VCALENDAR`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import icalendar
from icalendar.prop.conference import Conference

from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated
from calfeed.output.stamps import Stamp, is_history
from calfeed.render.description import describe_event
from calfeed.render.spans import ZoneSpan, feed_spans
from calfeed.selection.feeds import Feed
from calfeed.selection.occurrences import occurrences
from calfeed.tz import build_vtimezone, is_ambiguous, is_utc, load_zone, local_readings
from calfeed.version import __version__

PRODID = f"-//calfeed//calfeed {__version__}//EN"
_END = b"END:VCALENDAR\r\n"


def uid(event: Event, catalogue: Catalogue) -> str:
    """Stable forever: the event's key and the calendar's domain."""
    return f"{event.id}@{catalogue.calendar.uid_domain}"


def _add_instant(vevent: icalendar.Event, name: str, instant: datetime, zone: str) -> None:
    """An instant as its wall time with the event's TZID, or in UTC (`Z`) for UTC events
    and for a wall time that occurs twice (a DST fold): with a TZID it cannot say which of
    the two it is, and parsers differ (icalendar and ical take the first, ical.js and
    libical the second).

    The wall time is handed to icalendar naive, with the TZID as a parameter: given an
    aware value, its serializer guesses, and writes zones whose offset once had seconds
    (local mean time, Africa/Abidjan before 1912) as if they were UTC."""
    if is_utc(zone) or is_ambiguous(instant, zone):
        vevent.add(name, instant.astimezone(UTC))
    else:
        _add_wall(vevent, name, _wall(instant, zone), zone)


def _add_wall(vevent: icalendar.Event, name: str, wall: datetime, zone: str) -> None:
    """A naive wall time in the event's zone, exactly as written (a series' DTSTART, an
    excepted occurrence): each reader then reads it as it reads the rule's own times."""
    if is_utc(zone):
        vevent.add(name, wall.replace(tzinfo=UTC))
    else:
        vevent.add(name, wall, parameters={"TZID": zone})


def _wall(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(load_zone(zone)).replace(tzinfo=None)


def _add_timed(vevent: icalendar.Event, event: Event, timed: Timed) -> None:
    """DTSTART and DTEND, and for a series its rule, exceptions and additions.

    A series recurs in its own zone, so its DTSTART is always a wall time with a TZID, even
    when pinned in a fold: the rule's later occurrences are then at the right instants in
    every reader, and `check` requires such a first occurrence to be excepted. Where that
    DTSTART is ambiguous its length is a DURATION, which no reading of DTSTART can change.
    """
    series = timed.recurrence
    if series is None:
        _add_instant(vevent, "DTSTART", timed.start, timed.zone)
        if timed.end is not None:
            _add_instant(vevent, "DTEND", timed.end, timed.zone)
        return
    _add_wall(vevent, "DTSTART", _wall(timed.start, timed.zone), timed.zone)
    if timed.end is not None:
        if is_ambiguous(timed.start, timed.zone):
            vevent.add("DURATION", timed.end.astimezone(UTC) - timed.start.astimezone(UTC))
        else:
            _add_instant(vevent, "DTEND", timed.end, timed.zone)
    vevent.add("RRULE", icalendar.vRecur.from_ical(series.rule))
    for wall in series.exceptions:
        _add_exception(vevent, event, timed, wall)
    for instant in series.additions:
        _add_instant(vevent, "RDATE", instant, timed.zone)


def _add_exception(vevent: icalendar.Event, event: Event, timed: Timed, wall: datetime) -> None:
    """EXDATEs that remove the rule's occurrence at `wall` in every reader.

    A wall time that exists once, or twice (a fold), is written as it is: each reader then
    reads it exactly as it reads the rule's own occurrence there, whichever of the two it
    takes. (Both fold readings in UTC would not do: ical.js steps past only one EXDATE per
    occurrence, so the earlier reading hides the later one from it.) A wall time in a gap
    names no instant, and readers differ on the one they give the rule's occurrence there,
    so every reading is excluded, in UTC; but never a reading that is itself a real
    occurrence (a day the clocks skip, like Samoa's 2011-12-30, reads as the day before or
    after, which must stay)."""
    readings = local_readings(wall, timed.zone)
    if len(readings) == 1 or is_ambiguous(readings[0], timed.zone):
        _add_wall(vevent, "EXDATE", wall, timed.zone)
        return
    for instant in readings:
        if not _occurs_at(event, instant):
            vevent.add("EXDATE", instant.astimezone(UTC))


def _occurs_at(event: Event, instant: datetime) -> bool:
    for occurrence in occurrences(event):
        assert isinstance(occurrence, Timed)
        if occurrence.start.astimezone(UTC) >= instant.astimezone(UTC):
            return occurrence.start.astimezone(UTC) == instant.astimezone(UTC)
    return False


def render_event(event: Event, catalogue: Catalogue, *, private: bool) -> icalendar.Event:
    """The VEVENT without DTSTAMP, LAST-MODIFIED and SEQUENCE, which depend on history."""
    vevent = icalendar.Event()
    vevent.add("UID", uid(event, catalogue))
    vevent.add("SUMMARY", event.title)
    match event.when:
        case Timed() as timed:
            _add_timed(vevent, event, timed)
        case AllDay(first=first, last=last, recurrence=days):
            vevent.add("DTSTART", first)
            vevent.add("DTEND", last + timedelta(days=1))  # exclusive, RFC 5545 3.6.1
            if days is not None:
                vevent.add("RRULE", icalendar.vRecur.from_ical(days.rule))
                for day in days.exceptions:
                    vevent.add("EXDATE", day)
                for day in days.additions:
                    vevent.add("RDATE", day)
        case Undated():
            raise ValueError(f"event {event.id!r} has no date: it belongs in no feed")
    if event.location:
        vevent.add("LOCATION", event.location)
    link = event.url or event.registration
    if link:
        vevent.add("URL", link)
    if event.online and event.status is not Status.CANCELLED:
        vevent.conferences = [Conference(event.online, feature="VIDEO", label="Join online")]
    if event.tags:
        vevent.add("CATEGORIES", list(event.tags))
    vevent.add("STATUS", event.status.name)
    vevent.add("DESCRIPTION", describe_event(event, catalogue, private=private))
    return vevent


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


class VTimezoneCache:
    """VTIMEZONE bytes per zone and span (whole years, or endless): feeds share them."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, int, int | None], bytes] = {}

    def get(self, zone: str, span: ZoneSpan) -> bytes:
        last = span.last.year if span.last is not None else None
        key = (zone, span.first.year, last)
        if key not in self._cache:
            first = datetime(span.first.year, 1, 1, tzinfo=UTC)
            end = datetime(last, 12, 31, tzinfo=UTC) if last is not None else None
            self._cache[key] = build_vtimezone(zone, first, end).to_ical()
        return self._cache[key]


def render_feed(
    feed: Feed,
    catalogue: Catalogue,
    events: Mapping[str, RenderedEvent],
    timezones: VTimezoneCache,
    *,
    url: str | None = None,
    spans: Mapping[str, ZoneSpan] | None = None,
) -> bytes:
    """A whole feed: properties, every VTIMEZONE its events need, then the events.
    `spans` is `feed_spans(feed.events)` when the caller has it already."""
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
    if url:  # the feed's own address (RFC 7986 5.8 and 5.7): where to get it again
        calendar.add("SOURCE", url, parameters={"VALUE": "URI"})
        calendar.add("URL", url, parameters={"VALUE": "URI"})
    envelope: bytes = calendar.to_ical()
    assert envelope.endswith(_END)
    zones = b"".join(
        timezones.get(zone, span)
        for zone, span in sorted((feed_spans(feed.events) if spans is None else spans).items())
    )
    body = b"".join(events[e.id].ics for e in feed.events)
    return envelope[: -len(_END)] + zones + body + _END
