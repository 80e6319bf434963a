"""What each table of `events.toml` may contain: one declarative table of keys and kinds.

The loader checks presence and TOML types from here before it looks at meaning, so every
"unknown key" and "wrong type" message comes from one place, and so can a JSON Schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum


class Kind(Enum):
    """The shape of a value as TOML gives it, with the words a message uses for it."""

    LINE = "a one-line string"
    TEXT = "a string"
    WORDS = "a one-line string, or a table of them by language"
    PROSE = "a string, or a table of them by language"
    BOOL = "true or false"
    URL = "an http(s) URL string"
    ZONE = "an IANA zone name string"
    STRINGS = "an array of strings"
    DURATION = 'an ISO 8601 duration string such as "PT1H30M"'
    START = "a local date-time (2021-11-04T12:30:00), offset date-time or date"
    END = "a local time (13:45:00), local or offset date-time, or date"
    TIME = "a local time such as 14:30:00"
    MOVED = "a local time (15:00:00) or a local or offset date-time"
    DATES = "an array of dates, local date-times or offset date-times"
    STATUS = '"confirmed", "tentative" or "cancelled"'
    TABLE = "a table"
    TABLES = "an array of tables"


@dataclass(frozen=True)
class Field:
    """One key a table accepts."""

    kind: Kind
    doc: str
    required: bool = False


CALENDAR: dict[str, Field] = {
    "name": Field(Kind.WORDS, "Calendar name shown by subscribers' apps.", required=True),
    "description": Field(Kind.PROSE, "What the calendar holds."),
    "uid-domain": Field(
        Kind.LINE, "Domain for stable UIDs: <event-id>@<uid-domain>.", required=True
    ),
    "url": Field(Kind.URL, "Where the output folder is published (for absolute links)."),
    "service": Field(Kind.URL, "Where the filtered-feed web app answers (/feed.ics?...)."),
    "refresh": Field(Kind.DURATION, "How often apps should poll: REFRESH-INTERVAL."),
    "timezone": Field(Kind.ZONE, "Default zone for events that name none (warned)."),
    "show-zones": Field(Kind.STRINGS, "Zones listed in every event's description."),
    "languages": Field(
        Kind.STRINGS, "BCP 47 tags of the feeds' languages, the default first: en, zh."
    ),
}

AUDIENCE: dict[str, Field] = {
    "name": Field(Kind.WORDS, "Audience name.", required=True),
    "description": Field(Kind.PROSE, "Who they are."),
    "private": Field(Kind.BOOL, "Feeds may carry private details; never published."),
}

REGION: dict[str, Field] = {
    "name": Field(Kind.WORDS, "Region name.", required=True),
    "description": Field(Kind.PROSE, "What the region covers."),
    "zones": Field(Kind.STRINGS, "IANA zones whose local times the region's feeds show."),
}

FEED: dict[str, Field] = {
    "name": Field(Kind.WORDS, "Feed name.", required=True),
    "description": Field(Kind.PROSE, "What the feed holds."),
    "audiences": Field(Kind.STRINGS, "Only events for one of these audiences."),
    "regions": Field(Kind.STRINGS, "Only events in one of these regions."),
    "tags": Field(Kind.STRINGS, "Only events carrying one of these tags."),
}

EVENT: dict[str, Field] = {
    "title": Field(Kind.WORDS, "SUMMARY.", required=True),
    "start": Field(Kind.START, "Local start in `timezone`, or a date for all-day events."),
    "end": Field(Kind.END, "Local end (same day), date-time, or last day (inclusive)."),
    "duration": Field(Kind.DURATION, "Instead of `end`."),
    "timezone": Field(Kind.ZONE, "IANA zone of `start` and `end`."),
    "announced": Field(Kind.STRINGS, 'Times as announced elsewhere, e.g. "00:30 CET".'),
    "hosts": Field(Kind.STRINGS, "Organisers."),
    "location": Field(Kind.WORDS, "LOCATION."),
    "registration": Field(Kind.URL, "Registration link."),
    "url": Field(Kind.URL, "Event page."),
    "online": Field(Kind.URL, "Join link (CONFERENCE)."),
    "audiences": Field(Kind.STRINGS, "Audience keys; omitted: every public audience."),
    "regions": Field(Kind.STRINGS, "Region keys."),
    "tags": Field(Kind.STRINGS, "Tag keys (CATEGORIES)."),
    "status": Field(Kind.STATUS, "confirmed, tentative or cancelled."),
    "languages": Field(Kind.STRINGS, "BCP 47 language tags."),
    "description": Field(Kind.PROSE, "Free text."),
    "repeat": Field(Kind.LINE, "RFC 5545 RRULE value, e.g. FREQ=WEEKLY;COUNT=4."),
    "except": Field(Kind.DATES, "Occurrences to skip (EXDATE)."),
    "also": Field(Kind.DATES, "Extra occurrences (RDATE)."),
    "private": Field(Kind.TABLE, "Details for private audiences' feeds only."),
    "sessions": Field(Kind.TABLES, "Agenda items."),
    "occurrences": Field(Kind.TABLE, "Changed occurrences of a series, by original date."),
}

OCCURRENCE: dict[str, Field] = {
    "start": Field(Kind.MOVED, "A time (same day) or a date-time (moved to another day)."),
    "end": Field(Kind.END, "Local end (same day) or date-time; else the series' length."),
    "duration": Field(Kind.DURATION, "Instead of `end`."),
    "title": Field(Kind.WORDS, "SUMMARY of this occurrence."),
    "hosts": Field(Kind.STRINGS, "Organisers."),
    "location": Field(Kind.WORDS, "LOCATION."),
    "registration": Field(Kind.URL, "Registration link."),
    "url": Field(Kind.URL, "Event page."),
    "online": Field(Kind.URL, "Join link (CONFERENCE)."),
    "status": Field(Kind.STATUS, "confirmed, tentative or cancelled."),
    "languages": Field(Kind.STRINGS, "BCP 47 language tags."),
    "description": Field(Kind.PROSE, "Free text."),
    "private": Field(Kind.TABLE, "Details for private audiences' feeds only."),
}
"""What one changed occurrence may change. The series' rule, zone and id stay (they are
what makes it an occurrence of the series); its audiences, regions and tags too, since
feeds take a series whole; `announced` and `sessions` belong to the series' own time."""

