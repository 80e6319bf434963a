"""The catalogue as validated, frozen values.

The loader (`calfeed.catalogue`) is the only place that builds these; everything downstream
reads them and can trust them: every zone is a real tzdata zone, every local time has been
through `tz.resolve_local_time`, every reference points at a declared key.

An event's time is one of three shapes, `Timed`, `AllDay` or `Undated`, handled with
`match`, so the type checker sees every case where a module forgets one.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import Enum
from pathlib import Path
from typing import TypeAlias

from calfeed.errors import Finding

TextPath: TypeAlias = tuple[str, ...]
"""Where a text stands in the catalogue: its table's keys from the root, then its own
(`("events", "humen-summit-2022", "sessions", "0", "title")`)."""


class Status(Enum):
    """RFC 5545 STATUS values an organiser may set."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class CalendarInfo:
    """The `[calendar]` table: what every feed says about itself."""

    name: str
    description: str
    uid_domain: str
    url: str | None
    """Where the output folder is published, ending in `/` (also `--base-url`)."""
    service: str | None
    """Where the filtered-feed web app answers, ending in `/` (also `--service-url`)."""
    refresh: timedelta
    default_zone: str | None
    show_zones: tuple[str, ...]
    languages: tuple[str, ...] = ()
    """`[calendar] languages`: BCP 47 tags, the default first; empty when the catalogue
    declares none (then feeds say no language at all, as before languages existed)."""

    @property
    def default_language(self) -> str | None:
        """The language of the feeds at the top of the output folder."""
        return self.languages[0] if self.languages else None


@dataclass(frozen=True)
class Audience:
    """Who an event is for; each audience gets a feed."""

    key: str
    name: str
    description: str
    private: bool
    """Its feeds may carry private details and are never written to the public folder."""


@dataclass(frozen=True)
class Region:
    """Where an event matters; each region gets a feed showing times in its zones."""

    key: str
    name: str
    description: str
    zones: tuple[str, ...]


@dataclass(frozen=True)
class FeedSpec:
    """A custom feed: events matching all of its filters (an empty filter matches all)."""

    key: str
    name: str
    description: str
    audiences: frozenset[str]
    regions: frozenset[str]
    tags: frozenset[str]


@dataclass(frozen=True)
class Session:
    """An agenda item inside an event, in the event's zone."""

    title: str
    start: datetime
    """Aware, in the event's zone."""
    end: datetime
    moderator: str | None
    speakers: tuple[str, ...]
    commentators: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class TimedRecurrence:
    """A timed series: an RRULE expanded in the event's zone, with its exceptions."""

    rule: str
    """RFC 5545 RRULE value, e.g. `FREQ=WEEKLY;BYDAY=WE;COUNT=6`, already validated."""
    exceptions: tuple[datetime, ...]
    """Naive wall times of the rule's own occurrences to leave out. An exception names an
    occurrence, not an instant: the rule's occurrence on a day the clocks skip (Samoa's
    2011-12-30) has no instant of its own, and its nominal instant is the next day's."""
    additions: tuple[datetime, ...]
    """Aware instants to add (RDATE)."""
    overrides: tuple[Override, ...] = ()
    """Changed occurrences (`[events.<id>.occurrences.<date>]`), in the order of the
    occurrences they change."""


@dataclass(frozen=True)
class Override:
    """One occurrence of a timed series as it now is: moved, retitled, or cancelled.

    It keeps the series' UID in every feed, so calendar apps replace the rule's occurrence
    with it (RFC 5545 3.8.4.4) rather than show both; a cancelled one stays, struck through."""

    original: datetime
    """Naive wall time, in the series' zone, of the rule's occurrence it replaces: what its
    RECURRENCE-ID says. An occurrence, not an instant, as an `except` is."""
    event: Event
    """The occurrence as a one-off event with the series' id: its own time (no recurrence),
    the keys the table changes and the series' for the rest."""


@dataclass(frozen=True)
class DayRecurrence:
    """An all-day series: an RRULE over dates."""

    rule: str
    exceptions: tuple[date, ...]
    additions: tuple[date, ...]


