"""The events of a whole invitation, meeting summary or concept note: each line that gives
a date, with the times and zones it announces, the title near it, the links after it, and
the agenda rows that follow it.

Nothing is guessed silently. A date with no time, a time with no zone, a zone that names
several, a year taken from another date of the text: each is said in the `Found` (as
`missing` when the entry cannot stand, as `notes` when it can), and `entries` writes it
next to the entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

from calfeed.invitation.announced import AnnouncedError, parse_announced
from calfeed.invitation.dates import DateError, Day
from calfeed.invitation.scan import Line, Span, scan
from calfeed.invitation.zones import Reading
from calfeed.tz import LocalTimeError, resolve_local_time

_LINKS_AFTER = 8
"""How many lines after an event's line its links may be (the concept note's Zoom
registration is five lines below its date)."""
_TITLE_WORDS = 24
_HEADING_WORDS = 12
_REGISTRATION = re.compile(r"regist|inscri|anmeld|报名|注册", re.IGNORECASE)
"""Words that say a link is where to register (English, French, German, Chinese)."""


@dataclass(frozen=True)
class FoundSession:
    """An agenda row: its times in the event's zone, and its title."""

    title: str
    start: time
    end: time


@dataclass
class Found:
    """One event the text gives, complete or not."""

    line: int
    """1-based line of the text it was found on."""
    written: Day
    """The date as the text writes it."""
    source: str
    """That line, stripped."""
    title: str
    day: date | None
    start: datetime | None
    """Wall time in `zone`."""
    end: datetime | None
    zone: str | None
    announced: str | None
    """The line's own words for the date and times, verbatim."""
    links: dict[str, str] = field(default_factory=dict)
    """registration, url, online."""
    other_links: list[str] = field(default_factory=list)
    sessions: list[FoundSession] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    """Why the entry cannot stand as it is: printed commented out."""
    notes: list[str] = field(default_factory=list)
    """What was assumed, said beside the entry."""


def find_events(text: str) -> list[Found]:
    """Every dated event of `text`, in the order of the text."""
    lines = text.splitlines()
    scanned = [scan(line) for line in lines]
    found: list[Found] = []
    context: Day | None = None  # the last date with a year, for dates without one
    current: Found | None = None
    for number, line in enumerate(scanned):
        if line.days and not (current and _same_day(line, current) and not line.spans):
            event = _event(number, line, context, scanned[max(0, number - 3) : number])
            if event is not None:
                found.append(event)
                current = event if event.start is not None else None
                _links(event, scanned[number : number + _LINKS_AFTER])
        elif current is not None and line.spans and _starts_with_time(line):
            _session(current, line, scanned[number + 1 :])
        context = next((d for d in line.days if d.year is not None), context)
    return _without_repeats(found)


def _event(number: int, line: Line, context: Day | None, above: list[Line]) -> Found | None:
    day_text = line.days[0]
    event = Found(
        number + 1, day_text, line.text.strip(), _title(line), None, None, None, None, None
    )
    if not event.title:
        event.title = _heading(above)
        if event.title:
            event.notes.append("the title is the line above the date: check it")
    try:
        event.day = _year(day_text, context, event)
    except DateError as bad:
        event.missing.append(str(bad))
    for problem in line.problems:
        event.missing.append(str(problem))
    if event.day is None or event.missing:
        return event
    if not line.spans:
        event.missing.append("no time given: an all-day event? then start = end = the date")
        return event
    first = line.spans[0]
    if not first.zones:
        event.missing.append(f"no zone given for {first.text!r}: add timezone = ...")
        event.start = datetime.combine(event.day, first.start)
        if first.end is not None:
            event.end = datetime.combine(event.day, first.end)
        return event
    _place(event, first)
    if not event.title:
        event.notes.append("no title near the date: the line stands in for one; write it")

    event.announced = _announced(line)
    if event.announced is None:
        event.notes.append("the line's words did not read back as an announcement")
    return event


def _year(day: Day, context: Day | None, event: Found) -> date:
    if day.year is not None:
        return day.on(day.year)
    if context is None or context.year is None:
        raise DateError(repr(day.text), "gives no year, and no date before it does", "")
    found = day.nearest(context.on(context.year))
    event.notes.append(f"the year {found.year} is taken from {context.text!r} before it")
    return found


def _place(event: Found, span: Span) -> None:
    """The event's zone and wall times from the first time and its first zone."""
    assert event.day is not None
    phrase = span.zones[0]
    reading = phrase.readings[-1]
    local = datetime.combine(event.day, span.start)
    if len({_utc(r, local) for r in phrase.readings}) > 1:
        event.notes.append(
            f"{phrase.text} is read as {reading.name}, not strictly as "
            f"{phrase.readings[0].name}: check the invitation meant local time"
        )
    zone = phrase.home or "UTC"
    if phrase.home is None:
        event.notes.append(
            f"{phrase.text} names no place: the times are written in UTC; set the event's zone"
        )
    try:
        start = reading.instant(datetime.combine(event.day, span.start))
        end = None
        if span.end is not None:
            later = span.end <= span.start
            end_day = event.day.fromordinal(event.day.toordinal() + 1) if later else event.day
            end = reading.instant(datetime.combine(end_day, span.end))
        event.start = _wall(start, zone)
        event.end = _wall(end, zone) if end is not None else None
        event.zone = zone
    except LocalTimeError as problem:
        event.missing.append(f"{problem}: pin it with its UTC offset")


