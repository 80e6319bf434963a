"""`announced` in an invitation's own words: the seeds' lines pasted verbatim pass on the
shipped events, the same lines with one time or one zone changed fail naming the piece,
and other people's phrasings (dates in words or digits, other languages' date orders,
zones as people write them) are read as they mean them.

Every instant here was worked out by hand from tzdata's offsets: Apia UTC+13 and Fiji
UTC+12 in November 2021; Paris UTC+1 in November and UTC+2 (CEST) in June; Sydney UTC+10
in June and UTC+11 (AEDT) in January; New York UTC-5 in January; Kolkata UTC+5:30.
"""

from __future__ import annotations

import textwrap
import tomllib
from pathlib import Path

import pytest

from calfeed.catalogue import load_catalogue, parse_catalogue
from calfeed.errors import Code, Finding, InvalidCatalogueError
from tests.rule_table import PATH, document
from tests.shipped import EVENTS_TOML

INVITATIONS = Path(__file__).parent / "invitations"
SEED_LINES = {
    "cop26-wg-just-transition-decent-work": "November 3, 10.00-11.15 CET",
    "cop26-pacific-dialogue": "November 4, 12:30 Samoa/ 00:30 CET",
    "ibc-climate-change-1-5-degrees-ap": "8 November 11-13:45 UK time",
    "adb-just-transition-pacific": "9 November 10:00 – 11:30 Fiji Time (GMT+12)",
    "cop26-pacific-mobility-human-security": "9 November 11:00 to 12:30 Fiji Time (GMT+12)",
    "humen-summit-2022": "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)",
}


def findings(snippet: str) -> list[tuple[Code, str, str | None]]:
    """(code, message, hint) of every finding but `no-link` and `no-region` (these
    snippets have neither, and those rules are tested on their own)."""
    try:
        found: tuple[Finding, ...] = parse_catalogue(document(snippet).encode(), PATH).warnings
    except InvalidCatalogueError as invalid:
        found = invalid.findings
    return [(f.code, f.message, f.hint) for f in found if f.code not in {"no-link", "no-region"}]


def test_the_shipped_catalogue_holds_each_seed_line_verbatim() -> None:
    events = tomllib.loads(EVENTS_TOML.read_text(encoding="utf-8"))["events"]
    for event_id, line in SEED_LINES.items():
        assert events[event_id]["announced"] == [line], event_id


def test_each_seed_line_is_the_seeds_own_words() -> None:
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted(INVITATIONS.glob("seed-*.txt")))
    for line in SEED_LINES.values():
        assert line in seeds, line


def test_the_seed_lines_pass_on_the_shipped_events() -> None:
    catalogue = load_catalogue(EVENTS_TOML)
    assert [f for f in catalogue.warnings if f.code.value.startswith("announced")] == []


MOVED = (
    "the announcement is {gap}: check the event's date, time and timezone, or the "
    "announced zone; the two agree if the announced time is {offset}"
)


