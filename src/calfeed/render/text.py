"""How times read for people, the same in feeds, on the page and in `list`: days in
English whatever the machine's locale (so bytes never vary), times with their zone's city
and UTC offset, an event's display zones.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.tz import canonical_zone, format_offset, is_utc, load_zone, zone_label

DASH = "\u2013"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
DOT = " \u00b7 "


def utc_iso(instant: datetime) -> str:
    """`2021-11-03T23:30:00Z`: an instant for machines (JSON, the page's data attributes)."""
    return f"{instant.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"


def display_zones(event: Event, catalogue: Catalogue) -> tuple[str, ...]:
    """The event's zone, then its regions' zones, then the calendar's, each zone once."""
    zones: list[str] = [event.zone] if event.zone is not None else []
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
    """`12:30–13:45 Apia (UTC+13)`, the start's day in front when it is not `home`
    (`Wed 3 Nov 23:30 London (UTC+0)`).

    An end on a later day names its day (`22:00–Tue 2 Nov 02:00`), and an end at another
    offset names both (`00:30–02:30 London (UTC+1 to UTC+0)`): the clocks changed. Each
    day stands before the time it dates, so `Sat 30 Oct 23:30–Sun 31 Oct 01:30 UTC`
    cannot be read two ways."""
    tz = load_zone(zone)
    local_start = start.astimezone(tz)
    text = f"{local_start:%H:%M}"
    if local_start.date() != home:
        text = f"{day_text(local_start.date(), year=False)} {text}"
    offsets = format_offset(local_start.utcoffset() or timedelta())
    if end is not None:
        local_end = end.astimezone(tz)
        later_day = local_end.date() != local_start.date()
        text += DASH + (f"{day_text(local_end.date(), year=False)} " if later_day else "")
        text += f"{local_end:%H:%M}"
        if local_end.utcoffset() != local_start.utcoffset():
            offsets += f" to {format_offset(local_end.utcoffset() or timedelta())}"
    text += " UTC" if is_utc(zone) else f" {zone_label(zone)} ({offsets})"
    return text


def when_line(event: Event, catalogue: Catalogue) -> str:
    """The opening line: the date, then the time in every display zone."""
    match event.when:
        case Timed(start=start, end=end, zone=zone):
            home = start.astimezone(load_zone(zone)).date()
            times = [time_in_zone(start, end, z, home) for z in display_zones(event, catalogue)]
            return f"{day_text(home)}: " + DOT.join(times)
        case AllDay(first=first, last=last):
            return day_span(first, last)
        case Undated():
            return "Date to be announced"


def day_span(first: date, last: date) -> str:
    """`Wed 1 Dec 2021 (all day)` or `Mon 1 Nov 2021 – Fri 12 Nov 2021 (all day)`."""
    if last == first:
        return f"{day_text(first)} (all day)"
    return f"{day_text(first)} {DASH} {day_text(last)} (all day)"
