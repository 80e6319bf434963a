"""Every rule of `calfeed check` as a table of (catalogue snippet, the exact finding).

Each snippet is placed at the very top of the document, so its line numbers are the file's:
count from the snippet's first line. A small valid base (`CALENDAR` + `BASE`) follows it; a
snippet that brings its own `[calendar]` replaces the base's. Each rule also carries the fix
its hint asks for, and that fixed snippet must load with no finding at all.

"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from calfeed.catalogue import load_catalogue, parse_catalogue
from calfeed.errors import Code, Finding, InvalidCatalogueError, Severity
from calfeed.model import AllDay, Catalogue, Event, Status, Timed, Undated

PATH = Path("events.toml")
ROOT = Path(__file__).parent.parent

CALENDAR = """\
[calendar]
name = "Green Jobs & Just Transition: test"
uid-domain = "events.example.org"
timezone = "Europe/London"
"""

BASE = """\
[audiences.government]
name = "Governments"

[audiences.network]
name = "Green Jobs Network members"
private = true

[regions.pacific]
name = "Pacific"
zones = ["Pacific/Apia", "Pacific/Fiji"]

[tags]
cop26 = "At or around COP26"
side-event = "Side event"

[events.base]
title = "IBC on Climate Change: 1.5 degrees within reach for AP?"
start = 2021-11-08T11:00:00
end = 13:45:00
timezone = "Europe/London"
"""


def document(snippet: str) -> str:
    """The snippet first (its lines are the file's), then the base catalogue."""
    text = textwrap.dedent(snippet).lstrip("\n")
    calendar = "" if re.search(r"^\[calendar\]", text, re.MULTILINE) else CALENDAR + "\n"
    return f"{text}\n{calendar}{BASE}"


def load(snippet: str) -> Catalogue:
    return parse_catalogue(document(snippet).encode(), PATH)


def findings(snippet: str, *, links: bool = False) -> list[Finding]:
    """All findings: the errors (and warnings) of an invalid catalogue, else its warnings.

    Most snippets are events without links, which `no-link` would warn about every time;
    that rule is tested on its own (`links=True`) and left out of the others' findings."""
    try:
        found = list(load(snippet).warnings)
    except InvalidCatalogueError as invalid:
        found = list(invalid.findings)
    return [f for f in found if links or f.code != "no-link"]


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


def error(
    code: str, line: int | None, event_id: str | None, message: str, hint: str | None = None
) -> Finding:
    return Finding(Severity.ERROR, Code(code), PATH, line, event_id, message, hint)


def warning(
    code: str, line: int | None, event_id: str | None, message: str, hint: str | None = None
) -> Finding:
    return Finding(Severity.WARNING, Code(code), PATH, line, event_id, message, hint)


@dataclass(frozen=True)
class Rule:
    """A snippet that breaks one rule, its exact finding, and the edit its hint suggests."""

    id: str
    snippet: str
    finding: Finding
    fix: tuple[str, str]
    """(text of the snippet, its replacement): the fixed snippet must load cleanly."""

    @property
    def fixed(self) -> str:
        old, new = self.fix
        text = textwrap.dedent(self.snippet)
        assert text.count(old) == 1, f"{old!r} must occur once in {self.id}"
        return text.replace(old, new)


def zone_rule(name: str, hint: str, fix: str) -> Rule:
    return Rule(
        f"unknown-zone-{name}",
        f"""
        [events.x]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "{name}"
        """,
        error("unknown-zone", 4, "x", f"unknown time zone {name!r}", hint),
        (f'"{name}"', f'"{fix}"'),
    )


def announced_rule(rule_id: str, announced: str, finding: Finding, fix: str) -> Rule:
    """The Pacific Dialogue: "November 4, 12:30 Samoa / 00:30 CET" (Samoa UTC+13 in 2021)."""
    return Rule(
        rule_id,
        f"""
        [events.x]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "Pacific/Apia"
        announced = ["{announced}"]
        """,
        finding,
        (f'"{announced}"', f'"{fix}"'),
    )


def ambiguous(abbreviation: str, meanings: str) -> Rule:
    text = f"00:30 {abbreviation}"
    return announced_rule(
        f"ambiguous-{abbreviation}",
        text,
        error(
            "bad-announced",
            5,
            "x",
            f"{abbreviation} in announced time {text!r} is ambiguous: it can mean {meanings}",
            "write the IANA zone name or a UTC offset such as UTC+5:30",
        ),
        "00:30 CET",
    )


def url_rule(key: str, value: str) -> Rule:
    return Rule(
        f"bad-url-{key}-{value.partition(':')[0]}",
        f"""
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        {key} = "{value}"
        """,
        error(
            "bad-url",
            5,
            "x",
            f"{key!r} must be an http(s) URL, not {value!r}",
            "write the full link, starting with https://",
        ),
        (f'"{value}"', '"https://example.org/event"'),
    )


def control_rule(rule_id: str, escaped: str, codepoint: str, hint: str) -> Rule:
    """`escaped` is written into a TOML basic string, so "\\u0000" is the NUL character."""
    return Rule(
        rule_id,
        f"""
        [events.x]
        title = "Pacific{escaped}Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "Pacific/Apia"
        """,
        error(
            "control-character", 2, "x", f"'title' contains the control character {codepoint}", hint
        ),
        (f"Pacific{escaped}Dialogue", "Pacific Dialogue"),
    )


RULES = [
    # -- the file itself ----------------------------------------------------------------
    Rule(
        "toml-syntax",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        hosts = ["UNEP" "ESCAP"]
        """,
        error(
            "toml-syntax",
            5,
            None,
            "TOML syntax error: unclosed array",
            "see https://toml.io/en/v1.0.0 for the syntax",
        ),
        ('"UNEP" "ESCAP"', '"UNEP", "ESCAP"'),
    ),
    # -- unknown keys, with did-you-mean -------------------------------------------------
    Rule(
        "unknown-event-key",
        """
        [events.x]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "Pacific/Apia"
        registraton = "https://example.org/register"
        """,
        error("unknown-key", 5, "x", "unknown key 'registraton'", "did you mean 'registration'?"),
        ("registraton", "registration"),
    ),
    Rule(
        "unknown-calendar-key",
        """
        [calendar]
        name = "Green Jobs"
        uid-domain = "events.example.org"
        timezone = "Europe/London"
        refesh = "PT12H"
        """,
        error("unknown-key", 5, None, "unknown key 'refesh'", "did you mean 'refresh'?"),
        ("refesh", "refresh"),
    ),
    Rule(
        "unknown-session-key",
        """
        [events.x]
        title = "Humen summit"
        start = 2022-11-17T14:00:00
        end = 16:30:00
        timezone = "Asia/Shanghai"

        [[events.x.sessions]]
        title = "Welcome and opening"
        start = 14:00:00
        end = 14:30:00
        speaker = ["Mr SUN Ruizhe"]
        """,
        error("unknown-key", 11, "x", "unknown key 'speaker'", "did you mean 'speakers'?"),
        ("speaker =", "speakers ="),
    ),
    # -- missing and mistyped keys -------------------------------------------------------
    Rule(
        "missing-title",
        """
        [events.x]
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        """,
        error("missing-key", 1, "x", "missing required key 'title'", "add title = ... (SUMMARY.)"),
        ("[events.x]\n", '[events.x]\ntitle = "IBC on Climate Change"\n'),
    ),
    Rule(
        # A confirmed event (the default status) needs a start; a tentative one does not.
        "missing-start-confirmed-by-default",
        """
        [events.x]
        title = "Climate Action for Jobs Initiative: Asia-Pacific launch"
        location = "Samoa"
        """,
        error(
            "missing-key",
            1,
            "x",
            "missing required key 'start'",
            'add start = ..., or mark an event with no date status = "tentative"',
        ),
        ('location = "Samoa"', 'location = "Samoa"\nstatus = "tentative"'),
    ),
    Rule(
        "missing-start-status-confirmed",
        """
        [events.x]
        title = "Climate Action for Jobs Initiative: Asia-Pacific launch"
        status = "confirmed"
        """,
        error(
            "missing-key",
            1,
            "x",
            "missing required key 'start'",
            'add start = ..., or mark an event with no date status = "tentative"',
        ),
        ('"confirmed"', '"tentative"'),
    ),
    Rule(
        "wrong-type-title",
        """
        [events.x]
        title = 15
        start = 2021-10-27
        """,
        error("wrong-type", 2, "x", "'title' must be a one-line string, not an integer"),
        ("title = 15", 'title = "15th e-Discussion"'),
    ),
    Rule(
        "wrong-type-tags",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        tags = "cop26"
        """,
        error("wrong-type", 5, "x", "'tags' must be an array of strings, not a string"),
        ('"cop26"', '["cop26"]'),
    ),
    Rule(
        "wrong-type-timed-end-is-a-date",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        end = 2021-11-08
        timezone = "Europe/London"
        """,
        error(
            "wrong-type",
            4,
            "x",
            "a timed event's end must be a time or a date-time, not a date",
            "write end = 13:45:00",
        ),
        ("end = 2021-11-08", "end = 13:45:00"),
    ),
    # -- zones ---------------------------------------------------------------------------
    zone_rule("Samoa", "did you mean Pacific/Apia?", "Pacific/Apia"),
    zone_rule("Fiji", "did you mean Pacific/Fiji?", "Pacific/Fiji"),
    zone_rule("Beijing", "did you mean Asia/Shanghai?", "Asia/Shanghai"),
    zone_rule("UK", "did you mean Europe/London?", "Europe/London"),
    zone_rule(
        "Europe/Pariss",
        "did you mean Europe/Paris or Europe/Warsaw or Europe/Madrid?",
        "Europe/Paris",
    ),
    Rule(
        # US/Samoa is American Samoa (UTC-11), a day away from Samoa: accepted, but warned.
        "zone-alias-US/Samoa",
        """
        [events.x]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-04T12:30:00
        timezone = "US/Samoa"
        """,
        warning(
            "zone-alias",
            4,
            "x",
            "US/Samoa is an old alias of Pacific/Pago_Pago",
            "write Pacific/Pago_Pago (for Samoa itself write Pacific/Apia)",
        ),
        ('"US/Samoa"', '"Pacific/Pago_Pago"'),
    ),
    Rule(
        "assumed-zone",
        """
        [events.x]
        title = "Achieving a JT toward net zero"
        start = 2021-11-11T11:30:00
        end = 12:45:00
        """,
        warning(
            "assumed-zone",
            3,
            "x",
            "no timezone given: assumed Europe/London (the calendar default)",
            'if that is right, say so: timezone = "Europe/London"',
        ),
        ("end = 12:45:00", 'end = 12:45:00\ntimezone = "Europe/London"'),
    ),
    Rule(
        "missing-zone-no-calendar-default",
        """
        [calendar]
        name = "Green Jobs"
        uid-domain = "events.example.org"

        [events.x]
        title = "Achieving a JT toward net zero"
        start = 2021-11-11T11:30:00
        """,
        error(
            "missing-zone",
            7,
            "x",
            "the event has a time but no zone, and [calendar] sets no default",
            'add timezone = "Area/City" (an IANA name) to the event',
        ),
        (
            "start = 2021-11-11T11:30:00",
            'start = 2021-11-11T11:30:00\ntimezone = "Europe/London"',
        ),
    ),
    # -- end after start -----------------------------------------------------------------
    Rule(
        "end-not-after-start-timed",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        end = 10:45:00
        timezone = "Europe/London"
        """,
        error(
            "end-before-start",
            4,
            "x",
            "end (2021-11-08 10:45 UTC+0) is not after start (2021-11-08 11:00 UTC+0)",
            "check the times and the date",
        ),
        ("10:45:00", "13:45:00"),
    ),
    Rule(
        # The end of an all-day event is its last day, inclusive: end == start is one day.
        "end-not-after-start-all-day",
        """
        [events.x]
        title = "15th e-Discussion and Knowledge sharing"
        start = 2021-10-27
        end = 2021-10-26
        """,
        error(
            "end-before-start",
            4,
            "x",
            "end (2021-10-26) is not after start (2021-10-27)",
            "an all-day event's end is its last day, inclusive",
        ),
        ("end = 2021-10-26", "end = 2021-10-27"),
    ),
    Rule(
        "end-not-after-start-session",
        """
        [events.x]
        title = "Humen summit"
        start = 2022-11-17T14:00:00
        end = 16:30:00
        timezone = "Asia/Shanghai"

        [[events.x.sessions]]
        title = "Closing and next-steps"
        start = 16:30:00
        end = 16:10:00
        """,
        error(
            "end-before-start",
            10,
            "x",
            "session end (16:10) is not after its start (16:30)",
            "check the times",
        ),
        ("start = 16:30:00\nend = 16:10:00", "start = 16:10:00\nend = 16:30:00"),
    ),
    Rule(
        "end-and-duration",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        end = 13:45:00
        duration = "PT2H45M"
        timezone = "Europe/London"
        """,
        error(
            "end-and-duration",
            5,
            "x",
            "give either end or duration, not both",
            "remove one of them",
        ),
        ('duration = "PT2H45M"\n', ""),
    ),
    # -- local times that name no instant, or two ----------------------------------------
    Rule(
        # 2021-03-28: UK clocks jump from 01:00 GMT to 02:00 BST.
        "dst-gap",
        """
        [events.x]
        title = "Network call"
        start = 2021-03-28T01:30:00
        timezone = "Europe/London"
        """,
        error(
            "local-time-gap",
            3,
            "x",
            "start 2021-03-28 01:30 does not exist (the clocks skip it) in Europe/London",
            "the nearest real times are 2021-03-28 00:30 GMT "
            "(2021-03-28 00:30Z) and 2021-03-28 02:30 BST (2021-03-28 01:30Z): "
            "write the time that was meant",
        ),
        ("T01:30:00", "T02:30:00"),
    ),
    Rule(
        # 2021-10-31: UK clocks go back from 02:00 BST to 01:00 GMT; 01:30 happens twice.
        "dst-fold",
        """
        [events.x]
        title = "Network call"
        start = 2021-10-31T01:30:00
        timezone = "Europe/London"
        """,
        error(
            "local-time-fold",
            3,
            "x",
            "start 2021-10-31 01:30 exists twice (the clocks go back) in Europe/London",
            "it is either 2021-10-31 00:30Z or 2021-10-31 01:30Z: pin one with an offset, "
            "start = 2021-10-31T01:30:00+01:00 or ...+00:00",
        ),
        ("T01:30:00", "T01:30:00+01:00"),
    ),
    Rule(
        "pinned-offset-wrong",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00+05:00
        timezone = "Europe/London"
        """,
        error(
            "local-time-offset",
            3,
            "x",
            "start 2021-11-08 11:00 does not have the offset it was given in Europe/London",
            "Europe/London is at +00:00 then: write 2021-11-08T11:00:00+00:00",
        ),
        ("+05:00", "+00:00"),
    ),
    Rule(
        # Samoa crossed the date line at the end of 2011-12-29 (UTC-10 -> UTC+14).
        "samoa-skipped-day",
        """
        [events.x]
        title = "Samoa meeting"
        start = 2011-12-30T10:00:00
        timezone = "Pacific/Apia"
        """,
        error(
            "local-time-gap",
            3,
            "x",
            "start 2011-12-30 10:00 does not exist (the clocks skip it) in Pacific/Apia",
            "the nearest real times are 2011-12-29 10:00 -10 "
            "(2011-12-29 20:00Z) and 2011-12-31 10:00 +14 (2011-12-30 20:00Z): "
            "write the time that was meant",
        ),
        ("2011-12-30", "2011-12-31"),
    ),
    # -- announced times -----------------------------------------------------------------
    Rule(
        # 2021-11-05 12:30 Apia (UTC+13) is 2021-11-04 23:30Z = 2021-11-05 00:30 CET; the
        # invitation's 2021-11-04 00:30 CET is 2021-11-03 23:30Z, a day earlier.
        "announced-mismatch-date",
        """
        [events.x]
        title = "Invitation to a Pacific Dialogue"
        start = 2021-11-05T12:30:00
        timezone = "Pacific/Apia"
        announced = ["2021-11-04 00:30 CET"]
        """,
        error(
            "announced-mismatch",
            5,
            "x",
            "start disagrees with announced '2021-11-04 00:30 CET': the catalogue says "
            "2021-11-05 00:30 CET (2021-11-04 23:30Z), the announcement "
            "2021-11-04 00:30 CET (2021-11-03 23:30Z)",
            "the announcement is 24 h earlier: check the event's date, time and timezone, "
            "or the announced zone",
        ),
        ("2021-11-05T12:30:00", "2021-11-04T12:30:00"),
    ),
    announced_rule(
        "announced-mismatch-time",
        "01:30 CET",
        error(
            "announced-mismatch",
            5,
            "x",
            "start disagrees with announced '01:30 CET': the catalogue says "
            "2021-11-04 00:30 CET (2021-11-03 23:30Z), the announcement "
            "2021-11-04 01:30 CET (2021-11-04 00:30Z)",
            "the announcement is 1 h later: check the event's date, time and timezone, "
            "or the announced zone; the two agree if the announced time is UTC+2",
        ),
        "00:30 CET",
    ),
    ambiguous("IST", "India (Asia/Kolkata), Israel (Asia/Jerusalem) or Ireland (Europe/Dublin)"),
    ambiguous("BST", "British Summer Time (Europe/London) or Bangladesh (Asia/Dhaka)"),
    ambiguous(
        "CST", "US Central (America/Chicago), China (Asia/Shanghai) or Cuba (America/Havana)"
    ),
    announced_rule(
        "announced-unreadable",
        "half past noon Samoa",
        error(
            "bad-announced",
            5,
            "x",
            "cannot read announced time 'half past noon Samoa'",
            'write "HH:MM ZONE", "YYYY-MM-DD HH:MM ZONE" or "HH:MM-HH:MM ZONE", '
            'e.g. "2021-11-04 00:30 CET"',
        ),
        "12:30 Pacific/Apia",
    ),
    announced_rule(
        "announced-unknown-zone",
        "12:30 Samoa",
        error(
            "bad-announced",
            5,
            "x",
            "unknown zone 'Samoa' in announced time '12:30 Samoa'",
            "did you mean Pacific/Apia?",
        ),
        "12:30 Pacific/Apia",
    ),
    # -- references to declared keys -----------------------------------------------------
    Rule(
        "undeclared-audience",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        audiences = ["goverment"]
        """,
        error(
            "unknown-audience",
            5,
            "x",
            "audience 'goverment' is not declared",
            "did you mean 'government'?",
        ),
        ('"goverment"', '"government"'),
    ),
    Rule(
        "undeclared-region",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        regions = ["pacfic"]
        """,
        error(
            "unknown-region", 5, "x", "region 'pacfic' is not declared", "did you mean 'pacific'?"
        ),
        ('"pacfic"', '"pacific"'),
    ),
    Rule(
        "undeclared-tag",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        tags = ["cop-26"]
        """,
        error("unknown-tag", 5, "x", "tag 'cop-26' is not declared", "did you mean 'cop26'?"),
        ('"cop-26"', '"cop26"'),
    ),
    Rule(
        "undeclared-tag-nothing-close",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        tags = ["textile"]
        """,
        error(
            "unknown-tag",
            5,
            "x",
            "tag 'textile' is not declared",
            "declare it under [tags] or use one of: cop26, side-event",
        ),
        ('"textile"', '"cop26"'),
    ),
    Rule(
        "undeclared-region-in-feed",
        """
        [feeds.pacific-governments]
        name = "Pacific governments"
        audiences = ["government"]
        regions = ["pacfic"]
        """,
        error(
            "unknown-region", 4, None, "region 'pacfic' is not declared", "did you mean 'pacific'?"
        ),
        ('"pacfic"', '"pacific"'),
    ),
    # -- links ---------------------------------------------------------------------------
    url_rule("registration", "ftp://example.org/register"),
    url_rule("url", "javascript:alert(1)"),
    url_rule("online", "example.org"),
    Rule(
        "insecure-url",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        registration = "http://example.org/register"
        """,
        warning(
            "insecure-url",
            5,
            "x",
            "'registration' uses http, not https: http://example.org/register",
            "use https:// if the site supports it",
        ),
        ("http://", "https://"),
    ),
    # -- text ----------------------------------------------------------------------------
    control_rule("control-NUL", r"\u0000", "U+0000", "remove it"),
    control_rule("control-BEL", r"\u0007", "U+0007", "remove it"),
    control_rule("newline-in-one-line-title", r"\n", "U+000A", "remove it; this field is one line"),
    # -- custom feeds --------------------------------------------------------------------
    Rule(
        # Feed keys must be lower case, so "Pacific" can never clash with "pacific" on a
        # case-insensitive disk: it is refused as a key first.
        "feed-path-case-clash",
        """
        [feeds.pacific]
        name = "Pacific"

        [feeds.Pacific]
        name = "Pacific (copy)"
        """,
        error(
            "bad-key",
            4,
            None,
            "'Pacific' is not a valid key: use lower-case letters, digits, - and _",
            "keys become UIDs and file names; keep them plain",
        ),
        ("[feeds.Pacific]", "[feeds.pacific-copy]"),
    ),
    Rule(
        "feed-named-all",
        """
        [feeds.all]
        name = "Everything"
        """,
        error(
            "duplicate-feed-path",
            1,
            None,
            "custom feed 'all' would overwrite all.ics, the feed of every event",
            "rename the feed",
        ),
        ("[feeds.all]", "[feeds.everything]"),
    ),
    # -- repeat --------------------------------------------------------------------------
    Rule(
        "bad-repeat",
        """
        [events.x]
        title = "Network call"
        start = 2021-03-07T10:00:00
        timezone = "Europe/London"
        repeat = "FREQ=FORTNIGHTLY;COUNT=6"
        """,
        error(
            "bad-repeat",
            5,
            "x",
            "repeat 'FREQ=FORTNIGHTLY;COUNT=6' is not a valid RRULE: invalid 'FREQ': FORTNIGHTLY",
            'write e.g. "FREQ=WEEKLY;BYDAY=WE;COUNT=6"',
        ),
        ("FREQ=FORTNIGHTLY", "FREQ=WEEKLY;INTERVAL=2"),
    ),
    Rule(
        # Sundays at 01:30 from 7 March 2021: the fourth, 28 March, is in the UK's DST gap.
        "repeat-occurrence-in-dst-gap",
        """
        [events.x]
        title = "Network call"
        start = 2021-03-07T01:30:00
        timezone = "Europe/London"
        repeat = "FREQ=WEEKLY;BYDAY=SU;COUNT=6"
        """,
        error(
            "local-time-gap",
            5,
            "x",
            "an occurrence of repeat: 2021-03-28 01:30 does not exist (the clocks skip it) "
            "in Europe/London",
            "skip it with except = [2021-03-28], or move the series",
        ),
        ("T01:30:00", "T10:00:00"),  # move the series (skipping it: see the xfail below)
    ),
    # -- status, languages ---------------------------------------------------------------
    Rule(
        "bad-status",
        """
        [events.x]
        title = "IBC on Climate Change"
        start = 2021-11-08T11:00:00
        timezone = "Europe/London"
        status = "canceled"
        """,
        error(
            "bad-status",
            5,
            "x",
            """status must be "confirmed", "tentative" or "cancelled", not 'canceled'""",
            "did you mean 'cancelled'?",
        ),
        ('"canceled"', '"cancelled"'),
    ),
    Rule(
        "bad-language",
        """
        [events.x]
        title = "Humen summit"
        start = 2022-11-17T14:00:00
        timezone = "Asia/Shanghai"
        languages = ["english", "zh"]
        """,
        error(
            "bad-language",
            5,
            "x",
            "'english' is not a BCP 47 language tag",
            'write e.g. "en" or "zh"',
        ),
        ('"english"', '"en"'),
    ),
]


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
    assert [w for w in catalogue.warnings if w.code != "no-link"] == []
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
    assert [w for w in catalogue.warnings if w.code != "no-link"] == []
    assert event_of(catalogue, "x").description == (
        "Hybrid format.\nWorking language: English/Chinese."
    )
    assert event_of(catalogue, "y").description == "Agenda:\n1. Welcome."


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
    return load_catalogue(ROOT / "events.toml")


NO_LINK = (
    "no registration, url or online link: subscribers have nowhere to click",
    'add registration = "https://..." (or url, or online) when there is one',
)


def test_real_catalogue_warns_only_about_what_the_seeds_leave_out(real: Catalogue) -> None:
    # The seed says "11 November 11:30 – 12:45." and names no zone; the catalogue leaves
    # `timezone` out on purpose (COP26 was in Glasgow) so the assumption stays visible.
    # Seven events have no link in the seeds ("Register here." and "More information /
    # registration available on" lost their links); only the Humen summit gives one.
    path = ROOT / "events.toml"
    no_link = [
        (109, "gjn-ediscussion-15"),
        (129, "cop26-wg-just-transition-decent-work"),
        (145, "cop26-pacific-dialogue"),
        (164, "ibc-climate-change-1-5-degrees-ap"),
        (179, "adb-just-transition-pacific"),
        (191, "cop26-pacific-mobility-human-security"),
        (203, "cop26-africa-net-zero-side-event"),
        (218, "gjn-meeting-2021-12-01"),
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
            205,
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


# (start, end) in UTC, each worked out by hand from the seeds' words and tzdata's offsets.
SEED_TIMES: dict[str, tuple[datetime, datetime | None]] = {
    # "November 3, 10.00-11.15 CET": CET is UTC+1 (EU summer time ended 31 October 2021).
    "cop26-wg-just-transition-decent-work": (z("2021-11-03T09:00"), z("2021-11-03T10:15")),
    # "November 4, 12:30 Samoa / 00:30 CET": Samoa dropped DST in 2021 so is UTC+13, and
    # 12:30 on 4 Nov is 23:30Z on 3 Nov; 00:30 CET (UTC+1) on 4 Nov is 23:30Z too. No end.
    "cop26-pacific-dialogue": (z("2021-11-03T23:30"), None),
    # "8 November 11-13:45 UK time": the UK is on GMT (UTC+0) after 31 October.
    "ibc-climate-change-1-5-degrees-ap": (z("2021-11-08T11:00"), z("2021-11-08T13:45")),
    # "9 November 10:00 – 11:30 Fiji Time (GMT+12)": Fiji had no DST in 2021-22, UTC+12,
    # so the local 9 November morning is the evening of 8 November in UTC.
    "adb-just-transition-pacific": (z("2021-11-08T22:00"), z("2021-11-08T23:30")),
    # "9 November 11:00 to 12:30 Fiji Time (GMT+12)": the end crosses midnight UTC.
    "cop26-pacific-mobility-human-security": (z("2021-11-08T23:00"), z("2021-11-09T00:30")),
    # "11 November 11:30 – 12:45", no zone: Glasgow assumed, GMT (UTC+0).
    "cop26-africa-net-zero-side-event": (z("2021-11-11T11:30"), z("2021-11-11T12:45")),
    # "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)": China is UTC+8
    # (no DST since 1991) and CET UTC+1; both give 06:00Z-08:30Z.
    "humen-summit-2022": (z("2022-11-17T06:00"), z("2022-11-17T08:30")),
}


@pytest.mark.parametrize(("event_id", "expected"), SEED_TIMES.items(), ids=list(SEED_TIMES))
def test_real_catalogue_seed_instants(
    real: Catalogue, event_id: str, expected: tuple[datetime, datetime | None]
) -> None:
    timed = timed_of(real, event_id)
    start, end = expected
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
        )
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
