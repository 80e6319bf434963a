"""A series in words: "Every Thursday, 8 times, until Thu 23 Nov 2023; not on Thu 2 Nov".

Subscribers read the DESCRIPTION and the page, not RRULEs. The common rules (every day,
week, month or year, on given weekdays, month days or nth weekdays, with an interval, a
count or an end) are said in words; anything rarer is shown as its rule after the words
calfeed can say. The last date comes from the expansion itself, so it is never a guess.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, timedelta

from babel.dates import get_day_names, get_month_names

from calfeed.language import words
from calfeed.model import AllDay, Event, Status, Timed
from calfeed.occurrences import occurrences
from calfeed.render.text import day_text, is_english, zone_words
from calfeed.tz import load_zone

_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_SAID = frozenset({"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "BYMONTH", "COUNT", "UNTIL"})
_LIMIT = 5000
"""Occurrences counted to find a finite series' last date (COUNT and UNTIL end sooner)."""


def series_text(
    event: Event, other_zones: tuple[str, ...] = (), language: str | None = None
) -> str | None:
    """The series of `event` in words in `language`, or None if it does not repeat.
    `other_zones` are the zones its times are also shown in: if the clocks change so that
    those times move against the event's own during the series, the text says so."""
    said = words(language)
    match event.when:
        case Timed(recurrence=series, start=start) if series is not None:
            first: date = start.astimezone(load_zone(event.when.zone)).date()
            rule, skipped = series.rule, [w.date() for w in series.exceptions]
            added = [a.astimezone(start.tzinfo).date() for a in series.additions]
        case AllDay(recurrence=days, first=first) if days is not None:
            rule, skipped, added = days.rule, list(days.exceptions), list(days.additions)
        case _:
            return None
    text = _rule_words(event, rule, first, language)
    if skipped:
        days_said = said.gettext(", ").join(_day(d, language) for d in sorted(skipped))
        text = said.gettext("{series}; not on {days}").format(series=text, days=days_said)
    if added:
        days_said = said.gettext(", ").join(_day(d, language) for d in sorted(added))
        text = said.gettext("{series}; also on {days}").format(series=text, days=days_said)
    for change in _changes(event, language):
        text = said.gettext("{series}; {change}").format(series=text, change=change)
    shifting = _shifting_zones(event, other_zones)
    if shifting:
        start_at = event.when.start if isinstance(event.when, Timed) else None
        assert start_at is not None
        named = (zone_words(z, start_at, language, generic=True) for z in shifting)
        zones = _listed(dict.fromkeys(named), language)  # zones CLDR names alike, once
        text = said.gettext("{series}. Times in {zones} shift when the clocks change").format(
            series=text, zones=zones
        )
    return said.gettext("{series}.").format(series=text)


def _day(day: date, language: str | None) -> str:
    return day_text(day, language=language)


def _changes(event: Event, language: str | None) -> Iterator[str]:
    """`Wed 5 May 2027 at 15:00`, `Wed 19 May 2027 cancelled`: each changed occurrence
    whose time or status differs from the rule's, in the series' own zone (a new title or
    place is the occurrence's own to show, not the series')."""
    if not isinstance(event.when, Timed) or event.when.recurrence is None:
        return
    said = words(language)
    tz = load_zone(event.when.zone)
    for override in event.when.recurrence.overrides:
        changed = override.event
        day = _day(override.original.date(), language)
        if changed.status is Status.CANCELLED and event.status is not Status.CANCELLED:
            yield said.gettext("{day} cancelled").format(day=day)
            continue
        assert isinstance(changed.when, Timed)
        start = changed.when.start.astimezone(tz)
        if start.replace(tzinfo=None) == override.original:
            continue
        if start.date() == override.original.date():
            yield said.gettext("{day} at {time}").format(day=day, time=f"{start:%H:%M}")
        else:
            yield said.gettext("{day} moved to {other} at {time}").format(
                day=day, other=_day(start.date(), language), time=f"{start:%H:%M}"
            )


