"""An event's time: its zone, start and end, each local time through `resolve_local_time`.

What comes out is one of the model's three shapes (`Timed`, `AllDay`, `Undated`); the
rules that need a time (announced, sessions, recurrence) take it from there.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, time, timedelta, timezone

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.tables import ZoneDefault
from calfeed.errors import Code
from calfeed.model import AllDay, Timed, Undated
from calfeed.tz import LocalTimeError, format_offset, load_zone, resolve_local_time

LOCAL_TIME_CODES = {
    "gap": Code.LOCAL_TIME_GAP,
    "fold": Code.LOCAL_TIME_FOLD,
    "offset": Code.LOCAL_TIME_OFFSET,
}


def event_when(
    findings: Findings,
    where: TablePath,
    table: Mapping[str, object],
    given: frozenset[str],
    default: ZoneDefault,
) -> Timed | AllDay | Undated:
    """The event's time. An event whose start is missing or wrong is `Undated` here; the
    findings already say why (and an undated event that is not tentative is an error).
    Its end is still checked as far as it can be without the start."""
    zone, assumed = _event_zone(findings, where, given, table, default)
    value = table.get("start")
    both = "end" in table and "duration" in table
    if both:
        findings.error(
            Code.END_AND_DURATION,
            where,
            "duration",
            "give either end or duration, not both",
            "remove one of them",
        )
    match value:
        case datetime():
            start = local(findings, where, "start", value, zone) if zone is not None else None
            end = None if both else timed_end(findings, where, table, value, start, zone)
            if start is None or zone is None:
                return Undated()
            return Timed(start, end, zone, zone_assumed=assumed)
        case date():
            last = None if both else _last_day(findings, where, table, value)
            return AllDay(value, value if last is None else last)
        case _:
            if not both and "start" not in given and ("end" in table or "duration" in table):
                findings.error(
                    Code.END_WITHOUT_START,
                    where,
                    "end" if "end" in table else "duration",
                    "the event has an end but no start",
                    "add start = ...",
                )
            return Undated()


def local(
    findings: Findings,
    where: TablePath,
    key: str,
    value: datetime,
    zone: str,
    *,
    pinnable: bool = True,
) -> datetime | None:
    """The single door from catalogue wall time to instant, with findings for gaps, folds
    and pinned offsets that disagree with the zone. `pinnable` is False where the catalogue
    cannot take an offset (session times)."""
    try:
        return resolve_local_time(value.replace(tzinfo=None), zone, value.utcoffset())
    except LocalTimeError as problem:
        findings.error(
            LOCAL_TIME_CODES[problem.kind],
            where,
            key,
            f"{key} {problem}",
            local_time_hint(problem, key if pinnable else None, value.utcoffset()),
        )
        return None


def _event_zone(
    findings: Findings,
    where: TablePath,
    given: frozenset[str],
    table: Mapping[str, object],
    default: ZoneDefault,
) -> tuple[str | None, bool]:
    """The event's zone, and whether it was assumed from the calendar's default."""
    name = table.get("timezone")
    if isinstance(name, str):
        return values.zone(findings, where, "timezone", name), False
    if "timezone" in given:  # present but mistyped: already reported
        return None, False
    if not isinstance(table.get("start"), datetime):
        return None, False
    if default.zone is None:
        if not default.named:  # a wrong [calendar] timezone is reported there, once
            findings.error(
                Code.MISSING_ZONE,
                where,
                "start",
                "the event has a time but no zone, and [calendar] sets no default",
                'add timezone = "Area/City" (an IANA name) to the event',
            )
        return None, False
    findings.warn(
        Code.ASSUMED_ZONE,
        where,
        "start",
        f"no timezone given: assumed {default.zone} (the calendar default)",
        f'if that is right, say so: timezone = "{default.zone}"',
    )
    return default.zone, True


def timed_end(
    findings: Findings,
    where: TablePath,
    table: Mapping[str, object],
    written: datetime,
    start: datetime | None,
    zone: str | None,
) -> datetime | None:
    """The exclusive end of a timed event, from `end` or `duration`; None if neither is
    given or either is wrong (reported). `written` is the start as the catalogue has it,
    `start` its instant (None when that is wrong): an end's own problems are reported
    either way, and only its order needs the start."""
    value, duration = table.get("end"), table.get("duration")
    end: datetime | None
    if isinstance(duration, str):
        if values.duration(findings, where, "duration", duration) is None:
            return None
        if start is None or zone is None:
            return None
        end = _after(findings, where, start, duration, zone)
    elif isinstance(value, time):
        if value.tzinfo is not None:
            findings.error(Code.WRONG_TYPE, where, "end", "end times take no offset")
            return None
        if zone is None:
            return None
        # The start's own local day: across Samoa's lost day, 2011-12-30T10:00-10:00 is
        # 10:00 on the 31st.
        day = start.astimezone(load_zone(zone)).date() if start else written.date()
        end = local(findings, where, "end", datetime.combine(day, value), zone)
    elif isinstance(value, datetime):
        if zone is None:
            return None
        end = local(findings, where, "end", value, zone)
    elif isinstance(value, date):
        findings.error(
            Code.WRONG_TYPE,
            where,
            "end",
            "a timed event's end must be a time or a date-time, not a date",
            "write end = 13:45:00",
        )
        return None
    else:
        return None
    if start is None:
        return None
    if end is not None and end.astimezone(UTC) <= start.astimezone(UTC):
        # Compared in UTC: datetimes sharing a tzinfo compare by wall clock in Python,
        # which is wrong across a DST fold.
        findings.error(
            Code.END_BEFORE_START,
            where,
            "end" if value is not None else "duration",
            f"end ({_show(end)}) is not after start ({_show(start)})",
            "check the times and the date",
        )
        return None
    return end


def _after(
    findings: Findings, where: TablePath, start: datetime, duration: str, zone: str
) -> datetime | None:
    """`start + duration` as RFC 5545 3.3.6 means it: weeks and days are nominal (the
    same wall time on a later day), hours, minutes and seconds exact (elapsed time), so
    PT2H is two hours and PT24H a day's worth of hours even across a DST change."""
    parts = values.nominal_and_exact(duration)
    assert parts is not None  # checked by values.duration
    days, exact = parts
    if days:
        wall = start.astimezone(load_zone(zone)).replace(tzinfo=None) + days
        moved = local(findings, where, "duration", wall, zone)
        if moved is None:
            return None
        start = moved
    return (start.astimezone(UTC) + exact).astimezone(load_zone(zone))


