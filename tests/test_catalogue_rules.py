"""Every rule of `calfeed check` as a table of (catalogue snippet, the exact finding), from
`tests/rule_table.py`, and the rules' finer points and the real catalogue's findings here.

Each snippet is placed at the very top of the document, so its line numbers are the file's:
count from the snippet's first line. Each rule also carries the fix its hint asks for, and
that fixed snippet must load with no finding at all.

"""

from __future__ import annotations

import textwrap
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from calfeed.catalogue import load_catalogue, parse_catalogue
from calfeed.errors import Code, Finding, InvalidCatalogueError, Severity
from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated
from tests.feed_readers import Times
from tests.rule_table import BASE, PATH, RULES, Rule, document, error, warning
from tests.shipped import EVENTS_TOML, SEED_TIMES


def load(snippet: str) -> Catalogue:
    return parse_catalogue(document(snippet).encode(), PATH)


def findings(snippet: str, *, links: bool = False) -> list[Finding]:
    """All findings: the errors (and warnings) of an invalid catalogue, else its warnings.

    Most snippets are events without links or regions, which `no-link` and `no-region`
    would warn about every time; those rules are tested on their own (`links=True`, and
    `test_catalogue_advice.py`) and left out of the others' findings."""
    try:
        found = list(load(snippet).warnings)
    except InvalidCatalogueError as invalid:
        found = list(invalid.findings)
    return [f for f in found if links or f.code not in {"no-link", "no-region"}]


def event_of(catalogue: Catalogue, event_id: str) -> Event:
    (event,) = (e for e in catalogue.events if e.id == event_id)
    return event


def timed_of(catalogue: Catalogue, event_id: str) -> Timed:
    when = event_of(catalogue, event_id).when
    assert isinstance(when, Timed)
    return when


def utc(value: datetime | date | None) -> datetime:
    """An instant in UTC (compare this, not the zoned value: PEP 495 makes a datetime in a
    fold unequal to every datetime of another zone)."""
    assert isinstance(value, datetime)
    return value.astimezone(UTC)


def z(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_the_base_catalogue_is_valid() -> None:
    assert findings("") == []


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in RULES])
def test_rule_reports_its_exact_finding(rule: Rule) -> None:
    assert findings(rule.snippet) == [rule.finding]


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in RULES])
def test_rule_passes_once_fixed(rule: Rule) -> None:
    assert findings(rule.fixed) == []


def test_not_utf8_names_the_line_and_byte() -> None:
    raw = '[events.x]\ntitle = "Café"\nstart = 2021-10-27\n'
    with pytest.raises(InvalidCatalogueError) as invalid:
        parse_catalogue(raw.encode("latin-1") + BASE.encode(), PATH)
    assert list(invalid.value.findings) == [
        error(
            "encoding", 2, None, "the file is not UTF-8 (byte 0xe9)", "save the catalogue as UTF-8"
        )
    ]
    assert findings(raw) == []  # the same text, saved as UTF-8


UNCLOSED = {
    "a one-line string after a closed multi-line one, at the end of the file": (
        '[calendar]\nname = "x"\n[events.a]\ndescription = """one\ntwo"""\n'
        '[events.b]\ntitle = "abc',
        (7, 'a string is not closed on line 7: add the closing "'),
    ),
    "a one-line string after three double quotes in a literal string": (
        '[events.a]\ntitle = \'"""\'\n[events.b]\ntitle = "abc',
        (4, 'a string is not closed on line 4: add the closing "'),
    ),
    "a multi-line string holding an escaped quote and two more": (
        '[events.a]\ndescription = """one\n\\"""\ntwo\n',
        (2, 'a multi-line string opened on line 2 is not closed: add the closing """'),
    ),
    "a one-line literal string, before strings of the other kind on later lines": (
        '[events.a]\ntitle = \'abc\ndescription = """x"""\nurl = "y"\n',
        (2, "a string is not closed on line 2: add the closing '"),
    ),
    "a multi-line literal string after three apostrophes in a basic string": (
        "[events.a]\ntitle = \"It's '''quoted\"\ndescription = '''one\ntwo\n",
        (3, "a multi-line string opened on line 3 is not closed: add the closing '''"),
    ),
}