def rule_text(event: Event, language: str | None = None) -> str | None:
    """The series' rule alone in words, `Every Thursday, 8 times, until Thu 23 Nov 2023`
    (no `except` or `also` days), or None if the event does not repeat: `calfeed diff`
    sets an old rule beside a new one."""
    match event.when:
        case Timed(recurrence=series, start=start, zone=zone) if series is not None:
            first = start.astimezone(load_zone(zone)).date()
            return _rule_words(event, series.rule, first, language)
        case AllDay(recurrence=days, first=first) if days is not None:
            return _rule_words(event, days.rule, first, language)
        case _:
            return None


def _rule_words(event: Event, rule: str, first: date, language: str | None) -> str:
    parts = _parts(rule)
    return _ending(event, parts, _rhythm(parts, first, language), language)


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";"))


def _every(freq: str, interval: int, language: str | None) -> str | None:
    """`Every week`, `Every 2 weeks`; None for a frequency the words cannot say. One is
    its own sentence, not a plural form: many languages say "every week" without "1"."""
    said = words(language)
    match freq, interval:
        case "DAILY", 1:
            return said.gettext("Every day")
        case "WEEKLY", 1:
            return said.gettext("Every week")
        case "MONTHLY", 1:
            return said.gettext("Every month")
        case "YEARLY", 1:
            return said.gettext("Every year")
        case "DAILY", _:
            return said.ngettext("Every {n} day", "Every {n} days", interval).format(n=interval)
        case "WEEKLY", _:
            return said.ngettext("Every {n} week", "Every {n} weeks", interval).format(n=interval)
        case "MONTHLY", _:
            text = said.ngettext("Every {n} month", "Every {n} months", interval)
            return text.format(n=interval)
        case "YEARLY", _:
            return said.ngettext("Every {n} year", "Every {n} years", interval).format(n=interval)
    return None


def _rhythm(parts: dict[str, str], first: date, language: str | None) -> str:
    """`Every 2 weeks on Monday and Wednesday`; a rule with parts the words cannot say
    (BYSETPOS, BYWEEKNO, ...) is shown as the rule itself rather than half said."""
    said = words(language)
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    every = _every(freq, interval, language)
    if every is None or not parts.keys() <= _SAID:
        rule = ";".join(f"{k}={v}" for k, v in parts.items())
        return said.gettext("Repeats by the rule {rule}").format(rule=rule)
    days = parts.get("BYDAY")
    if freq == "WEEKLY" and not days:
        days = _CODES[first.weekday()]  # the weekday DTSTART gives it
    if freq == "WEEKLY" and interval == 1 and days and not re.search(r"\d", days):
        named = _listed((_weekday_name(d, language) for d in days.split(",")), language)
        return said.gettext("Every {days}").format(days=named)
    return _on(every, {**parts, "BYDAY": days} if days else parts, freq, first, language)


def _on(every: str, parts: dict[str, str], freq: str, first: date, language: str | None) -> str:
    """What a rule's BY parts say, or, without them, the day DTSTART gives it."""
    said = words(language)
    days, monthdays, months = parts.get("BYDAY"), parts.get("BYMONTHDAY"), parts.get("BYMONTH")
    month_names = {
        number: str(name)
        for number, name in get_month_names("wide", locale=_babel_locale(language)).items()
    }
    of = _listed((month_names[int(m)] for m in months.split(",")), language) if months else None
    if days:
        named = _listed((_weekday(d, language) for d in days.split(",")), language)
        if of:
            return said.gettext("{every} on {days} of {months}").format(
                every=every, days=named, months=of
            )
        return said.gettext("{every} on {days}").format(every=every, days=named)
    if monthdays:
        nths = _listed((_nth(int(d), language) for d in monthdays.split(",")), language)
        if of:
            return said.gettext("{every} on the {days} of {months}").format(
                every=every, days=nths, months=of
            )
        return said.gettext("{every} on the {days}").format(every=every, days=nths)
    if freq == "MONTHLY":
        return said.gettext("{every} on the {days}").format(
            every=every, days=_nth(first.day, language)
        )
    if freq == "YEARLY":
        return said.gettext("{every} on {day} {month}").format(
            every=every, day=first.day, month=month_names[first.month]
        )
    return every


