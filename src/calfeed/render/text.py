"""How times read for people, the same in feeds, on the page and in `list`: days in the
feed's language as CLDR writes them, whatever the machine's locale (so bytes never vary),
times with their zone's name and UTC offset, an event's display zones.

English names a zone by its city, as tzdata does (`Apia (UTC+13)`), which is what
subscribers have always read; every other language names it as CLDR does there
(`中国标准时间 (UTC+8)`), since a city's name in English helps nobody.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from calfeed.language import day_text as language_day_text
from calfeed.language import words, zone_name
from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.tz import canonical_zone, format_offset, is_utc, load_zone, zone_label

DASH = "\u2013"
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


def day_text(day: date, *, year: bool = True, language: str | None = None) -> str:
    """`Thu 4 Nov 2021`, in `language` (English without one) whatever the machine's
    locale, so bytes never vary."""
    return language_day_text(day, language, year=year)


def is_english(language: str | None) -> bool:
    """Whether `language` is English (None, a catalogue without languages, is)."""
    return language is None or language.split("-")[0].lower() == "en"


def zone_words(zone: str, instant: datetime, language: str | None, *, generic: bool = False) -> str:
    """A zone as the text of `language` names it: `Apia` in English, CLDR's name of the
    zone at `instant` in any other (`中国标准时间`; with `generic`, the name for the whole
    year, `中国时间`); `UTC` in every language."""
    if is_utc(zone) or is_english(language):
        return zone_label(zone)
    return zone_name(zone, instant, language, generic=generic)


def time_in_zone(
    start: datetime, end: datetime | None, zone: str, home: date, language: str | None = None
) -> str:
    """`12:30–13:45 Apia (UTC+13)`, the start's day in front when it is not `home`
    (`Wed 3 Nov 23:30 London (UTC+0)`).

    An end on a later day names its day (`22:00–Tue 2 Nov 02:00`), and an end at another
    offset names both (`00:30–02:30 London (UTC+1 to UTC+0)`): the clocks changed. Each
    day stands before the time it dates, so `Sat 30 Oct 23:30–Sun 31 Oct 01:30 UTC`
    cannot be read two ways."""
    tz = load_zone(zone)
    said = words(language)
    local_start = start.astimezone(tz)
    text = f"{local_start:%H:%M}"
    if local_start.date() != home:
        text = f"{day_text(local_start.date(), year=False, language=language)} {text}"
    offsets = format_offset(local_start.utcoffset() or timedelta())
    if end is not None:
        local_end = end.astimezone(tz)
        later_day = local_end.date() != local_start.date()
        text += DASH
        if later_day:
            text += f"{day_text(local_end.date(), year=False, language=language)} "
        text += f"{local_end:%H:%M}"
        if local_end.utcoffset() != local_start.utcoffset():
            offsets = said.gettext("{offset} to {later}").format(
                offset=offsets, later=format_offset(local_end.utcoffset() or timedelta())
            )
    if is_utc(zone):
        return f"{text} UTC"
    return f"{text} {zone_words(zone, start, language)} ({offsets})"


def when_line(event: Event, catalogue: Catalogue) -> str:
    """The opening line: the date, then the time in every display zone, in the
    catalogue's language."""
    language = catalogue.language
    said = words(language)
    match event.when:
        case Timed(start=start, end=end, zone=zone):
            home = start.astimezone(load_zone(zone)).date()
            # Zones CLDR names alike (Bangkok and Ho Chi Minh City are both 中南半岛时间)
            # show the same time: said once.
            times = list(
                dict.fromkeys(
                    time_in_zone(start, end, z, home, language)
                    for z in display_zones(event, catalogue)
                )
            )
            return said.gettext("{day}: {times}").format(
                day=day_text(home, language=language), times=DOT.join(times)
            )
        case AllDay(first=first, last=last):
            return day_span(first, last, language)
        case Undated():
            return said.gettext("Date to be announced")


def day_span(first: date, last: date, language: str | None = None) -> str:
    """`Wed 1 Dec 2021 (all day)` or `Mon 1 Nov 2021 – Fri 12 Nov 2021 (all day)`."""
    said = words(language)
    if last == first:
        return said.gettext("{day} (all day)").format(day=day_text(first, language=language))
    return said.gettext("{first} – {last} (all day)").format(
        first=day_text(first, language=language), last=day_text(last, language=language)
    )
