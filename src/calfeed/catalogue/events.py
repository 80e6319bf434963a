"""Validating one event: its times through `resolve_local_time`, what was announced,
sessions, recurrence, links, references and private details.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from dateutil.rrule import rrulestr

from calfeed.catalogue import fields
from calfeed.catalogue.announced import AnnouncedError, format_offset, parse_announced
from calfeed.catalogue.fields import Kind
from calfeed.catalogue.source import TablePath
from calfeed.catalogue.values import Loader, nominal_and_exact, strings_of
from calfeed.model import (
    Audience,
    CalendarInfo,
    Event,
    Recurrence,
    Region,
    Session,
    Status,
)
from calfeed.tz.zones import (
    LocalTimeError,
    load_zone,
    resolve_local_time,
)

_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_RECURRENCE_PROBE = 1000
"""Occurrences of a `repeat` rule checked for gaps and folds: years of weekly meetings."""


class EventLoader(Loader):
    """Adds the rules of `[events.<id>]` tables to the shared checks."""

    def event(
        self, key: str, raw: object, calendar: CalendarInfo, refs: References
    ) -> Event | None:
        where: TablePath = ("events", key)
        table = self.table_entry(where, key, raw, fields.EVENT)
        if table is None:
            return None
        given = frozenset(raw) if isinstance(raw, dict) else frozenset()
        status = self.status(where, table.get("status", "confirmed"))
        zone, assumed = self.event_zone(where, given, table, calendar)
        start = self.start(where, table, zone)
        end = self.end(where, table, start, zone, start_given="start" in given)
        if "start" not in given and status is not Status.TENTATIVE:
            self.error(
                "missing-key",
                where,
                None,
                "missing required key 'start'",
                'add start = ..., or mark an event with no date status = "tentative"',
            )
        if isinstance(start, datetime):
            self.announced(where, table, start, end)
        audiences = refs.audiences_of(self, where, table)
        texts = {
            k: self.text(where, k, table.get(k, ""), one_line=k != "description")
            for k in ("title", "location", "description")
        }
        links = {
            k: self.url(where, k, value) if isinstance(value := table.get(k), str) else None
            for k in ("registration", "url", "online")
        }
        if "start" in given and status is not Status.CANCELLED and not any(links.values()):
            self.warn(
                "no-link",
                where,
                None,
                "no registration, url or online link: subscribers have nowhere to click",
                'add registration = "https://..." (or url, or online) when there is one',
            )
        return Event(
            id=key,
            line=self.index.line_of(where) or 0,
            title=texts["title"],
            start=start,
            end=end,
            zone=zone if isinstance(start, datetime) else None,
            zone_assumed=assumed and isinstance(start, datetime),
            hosts=self.lines(where, table, "hosts"),
            location=texts["location"],
            registration=links["registration"],
            url=links["url"],
            online=links["online"],
            audiences=audiences,
            regions=self.keys(
                where, "regions", strings_of(table, "regions"), refs.regions, "regions"
            ),
            tags=tuple(
                sorted(self.keys(where, "tags", strings_of(table, "tags"), refs.tags, "tags"))
            ),
            status=status or Status.CONFIRMED,
            languages=self.languages(where, table),
            description=texts["description"],
            recurrence=self.recurrence(where, table, start, zone),
            sessions=self.sessions(where, table, start, end, zone),
            private=self.private(where, table),
        )

    def lines(self, where: TablePath, table: Mapping[str, object], key: str) -> tuple[str, ...]:
        values = table.get(key, [])
        assert isinstance(values, list)
        return tuple(self.text(where, key, v, one_line=True) for v in values)

    def status(self, where: TablePath, value: object) -> Status | None:
        try:
            return Status(value)
        except ValueError:
            close = difflib.get_close_matches(str(value), [s.value for s in Status], n=1)
            self.error(
                "bad-status",
                where,
                "status",
                f"status must be {Kind.STATUS.value}, not {value!r}",
                f"did you mean {close[0]!r}?" if close else None,
            )
            return None

    def event_zone(
        self,
        where: TablePath,
        given: frozenset[str],
        table: Mapping[str, object],
        calendar: CalendarInfo,
    ) -> tuple[str | None, bool]:
        name = table.get("timezone")
        if isinstance(name, str):
            return self.zone(where, "timezone", name), False
        if "timezone" in given:  # present but mistyped: already reported
            return None, False
        start = table.get("start")
        if isinstance(start, datetime):
            if calendar.default_zone is None:
                self.error(
                    "missing-zone",
                    where,
                    "start",
                    "the event has a time but no zone, and [calendar] sets no default",
                    'add timezone = "Area/City" (an IANA name) to the event',
                )
                return None, False
            self.warn(
                "assumed-zone",
                where,
                "start",
                f"no timezone given: assumed {calendar.default_zone} (the calendar default)",
                f'if that is right, say so: timezone = "{calendar.default_zone}"',
            )
            return calendar.default_zone, True
        return None, False

    def local(
        self, where: TablePath, key: str, value: datetime, zone: str, *, pinnable: bool = True
    ) -> datetime | None:
        """The single door from catalogue wall time to instant, with findings for gaps,
        folds and pinned offsets that disagree with the zone. `pinnable` is False where
        the catalogue cannot take an offset (session times)."""
        try:
            return resolve_local_time(value.replace(tzinfo=None), zone, value.utcoffset())
        except LocalTimeError as problem:
            self.error(
                f"local-time-{problem.kind}",
                where,
                key,
                f"{key} {problem}",
                _local_time_hint(problem, key if pinnable else None),
            )
            return None

    def start(
        self, where: TablePath, table: Mapping[str, object], zone: str | None
    ) -> datetime | date | None:
        value = table.get("start")
        if not isinstance(value, date):
            return None
        if not isinstance(value, datetime):
            return value
        return self.local(where, "start", value, zone) if zone else None

    def end(
        self,
        where: TablePath,
        table: Mapping[str, object],
        start: datetime | date | None,
        zone: str | None,
        *,
        start_given: bool,
    ) -> datetime | date | None:
        value, duration = table.get("end"), table.get("duration")
        if value is not None and duration is not None:
            self.error(
                "end-and-duration",
                where,
                "duration",
                "give either end or duration, not both",
                "remove one of them",
            )
            return None
        if start is None:
            if not start_given and (value is not None or duration is not None):
                self.error(
                    "end-without-start",
                    where,
                    "end" if value is not None else "duration",
                    "the event has an end but no start",
                    "add start = ...",
                )
            return None
        end: datetime | date | None = None
        if isinstance(duration, str):
            length = self.duration(where, "duration", duration)
            if length is None:
                return None
            end = self.after(where, start, duration, zone)
            if end is None:
                return None
            if not isinstance(start, datetime) and length % timedelta(days=1):
                self.error(
                    "bad-duration",
                    where,
                    "duration",
                    "an all-day event's duration must be whole days",
                    "give start a time, or use whole days (P2D)",
                )
                return None
            if not isinstance(start, datetime):
                end -= timedelta(days=1)  # `end` of an all-day event is its last day
        elif value is None:
            return None
        elif isinstance(start, datetime):
            end = self.timed_end(where, value, start, zone)
        elif isinstance(value, datetime) or not isinstance(value, date):
            self.error(
                "wrong-type",
                where,
                "end",
                "an all-day event's end must be a date (its last day)",
                "write end = YYYY-MM-DD, or give start a time",
            )
            return None
        else:
            end = value
        if end is not None and (
            _utc_order(end) <= _utc_order(start) if isinstance(start, datetime) else end < start
        ):
            self.error(
                "end-before-start",
                where,
                "end" if value is not None else "duration",
                f"end ({_show(end)}) is not after start ({_show(start)})",
                "an all-day event's end is its last day, inclusive"
                if not isinstance(start, datetime)
                else "check the times and the date",
            )
            return None
        return end

    def after(
        self, where: TablePath, start: datetime | date, duration: str, zone: str | None
    ) -> datetime | date | None:
        """`start + duration` as RFC 5545 3.3.6 means it: weeks and days are nominal (the
        same wall time on a later day), hours, minutes and seconds exact (elapsed time),
        so PT2H is two hours and PT24H a day's worth of hours even across a DST change."""
        days, exact = nominal_and_exact(duration)
        if not isinstance(start, datetime) or zone is None:
            return start + days + exact
        if days:
            wall = start.astimezone(load_zone(zone)).replace(tzinfo=None) + days
            moved = self.local(where, "duration", wall, zone)
            if moved is None:
                return None
            start = moved
        return (start.astimezone(UTC) + exact).astimezone(load_zone(zone))

    def timed_end(
        self, where: TablePath, value: object, start: datetime, zone: str | None
    ) -> datetime | None:
        if zone is None:
            return None
        if isinstance(value, time):
            if value.tzinfo is not None:
                self.error("wrong-type", where, "end", "end times take no offset")
                return None
            wall = datetime.combine(start.astimezone(load_zone(zone)).date(), value)
            return self.local(where, "end", wall, zone)
        if isinstance(value, datetime):
            return self.local(where, "end", value, zone)
        self.error(
            "wrong-type",
            where,
            "end",
            "a timed event's end must be a time or a date-time, not a date",
            "write end = 13:45:00",
        )
        return None

    def announced(
        self,
        where: TablePath,
        table: Mapping[str, object],
        start: datetime,
        end: datetime | date | None,
    ) -> None:
        for text in table.get("announced", []):  # type: ignore[attr-defined]
            try:
                told = parse_announced(text)
            except AnnouncedError as problem:
                self.error("bad-announced", where, "announced", str(problem), problem.hint)
                continue
            pairs: list[tuple[str, datetime, time]] = [("start", start, told.start)]
            if told.end is not None:
                if not isinstance(end, datetime):
                    self.error(
                        "announced-mismatch",
                        where,
                        "announced",
                        f"announced {text!r} gives an end, but the event has none",
                        "add end = ... to the event",
                    )
                    continue
                pairs.append(("end", end, told.end))
            for what, instant, wall in pairs:
                ours = told.local_of(instant)
                day = told.day if told.day is not None and what == "start" else ours.date()
                if what == "end" and told.day is not None:
                    day = told.day if wall >= told.start else told.day + timedelta(days=1)
                try:
                    theirs = told.instant(day, wall)
                except LocalTimeError as problem:
                    self.error(
                        "bad-announced",
                        where,
                        "announced",
                        f"announced {text!r}: {problem}",
                        "add the UTC offset instead",
                    )
                    break
                if theirs != instant:
                    self.error(
                        "announced-mismatch",
                        where,
                        "announced",
                        f"{what} disagrees with announced {text!r}: the catalogue says "
                        f"{ours:%Y-%m-%d %H:%M} {told.label()} ({_utc(instant)}), the "
                        f"announcement {theirs.astimezone(ours.tzinfo):%Y-%m-%d %H:%M} "
                        f"{told.label()} ({_utc(theirs)})",
                        _mismatch_hint(instant, theirs, datetime.combine(day, wall)),
                    )
                    break

    def languages(self, where: TablePath, table: Mapping[str, object]) -> tuple[str, ...]:
        tags = self.lines(where, table, "languages")
        for tag in tags:
            if not _LANGUAGE.match(tag):
                self.error(
                    "bad-language",
                    where,
                    "languages",
                    f"{tag!r} is not a BCP 47 language tag",
                    'write e.g. "en" or "zh"',
                )
        return tags

    def private(self, where: TablePath, table: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
        details = table.get("private", {})
        assert isinstance(details, dict)
        pairs: list[tuple[str, str]] = []
        inner = (*where, "private")
        for key, value in details.items():
            if isinstance(value, str):
                pairs.append((key, self.text(inner, key, value, one_line=False)))
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                pairs.append(
                    (key, "\n".join(self.text(inner, key, v, one_line=True) for v in value))
                )
            else:
                self.error(
                    "wrong-type",
                    inner,
                    key,
                    f"private detail {key!r} must be a string or an array of strings",
                )
        return tuple(pairs)

    def sessions(
        self,
        where: TablePath,
        table: Mapping[str, object],
        start: datetime | date | None,
        end: datetime | date | None,
        zone: str | None,
    ) -> tuple[Session, ...]:
        items = table.get("sessions", [])
        assert isinstance(items, list)
        if not items:
            return ()
        if not (isinstance(start, datetime) and zone):
            if start is not None:
                self.error(
                    "sessions-need-time",
                    where,
                    "sessions",
                    "sessions need the event to have a start time and zone",
                )
            return ()
        assert isinstance(start, datetime)
        assert zone is not None
        day = start.astimezone(load_zone(zone)).date()
        sessions = []
        for number, raw in enumerate(items):
            inner: TablePath = (*where, "sessions", number)
            item = self.shape(inner, raw, fields.SESSION)
            if not isinstance(item.get("start"), time) or not isinstance(item.get("end"), time):
                continue
            start_time, end_time = item["start"], item["end"]
            assert isinstance(start_time, time)
            assert isinstance(end_time, time)
            begin = self.local(
                inner, "start", datetime.combine(day, start_time), zone, pinnable=False
            )
            finish = self.local(inner, "end", datetime.combine(day, end_time), zone, pinnable=False)
            if begin is None or finish is None:
                continue
            if finish.astimezone(UTC) <= begin.astimezone(UTC):
                self.error(
                    "end-before-start",
                    inner,
                    "end",
                    f"session end ({end_time:%H:%M}) is not after its start ({start_time:%H:%M})",
                    "check the times",
                )
                continue
            if begin.astimezone(UTC) < start.astimezone(UTC) or (
                isinstance(end, datetime) and finish.astimezone(UTC) > end.astimezone(UTC)
            ):
                self.warn(
                    "session-outside-event",
                    inner,
                    "start",
                    f"session {item.get('title', '')!r} runs outside its event's time",
                    "check the session or the event times",
                )
            sessions.append(
                Session(
                    title=self.text(inner, "title", item.get("title", ""), one_line=True),
                    start=begin,
                    end=finish,
                    moderator=self.text(inner, "moderator", item["moderator"], one_line=True)
                    if "moderator" in item
                    else None,
                    speakers=self.lines(inner, item, "speakers"),
                    commentators=self.lines(inner, item, "commentators"),
                    description=self.text(
                        inner, "description", item.get("description", ""), one_line=False
                    ),
                )
            )
        return tuple(sessions)

    def recurrence(
        self,
        where: TablePath,
        table: Mapping[str, object],
        start: datetime | date | None,
        zone: str | None,
    ) -> Recurrence | None:
        rule = table.get("repeat")
        if isinstance(rule, str):
            rule = self.text(where, "repeat", rule, one_line=True)
        if not isinstance(rule, str):
            for key in ("except", "also"):
                if key in table:
                    self.error(
                        "dates-without-repeat",
                        where,
                        key,
                        f"{key!r} needs a repeat rule",
                        "add repeat = ... or remove it",
                    )
            return None
        if start is None:
            return None
        rule = rule.removeprefix("RRULE:")
        timed = isinstance(start, datetime) and zone is not None
        problem = _rule_problem(rule, timed=timed)
        if problem is None:
            first = (
                start.astimezone(load_zone(zone))
                if isinstance(start, datetime) and zone
                else datetime.combine(_day(start), time())
            )
            try:
                occurrences = rrulestr(f"RRULE:{rule}", dtstart=first, cache=False)
            except (ValueError, TypeError) as error:
                problem = str(error)
        if problem is not None:
            self.error(
                "bad-repeat",
                where,
                "repeat",
                f"repeat {rule!r} is not a valid RRULE: {problem}",
                'write e.g. "FREQ=WEEKLY;BYDAY=WE;COUNT=6"',
            )
            return None
        skipped = {_wall(d, start, zone) for d in _dates(table, "except")}
        if isinstance(start, datetime) and zone:
            self.occurrences_exist(where, occurrences, zone, skipped)
        dates = {
            k: tuple(
                when
                for d in _dates(table, k)
                for when in self.occurrence_date(where, k, d, zone, start)
            )
            for k in ("except", "also")
        }
        return Recurrence(rule, dates["except"], dates["also"])

    def occurrences_exist(
        self, where: TablePath, occurrences: Iterable[datetime], zone: str, skipped: set[datetime]
    ) -> None:
        """Every occurrence of a timed series must name one instant, unless skipped."""
        for count, when in enumerate(occurrences):
            wall = when.replace(tzinfo=None)
            if count >= _RECURRENCE_PROBE:
                break
            if wall in skipped:
                continue
            try:
                resolve_local_time(wall, zone)
            except LocalTimeError as problem:
                self.error(
                    f"local-time-{problem.kind}",
                    where,
                    "repeat",
                    f"an occurrence of repeat: {problem}",
                    f"skip it with except = [{wall:%Y-%m-%d}], or move the series",
                )

    def occurrence_date(
        self, where: TablePath, key: str, value: date, zone: str | None, start: datetime | date
    ) -> tuple[datetime | date, ...]:
        """The instants an `except` or `also` entry names (none if it is wrong)."""
        if isinstance(start, datetime) and zone:
            wall = _wall(value, start, zone)
            if key == "except":
                try:
                    return (
                        resolve_local_time(
                            wall, zone, value.utcoffset() if isinstance(value, datetime) else None
                        ),
                    )
                except LocalTimeError as problem:
                    if problem.kind == "gap":
                        # The series' own occurrence in a gap: RFC 5545 3.3.5 reads it with
                        # the offset before the change (the later wall time), ical.js,
                        # icalendar and ical with the offset after. Exclude both readings:
                        # the wall time as written, and the RFC's instant.
                        return (wall.replace(tzinfo=load_zone(zone)), problem.candidates[-1])
            resolved = self.local(where, key, value if isinstance(value, datetime) else wall, zone)
            return (resolved,) if resolved is not None else ()
        if isinstance(value, datetime):
            self.error("wrong-type", where, key, f"{key!r} of an all-day event takes dates")
            return ()
        return (value,)


@dataclass(frozen=True)
class References:
    """What events may refer to."""

    audiences: Mapping[str, Audience]
    regions: Mapping[str, Region]
    tags: Mapping[str, str]

    def audiences_of(
        self, loader: Loader, where: TablePath, table: Mapping[str, object]
    ) -> frozenset[str]:
        if "audiences" not in table:
            return frozenset(k for k, a in self.audiences.items() if not a.private)
        named = table["audiences"]
        assert isinstance(named, list)
        return loader.keys(where, "audiences", named, self.audiences, "audiences")


def _utc_order(value: datetime | date) -> datetime | date:
    """Comparable by instant: datetimes sharing a tzinfo compare by wall clock in Python,
    which is wrong across a DST fold."""
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def _wall(value: date, start: datetime | date, zone: str | None) -> datetime:
    """An `except`/`also` entry as the wall time it names: a bare date takes the series'
    own time of day."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    if isinstance(start, datetime) and zone:
        return datetime.combine(value, start.astimezone(load_zone(zone)).time())
    return datetime.combine(value, time())


def _dates(table: Mapping[str, object], key: str) -> list[date]:
    value = table.get(key, [])
    assert isinstance(value, list)
    return [d for d in value if isinstance(d, date)]


_RULE_PART = re.compile(r"^[A-Z]+=[^;=]+$")


def _rule_problem(rule: str, *, timed: bool) -> str | None:
    """What RFC 5545 3.3.10 forbids that dateutil lets through, or None."""
    parts = rule.upper().split(";")
    if not all(_RULE_PART.match(p) for p in parts):
        return "write NAME=VALUE pairs separated by ;"
    named = dict(p.split("=", 1) for p in parts)
    if "COUNT" in named and "UNTIL" in named:
        return "COUNT and UNTIL cannot both be given"
    until = named.get("UNTIL")
    if until is not None and timed and not re.fullmatch(r"\d{8}T\d{6}Z", until):
        return "a timed event's UNTIL must be a UTC date-time such as 20211231T235959Z"
    if until is not None and not timed and not re.fullmatch(r"\d{8}", until):
        return "an all-day event's UNTIL must be a date such as 20211231"
    return None


def _show(value: datetime | date) -> str:
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d %H:%M} {format_offset(value.utcoffset() or timedelta())}"
    return value.isoformat()


def _utc(instant: datetime) -> str:
    return f"{instant.astimezone(load_zone('UTC')):%Y-%m-%d %H:%MZ}"


def _local_time_hint(problem: LocalTimeError, key: str | None) -> str:
    """Both candidate instants, and the form that pins one where the key can take it."""
    wall = problem.local
    if problem.kind == "fold":
        first, second = problem.candidates
        either = f"it is either {_utc(first)} or {_utc(second)}"
        if key is None:
            return f"{either}: move the session off the repeated hour"
        return (
            f"{either}: pin one with an offset, {key} = {wall:%Y-%m-%dT%H:%M:%S}"
            f"{_iso_offset(first)} or ...{_iso_offset(second)}"
        )
    if problem.kind == "gap":
        early, late = problem.candidates
        return (
            f"the nearest real times are {early:%Y-%m-%d %H:%M} {early:%Z} ({_utc(early)}) and "
            f"{late:%Y-%m-%d %H:%M} {late:%Z} ({_utc(late)}): write the time that was meant"
        )
    if len(problem.candidates) == 1:
        offset = _iso_offset(problem.candidates[0])
        return f"{problem.zone} is at {offset} then: write {wall:%Y-%m-%dT%H:%M:%S}{offset}"
    offsets = " or ".join(_iso_offset(real) for real in problem.candidates)
    return f"{problem.zone} is at {offsets} then: write one of them"


def _iso_offset(value: datetime) -> str:
    return value.strftime("%z")[:3] + ":" + value.strftime("%z")[3:]


def _mismatch_hint(ours: datetime, theirs: datetime, announced_wall: datetime) -> str:
    """How far apart the two are, and the UTC offset that would make the announced wall
    time name the catalogue's instant (often the announcement's real zone)."""
    gap = theirs - ours
    later = "later" if gap > timedelta() else "earlier"
    hint = (
        f"the announcement is {_span(abs(gap))} {later}: check the event's date, time and "
        "timezone, or the announced zone"
    )
    agree = announced_wall - ours.astimezone(UTC).replace(tzinfo=None)
    if abs(agree) <= timedelta(hours=14):
        hint += f"; the two agree if the announced time is {format_offset(agree)}"
    return hint


def _span(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h" + (f" {rest} min" if rest else "") if hours else f"{rest} min"
