"""An event's DESCRIPTION: its time in every zone that matters, then the details.

A subscriber in Suva and one in Paris read the same DESCRIPTION; it opens with the time in
the event's own zone and in the zones of the regions it belongs to, so nobody has to trust
their app's conversion blindly, and the announcement's own wording can be compared at a
glance.
"""

from __future__ import annotations

from calfeed.model import Catalogue, Event, Status, Timed
from calfeed.render.series import series_text
from calfeed.render.text import DASH, display_zones, when_line
from calfeed.tz import load_zone, zone_label


def describe_event(event: Event, catalogue: Catalogue, *, private: bool) -> str:
    """The DESCRIPTION: when, where to register and join, who, what, the agenda, and (for
    private audiences' feeds only) the private details."""
    parts = [when_line(event, catalogue)]
    if isinstance(event.when, Timed) and event.when.zone_assumed:
        parts.append(f"The announcement names no time zone: {event.when.zone} is assumed.")
    repeats = series_text(event, display_zones(event, catalogue)[1:])
    if repeats:
        parts.append(repeats)
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
        parts.append("\n".join(links))
    people = []
    if event.hosts:
        people.append("Hosts: " + ", ".join(event.hosts))
    if event.languages:
        people.append("Languages: " + ", ".join(event.languages))
    if people:
        parts.append("\n".join(people))
    if event.description:
        parts.append(event.description)
    if isinstance(event.when, Timed) and event.when.sessions:
        parts.append(agenda(event.when))
    if private and event.private:
        details = [f"{label.capitalize()}:\n{text}" for label, text in event.private]
        names = [
            a.name for k, a in catalogue.audiences.items() if a.private and k in event.audiences
        ]
        parts.append(f"Private ({' and '.join(names)} only):\n" + "\n".join(details))
    return "\n\n".join(parts)


def agenda(timed: Timed) -> str:
    """Sessions, each with its time in the event's zone and its people."""
    lines = [f"Agenda ({zone_label(timed.zone)} time):"]
    tz = load_zone(timed.zone)
    for session in timed.sessions:
        lines.append(
            f"{session.start.astimezone(tz):%H:%M}{DASH}"
            f"{session.end.astimezone(tz):%H:%M} {session.title}"
        )
        if session.moderator:
            lines.append(f"  Moderator: {session.moderator}")
        lines.extend(f"  Speaker: {name}" for name in session.speakers)
        lines.extend(f"  Commentator: {name}" for name in session.commentators)
        if session.description:
            lines.extend(f"  {line}" for line in session.description.splitlines())
    return "\n".join(lines)
