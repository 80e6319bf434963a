"""Dates as invitations write them: "November 4", "4 November 2021", "Thu 4 Nov",
"Wed 1. Dec.", "2021-11-04", "17.11.2022", "2022年11月17日", "4 de noviembre de 2021".

A date may leave out its year ("November 4"): it is then completed from the event it is
checked against, never from today. Digits with slashes are read only when one order is
possible (25/12/2021); 04/11/2021 is the 4th of November in Europe and the 11th of April in
the United States, so it is an error that gives both.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from calfeed.invitation.problem import ReadError

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january janvier januar enero",
        "february février fevrier februar febrero",
        "march mars märz marz marzo",
        "april avril abril",
        "may mai mayo",
        "june juin juni junio",
        "july juillet juli julio",
        "august août aout agosto",
        "september septembre septiembre setiembre",
        "october octobre oktober octubre",
        "november novembre noviembre",
        "december décembre decembre dezember diciembre",
    ),
    start=1,
):
    for _name in _names.split():
        _MONTHS[_name] = _number
        if _name.isascii() and len(_name) > 3:
            _MONTHS.setdefault(_name[:3], _number)
_MONTHS["sept"] = 9
"""Month names in English, French, German and Spanish, and English-style abbreviations."""

_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            "monday mon lundi montag lunes",
            "tuesday tue tues mardi dienstag martes",
            "wednesday wed mercredi mittwoch miércoles miercoles",
            "thursday thu thur thurs jeudi donnerstag jueves",
            "friday fri vendredi freitag viernes",
            "saturday sat samedi samstag sábado sabado",
            "sunday sun dimanche sonntag domingo",
        )
    )
    for name in names.split()
}

_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_WEEKDAY = "|".join(sorted(map(re.escape, _WEEKDAYS), key=len, reverse=True))
_DAY = r"(?P<{}>\d{{1,2}})(?:st|nd|rd|th|er|\.)?"
_YEAR = r"(?:,?\s*(?:de\s+)?(?P<year>\d{4})\b)?"

PATTERN = (
    r"(?P<iso>(?<![\d.])\d{4}-\d{1,2}-\d{1,2}(?![\d]))"
    r"|(?P<cjk>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)"
    r"|(?P<dotted>(?<![\d.])\d{1,2}\.\d{1,2}\.\d{4}(?!\d))"
    r"|(?P<slashed>(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?!\d))"
    rf"|(?P<words>(?:(?P<weekday>{_WEEKDAY})\.?,?\s+)?"
    rf"(?:{_DAY.format('day')}\s+(?:of\s+|de\s+)?(?P<month>{_MONTH})\.?"
    rf"|(?P<month2>{_MONTH})\.?\s+{_DAY.format('day2')}(?![\d:.]\d)){_YEAR})(?!\w)"
)
"""One date, in any of the forms above: the scanner's regular expression includes it."""


class DateError(ReadError):
    """A date that is no date (31 June) or could be two (04/11/2021)."""


@dataclass(frozen=True)
class Day:
    """A date as written: the year may be missing, a weekday may be given."""

    text: str
    year: int | None
    month: int
    day: int
    weekday: int | None
    """0 for Monday, as `date.weekday()`; checked once the year is known."""

    def on(self, year: int) -> date:
        """The date in `year` (DateError when that year has no such day or weekday)."""
        try:
            found = date(year, self.month, self.day)
        except ValueError:
            raise DateError(
                repr(self.text), f"is not a real date in {year}", "check the day and the month"
            ) from None
        if self.weekday is not None and found.weekday() != self.weekday:
            raise DateError(
                repr(self.text),
                f"is not a {_weekday_name(self.weekday)}: {found:%d %B %Y} is a {found:%A}",
                "check the day and the weekday",
            )
        return found

    def nearest(self, near: date) -> date:
        """The date itself when it has a year, else the one nearest to `near`."""
        if self.year is not None:
            return self.on(self.year)
        years = (near.year - 1, near.year, near.year + 1)
        candidates = [date(y, self.month, self.day) for y in years if _exists(y, self)]
        if not candidates:
            return self.on(near.year)  # raises: no such day in any of the three
        best = min(candidates, key=lambda d: abs(d - near))
        return self.on(best.year)


def read_day(match: re.Match[str]) -> Day:
    """The `Day` a match of `PATTERN` names; DateError when it names none or two."""
    text = match.group(0).strip()
    if match["iso"]:
        year, month, day = (int(p) for p in match["iso"].split("-"))
        return _checked(Day(text, year, month, day, None))
    if match["cjk"]:
        year, month, day = (int(p) for p in re.findall(r"\d+", match["cjk"]))
        return _checked(Day(text, year, month, day, None))
    if match["dotted"]:
        day, month, year = (int(p) for p in match["dotted"].split("."))
        return _checked(Day(text, year, month, day, None))
    if match["slashed"]:
        first, second, year = (int(p) for p in match["slashed"].split("/"))
        if first <= 12 and second <= 12 and first != second:
            raise DateError(
                repr(text),
                "can be read two ways: "
                f"{date(year, second, first):%d %B %Y} or {date(year, first, second):%d %B %Y}",
                "write the month in words (4 November 2021) or as YYYY-MM-DD",
            )
        day, month = (first, second) if first > 12 else (second, first)
        return _checked(Day(text, year, month, day, None))
    month = _MONTHS[(match["month"] or match["month2"]).casefold()]
    weekday = match["weekday"]
    return _checked(
        Day(
            text,
            int(match["year"]) if match["year"] else None,
            month,
            int(match["day"] or match["day2"]),
            _WEEKDAYS[weekday.casefold()] if weekday else None,
        )
    )


def _checked(day: Day) -> Day:
    if not 1 <= day.month <= 12 or not 1 <= day.day <= 31:
        raise DateError(repr(day.text), "is not a real date", "check the day and the month")
    if day.year is not None:
        day.on(day.year)
    elif day.day > max(calendar.monthrange(2024, day.month)[1], 1):
        raise DateError(repr(day.text), "is not a real date", "check the day and the month")
    return day


def _exists(year: int, day: Day) -> bool:
    return day.day <= calendar.monthrange(year, day.month)[1]


def _weekday_name(number: int) -> str:
    return date(2024, 1, 1 + number).strftime("%A")  # 2024-01-01 was a Monday
