"""Events and feeds as iCalendar bytes.

Each event is written once (per public/private variant) as the text of its VEVENT, but
for the three history properties, which depend on the previous build; stamping it is three
short lines put in their places. Every feed that holds the event reuses those bytes, after
the feed's own properties and the VTIMEZONEs its events need (built with icalendar's
components once per zone and span).

The lines are written directly (`render.lines`), in the order and form icalendar's own
serializer gives (canonical properties first, then the rest by name), since that is what
calfeed wrote before and what readers were tested with.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import icalendar

from calfeed.language import words
from calfeed.model import AllDay, Catalogue, Event, Override, Stamp, Status, Timed, Undated
from calfeed.render import lines
from calfeed.render.description import add_details, description_parts
from calfeed.render.spans import ZoneSpan, feed_spans
from calfeed.selection.feeds import Feed
from calfeed.tz import is_ambiguous, is_utc, load_zone
from calfeed.tz.vtimezone import build_vtimezone
from calfeed.version import __version__

PRODID = f"-//calfeed//calfeed {__version__}//EN"
_BEGIN = "BEGIN:VEVENT\r\n"
_FINISH = "END:VEVENT\r\n"


def uid(event: Event, catalogue: Catalogue) -> str:
    """Stable forever: the event's key and the calendar's domain; in a language other
    than the default, with its tag after a dot (`humen-summit-2022.zh@...`). A key never
    holds a dot, so no event's UID in one language is another's in any language, and a
    subscriber to two languages' feeds sees each event once in each: apps replace an event
    by its UID. The default language keeps the UID it had before languages existed."""
    language = catalogue.language
    if language is None or language == catalogue.calendar.default_language:
        return f"{event.id}@{catalogue.calendar.uid_domain}"
    return f"{event.id}.{language}@{catalogue.calendar.uid_domain}"


def _language(catalogue: Catalogue, *, in_default: bool = False) -> tuple[str, ...]:
    """The LANGUAGE parameter of a feed's texts (RFC 5545 3.2.10): the feed's language,
    or with `in_default` the default's, for a text shown for want of a translation; none
    for a catalogue that declares no languages, whose feeds are as they always were."""
    if catalogue.language is None:
        return ()
    tag = catalogue.calendar.default_language if in_default else catalogue.language
    return (lines.parameter("LANGUAGE", tag or catalogue.language),)


@dataclass(frozen=True)
class EventText:
    """One VEVENT as written, but for DTSTAMP, SEQUENCE and LAST-MODIFIED: the folded lines
    before, between and after the places they go (icalendar's order: SUMMARY, DTSTART,
    DTEND or DURATION, DTSTAMP, UID, SEQUENCE, RRULE, RDATE, EXDATE, then the rest by name,
    LAST-MODIFIED among them)."""

    before_stamp: str
    before_sequence: str
    before_modified: str
    after_modified: str
    details: str
    """The short details the page's add-to-calendar links carry (`add_details`)."""

    @property
    def digest(self) -> str:
        """What a rebuild compares: equal exactly when subscribers would get the same
        event. `output.stamps` gets the same digest from a written feed."""
        return content_digest(self.without_history())

    def without_history(self) -> bytes:
        return "".join(
            (self.before_stamp, self.before_sequence, self.before_modified, self.after_modified)
        ).encode("utf-8")

    def stamped(self, stamp: Stamp) -> bytes:
        """The VEVENT's final bytes, with its history."""
        return "".join(
            (
                self.before_stamp,
                f"DTSTAMP:{lines.utc(stamp.dtstamp)}\r\n",
                self.before_sequence,
                f"SEQUENCE:{stamp.sequence}\r\n",
                self.before_modified,
                f"LAST-MODIFIED:{lines.utc(stamp.last_modified)}\r\n",
                self.after_modified,
            )
        ).encode("utf-8")

    def content_lines(self) -> Iterator[str]:
        """The unfolded content lines, history left out (for comparing by property)."""
        text = self.without_history().decode("utf-8").replace("\r\n ", "")
        yield from (line for line in text.split("\r\n") if line)


def content_digest(vevent: bytes) -> str:
    """SHA-256 of a VEVENT's written bytes with its history lines taken out."""
    return hashlib.sha256(vevent).hexdigest()


def _instant(name: str, instant: datetime, zone: str) -> str:
    """An instant as its wall time with the event's TZID, or in UTC (`Z`) for UTC events
    and for a wall time that occurs twice (a DST fold): with a TZID it cannot say which of
    the two it is, and parsers differ (icalendar and ical take the first, ical.js and
    libical the second). Written as text, never handed to a serializer that guesses: one
    wrote zones whose offset once had seconds (Africa/Abidjan before 1912) as UTC."""
    if is_utc(zone) or is_ambiguous(instant, zone):
        return lines.line(name, lines.utc(instant))
    return _wall(name, instant.astimezone(load_zone(zone)).replace(tzinfo=None), zone)