@pytest.mark.parametrize(("text", "expected"), UNCLOSED.values(), ids=UNCLOSED.keys())
def test_an_unclosed_string_is_found_where_it_opens(text: str, expected: tuple[int, str]) -> None:
    """tomllib reaches the end of the file inside a string: the string that is open there
    is the one to close, whatever quotes the strings before it hold."""
    with pytest.raises(InvalidCatalogueError) as invalid:
        parse_catalogue(text.encode(), PATH)
    assert [(f.code, f.line, f.message) for f in invalid.value.findings] == [
        ("toml-syntax", *expected)
    ]


def test_missing_uid_domain_is_reported() -> None:
    found = findings(
        """
        [calendar]
        name = "Green Jobs"
        """
    )
    assert (
        error(
            "missing-key",
            1,
            None,
            "missing required key 'uid-domain'",
            "add uid-domain = ... (Domain for stable UIDs: <event-id>@<uid-domain>.)",
        )
        in found
    )


@pytest.mark.parametrize(
    ("when", "utc_start"),
    [
        # 01:30 BST (+01:00), before the clocks go back, is 00:30Z;
        # 01:30 GMT (+00:00), an hour later, is 01:30Z.
        pytest.param("2021-10-31T01:30:00+01:00", z("2021-10-31T00:30"), id="first-BST"),
        pytest.param("2021-10-31T01:30:00+00:00", z("2021-10-31T01:30"), id="second-GMT"),
    ],
)
def test_an_offset_pins_a_fold(when: str, utc_start: datetime) -> None:
    catalogue = load(
        f"""
        [events.x]
        title = "Network call"
        start = {when}
        timezone = "Europe/London"
        """
    )
    assert [w for w in catalogue.warnings if w.code not in {"no-link", "no-region"}] == []
    assert utc(timed_of(catalogue, "x").start) == utc_start


def test_a_wrong_offset_on_a_fold_is_rejected() -> None:
    (found,) = findings(
        """
        [events.x]
        title = "Network call"
        start = 2021-10-31T01:30:00+05:00
        timezone = "Europe/London"
        """
    )
    assert (found.severity, found.code[:11], found.line, found.event_id) == (
        Severity.ERROR,
        "local-time-",
        3,
        "x",
    )


def test_zones_come_from_the_tzdata_package() -> None:
    # tzdata 2026f (the pinned package): British Columbia stays on UTC-7 all year from
    # November 2026, so 10:00 on 1 December 2026 is 17:00Z. An older system zoneinfo (this
    # machine's is 2025b) still says PST, UTC-8, which would give 18:00Z.
    catalogue = load(
        """
        [events.x]
        title = "Vancouver meeting"
        start = 2026-12-01T10:00:00
        timezone = "America/Vancouver"
        """
    )
    assert utc(timed_of(catalogue, "x").start) == z("2026-12-01T17:00")


@pytest.mark.parametrize(
    ("start", "end", "zone", "announced"),
    [
        # "November 4, 12:30 Samoa / 00:30 CET": Apia UTC+13, CET UTC+1 -> 23:30Z on 3 Nov.
        pytest.param("2021-11-04T12:30:00", None, "Pacific/Apia", "00:30 CET", id="time-only"),
        pytest.param(
            "2021-11-04T12:30:00", None, "Pacific/Apia", "2021-11-04 00:30 CET", id="dated"
        ),
        pytest.param("2021-11-04T12:30:00", None, "Pacific/Apia", "12:30 UTC+13", id="UTC+13"),
        pytest.param("2021-11-04T12:30:00", None, "Pacific/Apia", "23:30 UTC", id="UTC"),
        # "9 November 10:00 – 11:30 Fiji Time (GMT+12)".
        pytest.param(
            "2021-11-09T10:00:00", "11:30:00", "Pacific/Fiji", "10:00-11:30 GMT+12", id="GMT+12"
        ),
        # "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)".
        pytest.param(
            "2022-11-17T14:00:00",
            "16:30:00",
            "Asia/Shanghai",
            "2022-11-17 07:00-09:30 CET",
            id="range-CET",
        ),
    ],
)
def test_announced_forms_that_agree_pass(
    start: str, end: str | None, zone: str, announced: str
) -> None:
    end_line = f"end = {end}" if end else ""
    snippet = f"""
        [events.x]
        title = "Announced"
        start = {start}
        {end_line}
        timezone = "{zone}"
        announced = ["{announced}"]
        """
    assert findings(snippet) == []