def _babel_locale(language: str | None) -> str:
    return (language or "en").replace("-", "_")


def _weekday_name(code: str, language: str | None) -> str:
    """`MO` -> Monday, as CLDR names it in `language`."""
    names = get_day_names("wide", locale=_babel_locale(language))
    return str(names[_CODES.index(code)])


def _weekday(text: str, language: str | None) -> str:
    """`MO` -> Monday, `1MO` -> the first Monday, `-1FR` -> the last Friday."""
    match = re.fullmatch(r"([+-]?\d+)?([A-Z]{2})", text)
    assert match is not None
    name = _weekday_name(match.group(2), language)
    if match.group(1) is None:
        return name
    said = words(language)
    n = int(match.group(1))
    ordinal = {
        1: said.gettext("the first {weekday}"),
        2: said.gettext("the second {weekday}"),
        3: said.gettext("the third {weekday}"),
        4: said.gettext("the fourth {weekday}"),
        5: said.gettext("the fifth {weekday}"),
        -1: said.gettext("the last {weekday}"),
    }.get(n)
    if ordinal is None:
        nth = _nth(n, language) if is_english(language) else str(n)
        ordinal = said.gettext("the {nth} {weekday}").replace("{nth}", nth)
    return ordinal.format(weekday=name)


def _nth(n: int, language: str | None) -> str:
    """`1st`, `22nd`, `last day`: a day of the month as the language counts it."""
    said = words(language)
    if n < 0:
        if n == -1:
            return said.gettext("last day")
        nth = _nth(-n, language) if is_english(language) else str(-n)
        return said.gettext("{nth} day from the end").format(nth=nth)
    if not is_english(language):
        return said.gettext("day {n}").format(n=n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ending(event: Event, parts: dict[str, str], rhythm: str, language: str | None) -> str:
    """`, 8 times, until Thu 23 Nov 2023`: the rule's count, and the last date from the
    expansion itself; nothing for an endless series."""
    if "COUNT" not in parts and "UNTIL" not in parts:
        return rhythm
    dates = list(itertools.islice(_dates(event), _LIMIT + 1))
    if not dates or len(dates) > _LIMIT:
        return rhythm
    said = words(language)
    last = _day(dates[-1], language)
    if "COUNT" in parts:
        count = int(parts["COUNT"])
        return said.ngettext(
            "{rhythm}, {count} time, until {day}", "{rhythm}, {count} times, until {day}", count
        ).format(rhythm=rhythm, count=parts["COUNT"], day=last)
    return said.gettext("{rhythm}, until {day}").format(rhythm=rhythm, day=last)


def _dates(event: Event) -> Iterator[date]:
    for occurrence in occurrences(event):
        match occurrence:
            case Timed(start=start, zone=zone):
                yield start.astimezone(load_zone(zone)).date()
            case AllDay(first=first):
                yield first


def _shifting_zones(event: Event, zones: tuple[str, ...]) -> tuple[str, ...]:
    """The zones whose difference from the event's own zone changes during the series
    (within its first two years), so their times in the description hold only at first."""
    if not isinstance(event.when, Timed):
        return ()
    own = load_zone(event.when.zone)
    horizon = event.when.start + timedelta(days=731)
    starts = [
        o.start.astimezone(UTC)
        for o in itertools.islice(occurrences(event), _LIMIT)
        if isinstance(o, Timed) and o.start <= horizon
    ]
    shifting = []
    for zone in zones:
        tz = load_zone(zone)
        gaps = {s.astimezone(tz).utcoffset() - s.astimezone(own).utcoffset() for s in starts}  # type: ignore[operator]
        if len(gaps) > 1:
            shifting.append(zone)
    return tuple(shifting)


def _listed(items: Iterable[str], language: str | None) -> str:
    """`A, B and C`, as the language lists things."""
    said = words(language)
    names = list(items)
    if len(names) == 1:
        return names[0]
    return said.gettext("{items} and {last}").format(
        items=said.gettext(", ").join(names[:-1]), last=names[-1]
    )