def _utc(reading: Reading, local: datetime) -> datetime | None:
    try:
        return reading.instant(local).astimezone(UTC)
    except LocalTimeError:
        return None


def _wall(instant: datetime, zone: str) -> datetime:
    """`instant` as wall time in `zone`, proved to name that instant alone."""
    from calfeed.tz import load_zone  # noqa: PLC0415 (tz loads lazily)

    wall = instant.astimezone(load_zone(zone)).replace(tzinfo=None)
    resolve_local_time(wall, zone)
    return wall


def _announced(line: Line) -> str | None:
    """The words from the first date or time to the last zone (with its bracket), if they
    read back as an announcement."""
    text = line.text
    pieces = [text.find(d.text) for d in line.days] + [text.find(s.text) for s in line.spans]
    begin = min(p for p in pieces if p >= 0)
    finish = max(
        text.find(z.text, text.find(s.text)) + len(z.text) for s in line.spans for z in s.zones
    )
    words = text[begin:finish]
    if words.count("(") > words.count(")") and text[finish : finish + 1] == ")":
        words += ")"
    try:
        parse_announced(words)
    except AnnouncedError:
        return None
    return words


def _title(line: Line) -> str:
    """A quoted name on the line; else the sentence after its times; else the words
    before its date (not a label such as "Date & Time:")."""
    quoted = re.search(r"[\"“]([^\"”]{8,})[\"”]", line.text)
    if quoted:
        return quoted.group(1).strip()
    ends = [line.text.find(s.text) + len(s.text) for s in line.spans]
    ends += [line.text.find(z.text) + len(z.text) for s in line.spans for z in s.zones]
    ends += [line.text.find(d.text) + len(d.text) for d in line.days]
    after = line.text[max(ends) :] if ends else line.text
    sentence = _sentence(after.lstrip(" )]:,.;-–—"))
    if sentence:
        return sentence
    written = line.text[: line.text.find(line.days[0].text)]
    before = written.strip(" -–•,:")
    if len(before.split()) > 1 and not written.rstrip().endswith(":"):
        return _sentence(before)
    return ""


def _heading(above: list[Line]) -> str:
    """The nearest line above with words and no date or time: a quoted name in it, or the
    whole line when it is short enough to be a heading."""
    for line in reversed(above):
        text = line.text.strip()
        if not text:
            continue
        if line.days or line.spans or line.urls:
            return ""
        quoted = re.search(r"[\"“]([^\"”]{8,})[\"”]", text)
        if quoted:
            return quoted.group(1).strip()
        return text if len(text.split()) <= _HEADING_WORDS and not text.endswith(":") else ""
    return ""


def _sentence(text: str) -> str:
    match = re.match(r"(.+?[?!])(?:\s|$)|(.+?)(?:\.\s|\.$|$)", text.strip())
    words = ((match.group(1) or match.group(2)) if match else "").split()
    return " ".join(words[:_TITLE_WORDS])


def _same_day(line: Line, event: Found) -> bool:
    return any(d.year in {None, event.day.year if event.day else None} for d in line.days) and any(
        event.day is not None and (d.month, d.day) == (event.day.month, event.day.day)
        for d in line.days
    )


def _starts_with_time(line: Line) -> bool:
    return line.text.lstrip(" -–•*").startswith(line.spans[0].text)


def _session(event: Found, line: Line, following: list[Line]) -> None:
    """An agenda row; its title on its line, else on the next line with words."""
    span = line.spans[0]
    if span.end is None:
        return
    title = line.text.strip()[len(span.text) :].strip(" -–:|")
    if not title:
        title = next((n.text.strip() for n in following if n.text.strip()), "")
    if span.zones and span.zones[0].home != event.zone:
        event.notes.append(f"the agenda row {span.text!r} names {span.zones[0].text}")
    event.sessions.append(FoundSession(_sentence(title) or title, span.start, span.end))


def _links(event: Found, block: list[Line]) -> None:
    """Links on the event's line and the lines after it, up to the next dated line: a
    registration page, a join link (Zoom, Teams, Meet, Webex) or a page about it."""
    for index, line in enumerate(block):
        if index and line.days:
            break
        for url in line.urls:
            if not url.startswith(("http://", "https://")):
                continue
            words = line.text.casefold()
            if _REGISTRATION.search(words) or _REGISTRATION.search(url):
                event.links.setdefault("registration", url)
            elif re.search(r"zoom\.us/j/|teams\.microsoft\.com|meet\.google|webex", url):
                event.links.setdefault("online", url)
            elif re.search(r"more information|event page|website|details", words):
                event.links.setdefault("url", url)
            elif url not in event.other_links and url not in event.links.values():
                event.other_links.append(url)


def _without_repeats(found: list[Found]) -> list[Found]:
    """A date mentioned again without a time (the concept note names its day in the
    background too) is not another event."""
    timed = {(f.written.month, f.written.day) for f in found if f.start is not None}
    return [
        f for f in found if f.start is not None or (f.written.month, f.written.day) not in timed
    ]