@pytest.mark.parametrize(
    ("start", "zone", "announced"),
    [
        # London's clocks went back at 02:00 BST on 31 Oct 2021: 01:30 happened at 00:30Z
        # (BST, +01:00) and again at 01:30Z (GMT, +00:00). A pinned start is one instant,
        # and an announcement naming that instant agrees, whatever zone it is written in.
        pytest.param("2021-10-31T01:30:00+00:00", "Europe/London", "01:30 UTC", id="GMT-UTC"),
        pytest.param("2021-10-31T01:30:00+01:00", "Europe/London", "00:30 UTC", id="BST-UTC"),
        pytest.param("2021-10-31T01:30:00+01:00", "Europe/London", "01:30 UTC+1", id="BST-off"),
        # 02:30 CET is itself ambiguous that night (CET fell back at 03:00 CEST): the
        # second reading, 02:30 CET proper, is 01:30Z. (The first, 02:30 CEST, is CET read
        # loosely: see the test after this one.)
        pytest.param(
            "2021-10-31T01:30:00+00:00", "Europe/London", "2021-10-31 02:30 CET", id="GMT-CET"
        ),
        # New York fell back at 02:00 EDT on 5 Nov 2023: 01:30 EST (-05:00) is 06:30Z.
        pytest.param("2023-11-05T01:30:00-05:00", "America/New_York", "06:30 UTC", id="EST"),
        # Lord Howe's clocks go back half an hour at 02:00 (+11) on 7 Apr 2024: 01:45
        # +10:30 is 15:15Z on 6 Apr.
        pytest.param(
            "2024-04-07T01:45:00+10:30", "Australia/Lord_Howe", "2024-04-06 15:15 UTC", id="LHST"
        ),
    ],
)
def test_announced_time_agrees_with_a_start_pinned_in_a_fold(
    start: str, zone: str, announced: str
) -> None:
    snippet = f"""
        [events.x]
        title = "Network call"
        start = {start}
        timezone = "{zone}"
        announced = ["{announced}"]
        """
    assert findings(snippet) == []


def test_announced_cet_in_a_fold_read_as_summer_time_is_noted() -> None:
    # 02:30 on 31 Oct 2021 in tzdata's CET zone is first 02:30 CEST, 00:30Z: the start's
    # instant, but only when CET is read loosely, as Central European local time.
    snippet = """
        [events.x]
        title = "Network call"
        start = 2021-10-31T01:30:00+01:00
        timezone = "Europe/London"
        announced = ["2021-10-31 02:30 CET"]
        """
    assert [(f.code, f.message, f.hint) for f in findings(snippet)] == [
        (
            Code.ANNOUNCED_READING,
            "CET in announced '2021-10-31 02:30 CET' read as CET local time (Europe/Brussels "
            "is on CEST, UTC+2, then), not strictly as UTC+1",
            "write CEST or UTC+2 to say so",
        )
    ]


def test_announced_time_an_hour_off_a_pinned_fold_start_is_still_refused() -> None:
    snippet = """
        [events.x]
        title = "Network call"
        start = 2021-10-31T01:30:00+00:00
        timezone = "Europe/London"
        announced = ["00:30 UTC"]
        """
    assert [(f.code, f.message) for f in findings(snippet)] == [
        (
            Code.ANNOUNCED_MISMATCH,
            "start disagrees with announced '00:30 UTC': the catalogue says 2021-10-31 01:30 UTC "
            "(2021-10-31 01:30Z), the announcement 2021-10-31 00:30 UTC (2021-10-31 00:30Z)",
        )
    ]


def test_description_may_span_lines() -> None:
    catalogue = load(
        r'''
        [events.x]
        title = "Humen summit"
        start = 2022-11-17T14:00:00
        timezone = "Asia/Shanghai"
        description = "Hybrid format.\nWorking language: English/Chinese."

        [events.y]
        title = "Network meeting"
        start = 2021-12-01
        description = """
        Agenda:
        1. Welcome."""
        '''
    )
    assert [w for w in catalogue.warnings if w.code not in {"no-link", "no-region"}] == []
    assert event_of(catalogue, "x").description == (
        "Hybrid format.\nWorking language: English/Chinese."
    )
    assert event_of(catalogue, "y").description == "Agenda:\n1. Welcome."