SESSION: dict[str, Field] = {
    "title": Field(Kind.WORDS, "Session title.", required=True),
    "start": Field(Kind.TIME, "Local start time, in the event's zone.", required=True),
    "end": Field(Kind.TIME, "Local end time.", required=True),
    "moderator": Field(Kind.LINE, "Moderator."),
    "speakers": Field(Kind.STRINGS, "Speakers."),
    "commentators": Field(Kind.STRINGS, "Commentators."),
    "description": Field(Kind.PROSE, "Free text."),
}

TOP_LEVEL: dict[str, Field] = {
    "calendar": Field(Kind.TABLE, "The calendar itself.", required=True),
    "audiences": Field(Kind.TABLE, "Audience tables, by key."),
    "regions": Field(Kind.TABLE, "Region tables, by key."),
    "tags": Field(Kind.TABLE, "Declared tags: key = description."),
    "feeds": Field(Kind.TABLE, "Custom feeds, by key."),
    "events": Field(Kind.TABLE, "Event tables, by id.", required=True),
}


def has_kind(value: object, kind: Kind) -> bool:
    """Whether a TOML value has the shape `kind` asks for (meaning is checked later)."""
    match kind:
        case Kind.LINE | Kind.TEXT | Kind.URL | Kind.ZONE | Kind.DURATION | Kind.STATUS:
            return isinstance(value, str)
        case Kind.WORDS | Kind.PROSE:
            return isinstance(value, str) or (
                isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
            )
        case Kind.BOOL:
            return isinstance(value, bool)
        case Kind.STRINGS:
            return isinstance(value, list) and all(isinstance(v, str) for v in value)
        case Kind.START:
            return isinstance(value, date)
        case Kind.END:
            return isinstance(value, date | time)
        case Kind.TIME:
            return isinstance(value, time)
        case Kind.MOVED:
            return isinstance(value, time | datetime)
        case Kind.DATES:
            return isinstance(value, list) and all(isinstance(v, date) for v in value)
        case Kind.TABLE:
            return isinstance(value, dict)
        case Kind.TABLES:
            return isinstance(value, list) and all(isinstance(v, dict) for v in value)