@pytest.mark.parametrize(
    ("seed", "changed", "line", "message", "gap", "offset"),
    [
        pytest.param(
            "November 3, 10.00-11.15 CET",
            "November 3, 10.00-11.45 CET",
            169,
            "end disagrees with announced 'November 3, 10.00-11.45 CET': the catalogue says "
            "2021-11-03 11:15 CET (2021-11-03 10:15Z), the announcement 2021-11-03 11:45 CET "
            "(2021-11-03 10:45Z)",
            "30 min later",
            "UTC+1:30",
            id="CET-end-time",
        ),
        pytest.param(
            "November 3, 10.00-11.15 CET",
            "November 3, 10.00-11.15 UK time",
            169,
            "start disagrees with announced 'November 3, 10.00-11.15 UK time': the catalogue "
            "says 2021-11-03 09:00 UK time (2021-11-03 09:00Z), the announcement 2021-11-03 "
            "10:00 UK time (2021-11-03 10:00Z)",
            "1 h later",
            "UTC+1",
            id="CET-zone",
        ),
        pytest.param(
            "November 4, 12:30 Samoa/ 00:30 CET",
            "November 4, 12:30 Samoa/ 01:30 CET",
            183,
            "start disagrees with '01:30 CET' in announced 'November 4, 12:30 Samoa/ 01:30 "
            "CET': the catalogue says 2021-11-04 00:30 CET (2021-11-03 23:30Z), the "
            "announcement 2021-11-04 01:30 CET (2021-11-04 00:30Z)",
            "1 h later",
            "UTC+2",
            id="Samoa-CET-second-time",
        ),
        pytest.param(
            "November 4, 12:30 Samoa/ 00:30 CET",
            "November 4, 12:30 Fiji/ 00:30 CET",
            183,
            "start disagrees with '12:30 Fiji' in announced 'November 4, 12:30 Fiji/ 00:30 "
            "CET': the catalogue says 2021-11-04 11:30 Fiji (2021-11-03 23:30Z), the "
            "announcement 2021-11-04 12:30 Fiji (2021-11-04 00:30Z)",
            "1 h later",
            "UTC+13",
            id="Samoa-CET-first-zone",
        ),
        pytest.param(
            "8 November 11-13:45 UK time",
            "8 November 11-13:15 UK time",
            203,
            "end disagrees with announced '8 November 11-13:15 UK time': the catalogue says "
            "2021-11-08 13:45 UK time (2021-11-08 13:45Z), the announcement 2021-11-08 13:15 "
            "UK time (2021-11-08 13:15Z)",
            "30 min earlier",
            "UTC-0:30",
            id="UK-end-time",
        ),
        pytest.param(
            "8 November 11-13:45 UK time",
            "8 November 11-13:45 CET",
            203,
            "start disagrees with announced '8 November 11-13:45 CET': the catalogue says "
            "2021-11-08 12:00 CET (2021-11-08 11:00Z), the announcement 2021-11-08 11:00 CET "
            "(2021-11-08 10:00Z)",
            "1 h earlier",
            "UTC+0",
            id="UK-zone",
        ),
        pytest.param(
            "9 November 10:00 – 11:30 Fiji Time (GMT+12)",
            "9 November 10:00 – 11:30 Fiji Time (GMT+13)",
            218,
            "start disagrees with '10:00 – 11:30 GMT+13' in announced '9 November 10:00 – "
            "11:30 Fiji Time (GMT+13)': the catalogue says 2021-11-09 11:00 GMT+13 "
            "(2021-11-08 22:00Z), the announcement 2021-11-09 10:00 GMT+13 (2021-11-08 21:00Z)",
            "1 h earlier",
            "UTC+12",
            id="Fiji-offset",
        ),
        pytest.param(
            "9 November 11:00 to 12:30 Fiji Time (GMT+12)",
            "9 November 11:00 to 12:30 Samoa Time (GMT+12)",
            230,
            "start disagrees with '11:00 to 12:30 Samoa Time' in announced '9 November 11:00 "
            "to 12:30 Samoa Time (GMT+12)': the catalogue says 2021-11-09 12:00 Samoa Time "
            "(2021-11-08 23:00Z), the announcement 2021-11-09 11:00 Samoa Time "
            "(2021-11-08 22:00Z)",
            "1 h earlier",
            "UTC+12",
            id="Fiji-zone",
        ),
        pytest.param(
            "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)",
            "17 November 2022, 14:00 – 16:30 (Beijing time) 08:00-09:30 (CET)",
            277,
            "start disagrees with '08:00-09:30 CET' in announced '17 November 2022, 14:00 – "
            "16:30 (Beijing time) 08:00-09:30 (CET)': the catalogue says 2022-11-17 07:00 CET "
            "(2022-11-17 06:00Z), the announcement 2022-11-17 08:00 CET (2022-11-17 07:00Z)",
            "1 h later",
            "UTC+2",
            id="Beijing-CET-second-time",
        ),
        pytest.param(
            "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)",
            "17 November 2022, 14:00 – 16:30 (Tokyo time) 07:00-09:30 (CET)",
            277,
            "start disagrees with '14:00 – 16:30 Tokyo time' in announced '17 November 2022, "
            "14:00 – 16:30 (Tokyo time) 07:00-09:30 (CET)': the catalogue says 2022-11-17 "
            "15:00 Tokyo time (2022-11-17 06:00Z), the announcement 2022-11-17 14:00 Tokyo "
            "time (2022-11-17 05:00Z)",
            "1 h earlier",
            "UTC+8",
            id="Beijing-CET-first-zone",
        ),
    ],
)
def test_a_seed_line_with_one_time_or_zone_changed_fails_naming_the_piece(
    shipped_copy: Path,
    seed: str,
    changed: str,
    line: int,
    message: str,
    gap: str,
    offset: str,
) -> None:
    text = shipped_copy.read_text(encoding="utf-8")
    edited = text.replace(f'["{seed}"]', f'["{changed}"]', 1)
    assert edited != text
    shipped_copy.write_text(edited, encoding="utf-8")
    with pytest.raises(InvalidCatalogueError) as invalid:
        load_catalogue(shipped_copy)
    errors = [f for f in invalid.value.findings if f.severity.value == "error"]
    assert [(f.line, f.code, f.message, f.hint) for f in errors] == [
        (line, Code.ANNOUNCED_MISMATCH, message, MOVED.format(gap=gap, offset=offset))
    ]


