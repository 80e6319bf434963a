"""What a person probably means by a zone word: "Samoa", "Fiji Time", "Mumbai",
"America/Paris", an old alias, or an abbreviation such as IST or GST.

The answers come from tzdata's own data first: zone and link names (`Asia/Calcutta` is
`Asia/Kolkata`), the city part of every name, the countries of iso3166.tab with their zones
in zone.tab, and the abbreviations each zone uses now, read from its TZif file. The table
in `calfeed.tz.words` adds what those cannot answer (Mumbai; GST and BRT, which tzdata now
writes as +04 and -03). A zone spelt like the word is suggested only when none of these
answers. The same answer serves the catalogue, `announced` and `list --zone`.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

from calfeed.tz.data import tab_rows, zone_table
from calfeed.tz.labels import format_offset
from calfeed.tz.tzif import present_types
from calfeed.tz.words import ABBREVIATIONS, PLACES


@dataclass(frozen=True)
class Meaning:
    """One zone a word may mean; for an abbreviation, the UTC offset it names there."""

    zone: str
    offset: timedelta | None = None

    def __str__(self) -> str:
        if self.offset is None:
            return self.zone
        return f"{self.zone} ({format_offset(self.offset)})"


def all_zone_names() -> frozenset[str]:
    """Every zone and link name the pinned tzdata defines."""
    return zone_table().names


def canonical_zone(name: str) -> str:
    """The zone an alias (`US/Samoa`, `Asia/Calcutta`) stands for; a zone is its own."""
    return zone_table().links.get(name, name)


def suggest_zones(word: str) -> tuple[str, ...]:
    """IANA names a person probably meant by `word` ("Fiji Time", "Beijing", "paris")."""
    return tuple(m.zone for m in _meanings(word))


def zone_hint(word: str) -> str | None:
    """`did you mean Pacific/Apia?` for a zone word, or None when nothing fits: the one
    hint for an unknown zone in the catalogue, in `announced` and on the command line.
    Abbreviations name the offset they stand for in each zone."""
    found = _meanings(word)
    return f"did you mean {either(str(m) for m in found)}?" if found else None


def ambiguous_meanings(word: str) -> tuple[Meaning, ...]:
    """The zones an abbreviation that is no zone name stands for, one per UTC offset, when
    it stands for more than one (IST: Dublin, Jerusalem, Kolkata); else nothing."""
    if word in all_zone_names():
        return ()
    found = _abbreviation(_key(word))
    return found if len(found) > 1 else ()


def abbreviation_meanings(word: str) -> tuple[Meaning, ...]:
    """What an abbreviation written in capitals names: one `Meaning` per UTC offset, with
    the zone best known for it (CEST: UTC+2; IST: three). Only tzdata's present
    abbreviations and the table of words: never a spelling guess."""
    return _abbreviation(word) if word.isupper() else ()


def place_zones(word: str) -> tuple[str, ...]:
    """The zones a place a person names stands for: a zone or link name in any case, the
    table of words, the city part of a zone name, or a country of iso3166.tab ("Fiji
    Time", "UK time", "Nice time", "Samoa"). Several when the place has several zones;
    never a spelling guess, so an invitation is not read by what a word resembles."""
    key = _key(word)
    exact = _exact(key)
    if exact:
        return (exact[0].zone,)
    if key in PLACES:
        return (PLACES[key],)
    return _cities().get(key) or _countries().get(key, ())


def either(items: Iterable[str]) -> str:
    """`A`, `A or B`, `A, B or C`."""
    *rest, last = items
    return f"{', '.join(rest)} or {last}" if rest else last


def _meanings(word: str) -> tuple[Meaning, ...]:
    """Real data first, the table where it has no answer, spelling last; an `Area/City`
    whose whole name means nothing is asked again by its city (`America/Paris`)."""
    key = _key(word)
    exact = _exact(key)
    if exact:
        return exact
    _, slash, city = key.rpartition("/")
    capitals = word.strip().isupper()
    for part in (key, city) if slash else (key,):
        found = _answer(part, capitals=capitals)
        if found:
            return found
    close = difflib.get_close_matches(city, sorted(_vocabulary()), n=3, cutoff=0.8)
    return _unique(m for alike in close for m in _exact(alike) or _answer(alike))


def _exact(key: str) -> tuple[Meaning, ...]:
    """The name tzdata spells `key` (`cet` is CET), if it has one."""
    name = _by_lower().get(key.replace(" ", "_"))
    return (Meaning(name),) if name is not None else ()


def _answer(key: str, *, capitals: bool = False) -> tuple[Meaning, ...]:
    """What `key` means as a place in the table, a city, an abbreviation or a country; a
    word in capitals is read as an abbreviation first (WEST is not Australia/West)."""
    if capitals and (found := _abbreviation(key)):
        return found
    if key in PLACES:
        return (Meaning(PLACES[key]),)
    city = _cities().get(key)
    if city:
        return tuple(Meaning(z) for z in city)
    return _abbreviation(key) or tuple(Meaning(z) for z in _countries().get(key, ()))


def _key(word: str) -> str:
    """`São Paulo` -> `sao paulo`, `Fiji Time` -> `fiji`, `New_York` -> `new york`."""
    plain = unicodedata.normalize("NFKD", word.strip())
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    plain = re.sub(r"[\s_]+", " ", plain)
    return re.sub(r" (standard )?time$", "", plain).strip()


def _unique(meanings: Iterable[Meaning]) -> tuple[Meaning, ...]:
    return tuple(dict.fromkeys(meanings))


@functools.cache
def _by_lower() -> dict[str, str]:
    """Lower-case name -> the name tzdata spells it."""
    return {name.casefold(): name for name in all_zone_names()}


@functools.cache
def _cities() -> dict[str, tuple[str, ...]]:
    """The city part of every zone and link name (`calcutta`, `new york`) -> its zones."""
    found: dict[str, set[str]] = {}
    for name in all_zone_names():
        if "/" in name:
            city = _key(name.rsplit("/", 1)[1])
            found.setdefault(city, set()).add(canonical_zone(name))
    return {city: _ranked(zones) for city, zones in found.items()}


@functools.cache
def _countries() -> dict[str, tuple[str, ...]]:
    """Country name -> its first three zones, from iso3166.tab and zone.tab (which,
    unlike zone1970.tab, names each country's own zones). "Korea (South)" is also
    "korea"."""
    names = {row[0]: row[1] for row in tab_rows("iso3166.tab")}
    zones: dict[str, list[str]] = {}
    for row in _zone_rows():
        country = _key(names.get(row.country, row.country))
        for key in {country, re.sub(r" \(.*\)$", "", country)}:
            zones.setdefault(key, [])
            if row.zone not in zones[key]:
                zones[key].append(row.zone)
    return {country: tuple(z[:3]) for country, z in zones.items()}


@functools.cache
def _vocabulary() -> frozenset[str]:
    """Every word `_answer` knows, and the names with no area (CET, GB), for the last
    resort of spelling."""
    arealess = {_key(name) for name in all_zone_names() if "/" not in name}
    return frozenset(_cities()) | PLACES.keys() | _countries().keys() | arealess


def _abbreviation(key: str) -> tuple[Meaning, ...]:
    """The zones an abbreviation stands for: one per UTC offset, the offset used most
    first; one zone when all share one offset."""
    groups = _abbreviations().get(key.upper(), {})
    served = _served()
    ordered = sorted(groups.items(), key=lambda g: (-sum(served[z] for z in g[1]), g[0]))
    return tuple(Meaning(zones[0], offset) for offset, zones in ordered)


@functools.cache
def _abbreviations() -> dict[str, dict[timedelta, tuple[str, ...]]]:
    """Abbreviation -> UTC offset -> the zones using it now, best known first: from the
    present rule of every country's zone (its TZif footer), and from the table of words
    for the ones tzdata writes as numbers."""
    found: dict[str, dict[timedelta, set[str]]] = {}
    for zone in {row.zone for row in _zone_rows()}:
        for offset, name, _dst in present_types(zone):
            if name.isalpha():
                found.setdefault(name.upper(), {}).setdefault(offset, set()).add(zone)
    for name, zones in ABBREVIATIONS.items():
        for zone in zones:
            standard = present_types(zone)[0][0]
            found.setdefault(name, {}).setdefault(standard, set()).add(zone)
    return {
        name: {offset: _ranked(zones) for offset, zones in groups.items()}
        for name, groups in found.items()
    }


@dataclass(frozen=True)
class _Row:
    """One row of zone.tab: a country and one of its zones (canonical), with tzdata's
    comment ("Central (most areas)")."""

    country: str
    zone: str
    comment: str


@functools.cache
def _zone_rows() -> tuple[_Row, ...]:
    return tuple(
        _Row(code, canonical_zone(zone), rest[0] if rest else "")
        for code, _coordinates, zone, *rest in tab_rows("zone.tab")
    )


def _ranked(zones: Iterable[str]) -> tuple[str, ...]:
    """Zones best known first (see `_standing`)."""
    standing = _standing()
    return tuple(sorted(zones, key=lambda z: standing.get(z, (0, 0, 0, 0, 0, z))))


@functools.cache
def _served() -> Counter[str]:
    """Zone -> how many countries' zones it is (Asia/Dubai is also Oman's and Réunion's)."""
    return Counter(row.zone for row in _zone_rows())


@functools.cache
def _standing() -> dict[str, tuple[int, int, int, int, int, str]]:
    """A sort key per zone, from tzdata's tables alone: whether zone.tab calls it the zone
    of most of its country or state (Australia/Sydney before Antarctica/Macquarie), the
    number of zones its country has (America/Los_Angeles before America/Tijuana), how
    many old names of a country or region link to it (US/Eastern and EST5EDT make
    America/New_York, ROK Asia/Seoul, W-SU Europe/Moscow), how many countries' zones it
    is, then zone.tab's order."""
    rows = _zone_rows()
    sizes = Counter(row.country for row in rows)
    served = _served()
    nicknames = _nicknames()
    standing: dict[str, tuple[int, int, int, int, int, str]] = {}
    for order, row in enumerate(rows):
        most = bool(re.search(r"\bmost\b", row.comment))
        zone = row.zone
        key = (-most, -sizes[row.country], -nicknames[zone], -served[zone], order, zone)
        standing[zone] = min(key, standing.get(zone, key))
    return standing


@functools.cache
def _nicknames() -> Counter[str]:
    """Zone -> how many links name it by a country or region rather than a city: names
    outside the areas of tzdata's zones (`US/Eastern`, `ROK`, `W-SU`, `EST5EDT`)."""
    links = zone_table().links
    areas = {name.split("/")[0] for name in all_zone_names() - links.keys() if "/" in name}
    return Counter(zone for alias, zone in links.items() if alias.split("/")[0] not in areas)