def _wall(name: str, wall: datetime, zone: str) -> str:
    """A naive wall time in the event's zone, exactly as written (a series' DTSTART, an
    excepted occurrence): each reader then reads it as it reads the rule's own times."""
    if is_utc(zone):
        return lines.line(name, lines.wall(wall) + "Z")
    return lines.line(name, lines.wall(wall), lines.parameter("TZID", zone))


def _day(name: str, day: date) -> str:
    return lines.line(name, lines.day(day), lines.parameter("VALUE", "DATE"))


def _times(event: Event) -> tuple[list[str], list[str], list[str], list[str]]:
    """DTSTART and DTEND (or DURATION); RRULE; RDATEs; EXDATEs."""
    match event.when:
        case Timed() as timed:
            return _timed(event, timed)
        case AllDay(first=first, last=last, recurrence=days):
            start = [_day("DTSTART", first), _day("DTEND", last + timedelta(days=1))]
            if days is None:
                return start, [], [], []
            return (
                start,
                [lines.line("RRULE", _rule(days.rule))],
                [_day("RDATE", day) for day in days.additions],
                [_day("EXDATE", day) for day in days.exceptions],
            )
        case Undated():
            raise ValueError(f"event {event.id!r} has no date: it belongs in no feed")


def _timed(event: Event, timed: Timed) -> tuple[list[str], list[str], list[str], list[str]]:
    """A series recurs in its own zone, so its DTSTART is always a wall time with a TZID,
    even when pinned in a fold: the rule's later occurrences are then at the right instants
    in every reader, and `check` requires such a first occurrence to be excepted. Where that
    DTSTART is ambiguous its length is a DURATION, which no reading of DTSTART can change."""
    series, zone = timed.recurrence, timed.zone
    if series is None:
        if timed.end is not None and (
            is_ambiguous(timed.start, zone) or is_ambiguous(timed.end, zone)
        ):
            # An end in UTC beside a wall-time start is read an hour off by readers that
            # take the length from the two as written (recurring-ical-events): so where
            # either must be in UTC, both are.
            instants = (("DTSTART", timed.start), ("DTEND", timed.end))
            return [lines.line(name, lines.utc(at)) for name, at in instants], [], [], []
        start = [_instant("DTSTART", timed.start, zone)]
        if timed.end is not None:
            start.append(_instant("DTEND", timed.end, zone))
        return start, [], [], []
    start = [_wall("DTSTART", timed.start.astimezone(load_zone(zone)).replace(tzinfo=None), zone)]
    if timed.end is not None:
        if is_ambiguous(timed.start, zone):
            length = timed.end.astimezone(UTC) - timed.start.astimezone(UTC)
            start.append(lines.line("DURATION", lines.duration(length)))
        else:
            start.append(_instant("DTEND", timed.end, zone))
    return (
        start,
        [lines.line("RRULE", _rule(series.rule))],
        [_instant("RDATE", instant, zone) for instant in series.additions],
        [_exception(wall, zone) for wall in series.exceptions],
    )


def _rule(rule: str) -> str:
    """An RRULE in icalendar's canonical order of parts (what readers were tested with)."""
    written: bytes = icalendar.vRecur.from_ical(rule).to_ical()
    return written.decode("ascii")


def _exception(wall: datetime, zone: str) -> str:
    """The EXDATE that removes the rule's occurrence at `wall` in every reader.

    The wall time is written as it is, with the TZID, whether it exists once, twice (a
    fold) or not at all (a gap): each reader then reads it exactly as it reads the rule's
    own occurrence there, whichever instant it gives it. Every reading in UTC would not do:
    ical.js steps past only one EXDATE per occurrence, so a second one hides the next
    `except` from it. (A day the clocks skip whole, whose readings are other days'
    occurrences, is refused by `check`: no EXDATE can name it.)"""
    return _wall("EXDATE", wall, zone)