FOLD = error(
    "local-time-fold",
    3,
    "x",
    "start 2021-10-31 01:30 exists twice (the clocks go back) in Europe/London",
    "it is either 2021-10-31 00:30Z or 2021-10-31 01:30Z: pin one with an offset, "
    "start = 2021-10-31T01:30:00+01:00 or ...+00:00",
)
FOLDED_CALL = """
    [events.x]
    title = "Network call"
    start = 2021-10-31T01:30:00
    timezone = "Europe/London"
    """


@pytest.mark.parametrize(
    ("snippet", "expected"),
    [
        pytest.param(
            # The end is wrong, not missing: the announced end is not compared with it.
            """
            [events.x]
            title = "Humen summit"
            start = 2022-11-17T14:00:00
            end = 13:30:00
            timezone = "Asia/Shanghai"
            announced = ["2022-11-17 07:00-09:30 CET"]
            """,
            [
                error(
                    "end-before-start",
                    4,
                    "x",
                    "end (2022-11-17 13:30 UTC+8) is not after start (2022-11-17 14:00 UTC+8)",
                    "check the times and the date",
                )
            ],
            id="end-before-start-with-announced-range",
        ),
        pytest.param(
            """
            [events.x]
            title = "Humen summit"
            start = 2022-11-17T14:00:00
            end = 16:30:00
            duration = "PT2H30M"
            timezone = "Asia/Shanghai"
            announced = ["2022-11-17 07:00-09:30 CET"]
            """,
            [
                error(
                    "end-and-duration",
                    5,
                    "x",
                    "give either end or duration, not both",
                    "remove one of them",
                )
            ],
            id="end-and-duration-with-announced-range",
        ),
        pytest.param(
            # A missing end does not hide that the start disagrees.
            """
            [events.x]
            title = "Invitation to a Pacific Dialogue"
            start = 2021-11-04T12:30:00
            timezone = "Pacific/Apia"
            announced = ["01:30-02:30 CET"]
            """,
            [
                error(
                    "announced-mismatch",
                    5,
                    "x",
                    "start disagrees with announced '01:30-02:30 CET': the catalogue says "
                    "2021-11-04 00:30 CET (2021-11-03 23:30Z), the announcement "
                    "2021-11-04 01:30 CET (2021-11-04 00:30Z)",
                    "the announcement is 1 h later: check the event's date, time and timezone, "
                    "or the announced zone; the two agree if the announced time is UTC+2",
                ),
                error(
                    "announced-mismatch",
                    5,
                    "x",
                    "announced '01:30-02:30 CET' gives an end, but the event has none",
                    "add end = ... to the event",
                ),
            ],
            id="announced-end-missing-and-start-wrong",
        ),
        pytest.param(
            # The announced strings are read whatever the start; only comparing needs it.
            FOLDED_CALL + 'announced = ["half past one GMT"]\n',
            [
                FOLD,
                error(
                    "bad-announced",
                    5,
                    "x",
                    "cannot read 'half past one' in announced time 'half past one GMT'",
                    'write a date, the times and the zone each is in, e.g. "November 4, '
                    '12:30 Samoa / 00:30 CET"',
                ),
            ],
            id="fold-start-with-unreadable-announced",
        ),
        pytest.param(
            """
            [events.x]
            title = "Invitation to a Pacific Dialogue"
            start = 2021-11-04T12:30:00
            timezone = "Samoa"
            announced = ["12:30 Samoaa"]
            """,
            [
                error(
                    "unknown-zone",
                    4,
                    "x",
                    "unknown time zone 'Samoa'",
                    "did you mean Pacific/Apia?",
                ),
                error(
                    "bad-announced",
                    5,
                    "x",
                    "unknown zone 'Samoaa' in announced time '12:30 Samoaa'",
                    "did you mean Pacific/Apia or Europe/Samara?",
                ),
            ],
            id="unknown-zone-with-unreadable-announced",
        ),
        pytest.param(
            FOLDED_CALL + 'duration = "90 minutes"\n',
            [
                FOLD,
                error(
                    "bad-duration",
                    5,
                    "x",
                    "'duration' must be an ISO 8601 duration, not '90 minutes'",
                    'write e.g. "PT12H", "PT1H30M" or "P1D"',
                ),
            ],
            id="fold-start-with-bad-duration",
        ),
        pytest.param(
            FOLDED_CALL + "end = 2021-10-31\n",
            [
                FOLD,
                error(
                    "wrong-type",
                    5,
                    "x",
                    "a timed event's end must be a time or a date-time, not a date",
                    "write end = 13:45:00",
                ),
            ],
            id="fold-start-with-end-a-date",
        ),
        pytest.param(
            FOLDED_CALL + 'repeat = "FREQ=FORTNIGHTLY"\n',
            [
                FOLD,
                error(
                    "bad-repeat",
                    5,
                    "x",
                    "repeat 'FREQ=FORTNIGHTLY' is not a valid RRULE: invalid 'FREQ': FORTNIGHTLY",
                    'write e.g. "FREQ=WEEKLY;BYDAY=WE;COUNT=6"',
                ),
            ],
            id="fold-start-with-bad-repeat",
        ),
        pytest.param(
            FOLDED_CALL
            + """
            [[events.x.sessions]]
            title = "Welcome"
            start = 03:00:00
            end = 03:30:00
            speaker = ["Ms YAN Yan"]
            """,
            [
                FOLD,
                error("unknown-key", 10, "x", "unknown key 'speaker'", "did you mean 'speakers'?"),
            ],
            id="fold-start-with-session-typo",
        ),
        pytest.param(
            # An all-day event has no time to compare an announced time with.
            """
            [events.x]
            title = "15th e-Discussion and Knowledge sharing"
            start = 2021-10-27
            announced = ["10:00 CET"]
            """,
            [
                error(
                    "announced-mismatch",
                    4,
                    "x",
                    "announced '10:00 CET' gives a time, but the event is all day",
                    "give start a time and a timezone, or remove the announced time",
                )
            ],
            id="all-day-with-announced",
        ),
        pytest.param(
            # "Date to be determined, 10:00 CET": read now, compared once there is a start.
            """
            [events.x]
            title = "CA4JI Asia-Pacific launch"
            status = "tentative"
            announced = ["10:00 CETT"]
            """,
            [
                error(
                    "bad-announced",
                    4,
                    "x",
                    "unknown zone 'CETT' in announced time '10:00 CETT'",
                    "did you mean CET?",
                )
            ],
            id="no-start-with-announced",
        ),
        pytest.param(
            # A [calendar] that cannot be built hides no event's problem.
            """
            [calendar]
            name = "Green Jobs"
            timezone = "Europe/London"

            [events.x]
            title = "IBC on Climate Change"
            start = 2021-11-08T11:00:00
            timezone = "Europe/Londn"
            """,
            [
                error(
                    "missing-key",
                    1,
                    None,
                    "missing required key 'uid-domain'",
                    "add uid-domain = ... (Domain for stable UIDs: <event-id>@<uid-domain>.)",
                ),
                error(
                    "unknown-zone",
                    8,
                    "x",
                    "unknown time zone 'Europe/Londn'",
                    "did you mean Europe/London?",
                ),
            ],
            id="calendar-without-uid-domain-and-event-problem",
        ),
        pytest.param(
            # A wrong default zone is reported once, not again as missing for each event.
            """
            [calendar]
            name = "Green Jobs"
            uid-domain = "events.example.org"
            timezone = "Europe/Londn"

            [events.x]
            title = "Achieving a JT toward net zero"
            start = 2021-11-11T11:30:00
            """,
            [
                error(
                    "unknown-zone",
                    4,
                    None,
                    "unknown time zone 'Europe/Londn'",
                    "did you mean Europe/London?",
                )
            ],
            id="wrong-calendar-zone-is-not-missing-again",
        ),
        pytest.param(
            """
            [calendar]
            name = "Green Jobs"
            uid-domain = "events.example.org"
            timezone = 0

            [events.x]
            title = "Achieving a JT toward net zero"
            start = 2021-11-11T11:30:00
            """,
            [
                error(
                    "wrong-type",
                    4,
                    None,
                    "'timezone' must be an IANA zone name string, not an integer",
                )
            ],
            id="mistyped-calendar-zone-is-not-missing-again",
        ),
    ],
)
def test_every_independent_finding_and_no_follow_on(snippet: str, expected: list[Finding]) -> None:
    assert findings(snippet) == expected


