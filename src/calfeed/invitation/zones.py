"""Zone phrases as invitations write them: "CET", "Fiji Time", "(GMT+12)", "UK time",
"Beijing time", "Samoa", "Pacific/Apia", "UTC+5:30".

A phrase becomes one or two `Reading`s, each a zone's local time or a fixed offset. Two
only for a standard-time name that people also use for the region's summer time (CET in
June): the check then says which reading the invitation meant. Human "GMT+12" is twelve
hours ahead of UTC, the opposite sign of tzdata's `Etc/GMT+12`, so offsets are read here
and never passed to tzdata. Nothing is read by resemblance: a word that is no zone, place
or abbreviation is an error (with tzdata's spelling hint), never a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from calfeed.invitation.problem import ReadError
from calfeed.tz import (
    abbreviation_meanings,
    all_zone_names,
    canonical_zone,
    either,
    format_offset,
    load_zone,
    place_zones,
    resolve_local_time,
    zone_hint,
)
from calfeed.tz.tzif import present_types
from calfeed.tz.words import LOOSE

OFFSET = re.compile(
    r"^(?P<base>UTC|GMT|Z)\s*(?:(?P<sign>[+\-\u2212])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?)?$",
    re.IGNORECASE,
)


class ZoneWordError(ReadError):
    """A zone phrase that names no zone, or several; the hint says what to write."""


@dataclass(frozen=True)
class Reading:
    """One way to read a zone phrase: a zone's local time, or a fixed UTC offset."""

    zone: str | None
    """An IANA (or tzdata-defined) name; None when `offset` is given instead."""
    offset: timedelta | None
    name: str
    """How the reading is named in messages: "UTC+1", "Pacific/Fiji"."""

    def instant(self, local: datetime) -> datetime:
        """The instant wall time `local` names in this reading (gaps and folds raise)."""
        if self.offset is not None:
            return local.replace(tzinfo=timezone(self.offset))
        assert self.zone is not None
        return resolve_local_time(local, self.zone)

    def local_of(self, instant: datetime) -> datetime:
        """`instant` as wall time in this reading."""
        if self.offset is not None:
            return instant.astimezone(timezone(self.offset))
        assert self.zone is not None
        return instant.astimezone(load_zone(self.zone))


@dataclass(frozen=True)
class ZonePhrase:
    """A zone as written, with what it can be read as (the strict reading first)."""

    text: str
    """As written, without brackets: "Fiji Time", "GMT+12", "CET"."""
    readings: tuple[Reading, ...]
    home: str | None
    """The IANA zone a catalogue entry takes for it (CEST: the zone tzdata best knows
    using it); None for a bare offset, which names no place."""


def read_zone(phrase: str) -> ZonePhrase:
    """The phrase's readings; `ZoneWordError` when it names no zone or several."""
    text = phrase.strip().strip("()[]").strip()
    offset = OFFSET.match(text)
    if offset:
        reading = _offset_reading(offset, phrase)
        return ZonePhrase(text, (reading,), reading.zone)
    if text.isupper() and text.isalpha():
        found = _abbreviation(text)
        if found:
            return found
    zones = place_zones(text)
    if len(zones) == 1 or (zones and _same_rules(zones)):
        return ZonePhrase(text, (Reading(zones[0], None, zones[0]),), canonical_zone(zones[0]))
    if zones:
        raise ZoneWordError(
            repr(text),
            f"is ambiguous: it has several zones, {either(zones)}",
            f"write the IANA name of the one meant, e.g. {zones[0]}",
        )
    raise ZoneWordError(
        repr(text),
        "is no zone",
        zone_hint(text) or "write an IANA zone name (Pacific/Apia), CET, or UTC±H[:MM]",
    )


def is_zone(phrase: str) -> bool:
    """Whether `phrase` reads as a zone (one or several): how a scanner tells a zone
    from the words that follow a time."""
    text = phrase.strip().strip("()[]").strip()
    if OFFSET.match(text):
        return True
    if text.isupper() and text.isalpha() and (text in LOOSE or abbreviation_meanings(text)):
        return True
    return bool(place_zones(text))


def _offset_reading(match: re.Match[str], phrase: str) -> Reading:
    if not match["sign"]:
        return Reading("UTC", None, match["base"].upper())
    hours, minutes = int(match["h"]), int(match["m"] or 0)
    if hours > 14 or minutes > 59:
        raise ZoneWordError(
            phrase.strip(), "is not a real UTC offset", "offsets run from UTC-12 to UTC+14"
        )
    sign = -1 if match["sign"] in "-\u2212" else 1
    offset = sign * timedelta(hours=hours, minutes=minutes)
    return Reading(None, offset, format_offset(offset))


def _abbreviation(text: str) -> ZonePhrase | None:
    """CEST is UTC+2 and AEDT UTC+11 (the offset tzdata's zones give them); CET is UTC+1
    strictly and Central European local time loosely; IST, CST and BST name several."""
    if text in LOOSE:
        loose = LOOSE[text]
        standard = present_types(loose)[0][0]
        readings = (
            Reading(None, standard, format_offset(standard)),
            Reading(loose, None, _loose_name(text, loose)),
        )
        return ZonePhrase(text, readings, canonical_zone(loose))
    if text in all_zone_names():
        return ZonePhrase(text, (Reading(text, None, text),), canonical_zone(text))
    meanings = abbreviation_meanings(text)
    if len(meanings) > 1:
        first = meanings[0]
        raise ZoneWordError(
            text,
            f"is ambiguous: it can mean {either(str(m) for m in meanings)}",
            "write the IANA name or the UTC offset of the one meant, e.g. "
            f"{first.zone} or {format_offset(first.offset or timedelta())}",
        )
    if meanings:
        offset = meanings[0].offset or timedelta()
        reading = Reading(None, offset, format_offset(offset))
        return ZonePhrase(text, (reading,), meanings[0].zone)
    return None


def _same_rules(zones: tuple[str, ...]) -> bool:
    """Zones of one place that keep the same time now (Germany's Berlin and Busingen)."""
    return len({present_types(z) for z in zones}) == 1


def _loose_name(text: str, loose: str) -> str:
    """ "CET local time" (tzdata's CET zone), "America/New_York local time"."""
    return f"{text if loose == text else loose} local time"
