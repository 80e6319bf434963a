"""What a person probably means by a zone word: "Samoa", "Fiji Time", "paris", an old
alias, or an abbreviation such as CET or IST.

Suggestions come from tzdata's own tables (zone and link names, countries, cities) plus
the few words those tables cannot answer; abbreviations that name several zones are
refused with what they could mean.
"""

from __future__ import annotations

import difflib
import functools

from calfeed.tz.data import tab_rows, zone_table

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


AMBIGUOUS: dict[str, str] = {
    "IST": "India (Asia/Kolkata), Israel (Asia/Jerusalem) or Ireland (Europe/Dublin)",
    "BST": "British Summer Time (Europe/London) or Bangladesh (Asia/Dhaka)",
    "CST": "US Central (America/Chicago), China (Asia/Shanghai) or Cuba (America/Havana)",
    "AST": "Atlantic (America/Halifax) or Arabia (Asia/Riyadh)",
    "SST": "Samoa Standard Time (Pacific/Pago_Pago) or Singapore (Asia/Singapore)",
    "ECT": "Ecuador (America/Guayaquil) or Eastern Caribbean",
    "PST": "US Pacific (America/Los_Angeles) or Philippines (Asia/Manila)",
    "MST": "US Mountain (America/Denver) or Malaysia (Asia/Kuala_Lumpur)",
    "CDT": "US Central daylight (America/Chicago) or Cuba (America/Havana)",
    "GST": "Gulf (Asia/Dubai) or South Georgia (Atlantic/South_Georgia)",
}
"""Abbreviations that name more than one zone: refused, with the candidates."""


def all_zone_names() -> frozenset[str]:
    """Every zone and link name the pinned tzdata defines."""
    return zone_table().names


def canonical_zone(name: str) -> str:
    """The zone an alias (`US/Samoa`, `Asia/Calcutta`) stands for; a zone is its own."""
    return zone_table().links.get(name, name)


@functools.cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    """Lower-case country name -> its zones, from tzdata's iso3166.tab and zone.tab (which,
    unlike zone1970.tab, names each country's own zones: Viet Nam -> Asia/Ho_Chi_Minh)."""
    names = {row[0]: row[1].strip().lower() for row in tab_rows("iso3166.tab")}
    zones: dict[str, list[str]] = {}
    for code, _coords, zone, *_ in tab_rows("zone.tab"):
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


def zone_hint(word: str) -> str | None:
    """`did you mean Pacific/Apia?` for a zone word, or None when nothing fits: the one
    hint for an unknown zone in the catalogue, in `announced` and on the command line."""
    found = suggest_zones(word)
    return f"did you mean {' or '.join(found)}?" if found else None