@dataclass(frozen=True)
class Timed:
    """An event at an instant, in its own IANA zone."""

    start: datetime
    """Aware, with the zone's own tzinfo."""
    end: datetime | None
    """Aware and exclusive; None when the announcement gave no end."""
    zone: str
    """IANA name of the event's zone (its TZID)."""
    zone_assumed: bool = False
    """The event named no zone and took the calendar default: said in its description."""
    recurrence: TimedRecurrence | None = None
    sessions: tuple[Session, ...] = ()


@dataclass(frozen=True)
class AllDay:
    """An event over whole days, which belong to no zone."""

    first: date
    last: date
    """The last day, inclusive (the feed writes the exclusive day after)."""
    recurrence: DayRecurrence | None = None


@dataclass(frozen=True)
class Undated:
    """A tentative event with no date yet: listed by `check` and the page, in no feed."""


When = Timed | AllDay | Undated


@dataclass(frozen=True)
class Event:
    """One catalogue event."""

    id: str
    title: str
    when: When
    hosts: tuple[str, ...]
    location: str
    registration: str | None
    url: str | None
    online: str | None
    audiences: frozenset[str]
    regions: frozenset[str]
    tags: tuple[str, ...]
    status: Status
    languages: tuple[str, ...]
    description: str
    private: tuple[tuple[str, str], ...]
    """Private details as (label, text) pairs, in catalogue order."""
    in_default_language: frozenset[str] = frozenset()
    """Which of `title`, `location` and `description` show the default language's text
    in a language that has no translation of it (`language.in_language`)."""

    @property
    def scheduled(self) -> bool:
        """False for tentative events with no date: listed, never put in a feed."""
        return not isinstance(self.when, Undated)

    @property
    def zone(self) -> str | None:
        """The event's own zone; None for all-day and undated events."""
        return self.when.zone if isinstance(self.when, Timed) else None

    @property
    def recurrence(self) -> TimedRecurrence | DayRecurrence | None:
        """The series rule, if the event repeats."""
        return None if isinstance(self.when, Undated) else self.when.recurrence


def feed_order(event: Event) -> tuple[datetime, str]:
    """Chronological by first instant (an all-day event from UTC midnight of its first
    day; an undated one last), then by id: stable across rebuilds."""
    match event.when:
        case Timed(start=start):
            return (start.astimezone(UTC), event.id)
        case AllDay(first=first):
            return (datetime.combine(first, time(), tzinfo=UTC), event.id)
        case Undated():
            return (datetime.max.replace(tzinfo=UTC), event.id)


@dataclass(frozen=True)
class Catalogue:
    """A whole validated `events.toml`."""

    path: Path
    calendar: CalendarInfo
    audiences: dict[str, Audience] = field(hash=False)
    regions: dict[str, Region] = field(hash=False)
    feeds: dict[str, FeedSpec] = field(hash=False)
    tags: dict[str, str] = field(hash=False)
    """Declared tags and their descriptions."""
    events: tuple[Event, ...]
    warnings: tuple[Finding, ...]
    """Findings of warning severity: the catalogue is usable, but someone should look."""
    schedule: tuple[Event, ...] = ()
    """The events with a date, in feed order (by first instant, then id): sorted once here,
    since every feed of a build is a part of it in this order."""
    language: str | None = None
    """The language this catalogue's texts are in (`language.in_language` gives each
    declared one); None when it declares no languages."""
    translations: Mapping[str, Mapping[TextPath, str]] = field(
        default_factory=dict, hash=False, compare=False
    )
    """Each language but the default: the texts given by language, by where they stand
    (`("events", "<id>", "title")`), a missing translation already filled with the
    default's. The model's own strings are the default language's."""
    fallbacks: Mapping[str, frozenset[TextPath]] = field(
        default_factory=dict, hash=False, compare=False
    )
    """Each language but the default: where its texts are the default's, for want of a
    translation (they are said to be in the default language)."""

    @functools.cached_property
    def private_audiences(self) -> frozenset[str]:
        """Keys of audiences whose feeds are never public (asked for every event of every
        feed, so worked out once)."""
        return frozenset(k for k, a in self.audiences.items() if a.private)


@dataclass(frozen=True)
class Stamp:
    """DTSTAMP, LAST-MODIFIED and SEQUENCE of one event: its history, which the renderer
    writes and the output layer carries from one build to the next."""

    dtstamp: datetime
    last_modified: datetime
    sequence: int
