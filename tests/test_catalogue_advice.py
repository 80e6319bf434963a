"""Warnings about the catalogue as a whole, from a new user's trips: a finished series
under `check --today`, private details no feed carries, events in no region's feed."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from calfeed.catalogue import parse_catalogue
from calfeed.cli import cli
from calfeed.errors import Code, Finding, InvalidCatalogueError
from tests.rule_table import PATH, document


def findings(snippet: str) -> list[tuple[Code, int | None, str | None, str, str | None]]:
    """(code, line, event, message, hint) of every finding but `no-link`."""
    try:
        found: tuple[Finding, ...] = parse_catalogue(document(snippet).encode(), PATH).warnings
    except InvalidCatalogueError as invalid:
        found = invalid.findings
    return [(f.code, f.line, f.event_id, f.message, f.hint) for f in found if f.code != "no-link"]


SERIES = """\
[calendar]
name = "Network"
uid-domain = "network.example.org"

[events.finished]
title = "Spring calls"
start = 2027-03-03T13:00:00
timezone = "Europe/London"
repeat = "FREQ=WEEKLY;COUNT=3"
online = "https://example.org/join"

[events.until]
title = "Summer calls"
start = 2027-06-02T13:00:00
timezone = "Europe/London"
repeat = "FREQ=WEEKLY;UNTIL=20270616T120000Z"
also = [2027-07-07T13:00:00]
online = "https://example.org/join"

[events.endless]
title = "Monthly calls"
start = 2027-03-03T13:00:00
timezone = "Europe/London"
repeat = "FREQ=MONTHLY"
online = "https://example.org/join"
"""


def test_check_today_flags_finished_series_as_over(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(SERIES, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(path), "--today", "2028-01-01", "--format", "json"]
    )
    assert result.exit_code == 0
    past = [(f["event"], f["message"]) for f in json.loads(result.output) if f["code"] == "past"]
    # Three weekly from 3 March: the last is 17 March. The summer calls run to 16 June
    # and one more on 7 July. A monthly series without an end is never over.
    assert past == [
        ("finished", "the event is over: it ended on 2027-03-17, before 2028-01-01"),
        ("until", "the event is over: it ended on 2027-07-07, before 2028-01-01"),
    ]


def test_a_series_still_running_is_not_over(tmp_path: Path) -> None:
    path = tmp_path / "events.toml"
    path.write_text(SERIES, encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["check", str(path), "--today", "2027-03-10", "--format", "json"]
    )
    assert [f for f in json.loads(result.output) if f["code"] == "past"] == []


def test_a_private_table_no_private_audience_receives_is_a_warning() -> None:
    assert findings(
        """
        [events.x]
        title = "Network call"
        start = 2021-12-01T10:00:00
        timezone = "Europe/London"
        audiences = ["government"]
        regions = ["pacific"]

        [events.x.private]
        passcode = "ejd4i=k+"
        """
    ) == [
        (
            Code.PRIVATE_UNRECEIVED,
            8,
            "x",
            "the event's private details reach no feed: none of its audiences is private",
            "add a private audience to the event's audiences (network), or remove the "
            "private table",
        )
    ]


def test_a_private_table_a_private_audience_receives_is_fine() -> None:
    assert (
        findings(
            """
            [events.x]
            title = "Network call"
            start = 2021-12-01T10:00:00
            timezone = "Europe/London"
            audiences = ["network"]
            regions = ["pacific"]

            [events.x.private]
            passcode = "ejd4i=k+"
            """
        )
        == []
    )


@pytest.mark.parametrize("count", [1, 2])
def test_events_in_no_region_are_listed_once(count: int) -> None:
    events = "".join(
        textwrap.dedent(f"""
            [events.e{n}]
            title = "Call {n}"
            start = 2021-12-0{n}T10:00:00
            timezone = "Europe/London"
            """)
        for n in range(1, count + 1)
    )
    ids = ", ".join(f"e{n}" for n in range(1, count + 1))
    # Said on the first region's table, `pacific` in the base catalogue.
    line = document(events).splitlines().index("[regions.pacific]") + 1
    assert findings(events) == [
        (
            Code.NO_REGION,
            line,
            None,
            f"{count} event(s) in no region, so in no region's feed: {ids}",
            "give each of them regions = [...], if subscribers of a region should see it",
        )
    ]