def test_all_errors_are_reported_together() -> None:
    found = findings(
        """
        [events.x]
        titel = "IBC on Climate Change"
        start = 2021-03-28T01:30:00
        timezone = "Europe/London"
        tags = ["cop-26"]
        registration = "ftp://example.org/register"

        [events.y]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "Samoa"
        status = "canceled"
        """
    )
    assert all(f.severity is Severity.ERROR for f in found)
    assert sorted((f.line or 0, f.code, f.event_id) for f in found) == [
        (1, "missing-key", "x"),  # no title (it is spelt "titel")
        (2, "unknown-key", "x"),
        (3, "local-time-gap", "x"),
        (5, "unknown-tag", "x"),
        (6, "bad-url", "x"),
        (11, "unknown-zone", "y"),
        (12, "bad-status", "y"),
    ]


# -- the real catalogue ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Catalogue:
    return load_catalogue(EVENTS_TOML)


NO_LINK = (
    "no registration, url or online link: subscribers have nowhere to click",
    'add registration = "https://..." (or url, or online) when there is one',
)


def test_real_catalogue_warns_only_about_what_the_seeds_leave_out(real: Catalogue) -> None:
    # The seed says "11 November 11:30 – 12:45." and names no zone; the catalogue leaves
    # `timezone` out on purpose (COP26 was in Glasgow) so the assumption stays visible.
    # Seven events have no link in the seeds ("Register here." and "More information /
    # registration available on" lost their links); only the Humen summit gives one.
    path = EVENTS_TOML
    no_link = [
        (143, "gjn-ediscussion-15"),
        (163, "cop26-wg-just-transition-decent-work"),
        (179, "cop26-pacific-dialogue"),
        (198, "ibc-climate-change-1-5-degrees-ap"),
        (213, "adb-just-transition-pacific"),
        (225, "cop26-pacific-mobility-human-security"),
        (237, "cop26-africa-net-zero-side-event"),
        (252, "gjn-meeting-2021-12-01"),
    ]
    expected = [
        Finding(Severity.WARNING, Code.NO_LINK, path, line, event, *NO_LINK)
        for line, event in no_link
    ]
    expected.insert(
        7,
        Finding(
            Severity.WARNING,
            Code.ASSUMED_ZONE,
            path,
            239,
            "cop26-africa-net-zero-side-event",
            "no timezone given: assumed Europe/London (the calendar default)",
            'if that is right, say so: timezone = "Europe/London"',
        ),
    )
    assert list(real.warnings) == expected


