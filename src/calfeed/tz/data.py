"""The pinned `tzdata` package's files, read once each: the TZif files, `tzdata.zi` (the
release, every zone and link name) and the country tables behind zone suggestions.

The machine's own zoneinfo is never read: two machines with different system tzdata must
write the same bytes, and the feeds must agree with the tzdata release calfeed pins.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class ZoneTable:
    """What `tzdata.zi` says besides the rules: the release and every name."""

    version: str
    """The IANA release, e.g. `2026f`."""
    links: dict[str, str]
    """Alias -> the zone it stands for (`US/Samoa` -> `Pacific/Pago_Pago`)."""
    names: frozenset[str]
    """Every zone and link name (what `zoneinfo.available_timezones` would say, from the
    package alone)."""


@functools.cache
def zone_table() -> ZoneTable:
    """`tzdata.zi`, read once: its `Z name` and `L target alias` lines."""
    text = resources.files("tzdata.zoneinfo").joinpath("tzdata.zi").read_text(encoding="utf-8")
    first, _, rest = text.partition("\n")
    zones: set[str] = set()
    links: dict[str, str] = {}
    for line in rest.splitlines():
        fields = line.split()
        if fields[:1] == ["Z"]:
            zones.add(fields[1])
        elif fields[:1] == ["L"]:
            links[fields[2]] = fields[1]
    version = first.removeprefix("# version ").strip()
    return ZoneTable(version, links, frozenset(zones | links.keys()))


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


def tab_rows(name: str) -> list[list[str]]:
    """The rows of one of tzdata's `.tab` files (`iso3166.tab`, `zone.tab`), comments out."""
    text = resources.files("tzdata.zoneinfo").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def tzdata_version() -> str:
    """The IANA release of the zone data calfeed uses (e.g. `2026f`)."""
    return zone_table().version
