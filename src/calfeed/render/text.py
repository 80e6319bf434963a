"""The human text of an event: its time in every zone that matters, then the details.

A subscriber in Suva and one in Paris read the same DESCRIPTION; it opens with the time in
the event's own zone and in the zones of the regions it belongs to, so nobody has to trust
their app's conversion blindly, and the announcement's own wording can be compared at a
glance.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from calfeed.catalogue.announced import format_offset
from calfeed.model import Catalogue, Event
from calfeed.tz.zones import canonical_zone, is_utc, load_zone

DASH = "\u2013"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DOT = " \u00b7 "


def zone_label(zone: str) -> str:
    """`Pacific/Apia` -> `Apia`; `America/Argentina/Buenos_Aires` -> `Buenos Aires`;
    tzdata's `Etc/GMT+12`, which is twelve hours *behind* UTC, -> `UTC-12`."""
    if is_utc(zone):
        return "UTC"
    etc = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    if etc:
        return f"UTC{'-' if etc.group(1) == '+' else '+'}{etc.group(2)}"
    return zone.rsplit("/", 1)[-1].replace("_", " ")


def display_zones(event: Event, catalogue: Catalogue) -> tuple[str, ...]:
    """The event's zone, then its regions' zones, then the calendar's, each zone once."""
    zones: list[str] = [event.zone] if event.zone else []
    for key, region in catalogue.regions.items():
        if key in event.regions:
            zones.extend(region.zones)
    zones.extend(catalogue.calendar.show_zones)
    seen: set[str] = set()
    unique = []
    for zone in zones:
        real = "UTC" if is_utc(zone) else canonical_zone(zone)
        if real not in seen:
            seen.add(real)
            unique.append(zone)
    return tuple(unique)


def day_text(day: date, *, year: bool = True) -> str:
    """`Thu 4 Nov 2021`, in English whatever the machine's locale, so bytes never vary."""
    text = f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def time_in_zone(start: datetime, end: datetime | None, zone: str, home: date) -> str:
    """`12:30–13:45 Apia (UTC+13)`, with the date added when it is not `home`."""
    local_start = start.astimezone(load_zone(zone))
    text = f"{local_start:%H:%M}"
    if end is not None:
        local_end = end.astimezone(load_zone(zone))
        text += f"{DASH}{local_end:%H:%M}"
    offset = local_start.utcoffset() or timedelta()
    text += " UTC" if is_utc(zone) else f" {zone_label(zone)} ({format_offset(offset)})"
    if local_start.date() != home:
        text += f" ({day_text(local_start.date(), year=False)})"
    return text


def when_line(event: Event, catalogue: Catalogue) -> str:
    """The opening line: the date, then the time in every display zone."""
    start, end = event.start, event.end
    if isinstance(start, datetime) and event.zone:
        home = start.astimezone(load_zone(event.zone)).date()
        end_time = end if isinstance(end, datetime) else None
        times = [time_in_zone(start, end_time, z, home) for z in display_zones(event, catalogue)]
        return f"{day_text(home)}: " + DOT.join(times)
    if isinstance(start, date):
        last = end if isinstance(end, date) else start
        if last == start:
            return f"{day_text(start)} (all day)"
        return f"{day_text(start)} {DASH} {day_text(last)} (all day)"
    return "Date to be announced"


def describe_event(event: Event, catalogue: Catalogue, *, private: bool) -> str:
    """The DESCRIPTION: when, where to register and join, who, what, the agenda, and (for
    private audiences' feeds only) the private details."""
    parts = [when_line(event, catalogue)]
    if event.zone_assumed:
        parts.append(f"The announcement names no time zone: {event.zone} is assumed.")
    if event.recurrence:
        parts.append(f"Repeats: {event.recurrence.rule}")
    links = []
    if event.registration:
        links.append(f"Register: {event.registration}")
    if event.online:
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
    if event.sessions:
        parts.append(agenda(event))
    if private and event.private:
        details = [f"{label.capitalize()}:\n{text}" for label, text in event.private]
        parts.append("Private (network members only):\n" + "\n".join(details))
    return "\n\n".join(parts)


def agenda(event: Event) -> str:
    """Sessions, each with its time in the event's zone and its people."""
    assert event.zone
    lines = [f"Agenda ({zone_label(event.zone)} time):"]
    tz = load_zone(event.zone)
    for session in event.sessions:
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
