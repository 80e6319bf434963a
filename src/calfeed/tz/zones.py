"""Zones from the pinned `tzdata` package, and the one door every local time goes through.

The machine's own zoneinfo is never read: two machines with different system tzdata must
write the same bytes, and the feeds must agree with the tzdata release calfeed pins.
"""

from __future__ import annotations

import difflib
import functools
import io
from datetime import UTC, datetime, timedelta, timezone
from importlib import resources
from typing import Literal
from zoneinfo import ZoneInfo

UTC_NAMES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}
)


def tzdata_version() -> str:
    """The IANA release of the zone data calfeed uses (e.g. `2026f`)."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    return text.split("\n", 1)[0].removeprefix("# version ").strip()


def tzif_bytes(name: str) -> bytes:
    """The raw TZif file of `name` from the tzdata package; KeyError if there is none."""
    if not is_zone_name_shaped(name):
        raise KeyError(name)
    node = resources.files("tzdata.zoneinfo")
    for part in name.split("/"):
        node = node.joinpath(part)
    if not node.is_file():
        raise KeyError(name)
    data = node.read_bytes()
    if not data.startswith(b"TZif"):
        raise KeyError(name)
    return data


def is_zone_name_shaped(name: str) -> bool:
    """Reject names that could walk out of the package (`..`, absolute paths, empty parts)."""
    parts = name.split("/")
    return bool(name) and all(p and p not in {".", ".."} and "\\" not in p for p in parts)


@functools.cache
def all_zone_names() -> frozenset[str]:
    """Every zone and link name tzdata defines (what `zoneinfo.available_timezones` would
    say, but from the package alone)."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    names: set[str] = set()
    for line in text.splitlines():
        fields = line.split()
        if not fields:
            continue
        if fields[0] == "Z":
            names.add(fields[1])
        elif fields[0] == "L":
            names.add(fields[2])
    return frozenset(names)


@functools.cache
def load_zone(name: str) -> ZoneInfo:
    """The zone `name` read from the tzdata package; KeyError if tzdata has no such zone.

    `ZoneInfo(name)` would search the machine's TZPATH first; `from_file` takes exactly the
    bytes we ship, and the key keeps the IANA name for TZIDs.
    """
    data = tzif_bytes(name)
    return ZoneInfo.from_file(io.BytesIO(data), key=name)


def is_utc(name: str) -> bool:
    """Zones that are plain UTC are written in the `Z` form, never as a TZID."""
    return name in UTC_NAMES


class LocalTimeError(ValueError):
    """A wall-clock time that names no instant, or two, or not the offset it was pinned to."""

    def __init__(
        self,
        kind: Literal["gap", "fold", "offset"],
        local: datetime,
        zone: str,
        candidates: tuple[datetime, ...],
    ) -> None:
        self.kind = kind
        self.local = local
        self.zone = zone
        self.candidates = candidates
        """Aware datetimes: both readings of a fold, the wall times either side of a gap,
        or the one real reading when a pinned offset was wrong."""
        what = {
            "gap": "does not exist (the clocks skip it)",
            "fold": "exists twice (the clocks go back)",
            "offset": "does not have the offset it was given",
        }[kind]
        super().__init__(f"{local:%Y-%m-%d %H:%M} {what} in {zone}")


