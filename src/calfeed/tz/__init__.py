"""Time zones from the pinned tzdata package: the one door for local times
(`resolve_local_time`), exact transitions, VTIMEZONE components, and what people mean by
zone words.

`build_vtimezone` lives in `calfeed.tz.vtimezone`: it needs icalendar, which only
rendering should import.
"""

from calfeed.tz.data import tzdata_version
from calfeed.tz.labels import format_offset, zone_label
from calfeed.tz.names import (
    Meaning,
    abbreviation_meanings,
    all_zone_names,
    ambiguous_meanings,
    canonical_zone,
    either,
    place_zones,
    suggest_zones,
    zone_hint,
)
from calfeed.tz.tzif import Transition, offset_at, transitions
from calfeed.tz.zones import (
    LocalTimeError,
    is_ambiguous,
    is_utc,
    load_zone,
    local_readings,
    resolve_local_time,
)

__all__ = [
    "LocalTimeError",
    "Meaning",
    "Transition",
    "abbreviation_meanings",
    "all_zone_names",
    "ambiguous_meanings",
    "canonical_zone",
    "either",
    "format_offset",
    "is_ambiguous",
    "is_utc",
    "load_zone",
    "local_readings",
    "offset_at",
    "place_zones",
    "resolve_local_time",
    "suggest_zones",
    "transitions",
    "tzdata_version",
    "zone_hint",
    "zone_label",
]
