"""`calfeed diff` compares what subscribers receive: every edit that changes a public
VEVENT or its feeds is reported, in words, once; an edit nobody subscribed can see is none.

Each case edits `tests/catalogues/series_agenda_private_undated.toml` (a weekly series with
`except`, `also`, an agenda, tags, hosts and a private detail, an event for a private
audience only and one with no date yet) and lists what `compare` says, worked out by hand:
the series is at 09:00 London, which is UTC+0 in November and December 2021 (Paris UTC+1).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.diff import ChangeKind, compare
from calfeed.diff.received import received

CATALOGUE = "series_agenda_private_undated"
SERIES_FEEDS = (
    "all.ics",
    "audiences/members.ics",
    "regions/europe.ics",
    "regions/europe/members.ics",
    "events/weekly-call.ics",
)
"""Every file a subscriber of the series may hold: its region's feed for its audience and
its own file too."""

Edit = tuple[str, str]
Said = tuple[str, str, tuple[str, ...]]


def edited(text: str, edits: Iterable[Edit]) -> str:
    """Each edit replaces text that occurs exactly once."""
    for was, now in edits:
        assert text.count(was) == 1, was
        text = text.replace(was, now)
    return text


class SaidAfter(Protocol):
    def __call__(self, *edits: Edit, base: Iterable[Edit] = ()) -> list[Said]: ...


@pytest.fixture
def said_after(read_catalogue: Callable[[str], str]) -> SaidAfter:
    """(kind, event, details) of every change the edits make to the catalogue (after the
    `base` edits, made to both sides)."""

    def said(*edits: Edit, base: Iterable[Edit] = ()) -> list[Said]:
        text = edited(read_catalogue(CATALOGUE), base)
        old = parse_catalogue(text.encode(), Path("old.toml"))
        new = parse_catalogue(edited(text, edits).encode(), Path("new.toml"))
        return [(c.kind, c.event_id, c.details) for c in compare(old, new)]

    return said


@pytest.fixture
def catalogue(read_catalogue: Callable[[str], str]) -> str:
    """The catalogue's text, unedited."""
    return read_catalogue(CATALOGUE)


def updated(*details: str) -> list[Said]:
    return [("updated", "weekly-call", details)]


NEXT_STEPS = """
[[events.weekly-call.sessions]]
title = "Next steps"
start = 09:30:00
end = 10:00:00
"""

