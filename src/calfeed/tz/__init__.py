"""Time zones from the pinned tzdata package: the one door for local times
(`resolve_local_time`), exact transitions, VTIMEZONE components, and what people mean by
zone words.
"""

from typing import TYPE_CHECKING

from calfeed.lazy import lazy_exports

if TYPE_CHECKING:
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
    from calfeed.tz.vtimezone import build_vtimezone
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
    "build_vtimezone",
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

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "calfeed.tz.data": ("tzdata_version",),
            "calfeed.tz.labels": (
                "format_offset",
                "zone_label",
            ),
            "calfeed.tz.names": (
                "Meaning",
                "abbreviation_meanings",
                "all_zone_names",
                "ambiguous_meanings",
                "canonical_zone",
                "either",
                "place_zones",
                "suggest_zones",
                "zone_hint",
            ),
            "calfeed.tz.tzif": (
                "Transition",
                "offset_at",
                "transitions",
            ),
            "calfeed.tz.vtimezone": ("build_vtimezone",),
            "calfeed.tz.zones": (
                "LocalTimeError",
                "is_ambiguous",
                "is_utc",
                "load_zone",
                "local_readings",
                "resolve_local_time",
            ),
        },
    )
