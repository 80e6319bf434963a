"""Times "as announced elsewhere" ("00:30 CET", "10:00-11:30 GMT+12"), read exactly.

Organisers copy these from invitations; calfeed proves the catalogue's instant agrees with
them. Human "GMT+12" means twelve hours ahead of UTC, the opposite sign of tzdata's
`Etc/GMT+12`, so the offset forms are read here and never passed to tzdata.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import utc_text
from calfeed.errors import Code
from calfeed.model import Timed
from calfeed.tz import (
    LocalTimeError,
    all_zone_names,
    ambiguous_meanings,
    either,
    format_offset,
    load_zone,
    resolve_local_time,
    zone_hint,
)

_FORM = re.compile(
    r"^\s*(?:(?P<date>\d{4}-\d{2}-\d{2})\s+)?"
    r"(?P<start>\d{1,2}[:.]\d{2})"
    r"(?:\s*[-\u2013]\s*(?P<end>\d{1,2}[:.]\d{2}))?"
    r"\s+(?P<zone>\S+)\s*$"
)
_OFFSET = re.compile(r"^(?:UTC|GMT)(?:(?P<sign>[+-\u2212])(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?$")


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
    meanings = ambiguous_meanings(word)
    if meanings:
        first = meanings[0]
        raise AnnouncedError(
            f"{word} in announced time {whole!r} is ambiguous: it can mean "
            f"{either(str(m) for m in meanings)}",
            "write the IANA name or the UTC offset of the one meant, e.g. "
            f"{first.zone} or {format_offset(first.offset or timedelta())}",
        )
    if word in all_zone_names():
        return word, None
    hint = zone_hint(word) or "write an IANA zone name (Pacific/Apia), CET, or UTC±H[:MM]"
    raise AnnouncedError(f"unknown zone {word!r} in announced time {whole!r}", hint)


def read_announced(
    findings: Findings, where: TablePath, table: Mapping[str, object]
) -> tuple[Announced, ...]:
    """Every `announced` string, read whatever the event's time: one that cannot be read
    is its own problem, reported even while the start is wrong."""
    told = []
    for text in values.strings_of(table, "announced"):
        try:
            told.append(parse_announced(text))
        except AnnouncedError as problem:
            findings.error(Code.BAD_ANNOUNCED, where, "announced", str(problem), problem.hint)
    return tuple(told)


def check_announced(
    findings: Findings,
    where: TablePath,
    told: tuple[Announced, ...],
    timed: Timed,
    *,
    end_given: bool,
) -> None:
    """Each announced time must name the event's own start (and end) instant. An end the
    catalogue gives but that is wrong is reported where it is written, so an announced
    end is compared only with a good one."""
    for announced in told:
        pairs: list[tuple[str, datetime, time]] = [("start", timed.start, announced.start)]
        if announced.end is not None and timed.end is not None:
            pairs.append(("end", timed.end, announced.end))
        for what, instant, wall in pairs:
            if not _agrees(findings, where, announced.text, announced, what, instant, wall):
                break
        if announced.end is not None and timed.end is None and not end_given:
            findings.error(
                Code.ANNOUNCED_MISMATCH,
                where,
                "announced",
                f"announced {announced.text!r} gives an end, but the event has none",
                "add end = ... to the event",
            )


def announced_all_day(findings: Findings, where: TablePath, told: tuple[Announced, ...]) -> None:
    """An announced time on an all-day event says the event has a time the catalogue does
    not give; unchecked, it would pass silently. (An event with no start yet has its
    announced times read, and compared once it has one.)"""
    for announced in told:
        findings.error(
            Code.ANNOUNCED_MISMATCH,
            where,
            "announced",
            f"announced {announced.text!r} gives a time, but the event is all day",
            "give start a time and a timezone, or remove the announced time",
        )


def _agrees(
    findings: Findings,
    where: TablePath,
    text: str,
    told: Announced,
    what: str,
    instant: datetime,
    wall: time,
) -> bool:
    """Whether the announced wall time names `instant`; a finding says how it does not."""
    ours = told.local_of(instant)
    day = told.day if told.day is not None and what == "start" else ours.date()
    if what == "end" and told.day is not None:
        day = told.day if wall >= told.start else told.day + timedelta(days=1)
    try:
        theirs = told.instant(day, wall)
    except LocalTimeError as problem:
        if problem.kind == "fold" and instant.astimezone(UTC) in {
            c.astimezone(UTC) for c in problem.candidates
        }:
            return True  # ambiguous alone, but one of its two readings is the event's
        findings.error(
            Code.BAD_ANNOUNCED,
            where,
            "announced",
            f"announced {text!r}: {problem}",
            "add the UTC offset instead",
        )
        return False
    if theirs.astimezone(UTC) != instant.astimezone(UTC):  # PEP 495: a fold never equals
        findings.error(
            Code.ANNOUNCED_MISMATCH,
            where,
            "announced",
            f"{what} disagrees with announced {text!r}: the catalogue says "
            f"{ours:%Y-%m-%d %H:%M} {told.label()} ({utc_text(instant)}), the "
            f"announcement {theirs.astimezone(ours.tzinfo):%Y-%m-%d %H:%M} "
            f"{told.label()} ({utc_text(theirs)})",
            _mismatch_hint(instant, theirs, datetime.combine(day, wall)),
        )
        return False
    return True


def _mismatch_hint(ours: datetime, theirs: datetime, announced_wall: datetime) -> str:
    """How far apart the two are, and the UTC offset that would make the announced wall
    time name the catalogue's instant (often the announcement's real zone)."""
    gap = theirs - ours
    later = "later" if gap > timedelta() else "earlier"
    hint = (
        f"the announcement is {_hours_text(abs(gap))} {later}: check the event's date, time and "
        "timezone, or the announced zone"
    )
    agree = announced_wall - ours.astimezone(UTC).replace(tzinfo=None)
    if abs(agree) <= timedelta(hours=14):
        hint += f"; the two agree if the announced time is {format_offset(agree)}"
    return hint


def _hours_text(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "") if hours else f"{rest} min"
