"""Times "as announced elsewhere" ("00:30 CET", "10:00-11:30 GMT+12"), read exactly.

Organisers copy these from invitations; calfeed proves the catalogue's instant agrees with
them. Human "GMT+12" means twelve hours ahead of UTC, the opposite sign of tzdata's
`Etc/GMT+12`, so the offset forms are read here and never passed to tzdata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from calfeed.tz.zones import all_zone_names, load_zone, resolve_local_time, suggest_zones

_FORM = re.compile(
    r"^\s*(?:(?P<date>\d{4}-\d{2}-\d{2})\s+)?"
    r"(?P<start>\d{1,2}[:.]\d{2})"
    r"(?:\s*[-\u2013]\s*(?P<end>\d{1,2}[:.]\d{2}))?"
    r"\s+(?P<zone>\S+)\s*$"
)
_OFFSET = re.compile(r"^(?:UTC|GMT)(?:(?P<sign>[+-\u2212])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?$")

AMBIGUOUS: dict[str, str] = {
    "IST": "India (Asia/Kolkata), Israel (Asia/Jerusalem) or Ireland (Europe/Dublin)",
    "BST": "British Summer Time (Europe/London) or Bangladesh (Asia/Dhaka)",
    "CST": "US Central (America/Chicago), China (Asia/Shanghai) or Cuba (America/Havana)",
    "AST": "Atlantic (America/Halifax) or Arabia (Asia/Riyadh)",
    "SST": "Samoa Standard Time (Pacific/Pago_Pago) or Singapore (Asia/Singapore)",
    "ECT": "Ecuador (America/Guayaquil) or Eastern Caribbean",
    "PST": "US Pacific (America/Los_Angeles) or Philippines (Asia/Manila)",
    "MST": "US Mountain (America/Denver) or Malaysia (Asia/Kuala_Lumpur)",
    "CDT": "US Central daylight (America/Chicago) or Cuba (America/Havana)",
    "GST": "Gulf (Asia/Dubai) or South Georgia (Atlantic/South_Georgia)",
}
"""Abbreviations that name more than one zone: refused, with the candidates."""


class AnnouncedError(ValueError):
    """An `announced` string calfeed cannot read, with how to write it instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Announced:
    """One announced time: a start, maybe an end, maybe a date, in a zone or fixed offset."""

    text: str
    day: date | None
    start: time
    end: time | None
    zone: str | None
    """IANA or tzdata-defined name; None when `offset` is given instead."""
    offset: timedelta | None

    def label(self) -> str:
        """How the announced zone is written back in messages."""
        if self.zone is not None:
            return self.zone
        return format_offset(self.offset or timedelta(0))

    def instant(self, day: date, wall: time) -> datetime:
        """The instant `wall` on `day` names in the announced zone (gaps and folds raise)."""
        local = datetime.combine(day, wall)
        if self.offset is not None:
            return local.replace(tzinfo=timezone(self.offset))
        assert self.zone is not None
        return resolve_local_time(local, self.zone)

    def local_of(self, instant: datetime) -> datetime:
        """`instant` as a wall-clock time in the announced zone."""
        if self.offset is not None:
            return instant.astimezone(timezone(self.offset))
        assert self.zone is not None
        return instant.astimezone(load_zone(self.zone))


def format_offset(offset: timedelta) -> str:
    """`UTC+13`, `UTC-3:30`, `UTC+0`."""
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def parse_announced(text: str) -> Announced:
    """Read "HH:MM ZONE", "YYYY-MM-DD HH:MM ZONE", or either with an "-HH:MM" end."""
    match = _FORM.match(text)
    if not match:
        raise AnnouncedError(
            f"cannot read announced time {text!r}",
            'write "HH:MM ZONE", "YYYY-MM-DD HH:MM ZONE" or "HH:MM-HH:MM ZONE", '
            'e.g. "2021-11-04 00:30 CET"',
        )
    day = None
    if match["date"]:
        try:
            day = date.fromisoformat(match["date"])
        except ValueError:
            raise AnnouncedError(
                f"{match['date']!r} in announced time {text!r} is not a real date",
                "write the date as YYYY-MM-DD",
            ) from None
    start = _clock(match["start"], text)
    end = _clock(match["end"], text) if match["end"] else None
    zone, offset = _zone(match["zone"], text)
    return Announced(text, day, start, end, zone, offset)


def _clock(text: str, whole: str) -> time:
    hours, minutes = (int(p) for p in re.split(r"[:.]", text))
    if hours > 23 or minutes > 59:
        raise AnnouncedError(
            f"{text!r} in announced time {whole!r} is not a clock time",
            "use 24-hour HH:MM, 00:00 to 23:59",
        )
    return time(hours, minutes)


def _zone(word: str, whole: str) -> tuple[str | None, timedelta | None]:
    offset = _OFFSET.match(word)
    if offset:
        if not offset["sign"]:
            return "UTC", None
        hours, minutes = int(offset["h"]), int(offset["m"] or 0)
        if hours > 14 or minutes > 59:
            raise AnnouncedError(
                f"{word} in {whole!r} is not a real UTC offset", "offsets run from UTC-12 to UTC+14"
            )
        sign = -1 if offset["sign"] in "-\u2212" else 1
        return None, sign * timedelta(hours=hours, minutes=minutes)
    if word.upper() in AMBIGUOUS and word not in all_zone_names():
        raise AnnouncedError(
            f"{word} in announced time {whole!r} is ambiguous: it can mean "
            f"{AMBIGUOUS[word.upper()]}",
            "write the IANA zone name or a UTC offset such as UTC+5:30",
        )
    if word in all_zone_names():
        return word, None
    suggestions = suggest_zones(word)
    hint = (
        f"did you mean {' or '.join(suggestions)}?"
        if suggestions
        else "write an IANA zone name (Pacific/Apia), CET, or UTC±H[:MM]"
    )
    raise AnnouncedError(f"unknown zone {word!r} in announced time {whole!r}", hint)
