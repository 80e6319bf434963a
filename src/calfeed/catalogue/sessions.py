"""Agenda items: local times on the event's own day, in its zone, inside its time."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, time

from calfeed.catalogue import fields, values
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.times import local
from calfeed.errors import Code
from calfeed.model import Session, Timed
from calfeed.tz import load_zone


def sessions_needing_time(
    findings: Findings, where: TablePath, table: Mapping[str, object]
) -> None:
    """Sessions of an all-day event have no zone to be read in."""
    if table.get("sessions"):
        findings.error(
            Code.SESSIONS_NEED_TIME,
            where,
            "sessions",
            "sessions need the event to have a start time and zone",
        )


def session_forms(findings: Findings, where: TablePath, table: Mapping[str, object]) -> None:
    """The keys and types of each session of an event with no good start time: problems
    of their own, reported now rather than once the start is fixed."""
    items = table.get("sessions", [])
    assert isinstance(items, list)
    for number, raw in enumerate(items):
        values.shape(findings, (*where, "sessions", number), raw, fields.SESSION)


def sessions(
    findings: Findings, where: TablePath, table: Mapping[str, object], timed: Timed
) -> tuple[Session, ...]:
    """Each `[[events.<id>.sessions]]` table, its times on the event's local day."""
    items = table.get("sessions", [])
    assert isinstance(items, list)
    day = timed.start.astimezone(load_zone(timed.zone)).date()
    found = []
    for number, raw in enumerate(items):
        inner: TablePath = (*where, "sessions", number)
        item = values.shape(findings, inner, raw, fields.SESSION)
        start_time, end_time = item.get("start"), item.get("end")
        if not isinstance(start_time, time) or not isinstance(end_time, time):
            continue
        begin = local(
            findings, inner, "start", datetime.combine(day, start_time), timed.zone, pinnable=False
        )
        finish = local(
            findings, inner, "end", datetime.combine(day, end_time), timed.zone, pinnable=False
        )
        if begin is None or finish is None:
            continue
        if finish.astimezone(UTC) <= begin.astimezone(UTC):
            findings.error(
                Code.END_BEFORE_START,
                inner,
                "end",
                f"session end ({end_time:%H:%M}) is not after its start ({start_time:%H:%M})",
                "check the times",
            )
            continue
        if begin.astimezone(UTC) < timed.start.astimezone(UTC) or (
            timed.end is not None and finish.astimezone(UTC) > timed.end.astimezone(UTC)
        ):
            findings.warn(
                Code.SESSION_OUTSIDE_EVENT,
                inner,
                "start",
                f"session {item.get('title', '')!r} runs outside its event's time",
                "check the session or the event times",
            )
        found.append(_session(findings, inner, item, begin, finish))
    return tuple(found)


def _session(
    findings: Findings, where: TablePath, item: Mapping[str, object], begin: datetime, end: datetime
) -> Session:
    moderator = item.get("moderator")
    return Session(
        title=values.text(findings, where, "title", item.get("title", ""), one_line=True),
        start=begin,
        end=end,
        moderator=values.text(findings, where, "moderator", moderator, one_line=True)
        if moderator is not None
        else None,
        speakers=values.lines(findings, where, item, "speakers"),
        commentators=values.lines(findings, where, item, "commentators"),
        description=values.text(
            findings, where, "description", item.get("description", ""), one_line=False
        ),
    )