def test_no_link_is_a_warning_of_its_own() -> None:
    snippet = """
        [events.x]
        title = "Network call"
        start = 2021-11-09T10:00:00
        timezone = "Pacific/Fiji"
        """

    def of_x(text: str) -> list[Finding]:
        return [f for f in findings(text, links=True) if f.event_id == "x"]

    assert of_x(snippet) == [warning("no-link", 1, "x", *NO_LINK)]
    assert of_x(snippet + 'online = "https://example.org/join"\n') == []


def test_check_today_warns_about_past_events() -> None:
    snippet = textwrap.dedent("""
        [events.x]
        title = "Network call"
        start = 2021-11-09T10:00:00
        timezone = "Pacific/Fiji"
        """).lstrip("\n")
    text = document(snippet).encode()
    catalogue = parse_catalogue(text, PATH, today=date(2021, 11, 10))
    assert [f for f in catalogue.warnings if f.event_id == "x" and f.code == "past"] == [
        warning(
            "past",
            1,
            "x",
            "the event is over: it ended on 2021-11-09, before 2021-11-10",
            "check the year, or remove it once subscribers no longer need it "
            '(status = "cancelled" first, so calendars drop it cleanly)',
        )
    ]
    same_day = parse_catalogue(text, PATH, today=date(2021, 11, 9))
    assert [f for f in same_day.warnings if f.code == "past" and f.event_id == "x"] == []


