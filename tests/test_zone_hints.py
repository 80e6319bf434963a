"""Zone hints: what "Mumbai", "America/Paris" or "GST" may mean, from tzdata's own tables
first and the hand-kept table of words (`calfeed.tz.words`) only where tzdata has no
answer. The exact hints each rule gives are in test_catalogue_rules.py; this file holds
the table to its promise and checks the answers against tzdata itself."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from calfeed.tz import ambiguous_meanings, canonical_zone, offset_at, suggest_zones, zone_hint
from calfeed.tz import names as names_module
from calfeed.tz.data import tab_rows, zone_table
from calfeed.tz.tzif import present_types
from calfeed.tz.words import ABBREVIATIONS, PLACES

CANONICAL = zone_table().names - zone_table().links.keys()
COUNTRY_ZONES = sorted({canonical_zone(row[2]) for row in tab_rows("zone.tab")})


@pytest.mark.parametrize(
    "zone", sorted({*PLACES.values(), *(z for zs in ABBREVIATIONS.values() for z in zs)})
)
def test_the_table_names_canonical_zones(zone: str) -> None:
    # A link would be accepted with a zone-alias warning: a hint must load cleanly.
    assert zone in CANONICAL


@pytest.mark.parametrize("word", sorted(PLACES))
def test_each_place_in_the_table_is_one_tzdata_cannot_answer(
    word: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert suggest_zones(word) == (PLACES[word],)
    monkeypatch.setattr(names_module, "PLACES", {})
    names_module._vocabulary.cache_clear()
    try:
        assert suggest_zones(word) != (PLACES[word],), f"tzdata already answers {word!r}"
    finally:
        names_module._vocabulary.cache_clear()


@pytest.mark.parametrize(("abbreviation", "zones"), sorted(ABBREVIATIONS.items()))
def test_each_abbreviation_in_the_table_is_one_tzdata_does_not_write(
    abbreviation: str, zones: tuple[str, ...]
) -> None:
    for zone in zones:
        assert abbreviation not in {name.upper() for _, name, _ in present_types(zone)}


@pytest.mark.parametrize("zone", [z for z in COUNTRY_ZONES if "/" in z])
def test_a_city_of_a_zone_means_that_zone_whatever_the_area(zone: str) -> None:
    city = zone.rsplit("/", 1)[1]
    # Singapore and Jamaica are also link names of their own: either is right.
    assert zone in {canonical_zone(z) for z in suggest_zones(city)}
    wrong_area = "Pacific" if not zone.startswith("Pacific/") else "Europe"
    assert zone in suggest_zones(f"{wrong_area}/{city}")


@pytest.mark.parametrize(
    ("word", "zone"),
    [
        # Real data: a backward link, a country of iso3166.tab, a city with an accent.
        ("Calcutta", "Asia/Kolkata"),
        ("Asia/Bombay", "Asia/Kolkata"),
        ("India Standard Time", "Asia/Kolkata"),
        ("Fiji Time", "Pacific/Fiji"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Delhi", "Asia/Kolkata"),
        # Spelling only when nothing else answers, and then by the city.
        ("Sidney", "Australia/Sydney"),
        ("Bejing", "Asia/Shanghai"),
        ("CETT", "CET"),
    ],
)
def test_words_people_write(word: str, zone: str) -> None:
    assert zone_hint(word) == f"did you mean {zone}?"


@pytest.mark.parametrize(
    ("abbreviation", "zone", "when"),
    [
        # The offset each hint names is the one tzdata gives the abbreviation there.
        ("IST", "Europe/Dublin", datetime(2026, 7, 1, tzinfo=UTC)),
        ("IST", "Asia/Jerusalem", datetime(2026, 1, 1, tzinfo=UTC)),
        ("IST", "Asia/Kolkata", datetime(2026, 1, 1, tzinfo=UTC)),
        ("CST", "America/Chicago", datetime(2026, 1, 1, tzinfo=UTC)),
        ("CST", "Asia/Shanghai", datetime(2026, 1, 1, tzinfo=UTC)),
        ("CST", "America/Havana", datetime(2026, 1, 1, tzinfo=UTC)),
        ("PST", "America/Los_Angeles", datetime(2026, 1, 1, tzinfo=UTC)),
        ("PST", "Asia/Manila", datetime(2026, 1, 1, tzinfo=UTC)),
    ],
)
def test_ambiguous_offsets_are_tzdatas(abbreviation: str, zone: str, when: datetime) -> None:
    offset, name, _ = offset_at(zone, when)
    assert name == abbreviation
    meanings = {m.zone: m.offset for m in ambiguous_meanings(abbreviation)}
    assert meanings[zone] == offset


def test_zone_names_are_never_ambiguous() -> None:
    # EST and MST are zones of their own in tzdata (fixed UTC-5 and UTC-7): accepted.
    assert ambiguous_meanings("EST") == ()
    assert ambiguous_meanings("MST") == ()
    assert ambiguous_meanings("BRT") == ()  # one meaning: a hint, not a refusal
    assert [str(m) for m in ambiguous_meanings("ist")] == [
        "Europe/Dublin (UTC+1)",
        "Asia/Jerusalem (UTC+2)",
        "Asia/Kolkata (UTC+5:30)",
    ]


def test_a_word_in_capitals_is_an_abbreviation_first() -> None:
    # Australia/West and Brazil/West are links; WEST is Western European Summer Time.
    assert zone_hint("WEST") == "did you mean Europe/Lisbon (UTC+1)?"
    assert suggest_zones("west") == ("Australia/Perth", "America/Manaus")


def test_table_offsets_come_from_the_zone() -> None:
    (brasilia,) = names_module._abbreviation("brt")
    assert brasilia.offset == timedelta(hours=-3)
