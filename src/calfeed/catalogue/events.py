"""One `[events.<id>]` table: its time, then the rules that need it (announced, sessions,
recurrence), then links, references, text and private details.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from calfeed.catalogue import details, fields, values
from calfeed.catalogue.announced import announced_all_day, check_announced, read_announced
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.overrides import with_overrides
from calfeed.catalogue.recurrence import day_recurrence, rule_form, rule_text, timed_recurrence
from calfeed.catalogue.sessions import session_forms, sessions, sessions_needing_time
from calfeed.catalogue.tables import ZoneDefault
from calfeed.catalogue.times import event_when
from calfeed.errors import Code
from calfeed.model import (
    AllDay,
    Audience,
    Event,
    Region,
    Status,
    Timed,
    Undated,
    When,
)
from calfeed.occurrences.outdated import outdated_words


@dataclass(frozen=True)
class References:
    """What events may refer to: the declared audiences, regions and tags."""

    audiences: Mapping[str, Audience]
    regions: Mapping[str, Region]
    tags: Mapping[str, str]

    def audiences_of(
        self, findings: Findings, where: TablePath, table: Mapping[str, object]
    ) -> frozenset[str]:
        """The event's audiences; none named means every public one."""
        if "audiences" not in table:
            return frozenset(k for k, a in self.audiences.items() if not a.private)
        named = values.strings_of(table, "audiences")
        return values.references(findings, where, "audiences", named, self.audiences, "audiences")


def event(
    findings: Findings, key: str, raw: object, default: ZoneDefault, refs: References
) -> Event | None:
    """The event, or None when its table is not even a table (reported)."""
    where: TablePath = ("events", key)
    table = values.table_entry(findings, where, key, raw, fields.EVENT)
    if table is None:
        return None
    given = frozenset(raw) if isinstance(raw, dict) else frozenset()
    status = details.status(findings, where, table.get("status", "confirmed"))
    when = event_when(findings, where, table, given, default)
    when = _with_series(findings, where, table, given, when)
    if "start" not in given and status is not Status.TENTATIVE:
        findings.error(
            Code.MISSING_KEY,
            where,
            None,
            "missing required key 'start'",
            'add start = ..., or mark an event with no date status = "tentative"',
        )
    texts = {
        k: values.text(findings, where, k, table.get(k, ""), one_line=k != "description")
        for k in ("title", "location", "description")
    }
    links = {
        k: values.url(findings, where, k, value) if isinstance(value := table.get(k), str) else None
        for k in ("registration", "url", "online")
    }
    if "start" in given and status is not Status.CANCELLED and not any(links.values()):
        findings.warn(
            Code.NO_LINK,
            where,
            None,
            "no registration, url or online link: subscribers have nowhere to click",
            'add registration = "https://..." (or url, or online) when there is one',
        )
    built = Event(
        id=key,
        title=texts["title"],
        when=when,
        hosts=values.lines(findings, where, table, "hosts"),
        location=texts["location"],
        registration=links["registration"],
        url=links["url"],
        online=links["online"],
        audiences=refs.audiences_of(findings, where, table),
        regions=values.references(
            findings, where, "regions", values.strings_of(table, "regions"), refs.regions, "regions"
        ),
        tags=tuple(
            sorted(
                values.references(
                    findings, where, "tags", values.strings_of(table, "tags"), refs.tags, "tags"
                )
            )
        ),
        status=status or Status.CONFIRMED,
        languages=details.languages(findings, where, table),
        description=texts["description"],
        private=details.private(findings, where, table),
    )
    _zone_changed(findings, where, built)
    return with_overrides(findings, where, table, built)


def _zone_changed(findings: Findings, where: TablePath, event: Event) -> None:
    """Calendar apps place a TZID they know with their own zone data; where tzdata changed
    recently an out-of-date one shows the event at another time, which nothing in the
    catalogue can fix, but the organiser should know."""
    if not isinstance(event.when, Timed):
        return
    words = outdated_words(event)
    if words is None:
        return
    findings.warn(
        Code.ZONE_CHANGED_RECENTLY,
        where,
        "timezone",
        f"{event.when.zone} changed recently: {words[0].lower()}{words[1:]}",
        "nothing to fix here: the description tells subscribers, whose calendar apps need "
        "up-to-date zone data",
    )


def _with_series(
    findings: Findings,
    where: TablePath,
    table: Mapping[str, object],
    given: frozenset[str],
    when: When,
) -> When:
    """The time with what hangs on it: announced checks, sessions and the series. What
    can be checked without a good time (the announced strings, the rule, the sessions'
    keys) is checked whatever the time, so fixing it reveals nothing new."""
    told = read_announced(findings, where, table)
    match when:
        case Timed():
            end_given = "end" in given or "duration" in given
            timed = dataclasses.replace(
                when,
                recurrence=timed_recurrence(findings, where, table, when),
                sessions=sessions(findings, where, table, when),
            )
            check_announced(findings, where, told, timed, end_given=end_given)
            return timed
        case AllDay():
            announced_all_day(findings, where, told)
            recurrence = day_recurrence(findings, where, table, when)
            sessions_needing_time(findings, where, table)
            session_forms(findings, where, table)
            return dataclasses.replace(when, recurrence=recurrence)
        case Undated():
            if isinstance(table.get("start"), datetime):  # a start that names no instant
                rule_form(findings, where, table)
            else:
                rule_text(findings, where, table)  # `except` without `repeat` is still wrong
            session_forms(findings, where, table)
            return when