TIMED_SEED_TIMES = {k: t for k, t in SEED_TIMES.items() if isinstance(t.start, datetime)}
"""The seeds' hand-checked instants (`tests/shipped.py`) of the events with a time of day."""


@pytest.mark.parametrize(
    ("event_id", "expected"), TIMED_SEED_TIMES.items(), ids=list(TIMED_SEED_TIMES)
)
def test_real_catalogue_seed_instants(real: Catalogue, event_id: str, expected: Times) -> None:
    timed = timed_of(real, event_id)
    start, end = expected.start, expected.end
    assert utc(timed.start) == start
    assert (utc(timed.end) if timed.end is not None else None) == end


def test_real_catalogue_humen_sessions(real: Catalogue) -> None:
    # The agenda's "Time (Beijing)" column, minus 8 hours: 14:00-14:30, 14:30-15:20,
    # 15:20-16:10 and 16:10-16:30 Beijing time.
    sessions = timed_of(real, "humen-summit-2022").sessions
    assert [(utc(s.start), utc(s.end)) for s in sessions] == [
        (z("2022-11-17T06:00"), z("2022-11-17T06:30")),
        (z("2022-11-17T06:30"), z("2022-11-17T07:20")),
        (z("2022-11-17T07:20"), z("2022-11-17T08:10")),
        (z("2022-11-17T08:10"), z("2022-11-17T08:30")),
    ]


def test_real_catalogue_zone_assumed_only_for_the_africa_event(real: Catalogue) -> None:
    assumed = [e.id for e in real.events if isinstance(e.when, Timed) and e.when.zone_assumed]
    assert assumed == ["cop26-africa-net-zero-side-event"]
    assert event_of(real, "cop26-africa-net-zero-side-event").zone == "Europe/London"


def test_real_catalogue_all_day_and_undated_events(real: Catalogue) -> None:
    # "Wednesday 27 October 2021" and "Wed 1. Dec." name no time: one-day all-day events,
    # whose `end` is the last day, inclusive.
    for event_id, day in [
        ("gjn-ediscussion-15", date(2021, 10, 27)),
        ("gjn-meeting-2021-12-01", date(2021, 12, 1)),
    ]:
        event = event_of(real, event_id)
        assert type(event.when) is AllDay
        assert type(event.when.first) is date
        assert type(event.when.last) is date
        assert (event.when, event.zone) == (AllDay(day, day), None)
    # "Specific date to be determined": tentative, no start, never in a feed.
    launch = event_of(real, "ca4ji-asia-pacific-launch")
    assert (launch.when, launch.status, launch.scheduled) == (Undated(), Status.TENTATIVE, False)


# -- rules found missing or wrong in review, now fixed --------------------------------------


def test_mistyped_start_is_not_also_missing() -> None:
    assert findings(
        """
        [events.x]
        title = "IBC on Climate Change"
        start = "2021-11-08 11:00"
        timezone = "Europe/London"
        """
    ) == [
        error(
            "wrong-type",
            3,
            "x",
            "'start' must be a local date-time (2021-11-04T12:30:00), offset date-time or "
            "date, not a string",
            "write it without quotes: start = 2021-11-08T11:00:00",
        )
    ]


@pytest.mark.parametrize(
    ("key", "written", "hint"),
    [
        ("start", '"2027-06-07 10:00"', "write it without quotes: start = 2027-06-07T10:00:00"),
        ("start", '"2027-06-07"', "write it without quotes: start = 2027-06-07"),
        (
            "start",
            '"2027-06-07T10:00+02:00"',
            "write it without quotes: start = 2027-06-07T10:00:00+02:00",
        ),
        ("end", '"11:00"', "write it without quotes: end = 11:00:00"),
        ("end", '"9:30"', "write it without quotes: end = 09:30:00"),
        ("start", '"10am"', None),  # no TOML form to offer: the message alone
    ],
)
def test_a_quoted_date_or_time_gets_its_unquoted_toml_form(
    key: str, written: str, hint: str | None
) -> None:
    lines = {"start": "start = 2027-06-07T08:00:00", "end": ""}
    lines[key] = f"{key} = {written}"
    found = findings(
        f"""
        [events.x]
        title = "Network call"
        {lines["start"]}
        {lines["end"]}
        timezone = "Europe/Paris"
        """
    )
    assert [(f.code, f.line, f.hint) for f in found] == [
        (Code.WRONG_TYPE, 3 if key == "start" else 4, hint)
    ]


