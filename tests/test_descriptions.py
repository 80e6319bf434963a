"""What a DESCRIPTION (and the page) says in words: times that end on another day or at
another offset, local mean time, a series, a cancelled event, private details.

Each expected text was worked out by hand from tzdata: Paris is UTC+1 in November 2021;
London went from BST (UTC+1) to GMT at 02:00 on 31 Oct 2021; Abidjan kept local mean time,
UTC-0:16:08, until 1912; New York left EDT (UTC-4) for EST (UTC-5) on 5 Nov 2023, Paris
left CEST on 29 Oct 2023, so New York and Paris stay six hours apart for every Thursday of
the series while UTC moves by an hour.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from tests.building import build


@pytest.fixture
def built(
    tmp_path: Path,
    read_catalogue: Callable[[str], str],
    write_catalogue: Callable[[str], Path],
) -> Path:
    catalogue = write_catalogue(read_catalogue("words_for_times_series_and_status"))
    build(catalogue, tmp_path / "public", "--private-out", str(tmp_path / "private"))
    return tmp_path


def events_of(feed: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    return {str(e["UID"]).split("@")[0]: e for e in calendar.events}


def first_lines(event: icalendar.Event) -> list[str]:
    return str(event["DESCRIPTION"]).split("\n\n")


@pytest.mark.parametrize(
    ("event_id", "when"),
    [
        # 22:00 Paris on 9 Nov is 21:00Z; the end, 02:00 on the 10th, is 01:00Z.
        (
            "overnight",
            "Tue 9 Nov 2021: 22:00–Wed 10 Nov 02:00 Paris (UTC+1) · 21:00–Wed 10 Nov 01:00 UTC",
        ),
        # 00:30 BST is 23:30Z on the 30th; two hours later is 01:30Z, 01:30 GMT.
        (
            "across-the-fold",
            "Sun 31 Oct 2021: 00:30–01:30 London (UTC+1 to UTC+0) · 01:30–02:30 Paris "
            "(UTC+2 to UTC+1) · Sat 30 Oct 23:30–Sun 31 Oct 01:30 UTC",
        ),
        # 12:00 at UTC-0:16:08 is 12:16:08Z; Paris kept Paris mean time, UTC+0:09:21, until
        # 1911-03-11, then UTC+0, so 12:16 there.
        (
            "mean-time",
            "Thu 1 Jun 1911: 12:00–13:00 Abidjan (UTC-0:16:08) · 12:16–13:16 Paris (UTC+0) "
            "· 12:16–13:16 UTC",
        ),
    ],
)
def test_the_opening_line_names_the_end_day_and_every_offset(
    built: Path, event_id: str, when: str
) -> None:
    event = events_of(built / "public" / "all.ics")[event_id]
    assert first_lines(event)[0] == when


def test_a_series_is_said_in_words_with_its_end_its_exceptions_and_what_shifts(
    built: Path,
) -> None:
    event = events_of(built / "public" / "all.ics")["thursdays"]
    assert first_lines(event)[:2] == [
        "Thu 5 Oct 2023: 10:00–11:00 New York (UTC-4) · 16:00–17:00 Paris (UTC+2) "
        "· 14:00–15:00 UTC",
        "Every Thursday, 8 times, until Thu 23 Nov 2023; not on Thu 2 Nov 2023. Times in UTC "
        "shift when the clocks change.",
    ]
    page = (built / "public" / "index.html").read_text(encoding="utf-8")
    assert page.count("Every Thursday, 8 times, until Thu 23 Nov 2023") == 7  # each shown


def test_a_cancelled_event_offers_nothing_to_register_for_or_join(built: Path) -> None:
    event = events_of(built / "public" / "all.ics")["called-off"]
    assert str(event["STATUS"]) == "CANCELLED"
    assert "CONFERENCE" not in event
    assert first_lines(event)[1] == (
        "Cancelled: there is nothing to register for or join.\nMore: https://example.org/why"
    )
    page = (built / "public" / "index.html").read_text(encoding="utf-8")
    item = page[page.index("<h4>Called off") : page.index("</li>", page.index("<h4>Called off"))]
    assert 'href="https://example.org/why">Event page</a>' in item
    assert "example.org/register" not in item
    assert "example.org/join" not in item


def test_the_private_part_is_headed_by_the_audience_it_is_for(built: Path) -> None:
    private = events_of(built / "private" / "audiences" / "network.ics")["members"]
    assert first_lines(private)[-1] == (
        "Private (Green Jobs Network members only):\nPasscode:\nsecret-42"
    )
    public = events_of(built / "public" / "all.ics")["members"]
    assert "secret-42" not in str(public["DESCRIPTION"])
