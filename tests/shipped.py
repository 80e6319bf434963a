"""What the repository ships, as the tests see it: where its files are, and what its catalogue
(`events.toml`, every event of the two seed documents) holds, each fact worked out by hand
from the seeds' own words and tzdata's offsets, never by asking calfeed.

Test functions take the repository as the `root` fixture (conftest.py); module-level code,
such as a parametrize list, imports `ROOT` from here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import icalendar

from tests.feed_readers import Times

ROOT = Path(__file__).parent.parent
"""The repository: events.toml, calendars/, README.md, the schema and the CI files."""
EVENTS_TOML = ROOT / "events.toml"


def z(text: str) -> datetime:
    """An ISO date-time without offset, read as UTC."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Each instant worked out by hand from the seeds' own words and tzdata's offsets.
SEED_TIMES: dict[str, Times] = {
    # "15th e-Discussion ... Wednesday 27 October 2021": no time, all day.
    "gjn-ediscussion-15": Times(date(2021, 10, 27), date(2021, 10, 28)),
    # "November 3, 10.00-11.15 CET": CET is UTC+1 (EU summer time ended 31 October 2021).
    "cop26-wg-just-transition-decent-work": Times(z("2021-11-03T09:00"), z("2021-11-03T10:15")),
    # "November 4, 12:30 Samoa/ 00:30 CET": Samoa dropped DST in 2021, so UTC+13, and 12:30
    # on 4 Nov is 23:30Z on 3 Nov; 00:30 CET (UTC+1) on 4 Nov is 23:30Z too. No end is stated.
    "cop26-pacific-dialogue": Times(z("2021-11-03T23:30"), None),
    # "8 November 11-13:45 UK time": the UK is on GMT (UTC+0) after 31 October.
    "ibc-climate-change-1-5-degrees-ap": Times(z("2021-11-08T11:00"), z("2021-11-08T13:45")),
    # "9 November 10:00 – 11:30 Fiji Time (GMT+12)": Fiji had no DST in 2021-22, UTC+12,
    # so the local 9 November morning is the evening of 8 November in UTC.
    "adb-just-transition-pacific": Times(z("2021-11-08T22:00"), z("2021-11-08T23:30")),
    # "9 November 11:00 to 12:30 Fiji Time (GMT+12)": the end crosses midnight UTC.
    "cop26-pacific-mobility-human-security": Times(z("2021-11-08T23:00"), z("2021-11-09T00:30")),
    # "11 November 11:30 – 12:45", zone unstated: Glasgow (UK time, GMT, UTC+0) assumed.
    "cop26-africa-net-zero-side-event": Times(z("2021-11-11T11:30"), z("2021-11-11T12:45")),
    # "Wed 1. Dec.": all day.
    "gjn-meeting-2021-12-01": Times(date(2021, 12, 1), date(2021, 12, 2)),
    # "17 November 2022, 14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)": China is UTC+8
    # (no DST since 1991) and CET UTC+1; both give 06:00Z-08:30Z.
    "humen-summit-2022": Times(z("2022-11-17T06:00"), z("2022-11-17T08:30")),
}
"""Each scheduled event's start and end as a reader of a feed sees them: UTC instants, or
an all-day event's first day and the day after its last (DTEND is exclusive)."""

DOMAIN = "greenjobs-ap.calfeed.example"
"""The catalogue's uid-domain: each event's UID is `<event-id>@<DOMAIN>`."""

SECRETS = ("ejd4i=k+", "16604517667", "pei@iloguest.org", "martinezc@ilo.org")
"""The seeds' private details: the network meeting passcode and the contact persons."""


def event_of(data: bytes, event_id: str) -> icalendar.Event:
    """The shipped catalogue's event `event_id`, as python-icalendar reads it from a feed."""
    calendar = icalendar.Calendar.from_ical(data)
    for event in calendar.walk("VEVENT"):
        if event["UID"] == f"{event_id}@{DOMAIN}":
            assert isinstance(event, icalendar.Event)
            return event
    raise AssertionError(event_id)