def test_mistyped_timezone_is_not_also_assumed() -> None:
    assert findings(
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = 0
        """
    ) == [
        error("wrong-type", 4, "x", "'timezone' must be an IANA zone name string, not an integer")
    ]


def test_missing_uid_domain_is_one_error() -> None:
    assert [f.code for f in findings("[calendar]\nname = 'Green Jobs'\n")] == ["missing-key"]


def test_fold_hint_names_the_key_that_folds() -> None:
    (found,) = findings(
        """
        [events.x]
        title = "Network call"
        start = 2021-10-31T00:30:00
        end = 01:30:00
        timezone = "Europe/London"
        """
    )
    assert found.hint == (
        "it is either 2021-10-31 00:30Z or 2021-10-31 01:30Z: pin one with an offset, "
        "end = 2021-10-31T01:30:00+01:00 or ...+00:00"
    )


def test_unresolved_start_does_not_claim_the_start_is_missing() -> None:
    assert [
        f.code
        for f in findings(
            """
        [events.x]
        title = "Network call"
        start = 2021-03-28T01:30:00
        end = 03:00:00
        timezone = "Europe/London"
        """
        )
    ] == ["local-time-gap"]


def test_repeat_gap_can_be_skipped_with_except() -> None:
    assert (
        findings(
            """
        [events.x]
        title = "Network call"
        start = 2021-03-07T01:30:00
        timezone = "Europe/London"
        repeat = "FREQ=WEEKLY;BYDAY=SU;COUNT=6"
        except = [2021-03-28]
        """
        )
        == []
    )


def test_repeat_until_in_utc_is_accepted() -> None:
    assert (
        findings(
            """
        [events.x]
        title = "Network call"
        start = 2021-03-07T10:00:00
        timezone = "Europe/London"
        repeat = "FREQ=WEEKLY;UNTIL=20210401T000000Z"
        """
        )
        == []
    )


def test_repeat_count_and_until_is_rejected() -> None:
    assert [
        f.code
        for f in findings(
            """
        [events.x]
        title = "Network call"
        start = 2021-03-07T10:00:00
        timezone = "Europe/London"
        repeat = "FREQ=WEEKLY;COUNT=3;UNTIL=20210401"
        """
        )
    ] == ["bad-repeat"]


def test_c1_control_character_is_rejected() -> None:
    assert [
        f.code
        for f in findings(
            r"""
        [events.x]
        title = "Pacific\u0085Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "Pacific/Apia"
        """
        )
    ] == ["control-character"]


def test_unknown_top_level_table_has_its_line() -> None:
    (found,) = findings(
        """
        [event.x]
        title = "IBC on Climate Change"
        """
    )
    assert (found.code, found.line, found.hint) == ("unknown-key", 1, "did you mean 'events'?")


def test_wrong_offset_on_a_fold_names_the_offset() -> None:
    (found,) = findings(
        """
        [events.x]
        title = "Network call"
        start = 2021-10-31T01:30:00+05:00
        timezone = "Europe/London"
        """
    )
    assert found.code == "local-time-offset"


def test_overlapping_events_at_one_location_warn() -> None:
    found = findings(
        """
        [events.x]
        title = "Morning session"
        start = 2021-11-09T10:00:00
        end = 11:30:00
        timezone = "Pacific/Fiji"
        location = "Pacific Pavilion, Glasgow"

        [events.y]
        title = "Late-morning session"
        start = 2021-11-09T11:00:00
        end = 12:30:00
        timezone = "Pacific/Fiji"
        location = "Pacific Pavilion, Glasgow"
        """
    )
    assert found == [
        Finding(
            Severity.WARNING,
            Code.OVERLAP,
            Path("events.toml"),
            8,
            "y",
            "overlaps event 'x' at the same location (Pacific Pavilion, Glasgow)",
            "check both times, or name the rooms apart in `location`",
        )
    ]