def event(start: str, zone: str, announced: str, end: str | None = None) -> str:
    end_line = f"end = {end}\n" if end else ""
    return textwrap.dedent(f"""\
        [events.x]
        title = "Invitation"
        start = {start}
        {end_line}timezone = "{zone}"
        announced = ["{announced}"]
        """)


@pytest.mark.parametrize(
    ("start", "end", "zone", "announced"),
    [
        # Words, a weekday and 12-hour time: 19:00 Paris on Thu 4 Nov 2027 (UTC+1).
        ("2027-11-04T19:00:00", None, "Europe/Paris", "Thu 4 Nov 2027 7pm Paris"),
        # A range in 12-hour time: 14:00-16:00 New York in January (EST, UTC-5).
        ("2027-01-12T14:00:00", "16:00:00", "America/New_York", "12 January 2027, 2-4pm EST"),
        # CEST is UTC+2, AEDT UTC+11, AEST UTC+10, whatever zone is the event's.
        ("2027-06-07T10:00:00", "11:00:00", "Europe/Paris", "2027-06-07 10:00-11:00 CEST"),
        ("2027-06-07T10:00:00", None, "Europe/Berlin", "Mon 7 June 2027 08:00 UTC"),
        ("2027-01-15T19:00:00", None, "Australia/Sydney", "15 January 2027 19:00 AEDT"),
        ("2027-06-15T18:00:00", None, "Australia/Sydney", "15 June 2027 18:00 AEST"),
        # Day-first digits and French hours; Nice is in no zone's name (the table of words).
        ("2022-11-17T19:00:00", None, "Europe/Paris", "17.11.2022 19h00 Nice time"),
        # Chinese date order and zone word: 14:00-16:30 Beijing time.
        ("2022-11-17T14:00:00", "16:30:00", "Asia/Shanghai", "2022年11月17日 14:00-16:30 北京时间"),
        # Spanish date order; Samoa is Pacific/Apia, UTC+13 in 2021.
        ("2021-11-04T12:30:00", None, "Pacific/Apia", "4 de noviembre de 2021, 12:30 Samoa"),
        # German-style "1. Dec." and a half-hour offset: Kolkata 09:00 is 03:30Z.
        ("2021-12-01T09:00:00", None, "Asia/Kolkata", "Wed 1. Dec. 2021 09:00 UTC+5:30"),
        # A country of iso3166.tab, a city with no zone of its own, an IANA name in brackets.
        ("2021-11-03T10:00:00", None, "Europe/Paris", "10:00 Germany time / 14:30 Mumbai"),
        ("2021-11-03T10:00:00", None, "Europe/Paris", "3 November, 09:00 (Europe/London)"),
        # Slashed digits with one order only (25 > 12): 25 December.
        ("2027-12-25T12:00:00", None, "Europe/London", "25/12/2027 12:00 GMT"),
        # An end past midnight: 23:00-00:30 Fiji is 11:00-12:30Z.
        (
            "2021-11-09T23:00:00",
            "2021-11-10T00:30:00",
            "Pacific/Fiji",
            "9 November 23:00-00:30 Fiji Time",
        ),
    ],
)
def test_invitations_in_other_phrasings_agree(
    start: str, end: str | None, zone: str, announced: str
) -> None:
    assert findings(event(start, zone, announced, end)) == []


JUNE = ("2027-06-07T10:00:00", "Europe/Paris")  # 08:00Z; Paris on CEST, UTC+2


def test_cet_in_summer_read_strictly_is_accepted_with_a_note() -> None:
    assert findings(event(*JUNE, "7 June 2027 09:00 CET")) == [
        (
            Code.ANNOUNCED_READING,
            "CET in announced '7 June 2027 09:00 CET' read as UTC+1; Europe/Paris is on CEST, "
            "UTC+2, then",
            "write UTC+1 to say so",
        )
    ]


