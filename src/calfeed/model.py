"""The catalogue as validated, frozen values.

The loader (`catalogue.py`) is the only place that builds these; everything downstream
reads them and can trust them: every zone is a real tzdata zone, every local time has been
through `timezones.resolve_local_time`, every reference points at a declared key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import Enum
from pathlib import Path


class Status(Enum):
    """RFC 5545 STATUS values an organiser may set."""

    CONFIRMED = "confirmed"
    TENTATIVE = "tentative"
    CANCELLED = "cancelled"


class Severity(Enum):
    """How a finding affects a build: errors stop it, warnings are printed."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem in a catalogue, with the place a person must look to fix it."""

    severity: Severity
    code: str
    """Stable short name of the rule, e.g. `unknown-key`, for JSON output and tests."""
    path: Path
    line: int | None
    """1-based line of the key itself where known, else of the event's table."""
    event_id: str | None
    message: str
    """What is wrong, in one sentence."""
    hint: str | None = None
    """How to fix it, when there is something better to say than the message."""


@dataclass(frozen=True)
class CalendarInfo:
    """The `[calendar]` table: what every feed says about itself."""

    name: str
    description: str
    uid_domain: str
    url: str | None
    refresh: timedelta
    default_zone: str | None
    show_zones: tuple[str, ...]


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
class Recurrence:
    """An RRULE with its exceptions and extra dates, as the organiser wrote them."""

    rule: str
    """RFC 5545 RRULE value, e.g. `FREQ=WEEKLY;BYDAY=WE;COUNT=6`, already validated."""
    exceptions: tuple[datetime | date, ...]
    additions: tuple[datetime | date, ...]


@dataclass(frozen=True)
class Event:
    """One catalogue event. `start is None` only for a tentative event with no date yet."""

    id: str
    line: int
    """Line of the `[events.<id>]` table header, for messages about the whole event."""
    title: str
    start: datetime | date | None
    """Aware datetime in `zone`, or a date for an all-day event."""
    end: datetime | date | None
    """Aware datetime (exclusive), or the last day of an all-day event (inclusive)."""
    zone: str | None
    """IANA name of the event's own zone; None for all-day and undated events."""
    zone_assumed: bool
    """The event named no zone and took the calendar default: said in its description."""
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
    recurrence: Recurrence | None
    sessions: tuple[Session, ...]
    private: tuple[tuple[str, str], ...]
    """Private details as (label, text) pairs, in catalogue order."""

    @property
    def all_day(self) -> bool:
        """True for date-only events, which have no zone."""
        return isinstance(self.start, date) and not isinstance(self.start, datetime)

    @property
    def scheduled(self) -> bool:
        """False for tentative events with no date: listed, never put in a feed."""
        return self.start is not None


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

    @property
    def private_audiences(self) -> frozenset[str]:
        """Keys of audiences whose feeds are never public."""
        return frozenset(k for k, a in self.audiences.items() if a.private)
