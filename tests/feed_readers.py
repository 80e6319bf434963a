"""Independent readers of written feeds: each turns a feed into UTC instants using only the
feed's own VTIMEZONEs, never calfeed's code nor the machine's zoneinfo.

Both libraries prefer a zoneinfo of the same name when a TZID is an IANA name; that would
test the machine, not the feed. So each reader builds the zone from the VTIMEZONE itself
and applies it to the wall time written in DTSTART/DTEND.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, cast

import icalendar
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

When = datetime | date


@dataclass(frozen=True)
class Times:
    """An event's start and end as one parser reads them (UTC datetimes, or dates)."""

    start: When
    end: When | None


def _utc(value: When, zones: dict[str, tzinfo], tzid: str | None) -> When:
    if not isinstance(value, datetime):
        return value
    if tzid is not None:
        return value.replace(tzinfo=zones[tzid]).astimezone(UTC)
    assert value.tzinfo is not None, "floating times are never written"
    return value.astimezone(UTC)


def read_icalendar(data: bytes) -> dict[str, Times]:
    """UTC times by UID, as python-icalendar reads the feed with its own VTIMEZONEs."""
    calendar = icalendar.Calendar.from_ical(data)
    zones: dict[str, tzinfo] = {
        tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones
    }
    found: dict[str, Times] = {}
    for event in calendar.events:
        start = cast(icalendar.vDDDTypes, event["DTSTART"])
        end = cast(icalendar.vDDDTypes | None, event.get("DTEND"))
        length = cast(icalendar.vDDDTypes | None, event.get("DURATION"))
        first = _utc(cast(When, start.dt), zones, start.params.get("TZID"))
        last = _utc(cast(When, end.dt), zones, end.params.get("TZID")) if end is not None else None
        if length is not None:  # an exact length: added to the start instant
            assert end is None
            last = first + cast(timedelta, length.dt)
        found[str(event["UID"])] = Times(first, last)
    return found


def ical_zones(calendar: Any) -> dict[str, tzinfo]:
    """An `ical` calendar's own VTIMEZONEs, by TZID, as `ical` builds them."""
    return {tz.tz_id: IcsTimezoneInfo.from_timezone(tz) for tz in calendar.timezones}


def in_own_zone(value: Any, zones: dict[str, tzinfo]) -> Any:
    """A value `ical` parsed, with the feed's own zone for its TZID: `ical` prefers a
    zoneinfo zone of the TZID's name, which would test the machine, not the feed."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        name = getattr(value.tzinfo, "key", None) or str(value.tzinfo)
        if name in zones:
            return value.replace(tzinfo=zones[name])
    return value


def read_ical(data: bytes) -> dict[str, Times]:
    """UTC times by UID, as the `ical` package reads the feed with its own VTIMEZONEs."""
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    zones = ical_zones(calendar)

    def utc(value: Any) -> When:
        value = in_own_zone(value, zones)
        if isinstance(value, datetime):
            return value.astimezone(UTC)
        assert isinstance(value, date)
        return value

    found: dict[str, Times] = {}
    for event in calendar.events:
        assert event.uid is not None
        first = utc(event.dtstart)
        last = utc(event.dtend) if event.dtend is not None else None
        if event.duration is not None:  # an exact length: added to the start instant
            assert event.dtend is None
            last = first + event.duration
        found[event.uid] = Times(first, last)
    return found


def calendar_property(feed: bytes, name: str) -> str | None:
    """A calendar property's value, TEXT escapes read (RFC 5545 3.3.11; icalendar leaves
    NAME and X-WR-CALNAME as written)."""
    value = icalendar.Calendar.from_ical(feed).get(name)
    if value is None:
        return None
    escapes = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}
    return re.sub(r"\\(.)", lambda m: escapes[m.group(1)], str(value))