def test_cet_in_summer_read_as_local_time_is_accepted_with_a_note() -> None:
    assert findings(event(*JUNE, "7 June 2027 10:00 CET")) == [
        (
            Code.ANNOUNCED_READING,
            "CET in announced '7 June 2027 10:00 CET' read as CET local time (Europe/Brussels "
            "is on CEST, UTC+2, then), not strictly as UTC+1",
            "write CEST or UTC+2 to say so",
        )
    ]


def test_cet_in_summer_matching_neither_reading_gives_both() -> None:
    assert findings(event(*JUNE, "7 June 2027 11:00 CET")) == [
        (
            Code.ANNOUNCED_MISMATCH,
            "start disagrees with announced '7 June 2027 11:00 CET': the catalogue says "
            "2027-06-07 08:00Z, the announcement read as UTC+1, 2027-06-07 10:00Z; read as "
            "CET local time, 2027-06-07 09:00Z",
            "the announcement is 2 h later: check the event's date, time and timezone, or the "
            "announced zone; the two agree if the announced time is UTC+3",
        )
    ]


@pytest.mark.parametrize(
    ("announced", "message", "hint"),
    [
        (
            "10:00 Australia",
            "'Australia' in announced time '10:00 Australia' is ambiguous: it has several "
            "zones, Australia/Lord_Howe, Antarctica/Macquarie or Australia/Hobart",
            "write the IANA name of the one meant, e.g. Australia/Lord_Howe",
        ),
        (
            "04/11/2021 10:00 UTC",
            "'04/11/2021' in announced time '04/11/2021 10:00 UTC' can be read two ways: "
            "04 November 2021 or 11 April 2021",
            "write the month in words (4 November 2021) or as YYYY-MM-DD",
        ),
        (
            "Tue 4 Nov 2021 10:00 UTC",
            "'Tue 4 Nov 2021' in announced time 'Tue 4 Nov 2021 10:00 UTC' is not a Tuesday: "
            "04 November 2021 is a Thursday",
            "check the day and the weekday",
        ),
        (
            "10:00 Paris, more or less",
            "cannot read 'more or less' in announced time '10:00 Paris, more or less'",
            'write a date, the times and the zone each is in, e.g. "November 4, 12:30 Samoa '
            '/ 00:30 CET"',
        ),
        (
            "November 4, 12:30",
            "no zone for '12:30' in announced time 'November 4, 12:30'",
            "write the zone it is announced in, e.g. '12:30' CET or UTC+1",
        ),
        (
            "25:00 CET",
            "'25:00' in announced time '25:00 CET' is not a clock time",
            "use 00:00 to 23:59",
        ),
    ],
)
def test_an_announcement_that_cannot_be_read_quotes_the_piece(
    announced: str, message: str, hint: str
) -> None:
    assert findings(event("2021-11-04T12:30:00", "Pacific/Apia", announced)) == [
        (Code.BAD_ANNOUNCED, message, hint)
    ]


WEEKLY = """\
[events.x]
title = "Weekly network call"
start = 2027-03-03T13:00:00
timezone = "Europe/London"
repeat = "FREQ=WEEKLY;BYDAY=WE"
announced = ["{announced}"]
"""


def test_a_series_announcement_names_the_occurrence_of_its_date() -> None:
    # 13:00 London on Wednesday 5 May 2027 is BST, 12:00Z; the first, 3 March, was GMT.
    assert findings(WEEKLY.format(announced="5 May 2027 12:00 UTC")) == []


def test_a_series_announcement_an_hour_off_is_an_hour_off_that_occurrence() -> None:
    assert findings(WEEKLY.format(announced="5 May 2027 13:00 UTC")) == [
        (
            Code.ANNOUNCED_MISMATCH,
            "start disagrees with announced '5 May 2027 13:00 UTC': the catalogue says "
            "2027-05-05 12:00 UTC (2027-05-05 12:00Z), the announcement 2027-05-05 13:00 UTC "
            "(2027-05-05 13:00Z)",
            "the announcement is 1 h later: check the event's date, time and timezone, or the "
            "announced zone; the two agree if the announced time is UTC+1",
        )
    ]


def test_a_series_announcement_on_a_day_without_an_occurrence_says_so() -> None:
    assert findings(WEEKLY.format(announced="6 May 2027 12:00 UTC")) == [
        (
            Code.ANNOUNCED_MISMATCH,
            "announced '6 May 2027 12:00 UTC' names 2027-05-06, but the series has no "
            "occurrence that day",
            "check the announced date, the start and the repeat rule",
        )
    ]