def resolve_local_time(local: datetime, zone: str, offset: timedelta | None = None) -> datetime:
    """The one instant that wall-clock `local` names in `zone`.

    Every local time in calfeed passes through here. A time in a DST gap (or on a skipped
    day, like Samoa's 2011-12-30) names no instant; a time in a fold names two. Both raise
    `LocalTimeError` carrying the candidate instants (for a gap: the wall time read with the
    offset before and after the change), unless `offset` says which offset was meant; an
    offset the zone does not have at that time is an error too.
    """
    if local.tzinfo is not None:
        raise TypeError("resolve_local_time takes a naive wall-clock time")
    tz = load_zone(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    off0, off1 = first.utcoffset(), second.utcoffset()
    assert off0 is not None
    assert off1 is not None
    if off0 == off1:
        if offset is not None and offset != off0:
            raise LocalTimeError("offset", local, zone, (first,))
        return first
    # fold=0 and fold=1 differ: either a fold (both readings real) or a gap (neither).
    # A reading is real when converting it to UTC and back gives the same wall time.
    readings = tuple(
        dt
        for dt in (first, second)
        if dt.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == local
    )
    if len(readings) == 2:
        if offset is None:
            raise LocalTimeError("fold", local, zone, readings)
        for dt in readings:
            if dt.utcoffset() == offset:
                return dt
        raise LocalTimeError("offset", local, zone, readings)
    if offset in (off0, off1):
        return local.replace(tzinfo=timezone(offset)).astimezone(tz)
    readings = tuple(sorted(dt.astimezone(UTC).astimezone(tz) for dt in (first, second)))
    raise LocalTimeError("gap", local, zone, readings)


_WORDS: dict[str, str] = {
    "samoa": "Pacific/Apia",
    "uk": "Europe/London",
    "britain": "Europe/London",
    "england": "Europe/London",
    "scotland": "Europe/London",
    "glasgow": "Europe/London",
    "beijing": "Asia/Shanghai",
    "china": "Asia/Shanghai",
    "geneva": "Europe/Zurich",
    "india": "Asia/Kolkata",
}
"""Words tzdata's own tables cannot answer: Samoa is two countries there ("Samoa (west)"
and American Samoa, whose `US/Samoa` is UTC-11), the UK is "Britain (UK)", and Beijing,
Glasgow and Geneva are cities with no zone of their own."""


@functools.cache
def _links() -> dict[str, str]:
    """Alias -> zone, from tzdata's `L target alias` lines."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    return {f[2]: f[1] for f in (line.split() for line in text.splitlines()) if f[:1] == ["L"]}


def canonical_zone(name: str) -> str:
    """The zone an alias (`US/Samoa`, `Asia/Calcutta`) stands for; a zone is its own."""
    return _links().get(name, name)


@functools.cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Lower-case country name -> its zones, from tzdata's iso3166.tab and zone.tab (which,
    unlike zone1970.tab, names each country's own zones: Viet Nam -> Asia/Ho_Chi_Minh)."""
    base = resources.files("tzdata.zoneinfo")
    names: dict[str, str] = {}
    for line in base.joinpath("iso3166.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, name = line.split("\t", 1)
            names[code] = name.strip().lower()
    zones: dict[str, list[str]] = {}
    for line in base.joinpath("zone.tab").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, _coords, zone = line.split("\t")[:3]
            zones.setdefault(names.get(code, code.lower()), []).append(zone)
    return {country: tuple(z) for country, z in zones.items()}


def suggest_zones(word: str) -> tuple[str, ...]:
    """IANA names a person probably meant by `word` ("Fiji Time", "Beijing", "paris")."""
    key = word.strip().lower().removesuffix(" time").strip()
    if key in _WORDS:
        return (_WORDS[key],)
    names = sorted(all_zone_names())
    by_lower = {n.lower(): n for n in names}
    if key in by_lower:
        return (by_lower[key],)
    city = key.replace(" ", "_")
    cities = [n for n in names if n.rsplit("/", 1)[-1].lower() == city and "/" in n]
    if cities:
        return tuple(sorted({canonical_zone(n) for n in cities}))
    country = _country_zones().get(key)
    if country:
        return country[:3]
    close = difflib.get_close_matches(key, list(by_lower), n=3, cutoff=0.75)
    return tuple(by_lower[c] for c in close)


def is_ambiguous(instant: datetime, zone: str) -> bool:
    """Whether `instant`'s wall time in `zone` is one of two (a fold): such a time written
    as wall time with a TZID cannot say which, so feeds write it in UTC. A wall time in a
    gap is not one of two (neither reading is real)."""
    tz = load_zone(zone)
    wall = instant if instant.tzinfo is tz else instant.astimezone(tz)
    other = wall.replace(fold=1 - wall.fold)
    if other.utcoffset() == wall.utcoffset():
        return False
    return all(
        dt.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == dt.replace(tzinfo=None)
        for dt in (wall, other)
    )
