"""Days and zones as people read them in each language, from CLDR (through Babel), never
from tables of our own: `Thu 4 Nov 2021`, `2021年11月4日 星期四`; `中国标准时间`.

A day's pattern is one of calfeed's words (a translator gives the order CLDR fields take
in their language); the names of days, months and zones are CLDR's.
"""

from __future__ import annotations

import functools
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, get_timezone_name

from calfeed.language.words import words
from calfeed.tz import load_zone


@functools.cache
def known_locale(tag: str) -> bool:
    """Whether CLDR has data for the BCP 47 tag `tag` (so calfeed can write dates in it)."""
    try:
        Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError):
        return False
    return True


@functools.cache
def _locale(language: str | None) -> Locale:
    return Locale.parse(language or "en", sep="-")


def day_text(day: date, language: str | None = None, *, year: bool = True) -> str:
    """`Thu 4 Nov 2021` (without the year: `Thu 4 Nov`) in `language`; None is the
    English a catalogue without languages has always had."""
    return _day_text(day, language, year)


@functools.lru_cache(maxsize=8192)
def _day_text(day: date, language: str | None, year: bool) -> str:
    said = words(language)
    # Translators: CLDR date patterns (weekday, day, month, year; then without the
    # year): give the fields in your language's order, e.g. "y年M月d日 EEEE".
    pattern = said.gettext("EEE d MMM y") if year else said.gettext("EEE d MMM")
    return format_date(day, pattern, locale=_locale(language))


def zone_name(zone: str, instant: datetime, language: str | None, *, generic: bool = False) -> str:
    """CLDR's name of the zone at `instant` in `language` (`中国标准时间`,
    `中欧夏令时间`): standard and daylight time are told apart, as an invitation does.
    With `generic`, the name that holds all year (`中欧时间`), for a text that speaks of
    every occurrence of a series at once."""
    local = instant.astimezone(load_zone(zone))
    return _zone_name(zone, local.replace(tzinfo=None), language, generic)


@functools.lru_cache(maxsize=8192)
def _zone_name(zone: str, wall: datetime, language: str | None, generic: bool) -> str:
    local = wall.replace(tzinfo=load_zone(zone))
    if generic:
        return get_timezone_name(local, "long", zone_variant="generic", locale=_locale(language))
    return get_timezone_name(local, "long", locale=_locale(language))


@functools.cache
def language_name(tag: str, language: str | None) -> str:
    """An event's language as the feed's language names it (`中文`, `English`); the tag
    itself in a catalogue without languages (as it always was), or where CLDR has no
    name for it."""
    if language is None or not known_locale(tag):
        return tag
    name = Locale.parse(tag, sep="-").get_display_name(_locale(language))
    return str(name) if name else tag
