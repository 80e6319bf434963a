"""`[events.<id>.occurrences.<date>]`: what the loader makes of a changed occurrence, and
the exact finding of each way one can be wrong.

Snippets sit at the top of the document (`tests/rule_table.py`), so their line numbers are
the file's. Expected instants are written out by hand from the zone's known offsets.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.errors import Finding, InvalidCatalogueError
from calfeed.model import Override, Status, Timed
from tests.rule_table import PATH, document, error

SERIES = """
[events.webinar]
title = "Webinar"
start = 2027-03-17T14:00:00
end = 15:00:00
timezone = "Europe/London"
repeat = "FREQ=WEEKLY;BYDAY=WE;COUNT=10"
except = [2027-04-07]
url = "https://example.org/w"
"""


def overrides(snippet: str) -> tuple[Override, ...]:
    catalogue = parse_catalogue(document(SERIES + snippet).encode(), PATH)
    (event,) = (e for e in catalogue.events if e.id == "webinar")
    assert isinstance(event.when, Timed)
    assert event.when.recurrence is not None
    return event.when.recurrence.overrides


def errors(snippet: str) -> list[Finding]:
    with pytest.raises(InvalidCatalogueError) as raised:
        parse_catalogue(document(SERIES + snippet).encode(), PATH)
    return list(raised.value.findings)


def test_a_time_moves_the_occurrence_on_its_day_and_keeps_the_series_length() -> None:
    (moved,) = overrides(
        """
        [events.webinar.occurrences.2027-05-05]
        start = 15:00:00
        title = "Webinar 8: with the Minister"
        location = "Room B"
        """
    )
    assert moved.original == datetime(2027, 5, 5, 14, 0)
    assert isinstance(moved.event.when, Timed)
    assert moved.event.when.start.astimezone(UTC) == datetime(2027, 5, 5, 14, 0, tzinfo=UTC)
    assert moved.event.when.end is not None
    assert moved.event.when.end.astimezone(UTC) == datetime(2027, 5, 5, 15, 0, tzinfo=UTC)
    assert moved.event.when.recurrence is None
    assert (moved.event.title, moved.event.location) == ("Webinar 8: with the Minister", "Room B")
    assert (moved.event.url, moved.event.status) == ("https://example.org/w", Status.CONFIRMED)


def test_a_date_time_moves_it_to_another_day_with_its_own_end() -> None:
    (moved,) = overrides(
        """
        [events.webinar.occurrences.2027-03-24]
        start = 2027-03-25T23:30:00
        end = 2027-03-26T00:15:00
        """
    )
    assert isinstance(moved.event.when, Timed)
    assert moved.event.when.start.astimezone(UTC) == datetime(2027, 3, 25, 23, 30, tzinfo=UTC)
    assert moved.event.when.end is not None
    assert moved.event.when.end.astimezone(UTC) == datetime(2027, 3, 26, 0, 15, tzinfo=UTC)
    assert moved.event.title == "Webinar"


def test_a_cancelled_occurrence_keeps_its_time_and_takes_its_own_text() -> None:
    later, earlier = overrides(
        """
        [events.webinar.occurrences.2027-05-19]
        status = "cancelled"
        description = "Postponed: see the next session."

        [events.webinar.occurrences.2027-03-31]
        title = "Webinar 3"
        """
    )[::-1]
    assert earlier.original == datetime(2027, 3, 31, 14, 0)
    assert later.original == datetime(2027, 5, 19, 14, 0)
    assert later.event.status is Status.CANCELLED
    assert later.event.description == "Postponed: see the next session."
    assert isinstance(later.event.when, Timed)
    assert later.event.when.start.astimezone(UTC) == datetime(2027, 5, 19, 13, 0, tzinfo=UTC)


# The series' table is lines 1-8 and a blank; each snippet's header is line 10.
WRONG = [
    (
        """
        [events.webinar.occurrences.2027-05-06]
        status = "cancelled"
        """,
        error(
            "changed-not-an-occurrence",
            10,
            "webinar",
            "2027-05-06 (Thursday) is not a date of the series",
            "the nearest occurrences are 2027-05-05 (Wednesday) and 2027-05-12 (Wednesday)",
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-04-14]
        status = "cancelled"
        """.replace("2027-04-14", "2027-04-10"),
        error(
            "changed-not-an-occurrence",
            10,
            "webinar",
            "2027-04-10 (Saturday) is not a date of the series",
            # 7 April is excepted, so the nearest occurrences are a fortnight apart.
            "the nearest occurrences are 2027-03-31 (Wednesday) and 2027-04-14 (Wednesday)",
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-04-07]
        status = "cancelled"
        """,
        error(
            "changed-and-excepted",
            10,
            "webinar",
            "occurrence 2027-04-07 is changed here and left out by except",
            'remove it from except; status = "cancelled" here keeps it in calendars, '
            "struck through",
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-04-14]
        start = 2027-04-21T14:00:00
        """,
        error(
            "changed-onto-another",
            11,
            "webinar",
            "the occurrence of 2027-04-14 is moved onto the series' own occurrence at "
            "2027-04-21 14:00",
            'move it to another time, or cancel one of the two (status = "cancelled")',
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-04-14]
        start = 16:00:00

        [events.webinar.occurrences.2027-04-21]
        start = 2027-04-14T16:00:00
        """,
        error(
            "changed-onto-another",
            14,
            "webinar",
            "the occurrence of 2027-04-21 is moved onto the occurrence of 2027-04-14, changed "
            "to the same time",
            'move it to another time, or cancel one of the two (status = "cancelled")',
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-03-24]
        start = 2027-03-28T01:30:00
        """,
        error(
            "local-time-gap",
            11,
            "webinar",
            "start 2027-03-28 01:30 does not exist (the clocks skip it) in Europe/London",
            "the nearest real times are 2027-03-28 00:30 GMT (2027-03-28 00:30Z) and "
            "2027-03-28 02:30 BST (2027-03-28 01:30Z): write the time that was meant",
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-03-31]
        start = 2027-10-31T01:30:00
        """,
        error(
            "local-time-fold",
            11,
            "webinar",
            "start 2027-10-31 01:30 exists twice (the clocks go back) in Europe/London",
            "it is either 2027-10-31 00:30Z or 2027-10-31 01:30Z: pin one with an offset, "
            "start = 2027-10-31T01:30:00+01:00 or ...+00:00",
        ),
    ),
    (
        """
        [events.webinar.occurrences.2027-03-31]
        repeat = "FREQ=DAILY"
        """,
        error(
            "unknown-key",
            11,
            "webinar",
            "unknown key 'repeat'",
            "known keys: start, end, duration, title, hosts, location, registration, url, "
            "online, status, languages, description, private",
        ),
    ),
]


@pytest.mark.parametrize(("snippet", "finding"), WRONG)
def test_each_wrong_change_is_one_exact_error(snippet: str, finding: Finding) -> None:
    assert [f for f in errors(snippet) if f.severity.value == "error"] == [finding]


def test_occurrences_may_swap_times() -> None:
    """Moved onto an occurrence that is itself moved away: no two at one time."""
    first, second = overrides(
        """
        [events.webinar.occurrences.2027-04-14]
        start = 2027-04-21T14:00:00

        [events.webinar.occurrences.2027-04-21]
        start = 2027-04-14T14:00:00
        """
    )
    assert isinstance(first.event.when, Timed)
    assert isinstance(second.event.when, Timed)
    assert first.event.when.start.astimezone(UTC) == datetime(2027, 4, 21, 13, 0, tzinfo=UTC)
    assert second.event.when.start.astimezone(UTC) == datetime(2027, 4, 14, 13, 0, tzinfo=UTC)


def test_a_move_onto_an_also_date_is_an_error() -> None:
    snippet = SERIES.replace("except = [2027-04-07]", "also = [2027-04-16T14:00:00]") + (
        "\n[events.webinar.occurrences.2027-04-14]\nstart = 2027-04-16T14:00:00\n"
    )
    with pytest.raises(InvalidCatalogueError) as raised:
        parse_catalogue(document(snippet).encode(), PATH)
    assert [f for f in raised.value.findings if f.severity.value == "error"] == [
        error(
            "changed-onto-another",
            11,
            "webinar",
            "the occurrence of 2027-04-14 is moved onto the series' own occurrence at "
            "2027-04-16 14:00",
            'move it to another time, or cancel one of the two (status = "cancelled")',
        )
    ]


def test_a_pinned_fold_is_one_instant() -> None:
    (moved,) = overrides(
        """
        [events.webinar.occurrences.2027-03-31]
        start = 2027-10-31T01:30:00+00:00
        """
    )
    assert isinstance(moved.event.when, Timed)
    assert moved.event.when.start.astimezone(UTC) == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)


def test_an_event_that_is_no_series_cannot_change_an_occurrence() -> None:
    found = errors(
        """
        [events.once]
        title = "Once"
        start = 2027-03-17T14:00:00
        timezone = "Europe/London"
        url = "https://example.org/o"

        [events.once.occurrences.2027-03-17]
        status = "cancelled"
        """
    )
    assert [f for f in found if f.severity.value == "error"] == [
        error(
            "changed-not-an-occurrence",
            16,
            "once",
            "an occurrences table changes an occurrence of a timed series, and this event is "
            "no series",
            'add repeat = "FREQ=..." and a start with a time, or remove the table',
        )
    ]


def test_the_readme_example_changes_one_occurrence_and_cancels_another() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The catalogue, by example") :]
    example = section[section.index("```toml\n") + 8 : section.index("```\n", 8)]
    catalogue = parse_catalogue(example.encode(), PATH)
    (webinar,) = (e for e in catalogue.events if e.id == "webinar")
    assert isinstance(webinar.when, Timed)
    assert webinar.when.recurrence is not None
    changed, cancelled = webinar.when.recurrence.overrides
    assert (changed.original, cancelled.original) == (
        datetime(2027, 5, 5, 14, 0),
        datetime(2027, 5, 19, 14, 0),
    )
    assert isinstance(changed.event.when, Timed)
    assert changed.event.when.start.astimezone(UTC) == datetime(2027, 5, 5, 14, 0, tzinfo=UTC)
    assert (changed.event.title, cancelled.event.status) == (
        "Webinar 8: with the Minister",
        Status.CANCELLED,
    )


def test_an_all_day_series_cannot_change_an_occurrence_yet() -> None:
    found = errors(
        """
        [events.days]
        title = "Days"
        start = 2027-03-17
        repeat = "FREQ=WEEKLY;COUNT=3"
        url = "https://example.org/d"

        [events.days.occurrences.2027-03-24]
        status = "cancelled"
        """
    )
    assert [f for f in found if f.severity.value == "error"] == [
        error(
            "changed-not-an-occurrence",
            16,
            "days",
            "an occurrences table changes an occurrence of a timed series, and this event is "
            "an all-day series",
            "give the changed day an event of its own",
        )
    ]


def test_an_occurrence_is_keyed_by_a_date() -> None:
    assert [
        f
        for f in errors("\n[events.webinar.occurrences.second]\ntitle = 'Two'\n")
        if f.severity.value == "error"
    ] == [
        error(
            "changed-not-an-occurrence",
            10,
            "webinar",
            "occurrences.second is not keyed by a date",
            "key a changed occurrence by its date in the series' zone, e.g. "
            "[events.<id>.occurrences.2027-05-05]",
        )
    ]
