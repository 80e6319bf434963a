"""An event's DESCRIPTION: its time in every zone that matters, then the details.

A subscriber in Suva and one in Paris read the same DESCRIPTION; it opens with the time in
the event's own zone and in the zones of the regions it belongs to, so nobody has to trust
their app's conversion blindly, and the announcement's own wording can be compared at a
glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from calfeed.model import Catalogue, Event, Override, Session, Status, Timed
from calfeed.occurrences.outdated import outdated_words
from calfeed.render.series import series_text
from calfeed.render.text import DASH, day_text, display_zones, when_line
from calfeed.tz import load_zone, zone_label


class Part(StrEnum):
    """The paragraphs of a DESCRIPTION, named so that `calfeed diff` can say which of them
    changed for subscribers (and which change only follows from a new time)."""

    WHEN = "when"
    ZONE_NOTE = "zone note"
    REPEAT = "repeat"
    LINKS = "links"
    PEOPLE = "people"
    TEXT = "description"
    AGENDA = "agenda"
    PRIVATE = "private"


ADD_DETAILS = frozenset({Part.WHEN, Part.ZONE_NOTE, Part.REPEAT, Part.LINKS, Part.PEOPLE})
"""What an "add to calendar" link carries as the event's details: when, where to register
and join, who. Never the private part; the agenda and long text stay on the page and in the
event's file, so the link stays short enough for every browser."""


def add_details(parts: Iterable[tuple[Part, str]]) -> str:
    """The details an add-to-calendar link carries, from the DESCRIPTION's paragraphs."""
    return "\n\n".join(text for part, text in parts if part in ADD_DETAILS)


def describe_event(event: Event, catalogue: Catalogue, *, private: bool) -> str:
    """The DESCRIPTION: when, where to register and join, who, what, the agenda, and (for
    private audiences' feeds only) the private details."""
    return "\n\n".join(text for _part, text in description_parts(event, catalogue, private=private))


def description_parts(
    event: Event, catalogue: Catalogue, *, private: bool, change: Override | None = None
) -> tuple[tuple[Part, str], ...]:
    """The DESCRIPTION's paragraphs in order, each with its name; empty ones left out.
    `change` is given for a changed occurrence of a series (`event` is its own), whose
    description says where it moved from: an app shows it alone, the series' text aside."""
    parts = [(Part.WHEN, when_line(event, catalogue))]
    notes = []
    if isinstance(event.when, Timed) and event.when.zone_assumed:
        notes.append(f"The announcement names no time zone: {event.when.zone} is assumed.")
    outdated = outdated_words(event)
    if outdated is not None:
        notes.append(f"{outdated}.")
    if notes:
        parts.append((Part.ZONE_NOTE, " ".join(notes)))
    repeats = series_text(event, display_zones(event, catalogue)[1:])
    if change is not None:
        repeats = _moved_from(change, event)
    if repeats:
        parts.append((Part.REPEAT, repeats))
    cancelled = event.status is Status.CANCELLED
    links = []
    if cancelled:
        links.append("Cancelled: there is nothing to register for or join.")
    if event.registration and not cancelled:
        links.append(f"Register: {event.registration}")
    if event.online and not cancelled:
        links.append(f"Join online: {event.online}")
    if event.url and event.url != event.registration:
        links.append(f"More: {event.url}")
    if links:
        parts.append((Part.LINKS, "\n".join(links)))
    people = []
    if event.hosts:
        people.append("Hosts: " + ", ".join(event.hosts))
    if event.languages:
        people.append("Languages: " + ", ".join(event.languages))
    if people:
        parts.append((Part.PEOPLE, "\n".join(people)))
    if event.description:
        parts.append((Part.TEXT, event.description))
    if isinstance(event.when, Timed) and event.when.sessions:
        parts.append((Part.AGENDA, agenda(event.when)))
    if private and event.private:
        details = [f"{label.capitalize()}:\n{text}" for label, text in event.private]
        names = [
            a.name for k, a in catalogue.audiences.items() if a.private and k in event.audiences
        ]
        heading = f"Private ({' and '.join(names)} only):\n"
        parts.append((Part.PRIVATE, heading + "\n".join(details)))
    return tuple(parts)


def agenda(timed: Timed) -> str:
    """Sessions, each with its time in the event's zone and its people."""
    heading = f"Agenda ({zone_label(timed.zone)} time):"
    return "\n".join([heading, *(agenda_item(s, timed.zone) for s in timed.sessions)])


def agenda_item(session: Session, zone: str) -> str:
    """One session of the agenda: its time in `zone` and title, then its people and notes
    indented (`calfeed diff` compares the agenda item by item)."""
    lines = [f"{session_time(session, zone)} {session.title}"]
    if session.moderator:
        lines.append(f"  Moderator: {session.moderator}")
    lines.extend(f"  Speaker: {name}" for name in session.speakers)
    lines.extend(f"  Commentator: {name}" for name in session.commentators)
    if session.description:
        lines.extend(f"  {line}" for line in session.description.splitlines())
    return "\n".join(lines)


def session_time(session: Session, zone: str) -> str:
    """`14:30–15:20`: a session's wall times in `zone`."""
    tz = load_zone(zone)
    return f"{session.start.astimezone(tz):%H:%M}{DASH}{session.end.astimezone(tz):%H:%M}"


def _moved_from(change: Override, event: Event) -> str | None:
    """`Moved from Wed 24 Mar 2027 at 14:00 London.`, or None where it keeps its time."""
    timed = event.when
    assert isinstance(timed, Timed)
    if timed.start.astimezone(load_zone(timed.zone)).replace(tzinfo=None) == change.original:
        return None
    original = change.original
    return f"Moved from {day_text(original.date())} at {original:%H:%M} {zone_label(timed.zone)}."