def _last_day(
    findings: Findings, where: TablePath, table: Mapping[str, object], first: date
) -> date | None:
    """The last day (inclusive) of an all-day event: `end`, `first + duration - 1 day`,
    or the first day itself."""
    value, duration = table.get("end"), table.get("duration")
    if isinstance(duration, str):
        parts = values.nominal_and_exact(duration)
        if values.duration(findings, where, "duration", duration) is None or parts is None:
            return None
        days, exact = parts
        if exact % timedelta(days=1):
            findings.error(
                Code.BAD_DURATION,
                where,
                "duration",
                "an all-day event's duration must be whole days",
                "give start a time, or use whole days (P2D)",
            )
            return None
        last = first + days + exact - timedelta(days=1)
    elif value is None:
        return first
    elif isinstance(value, datetime) or not isinstance(value, date):
        findings.error(
            Code.WRONG_TYPE,
            where,
            "end",
            "an all-day event's end must be a date (its last day)",
            "write end = YYYY-MM-DD, or give start a time",
        )
        return None
    else:
        last = value
    if last < first:
        findings.error(
            Code.END_BEFORE_START,
            where,
            "end" if value is not None else "duration",
            f"end ({last.isoformat()}) is not after start ({first.isoformat()})",
            "an all-day event's end is its last day, inclusive",
        )
        return None
    return last


def _show(value: datetime) -> str:
    return f"{value:%Y-%m-%d %H:%M} {format_offset(value.utcoffset() or timedelta())}"


def utc_text(instant: datetime) -> str:
    """`2021-11-03 23:30Z`: how messages name an instant."""
    return f"{instant.astimezone(UTC):%Y-%m-%d %H:%MZ}"


def local_time_hint(
    problem: LocalTimeError, key: str | None, given: timedelta | None = None
) -> str:
    """Both candidate instants, and the form that pins one where the key can take it. A
    wrong offset is answered with the same instant in the zone's offset first: the offset
    may be the right one copied from elsewhere, so changing only it would move the event."""
    wall = problem.local
    if problem.kind == "fold":
        first, second = problem.candidates
        either = f"it is either {utc_text(first)} or {utc_text(second)}"
        if key is None:
            return f"{either}: move the session off the repeated hour"
        return (
            f"{either}: pin one with an offset, {key} = {wall:%Y-%m-%dT%H:%M:%S}"
            f"{iso_offset(first)} or ...{iso_offset(second)}"
        )
    if problem.kind == "gap":
        early, late = problem.candidates
        return (
            f"the nearest real times are {early:%Y-%m-%d %H:%M} {early:%Z} ({utc_text(early)}) "
            f"and {late:%Y-%m-%d %H:%M} {late:%Z} ({utc_text(late)}): write the time that was "
            "meant"
        )
    if len(problem.candidates) == 1:
        real = problem.candidates[0]
        offset = iso_offset(real)
        meant = f"{wall:%Y-%m-%dT%H:%M:%S}{offset}"
        if given is None:
            return f"{problem.zone} is at {offset} then: write {meant}"
        same = wall.replace(tzinfo=timezone(given)).astimezone(real.tzinfo)
        return (
            f"{problem.zone} is at {offset} then: the same instant is "
            f"{same:%Y-%m-%dT%H:%M:%S}{iso_offset(same)}; if {wall:%H:%M} {problem.zone} "
            f"time was meant, write {meant}"
        )
    offsets = " or ".join(iso_offset(real) for real in problem.candidates)
    return f"{problem.zone} is at {offsets} then: write one of them"


def iso_offset(value: datetime) -> str:
    """`+13:00`: the offset as a TOML offset date-time writes it."""
    return value.strftime("%z")[:3] + ":" + value.strftime("%z")[3:]
