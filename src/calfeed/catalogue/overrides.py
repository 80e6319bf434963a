"""`[events.<id>.occurrences.<date>]`: one occurrence of a timed series, changed.

A table is keyed by the date the rule's occurrence has in the series' own zone, since that
is what an organiser sees in the programme ("the 5 May session"), and what becomes its
RECURRENCE-ID with the series' time of day. What it changes is read with the same rules
as an event's own keys; what it leaves is the series' own, already checked there, so
nothing is reported twice. Its times go through `times.local` like every local time.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from dateutil.rrule import rrule, rrulestr

from calfeed.catalogue import details, fields, values
from calfeed.catalogue.expansion import Expansion
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import local, timed_end
from calfeed.errors import Code
from calfeed.model import AllDay, Event, Override, Timed, TimedRecurrence
from calfeed.tz import load_zone


def with_overrides(
    findings: Findings, where: TablePath, table: Mapping[str, object], event: Event
) -> Event:
    """`event` with its changed occurrences on its recurrence; unchanged if it has none,
    or if its series is wrong (already reported: its occurrences are not known)."""
    changes = table.get("occurrences")
    if not isinstance(changes, dict) or not changes:
        return event
    when = event.when
    if not isinstance(when, Timed) or when.recurrence is None:
        if "repeat" in table and not isinstance(when, AllDay):
            return event  # the series is wrong or has no time: reported there
        findings.error(
            Code.CHANGED_NOT_AN_OCCURRENCE,
            where,
            "occurrences",
            "an occurrences table changes an occurrence of a timed series, and this event is "
            + ("an all-day series" if isinstance(when, AllDay) else "no series"),
            "give the changed day an event of its own"
            if isinstance(when, AllDay)
            else 'add repeat = "FREQ=..." and a start with a time, or remove the table',
        )
        return event
    series = _expansion(when, when.recurrence)
    found: dict[TablePath, Override] = {}
    for key, raw in changes.items():
        inner = (*where, "occurrences", key)
        override = _override(findings, inner, key, raw, event, series)
        if override is not None:
            found[inner] = override
    kept = _not_onto_another(findings, found, series, when.recurrence)
    recurrence = dataclasses.replace(
        when.recurrence, overrides=tuple(sorted(kept, key=lambda o: o.original))
    )
    return dataclasses.replace(event, when=dataclasses.replace(when, recurrence=recurrence))


def _not_onto_another(
    findings: Findings,
    found: Mapping[TablePath, Override],
    series: Expansion,
    recurrence: TimedRecurrence,
) -> list[Override]:
    """The changed occurrences that do not start when another occurrence does: the rule's
    or an `also` one that stays where it is, or another changed one. Two occurrences of one
    series at one instant are one to some calendar apps and two to others."""
    zone = series.first.tzinfo
    changed = {o.original for o in found.values()}
    added = {a.astimezone(zone).replace(tzinfo=None) for a in recurrence.additions}
    taken: dict[datetime, datetime] = {}  # instant (UTC) -> original wall time of its owner
    kept: list[Override] = []
    for where, override in sorted(found.items(), key=lambda item: item[1].original):
        assert isinstance(override.event.when, Timed)
        start = override.event.when.start.astimezone(zone)
        wall, instant = start.replace(tzinfo=None), start.astimezone(UTC)
        occupied = (
            wall != override.original
            and wall not in changed
            and wall not in recurrence.exceptions
            and (wall in added or series.occurs(start))
        )
        other = f"the series' own occurrence at {wall:%Y-%m-%d %H:%M}" if occupied else None
        if other is None and instant in taken:
            other = f"the occurrence of {taken[instant]:%Y-%m-%d}, changed to the same time"
        if other is not None:
            findings.error(
                Code.CHANGED_ONTO_ANOTHER,
                where,
                "start",
                f"the occurrence of {override.original:%Y-%m-%d} is moved onto {other}",
                'move it to another time, or cancel one of the two (status = "cancelled")',
            )
            continue
        taken[instant] = override.original
        kept.append(override)
    return kept


def _expansion(timed: Timed, recurrence: TimedRecurrence) -> Expansion:
    first = timed.start.astimezone(load_zone(timed.zone))
    rule = rrulestr(f"RRULE:{recurrence.rule}", dtstart=first, cache=False)
    assert isinstance(rule, rrule)  # one RRULE, already checked by `recurrence`
    return Expansion.of(rule, recurrence.rule, first)


def _override(
    findings: Findings,
    where: TablePath,
    key: str,
    raw: object,
    series_event: Event,
    series: Expansion,
) -> Override | None:
    """One changed occurrence, or None with the findings that say why not."""
    timed = series_event.when
    assert isinstance(timed, Timed)
    assert timed.recurrence is not None
    if not isinstance(raw, dict):
        findings.error(Code.WRONG_TYPE, where, None, f"occurrences.{key} must be a table")
        return None
    table = values.shape(findings, where, raw, fields.OCCURRENCE)
    original = _original(findings, where, key, series, timed.recurrence)
    if original is None:
        return None
    when = _when(findings, where, table, original, timed)
    if when is None:
        return None
    status = series_event.status
    if "status" in table:
        read = details.status(findings, where, table["status"])
        if read is None:
            return None
        status = read

    # Texts by language are kept by the occurrence's date, as the feeds of each language
    # find them, however its key was written; one it does not set is its series'.
    canonical = (*where[:-1], original.date().isoformat())

    def text(name: str, current: str) -> str:
        if name not in table:
            findings.inherit((*where[:-2], name), (*canonical, name))
            return current
        said = values.text(findings, where, name, table[name], one_line=name != "description")
        if canonical != where:
            findings.inherit((*where, name), (*canonical, name))
        return said

    def link(name: str, current: str | None) -> str | None:
        value = table.get(name)
        return values.url(findings, where, name, value) if isinstance(value, str) else current

    given = series_event
    changed = dataclasses.replace(
        given,
        when=when,
        title=text("title", given.title),
        location=text("location", given.location),
        description=text("description", given.description),
        registration=link("registration", given.registration),
        url=link("url", given.url),
        online=link("online", given.online),
        hosts=values.lines(findings, where, table, "hosts") if "hosts" in table else given.hosts,
        languages=(
            details.languages(findings, where, table) if "languages" in table else given.languages
        ),
        private=details.private(findings, where, table) if "private" in table else given.private,
        status=status,
    )
    return Override(original, changed)


def _original(
    findings: Findings, where: TablePath, key: str, series: Expansion, recurrence: TimedRecurrence
) -> datetime | None:
    """The wall time of the rule's occurrence the table's key names, or None (reported)."""
    try:
        day = date.fromisoformat(key)
    except ValueError:
        findings.error(
            Code.CHANGED_NOT_AN_OCCURRENCE,
            where,
            None,
            f"occurrences.{key} is not keyed by a date",
            "key a changed occurrence by its date in the series' zone, e.g. "
            "[events.<id>.occurrences.2027-05-05]",
        )
        return None
    zone = series.first.tzinfo
    wall = datetime.combine(day, series.first.time())
    if wall in recurrence.exceptions:
        findings.error(
            Code.CHANGED_AND_EXCEPTED,
            where,
            None,
            f"occurrence {day:%Y-%m-%d} is changed here and left out by except",
            'remove it from except; status = "cancelled" here keeps it in calendars, '
            "struck through",
        )
        return None
    added = {a.astimezone(zone).replace(tzinfo=None) for a in recurrence.additions}
    if wall in added or series.occurs(wall.replace(tzinfo=zone)):
        return wall
    findings.error(
        Code.CHANGED_NOT_AN_OCCURRENCE,
        where,
        None,
        f"{day:%Y-%m-%d} ({day:%A}) is not a date of the series",
        nearest(series, wall.replace(tzinfo=zone), recurrence.exceptions),
    )
    return None


def nearest(series: Expansion, wall: datetime, excepted: tuple[datetime, ...]) -> str:
    """The occurrences either side of `wall` (not excepted), as a hint names them."""
    before, after = series.before(wall), series.after(wall)
    while before is not None and before.replace(tzinfo=None) in excepted:
        before = series.before(before)
    while after is not None and after.replace(tzinfo=None) in excepted:
        after = series.after(after)
    found = [f"{w:%Y-%m-%d} ({w:%A})" for w in (before, after) if w is not None]
    if not found:
        return "the series has no other occurrence"
    return "the nearest occurrences are " + " and ".join(found)


def _when(
    findings: Findings,
    where: TablePath,
    table: Mapping[str, object],
    original: datetime,
    timed: Timed,
) -> Timed | None:
    """The occurrence's own time: its start (a time is on the original day), then its end
    from `end` or `duration` if given, else the series' length (exact, as RFC 5545 gives
    every occurrence DTEND minus DTSTART)."""
    written = table.get("start")
    match written:
        case datetime():
            moved = written
        case time():
            moved = datetime.combine(original.date(), written)
        case _:
            moved = original
    start = local(findings, where, "start", moved, timed.zone)
    if start is None:
        return None
    zone = load_zone(timed.zone)
    start = start.astimezone(zone)
    if "end" in table or "duration" in table:
        if "end" in table and "duration" in table:
            findings.error(
                Code.END_AND_DURATION,
                where,
                "duration",
                "give either end or duration, not both",
                "remove one of them",
            )
            return None
        end = timed_end(findings, where, table, moved, start, timed.zone)
        if end is None:
            return None
    elif timed.end is None:
        end = None
    else:
        length = timed.end.astimezone(UTC) - timed.start.astimezone(UTC)
        end = (start.astimezone(UTC) + length).astimezone(zone)
    return Timed(start, end, timed.zone, zone_assumed=timed.zone_assumed)
