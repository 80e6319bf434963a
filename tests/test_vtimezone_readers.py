"""The auditor's examples of wrong times, read back by the four parsers of
`tests/parsers.py` (ical.js, libical, icalendar, ical) from each feed's own VTIMEZONE, at
instants worked out by hand from tzdata 2026f: a yearly series that outlives Mexico's
summer time, endless series in zones whose changes fall on shifted rule dates (Santiago,
Gaza, Cairo, Nuuk, Jerusalem), whose explicit table ends (Casablanca) or runs for decades
(Hebron, to 2086), each read for twenty years.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from tests.agreement import check_feeds, model_readings
from tests.parsers import Reader, Readings

CATALOGUE = Path(__file__).parent / "catalogues" / "series_past_the_tzdata_table.toml"
DOMAIN = "rules.calfeed.example"
DAYS = 7400
"""How far each parser expands a series: Mexico's twenty years, and the endless ones for
twenty years from their first occurrence (Santiago to 2049, Gaza to 2105)."""

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("rules") / "out"
    result = CliRunner().invoke(
        cli, ["build", str(CATALOGUE), "-o", str(out)], env={"SOURCE_DATE_EPOCH": "1700000000"}
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def readings(built: Path, parsers: dict[str, Reader]) -> dict[str, Readings]:
    feed = built / "all.ics"
    return {name: read([feed], DAYS)[feed] for name, read in parsers.items()}


def test_every_parser_reads_the_models_instants(built: Path, parsers: dict[str, Reader]) -> None:
    expected = model_readings(load_catalogue(CATALOGUE), DAYS)
    check_feeds(parsers, built, expected, days=DAYS)


def test_mexico_city_after_summer_time_ended(readings: dict[str, Readings]) -> None:
    """1 July 10:00 is CDT (15:00Z) to 2022 and CST (16:00Z) from 2023 on."""
    expected = tuple(f"{year}-07-01T15:00:00Z" for year in range(2008, 2023)) + tuple(
        f"{year}-07-01T16:00:00Z" for year in range(2023, 2028)
    )
    for name, got in readings.items():
        assert got[f"mexico-yearly@{DOMAIN}"].occurrences == expected, name


@pytest.mark.parametrize(
    ("event", "right", "wrong"),
    [
        # The Sunday after the first Saturday: April 1, 2029 and 2040 are still summer
        # (BYDAY=1SU would end it there); September 1, 2030 and 2047 are not yet.
        (
            "santiago-weekends",
            {"2029-04-01T15:00:00Z", "2029-04-08T16:00:00Z", "2030-09-01T16:00:00Z"}
            | {"2030-09-08T15:00:00Z", "2040-04-01T15:00:00Z", "2040-04-08T16:00:00Z"}
            | {"2041-04-06T15:00:00Z", "2041-04-07T16:00:00Z", "2047-09-01T16:00:00Z"},
            {"2029-04-01T16:00:00Z", "2030-09-01T15:00:00Z", "2040-04-01T16:00:00Z"}
            | {"2041-04-07T15:00:00Z", "2047-09-01T15:00:00Z"},
        ),
        # Within the table, to 2086: Ramadan cuts summer 2044 from 23 July to 3 September.
        (
            "hebron-saturdays",
            {"2044-07-16T09:00:00Z", "2044-07-23T10:00:00Z"}
            | {"2044-08-27T10:00:00Z", "2044-09-03T09:00:00Z"},
            {"2044-07-23T09:00:00Z", "2044-08-27T09:00:00Z"},
        ),
        # Past the table: summer from Saturday 27 March 2088 to Saturday 30 October.
        (
            "gaza-saturdays",
            {"2088-03-20T10:00:00Z", "2088-03-27T09:00:00Z", "2088-10-23T09:00:00Z"}
            | {"2088-10-30T10:00:00Z", "2097-03-23T10:00:00Z", "2097-03-30T09:00:00Z"},
            {"2088-03-27T10:00:00Z", "2088-10-30T09:00:00Z", "2097-03-30T10:00:00Z"},
        ),
        # The last Thursday of October is the 31st in 2024 and 2030: summer ends on Nov 1.
        (
            "cairo-thursdays-fridays",
            {"2024-10-31T09:00:00Z", "2024-11-01T10:00:00Z", "2025-10-30T09:00:00Z"}
            | {"2025-10-31T10:00:00Z", "2030-10-31T09:00:00Z", "2030-11-01T10:00:00Z"}
            | {"2041-10-25T09:00:00Z", "2041-10-31T09:00:00Z", "2041-11-01T10:00:00Z"},
            {"2024-10-31T10:00:00Z", "2030-10-31T10:00:00Z", "2041-10-31T10:00:00Z"},
        ),
        # March 31, 2029 is a Saturday: summer began on the 24th at 23:00, before Sunday 25.
        (
            "nuuk-weekends",
            {"2029-03-24T14:00:00Z", "2029-03-25T13:00:00Z", "2029-03-31T13:00:00Z"}
            | {"2029-10-27T13:00:00Z", "2029-10-28T14:00:00Z", "2038-03-28T13:00:00Z"},
            {"2029-03-31T14:00:00Z", "2038-03-28T14:00:00Z"},
        ),
        # The Friday after the fourth Thursday of March 2029 is the 23rd, not the last (30th).
        (
            "jerusalem-fridays",
            {"2029-03-16T10:00:00Z", "2029-03-23T09:00:00Z", "2029-03-30T09:00:00Z"}
            | {"2029-10-26T09:00:00Z", "2029-11-02T10:00:00Z", "2041-03-22T10:00:00Z"},
            {"2029-03-23T10:00:00Z", "2041-03-22T09:00:00Z"},
        ),
        # The table ends on 20 September 2026: +00 for good after the last Ramadan.
        (
            "casablanca-sundays",
            {"2026-02-08T11:00:00Z", "2026-02-15T12:00:00Z", "2026-03-22T11:00:00Z"}
            | {"2026-09-13T11:00:00Z", "2026-09-20T12:00:00Z", "2044-07-03T12:00:00Z"},
            {"2026-09-20T11:00:00Z", "2044-07-03T11:00:00Z"},
        ),
    ],
)
def test_endless_series_read_right_in_every_parser(
    readings: dict[str, Readings], event: str, right: set[str], wrong: set[str]
) -> None:
    for name, got in readings.items():
        occurrences = got[f"{event}@{DOMAIN}"].occurrences
        assert occurrences is not None
        assert right <= set(occurrences), (name, sorted(right - set(occurrences)))
        assert not wrong & set(occurrences), (name, sorted(wrong & set(occurrences)))


# --- why rule windows are written in positive monthdays ------------------------------------

WINDOWS = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//calfeed//tests//EN
BEGIN:VEVENT
UID:negative@calfeed.test
DTSTAMP:20240101T000000Z
DTSTART:20240330T120000Z
RRULE:FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=-8,-7,-6,-5,-4,-3,-2;BYMONTH=3
END:VEVENT
BEGIN:VEVENT
UID:positive@calfeed.test
DTSTAMP:20240101T000000Z
DTSTART:20240330T120000Z
RRULE:FREQ=YEARLY;BYDAY=SA;BYMONTHDAY=24,25,26,27,28,29,30;BYMONTH=3
END:VEVENT
END:VCALENDAR
"""


def test_ical_js_expands_no_yearly_rule_with_a_negative_monthday(
    tmp_path: Path, parsers: dict[str, Reader]
) -> None:
    """ "The Saturday before March's last Sunday" (Nuuk's `M3.5.0/-1`) counted from the
    month's end is what RFC 5545 allows and libical, icalendar and ical read; ical.js 2.2.1
    (Thunderbird) expands it to nothing at all. March always has 31 days, so calfeed writes
    the same window as days 24-30, which all four read."""
    feed = tmp_path / "windows.ics"
    feed.write_bytes(WINDOWS.replace("\n", "\r\n").encode())
    saturdays = ("2024-03-30", "2025-03-29", "2026-03-28", "2027-03-27", "2028-03-25", "2029-03-24")
    expected = tuple(f"{day}T12:00:00Z" for day in saturdays)
    for name, read in parsers.items():
        got = read([feed], 5 * 365)[feed]
        assert got["positive@calfeed.test"].occurrences == expected, name
        negative = got["negative@calfeed.test"].occurrences
        assert negative == (() if name == "ical.js" else expected), name
