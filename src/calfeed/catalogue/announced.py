"""Times "as announced elsewhere", in the invitation's own words ("November 4, 12:30
Samoa/ 00:30 CET", "9 November 10:00 – 11:30 Fiji Time (GMT+12)"), each proved to name
the event's instant.

Organisers paste these from invitations, and copying is where mistakes happen: every time
in the line, in every zone it names, is compared with the catalogue's start (and a range's
end with its end). `calfeed.invitation` reads the words; this module only compares.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import utc_text
from calfeed.errors import Code
from calfeed.invitation import Announced, AnnouncedError, Reading, Span, ZonePhrase, parse_announced
from calfeed.model import Timed
from calfeed.occurrences import timed_occurrences
from calfeed.tz import LocalTimeError, canonical_zone, format_offset

__all__ = [
    "Announced",
    "AnnouncedError",
    "announced_all_day",
    "check_announced",
    "parse_announced",
    "read_announced",
]


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


@dataclass(frozen=True)
class _Piece:
    """One time (or range) in one zone, as the messages name it."""

    told: Announced
    span: Span
    zone: ZonePhrase
    day: date
    """The day the time is read on, in that zone."""

    @property
    def name(self) -> str:
        return f"{self.span.text} {self.zone.text}"

    def about(self, what: str) -> str:
        """ "start disagrees with announced '01:30 CET'", or with the piece of a line."""
        if len(self.told.spans) == 1 and len(self.span.zones) == 1:
            return f"{what} disagrees with announced {self.told.text!r}"
        return f"{what} disagrees with {self.name!r} in announced {self.told.text!r}"


def check_announced(
    findings: Findings,
    where: TablePath,
    told: tuple[Announced, ...],
    timed: Timed,
    *,
    end_given: bool,
) -> None:
    """Each time in each announcement must name the event's own start (and end) instant:
    of the occurrence on the announced date, for a series. An end the catalogue gives
    but that is wrong is reported where it is written, so an announced end is compared
    only with a good one."""
    for announced in told:
        occurrence = _occurrence(findings, where, announced, timed)
        if occurrence is None:
            continue
        for piece in _pieces(announced, occurrence):
            _check_piece(findings, where, piece, occurrence)
        if any(s.end is not None for s in announced.spans) and timed.end is None and not end_given:
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


def _occurrence(
    findings: Findings, where: TablePath, announced: Announced, timed: Timed
) -> Timed | None:
    """The occurrence an announcement names: a series' on the announced date (in the
    first zone announced), else the event itself."""
    if timed.recurrence is None or announced.day is None:
        return timed
    reading = announced.spans[0].zones[0].readings[0]
    first = reading.local_of(timed.start).date()
    wanted = announced.day.nearest(first)
    for occurrence in timed_occurrences(timed):
        seen = reading.local_of(occurrence.start).date()
        if seen == wanted:
            return occurrence
        if seen > wanted:
            break
    findings.error(
        Code.ANNOUNCED_MISMATCH,
        where,
        "announced",
        f"announced {announced.text!r} names {wanted:%Y-%m-%d}, but the series has no "
        "occurrence that day",
        "check the announced date, the start and the repeat rule",
    )
    return None


def _pieces(announced: Announced, timed: Timed) -> Iterator[_Piece]:
    """Each (time, zone) pair, with the day it is read on: the announced date for the
    first time; a later time in another zone may fall on the day before or after it (a
    Samoa morning is the evening before in Paris), so it is read on the event's own day
    there when that is within a day of the announced one."""
    for index, span in enumerate(announced.spans):
        for zone in span.zones:
            ours = zone.readings[0].local_of(timed.start).date()
            day = ours
            if announced.day is not None:
                day = announced.day.nearest(ours)
                if index and abs(ours - day) <= timedelta(days=1):
                    day = ours
            yield _Piece(announced, span, zone, day)


def _check_piece(findings: Findings, where: TablePath, piece: _Piece, timed: Timed) -> None:
    """The piece against the event; a zone read two ways (CET in summer) passes when one
    reading does, with a note naming it, and fails with both."""
    pairs = [("start", timed.start, piece.span.start, piece.day)]
    if piece.span.end is not None and timed.end is not None:
        later = piece.span.end <= piece.span.start
        end_day = piece.day + timedelta(days=1) if later else piece.day
        pairs.append(("end", timed.end, piece.span.end, end_day))
    for what, instant, wall, day in pairs:
        results = [_compare(r, instant, datetime.combine(day, wall)) for r in piece.zone.readings]
        if any(r is True for r in results):
            if len(set(results)) > 1:
                chosen = piece.zone.readings[results.index(True)]
                _note_reading(findings, where, piece, chosen, instant, timed.zone)
            continue
        first = results[0]
        if isinstance(first, LocalTimeError):
            findings.error(
                Code.BAD_ANNOUNCED,
                where,
                "announced",
                f"announced {piece.told.text!r}: {first}",
                "add the UTC offset instead",
            )
        elif len(piece.zone.readings) > 1 and len({str(r) for r in results}) > 1:
            _both_readings_fail(findings, where, piece, what, instant, wall, day)
        else:
            _mismatch(findings, where, piece, what, instant, piece.zone.readings[0], day, wall)
        return


def _compare(
    reading: Reading, instant: datetime, local: datetime
) -> bool | datetime | LocalTimeError:
    """True when `local` in `reading` is `instant`; else the instant it names (or why it
    names none). A time announced in a fold agrees when one of its two readings does."""
    try:
        theirs = reading.instant(local)
    except LocalTimeError as problem:
        if problem.kind == "fold" and instant.astimezone(UTC) in {
            c.astimezone(UTC) for c in problem.candidates
        }:
            return True
        return problem
    if theirs.astimezone(UTC) == instant.astimezone(UTC):  # PEP 495: a fold never equals
        return True
    return theirs.astimezone(UTC)


def _mismatch(
    findings: Findings,
    where: TablePath,
    piece: _Piece,
    what: str,
    instant: datetime,
    reading: Reading,
    day: date,
    wall: time,
) -> None:
    ours = reading.local_of(instant)
    theirs = reading.instant(datetime.combine(day, wall))
    label = piece.zone.text
    findings.error(
        Code.ANNOUNCED_MISMATCH,
        where,
        "announced",
        f"{piece.about(what)}: the catalogue says "
        f"{ours:%Y-%m-%d %H:%M} {label} ({utc_text(instant)}), the announcement "
        f"{theirs.astimezone(ours.tzinfo):%Y-%m-%d %H:%M} {label} ({utc_text(theirs)})",
        _mismatch_hint(instant, theirs, datetime.combine(day, wall)),
    )


def _both_readings_fail(
    findings: Findings,
    where: TablePath,
    piece: _Piece,
    what: str,
    instant: datetime,
    wall: time,
    day: date,
) -> None:
    local = datetime.combine(day, wall)
    said = "; ".join(
        f"read as {r.name}, {r.instant(local).astimezone(UTC):%Y-%m-%d %H:%M}Z"
        for r in piece.zone.readings
    )
    findings.error(
        Code.ANNOUNCED_MISMATCH,
        where,
        "announced",
        f"{piece.about(what)}: the catalogue says {utc_text(instant)}, the announcement {said}",
        _mismatch_hint(instant, piece.zone.readings[0].instant(local), local),
    )


def _note_reading(
    findings: Findings,
    where: TablePath,
    piece: _Piece,
    chosen: Reading,
    instant: datetime,
    event_zone: str,
) -> None:
    """Say which reading of a two-way zone the announcement agrees with."""
    loose = next(r for r in piece.zone.readings if r.zone is not None)
    local = loose.local_of(instant)
    summer, offset = local.tzname(), format_offset(local.utcoffset() or timedelta())
    strict = piece.zone.readings[0]
    if chosen is loose:
        message = (
            f"{piece.zone.text} in announced {piece.told.text!r} read as {loose.name} "
            f"({canonical_zone(loose.zone or '')} is on {summer}, {offset}, then), "
            f"not strictly as {strict.name}"
        )
        hint = f"write {summer} or {offset} to say so"
    else:
        mine = instant.astimezone(local.tzinfo).utcoffset() == local.utcoffset()
        place = event_zone if mine else canonical_zone(loose.zone or "")
        message = (
            f"{piece.zone.text} in announced {piece.told.text!r} read as {strict.name}; "
            f"{place} is on {summer}, {offset}, then"
        )
        hint = f"write {strict.name} to say so"
    findings.warn(Code.ANNOUNCED_READING, where, "announced", message, hint)


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
