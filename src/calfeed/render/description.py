"""An event's DESCRIPTION: its time in every zone that matters, then the details.

A subscriber in Suva and one in Paris read the same DESCRIPTION; it opens with the time in
the event's own zone and in the zones of the regions it belongs to, so nobody has to trust
their app's conversion blindly, and the announcement's own wording can be compared at a
glance.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from calfeed.language import language_name, words
from calfeed.model import Catalogue, Event, Override, Session, Status, Timed
from calfeed.occurrences.outdated import outdated_words
from calfeed.render.series import series_text
from calfeed.render.text import DASH, day_text, display_zones, when_line, zone_words
from calfeed.tz import load_zone


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
    description says where it moved from: an app shows it alone, the series' text aside.
    calfeed's own words are in the catalogue's language."""
    language = catalogue.language
    said = words(language)
    parts = [(Part.WHEN, when_line(event, catalogue))]
    notes = []
    if isinstance(event.when, Timed) and event.when.zone_assumed:
        notes.append(
            said.gettext("The announcement names no time zone: {zone} is assumed.").format(
                zone=event.when.zone
            )
        )
    outdated = outdated_words(event)
    if outdated is not None:
        notes.append(f"{outdated}.")
    if notes:
        parts.append((Part.ZONE_NOTE, " ".join(notes)))
    repeats = series_text(event, display_zones(event, catalogue)[1:], language)
    if change is not None:
        repeats = _moved_from(change, event, language)
    if repeats:
        parts.append((Part.REPEAT, repeats))
    cancelled = event.status is Status.CANCELLED
    links = []
    if cancelled:
        links.append(said.gettext("Cancelled: there is nothing to register for or join."))
    if event.registration and not cancelled:
        links.append(said.gettext("Register: {link}").format(link=event.registration))
    if event.online and not cancelled:
        links.append(said.gettext("Join online: {link}").format(link=event.online))
    if event.url and event.url != event.registration:
        links.append(said.gettext("More: {link}").format(link=event.url))
    if links:
        parts.append((Part.LINKS, "\n".join(links)))
    people = []
    between = said.gettext(", ")
    if event.hosts:
        people.append(said.gettext("Hosts: {names}").format(names=between.join(event.hosts)))
    if event.languages:
        spoken = between.join(language_name(tag, language) for tag in event.languages)
        people.append(said.gettext("Languages: {languages}").format(languages=spoken))
    if people:
        parts.append((Part.PEOPLE, "\n".join(people)))
    if event.description:
        parts.append((Part.TEXT, event.description))
    if isinstance(event.when, Timed) and event.when.sessions:
        parts.append((Part.AGENDA, agenda(event.when, language)))
    if private and event.private:
        details = [f"{label.capitalize()}:\n{text}" for label, text in event.private]
        names = [
            a.name for k, a in catalogue.audiences.items() if a.private and k in event.audiences
        ]
        heading = said.gettext("Private ({audiences} only):").format(
            audiences=said.gettext(" and ").join(names)
        )
        parts.append((Part.PRIVATE, heading + "\n" + "\n".join(details)))
    return tuple(parts)


def agenda(timed: Timed, language: str | None = None) -> str:
    """Sessions, each with its time in the event's zone and its people. A series' heading
    names the zone for the whole year: it stands in every occurrence, in summer and
    winter alike."""
    series = timed.recurrence is not None
    zone = zone_words(timed.zone, timed.start, language, generic=series)
    heading = words(language).gettext("Agenda ({zone} time):").format(zone=zone)
    items = (agenda_item(s, timed.zone, language) for s in timed.sessions)
    return "\n".join([heading, *items])


def agenda_item(session: Session, zone: str, language: str | None = None) -> str:
    """One session of the agenda: its time in `zone` and title, then its people and notes
    indented (`calfeed diff` compares the agenda item by item)."""
    said = words(language)
    lines = [f"{session_time(session, zone)} {session.title}"]
    if session.moderator:
        lines.append("  " + said.gettext("Moderator: {name}").format(name=session.moderator))
    lines.extend(
        "  " + said.gettext("Speaker: {name}").format(name=name) for name in session.speakers
    )
    lines.extend(
        "  " + said.gettext("Commentator: {name}").format(name=name)
        for name in session.commentators
    )
    if session.description:
        lines.extend(f"  {line}" for line in session.description.splitlines())
    return "\n".join(lines)


def session_time(session: Session, zone: str) -> str:
    """`14:30–15:20`: a session's wall times in `zone`."""
    tz = load_zone(zone)
    return f"{session.start.astimezone(tz):%H:%M}{DASH}{session.end.astimezone(tz):%H:%M}"


def _moved_from(change: Override, event: Event, language: str | None) -> str | None:
    """`Moved from Wed 24 Mar 2027 at 14:00 London.`, or None where it keeps its time."""
    timed = event.when
    assert isinstance(timed, Timed)
    if timed.start.astimezone(load_zone(timed.zone)).replace(tzinfo=None) == change.original:
        return None
    original = change.original
    return (
        words(language)
        .gettext("Moved from {day} at {time} {zone}.")
        .format(
            day=day_text(original.date(), language=language),
            time=f"{original:%H:%M}",
            zone=zone_words(timed.zone, original.replace(tzinfo=load_zone(timed.zone)), language),
        )
    )