def render_event(
    event: Event, catalogue: Catalogue, *, private: bool, change: Override | None = None
) -> EventText:
    """The VEVENT's text around its history (DTSTAMP, SEQUENCE and LAST-MODIFIED);
    `change` for a changed occurrence (`event` its own), as `description_parts` takes it."""
    start, rule, additions, exceptions = _times(event)
    named: dict[str, str] = {}  # the properties after the canonical ones, by name
    if event.tags:
        named["CATEGORIES"] = lines.line("CATEGORIES", lines.categories(event.tags))
    language = _language(catalogue)
    if event.online and event.status is not Status.CANCELLED:
        named["CONFERENCE"] = lines.line(
            "CONFERENCE",
            event.online,
            lines.parameter("FEATURE", "VIDEO"),
            lines.parameter("LABEL", words(catalogue.language).gettext("Join online")),
            *language,
            lines.parameter("VALUE", "URI"),
        )
    parts = description_parts(event, catalogue, private=private, change=change)
    description = "\n\n".join(text for _part, text in parts)
    named["DESCRIPTION"] = lines.line("DESCRIPTION", lines.text(description), *language)
    if event.location:
        where = _language(catalogue, in_default="location" in event.in_default_language)
        named["LOCATION"] = lines.line("LOCATION", lines.text(event.location), *where)
    named["STATUS"] = lines.line("STATUS", event.status.name)
    link = event.url or event.registration
    if link:
        named["URL"] = lines.line("URL", link)
    title_in = _language(catalogue, in_default="title" in event.in_default_language)
    summary = lines.line("SUMMARY", lines.text(event.title), *title_in)
    return EventText(
        before_stamp=_BEGIN + summary + "".join(start),
        before_sequence=lines.line("UID", lines.text(uid(event, catalogue))),
        before_modified="".join(
            (*rule, *additions, *exceptions, *(v for k, v in named.items() if k < "LAST-MODIFIED"))
        ),
        after_modified="".join(v for k, v in named.items() if k > "LAST-MODIFIED") + _FINISH,
        details=add_details(parts),
    )


def render_changes(
    event: Event, catalogue: Catalogue, *, private: bool
) -> tuple[tuple[str, EventText], ...]:
    """Each changed occurrence of a timed series as its own VEVENT, with the series' UID and
    a RECURRENCE-ID naming the rule's occurrence it replaces (RFC 5545 3.8.4.4): (the
    RECURRENCE-ID's value as written, the text). The RECURRENCE-ID is the rule's wall time
    with the series' TZID, as DTSTART and EXDATE are, so each reader matches it to the
    occurrence it computes itself; the occurrence's own times are written as any event's."""
    if not isinstance(event.when, Timed) or event.when.recurrence is None:
        return ()
    zone = event.when.zone
    changed = []
    for override in event.when.recurrence.overrides:
        text = render_event(override.event, catalogue, private=private, change=override)
        line = _wall("RECURRENCE-ID", override.original, zone)
        value = line.removeprefix("RECURRENCE-ID").removesuffix("\r\n")
        changed.append((value, replace(text, before_sequence=text.before_sequence + line)))
    return tuple(changed)


@dataclass(frozen=True)
class RenderedEvent:
    """One event's final VEVENT bytes and what the feed needs to know about it."""

    event: Event
    digest: str
    """Of the content without its history: what "changed" compares."""
    ics: bytes
    details: str = ""
    """The short details of its add-to-calendar links, as `EventText.details`."""


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
    return b"".join(
        (
            _envelope(feed, catalogue, url).encode("utf-8"),
            *(
                timezones.get(zone, span)
                for zone, span in sorted(
                    (feed_spans(feed.events) if spans is None else spans).items()
                )
            ),
            *(events[e.id].ics for e in feed.events),
            b"END:VCALENDAR\r\n",
        )
    )


def _envelope(feed: Feed, catalogue: Catalogue, url: str | None) -> str:
    """The feed's own properties, in icalendar's order for a VCALENDAR (VERSION, PRODID,
    CALSCALE, METHOD, DESCRIPTION, X-WR-CALDESC, NAME, X-WR-CALNAME, then the rest by
    name). NAME and the X-WR- twins are TEXT (RFC 7986 5.1), escaped like any TEXT;
    REFRESH-INTERVAL takes VALUE=DURATION (RFC 7986 5.7)."""
    refresh = lines.duration(catalogue.calendar.refresh)
    language = _language(catalogue)
    described: tuple[str, ...] = ()
    if feed.description:
        described = (
            lines.line("DESCRIPTION", lines.text(feed.description), *language),
            lines.line("X-WR-CALDESC", lines.text(feed.description)),
        )
    named = {
        "REFRESH-INTERVAL": lines.line(
            "REFRESH-INTERVAL", refresh, lines.parameter("VALUE", "DURATION")
        ),
        "X-PUBLISHED-TTL": lines.line("X-PUBLISHED-TTL", refresh),
    }
    if url:  # the feed's own address (RFC 7986 5.8 and 5.7): where to get it again
        named["SOURCE"] = lines.line("SOURCE", url, lines.parameter("VALUE", "URI"))
        named["URL"] = lines.line("URL", url, lines.parameter("VALUE", "URI"))
    return "".join(
        (
            "BEGIN:VCALENDAR\r\n",
            "VERSION:2.0\r\n",
            lines.line("PRODID", lines.text(PRODID)),
            "CALSCALE:GREGORIAN\r\n",
            "METHOD:PUBLISH\r\n",
            *described,
            lines.line("NAME", lines.text(feed.name), *language),
            lines.line("X-WR-CALNAME", lines.text(feed.name)),
            *(named[name] for name in sorted(named)),
        )
    )
