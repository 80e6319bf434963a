"""Warnings about the catalogue as a whole, once every event is known: what a new user
would not see until a subscriber complained.

- events over before `check --today`, series included once their last occurrence is;
- a `private` table on an event that no private audience receives (no feed carries it);
- events in no region's feed while regions are declared (said once, with their ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from calfeed.catalogue.findings import Findings
from calfeed.errors import Code
from calfeed.model import AllDay, Audience, Event, Region, Timed
from calfeed.occurrences import occurrences


def advise(
    findings: Findings,
    events: tuple[Event, ...],
    audiences: Mapping[str, Audience],
    regions: Mapping[str, Region],
) -> None:
    """Every catalogue-wide warning, in one call from the loader."""
    if findings.today is not None:
        _past(findings, events, findings.today)
    _private_unreceived(findings, events, audiences)
    _without_region(findings, events, regions)


def _past(findings: Findings, events: tuple[Event, ...], today: date) -> None:
    """Events that ended before `today` (`check --today`): still in the feeds, but perhaps
    left over, or given the wrong year. A series is over once its last occurrence is; one
    that never ends never is."""
    for item in events:
        day = _last_day(item)
        if day is not None and day < today:
            findings.warn(
                Code.PAST,
                ("events", item.id),
                None,
                f"the event is over: it ended on {day.isoformat()}, before {today.isoformat()}",
                "check the year, or remove it once subscribers no longer need it "
                '(status = "cancelled" first, so calendars drop it cleanly)',
            )


def _last_day(item: Event) -> date | None:
    """The last day the event (or its series' last occurrence) takes place."""
    series = item.recurrence
    if series is not None and not any(p in series.rule for p in ("COUNT=", "UNTIL=")):
        return None
    last = None
    for last in occurrences(item):  # noqa: B007 (the last one is wanted)
        pass
    match last:
        case Timed(start=start, end=end):
            final = end or start
            day = final.date()
            if end is not None and final.time() == datetime.min.time():
                day -= timedelta(days=1)  # ending at midnight: the day before was the last
            return day
        case AllDay(last=day):
            return day
        case _:
            return None


def _private_unreceived(
    findings: Findings, events: tuple[Event, ...], audiences: Mapping[str, Audience]
) -> None:
    private = {key for key, audience in audiences.items() if audience.private}
    for item in events:
        if item.private and not item.audiences & private:
            findings.warn(
                Code.PRIVATE_UNRECEIVED,
                ("events", item.id, "private"),
                None,
                "the event's private details reach no feed: none of its audiences is private",
                "add a private audience to the event's audiences"
                + (f" ({', '.join(sorted(private))})" if private else "")
                + ", or remove the private table",
            )


def _without_region(
    findings: Findings, events: tuple[Event, ...], regions: Mapping[str, Region]
) -> None:
    if not regions:
        return
    alone = [e.id for e in events if e.scheduled and not e.regions]
    if alone:
        findings.warn(
            Code.NO_REGION,
            ("regions", next(iter(regions))),
            None,
            f"{len(alone)} event(s) in no region, so in no region's feed: {', '.join(alone)}",
            "give each of them regions = [...], if subscribers of a region should see it",
        )