SEEN = [
    pytest.param(
        [("FREQ=WEEKLY;BYDAY=TH;COUNT=8", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;COUNT=8")],
        # Weekly from Thu 4 Nov 2021 with the extra Wed 29 Dec, or every other Thursday:
        # the eighth is Thu 10 Feb 2022.
        updated(
            "repeat: Every Thursday, 8 times, until Wed 29 Dec 2021 → "
            "Every 2 weeks on Thursday, 8 times, until Thu 10 Feb 2022"
        ),
        id="repeat",
    ),
    pytest.param(
        [("except = [2021-11-18]", "except = [2021-11-18, 2021-11-25]")],
        updated("except: 2021-11-18 → 2021-11-18, 2021-11-25"),
        id="except",
    ),
    pytest.param(
        [("also = [2021-12-29]\n", "")],
        updated("also: 2021-12-29 → (none)"),
        id="also",
    ),
    pytest.param(
        [(NEXT_STEPS, "")],
        updated("agenda: 'Next steps' removed"),
        id="a dropped session",
    ),
    pytest.param(
        [("start = 09:30:00", "start = 09:40:00")],
        updated("agenda: 'Next steps' 09:30–10:00 → 09:40–10:00"),
        id="a session's time",
    ),
    pytest.param(
        [('moderator = "A. Moderator"', 'moderator = "B. Moderator"')],
        updated("agenda: 'Round table': people or notes changed"),
        id="a session's moderator",
    ),
    pytest.param(
        [('description = "Where the network meets every week."', 'description = "Weekly."')],
        updated("description changed"),
        id="description",
    ),
    pytest.param(
        [('tags = ["weekly", "online"]', 'tags = ["weekly"]')],
        updated("tags: online, weekly → weekly"),
        id="tags",
    ),
    pytest.param(
        [('hosts = ["ILO", "ADB"]', 'hosts = ["ILO"]'), ('["en"]', '["en", "fr"]')],
        updated("hosts: ILO, ADB → ILO", "languages: en → en, fr"),
        id="hosts and languages",
    ),
    pytest.param(
        [('location = "Online"\n', 'location = "Online"\nstatus = "tentative"\n')],
        updated("status: confirmed → tentative"),
        id="status",
    ),
    pytest.param(
        [('zones = ["Europe/Paris"]', 'zones = ["Europe/Paris", "Europe/Berlin"]')],
        updated("times shown in: London, Paris, UTC → London, Paris, Berlin, UTC"),
        id="a region's zones",
    ),
    pytest.param(
        # Lisbon and London are both UTC+0 in winter: the same instants, the same wall
        # times; the DTSTART, EXDATE and RDATE zones, the time line and the agenda's heading
        # follow from the new zone and are not said again.
        [('timezone = "Europe/London"\nannounced', 'timezone = "Europe/Lisbon"\nannounced')],
        updated("zone: Europe/London → Europe/Lisbon, the same instant"),
        id="a new zone, the same instants",
    ),
    pytest.param(
        [
            ('show-zones = ["UTC"]\n', 'show-zones = ["UTC"]\ntimezone = "Europe/London"\n'),
            ('timezone = "Europe/London"\nannounced', "announced"),
        ],
        updated("zone: Europe/London → Europe/London (assumed)"),
        id="a zone now assumed",
    ),
    pytest.param(
        # The UID is what calendar apps know an event by: no words of its own, so the
        # property is named with its values.
        [('uid-domain = "series.calfeed.example"', 'uid-domain = "s.calfeed.example"')],
        updated("UID: weekly-call@series.calfeed.example → weekly-call@s.calfeed.example"),
        id="a property with no words of its own",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), SEEN)
def test_every_change_subscribers_see_is_said_in_words(
    said_after: SaidAfter, edits: list[Edit], expected: list[Said]
) -> None:
    assert said_after(*edits) == expected


def test_what_follows_from_a_move_is_not_said_again(said_after: SaidAfter) -> None:
    """An hour later: DTSTART, DTEND, the EXDATE and RDATE times, the time line and the
    sessions all move with the series; only the move, a session that moved further, and
    the new description are said."""
    changes = said_after(
        ("start = 2021-11-04T09:00:00", "start = 2021-11-04T10:00:00"),
        ("end = 10:00:00\ntimezone", "end = 11:00:00\ntimezone"),
        ("2021-11-04 09:00 UTC", "2021-11-04 10:00 UTC"),
        ("start = 09:00:00\nend = 09:30:00", "start = 10:00:00\nend = 10:30:00"),
        ("start = 09:30:00\nend = 10:00:00", "start = 10:45:00\nend = 11:00:00"),
        ("meets every week.", "meets every week, an hour later."),
    )
    assert changes == [
        (
            "moved",
            "weekly-call",
            ("moved 1 h later: 09:00 → 10:00 London, 10:00 → 11:00 Paris, 09:00 → 10:00 UTC",),
        ),
        (
            "updated",
            "weekly-call",
            ("description changed", "agenda: 'Next steps' 09:30–10:00 → 10:45–11:00"),
        ),
    ]


CANCELLED = ('location = "Online"\n', 'location = "Online"\nstatus = "cancelled"\n')


NAMED = [
    pytest.param(
        [CANCELLED],
        (
            "cancelled",
            "2021-11-04 09:00 London · 2021-11-04 10:00 Paris · 2021-11-04 09:00 UTC",
        ),
        id="cancelled: the description's links follow",
    ),
    pytest.param(
        [("example.org/weekly-call", "example.org/weekly")],
        (
            "relinked",
            "registration: https://example.org/weekly-call → https://example.org/weekly",
        ),
        id="relinked: the URL and the description's link follow",
    ),
    pytest.param(
        [('location = "Online"', 'location = "Zoom"')],
        ("relocated", "Online → Zoom"),
        id="relocated",
    ),
    pytest.param(
        [('title = "Weekly call"', 'title = "Weekly network call"')],
        ("retitled", "'Weekly call' → 'Weekly network call'"),
        id="retitled",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), NAMED)
def test_a_named_kind_says_it_all(
    said_after: SaidAfter, edits: list[Edit], expected: tuple[str, str]
) -> None:
    """What follows from a cancellation or a new link (STATUS, URL, the description's
    links) is not said again as `updated`."""
    kind, detail = expected
    assert said_after(*edits) == [(kind, "weekly-call", (detail,))]


def test_a_cancellation_called_off_says_the_status(said_after: SaidAfter) -> None:
    """The links come back to the description: that follows from the status."""
    assert said_after(('status = "cancelled"\n', ""), base=[CANCELLED]) == updated(
        "status: cancelled → confirmed"
    )


PUBLIC_DINNER = ('audiences = ["board"]\nregions', 'audiences = ["members"]\nregions')


def dinner(*details: str) -> list[Said]:
    return [("moved", "board-dinner", details)]


ENDS = [
    pytest.param(
        [("end = 21:00:00\n", "end = 22:00:00\n")],
        dinner("same start, new end: 21:00 → 22:00 London, 22:00 → 23:00 Paris, 21:00 → 22:00 UTC"),
        id="a later end",
    ),
    pytest.param(
        [("end = 21:00:00\n", "")],
        dinner("same start, new end: 21:00 London, 22:00 Paris, 21:00 UTC → (none)"),
        id="an end withdrawn",
    ),
    pytest.param(
        [("T19:00:00\nend = 21:00:00", "T20:00:00\nend = 22:00:00")],
        dinner("moved 1 h later: 19:00 → 20:00 London, 20:00 → 21:00 Paris, 19:00 → 20:00 UTC"),
        id="moved, as long as before",
    ),
    pytest.param(
        [("T19:00:00\nend = 21:00:00", "T20:00:00\nend = 23:00:00")],
        dinner(
            "moved 1 h later: 19:00 → 20:00 London, 20:00 → 21:00 Paris, 19:00 → 20:00 UTC",
            "end: 21:00 → 23:00 London, 22:00 → 00:00 (2021-11-06) Paris, 21:00 → 23:00 UTC",
        ),
        id="moved, and longer",
    ),
]


@pytest.mark.parametrize(("edits", "expected"), ENDS)
def test_a_move_says_the_end_where_the_length_changed(
    said_after: SaidAfter, edits: list[Edit], expected: list[Said]
) -> None:
    """The dinner, made public on both sides: 19:00-21:00 London on 5 Nov 2021 (UTC+0;
    Paris UTC+1)."""
    assert said_after(*edits, base=[PUBLIC_DINNER]) == expected


UNSEEN = [
    pytest.param([('passcode = "1234"', 'passcode = "5678"')], id="a private detail"),
    pytest.param([("2021-11-04 09:00 UTC", "09:00 UTC")], id="an announced time"),
    pytest.param([("# What `calfeed diff`", "# What `diff`")], id="a comment"),
    pytest.param(
        [("start = 2021-11-05T19:00:00", "start = 2021-11-06T19:00:00")],
        id="an event for a private audience only",
    ),
    pytest.param([('"Planning retreat"', '"Planning retreat 2022"')], id="an undated event"),
]


@pytest.mark.parametrize("edits", UNSEEN)
def test_what_no_public_subscriber_sees_is_no_change(
    said_after: SaidAfter, edits: list[Edit]
) -> None:
    assert said_after(*edits) == []


def test_what_diff_compares_holds_no_private_detail(catalogue: str) -> None:
    """The public VEVENT only: the passcode is not even read, so no wording of a
    difference can ever print it; the event for the board alone is not there at all."""
    seen = received(parse_catalogue(catalogue.encode(), Path("events.toml")))
    assert list(seen) == ["weekly-call"]
    assert "1234" not in repr(seen["weekly-call"].properties)


def test_an_event_made_private_vanishes_and_one_made_public_appears(
    said_after: SaidAfter,
) -> None:
    changes = said_after(
        ('audiences = ["board"]\nregions', 'audiences = ["members", "board"]\nregions'),
        (
            'audiences = ["members", "board"]\nregions = ["europe"]\ntags',
            'audiences = ["board"]\nregions = ["europe"]\ntags',
        ),
    )
    assert changes == [
        (
            "removed",
            "weekly-call",
            ("it is for private audiences only now: it vanishes from public calendars",),
        ),
        (
            "added",
            "board-dinner",
            (
                "2021-11-05 19:00 London · 2021-11-05 20:00 Paris · 2021-11-05 19:00 UTC",
                "it was for private audiences only before",
            ),
        ),
    ]


DATED = ('status = "tentative"\n', "start = 2022-02-01\nend = 2022-02-03\n")


def test_an_event_that_gains_a_date_appears_and_one_that_loses_it_vanishes(
    said_after: SaidAfter, catalogue: str
) -> None:
    assert said_after(DATED) == [
        (
            "added",
            "planning-retreat",
            ("2022-02-01 – 2022-02-03 (all day)", "it had no date before"),
        )
    ]
    dated = parse_catalogue(catalogue.replace(*DATED).encode(), Path("old.toml"))
    undated = parse_catalogue(catalogue.encode(), Path("new.toml"))
    assert [(c.kind, c.event_id, c.details, c.feeds) for c in compare(dated, undated)] == [
        (
            "removed",
            "planning-retreat",
            ("it has no date any more: it vanishes from subscribers' calendars until it has one",),
            ("all.ics", "audiences/members.ics", "events/planning-retreat.ics"),
        )
    ]


def test_every_event_is_added_when_there_was_no_catalogue(catalogue: str) -> None:
    new = parse_catalogue(catalogue.encode(), Path("events.toml"))
    changes = compare(None, new)
    assert [(c.kind, c.event_id, c.feeds) for c in changes] == [
        (ChangeKind.ADDED, "weekly-call", SERIES_FEEDS)
    ]


def test_change_kinds_are_strings() -> None:
    assert [str(kind) for kind in ChangeKind] == [
        "added",
        "removed",
        "cancelled",
        "moved",
        "retitled",
        "relocated",
        "relinked",
        "updated",
        "refiled",
    ]
