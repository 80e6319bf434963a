"""Readers agree on every occurrence of series with changed occurrences: start, end,
title and status, each compared with the catalogue itself.

What is expected is worked out here from the catalogue's TOML (tomllib), dateutil and
zoneinfo reading the pinned tzdata package, never from calfeed: the rule's occurrences in
the series' zone, less `except`, each changed one as its table says. The catalogue
(`tests/catalogues/series_changed_occurrences.toml`) crosses the start of summer time in
London and its end in Sydney, moves occurrences across midnight UTC, and changes one in
Almaty after its standard offset went from +06 to +05 on 1 March 2024; a second
(`series_changed_into_another_year.toml`) moves occurrences a year late and two years early,
where only a VTIMEZONE that reaches them gives their offsets.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from tests.building import build
from tests.changed_readers import (
    ChangedReader,
    Occurrence,
    icaljs_changed,
    libical_changed,
    with_ical,
    with_khal,
    with_recurring_ical_events,
)
from tests.parsers import text
from tests.truth import tzdata_zone

NAMES = ("series_changed_occurrences", "series_changed_into_another_year")


def _length(table: dict[str, object], start: datetime) -> timedelta:
    """A series' exact length: its PT..H..M duration, or its end on the start's day."""
    duration = table.get("duration")
    if isinstance(duration, str):
        hours, minutes = re.fullmatch(r"PT(?:(\d+)H)?(?:(\d+)M)?", duration).groups()  # type: ignore[union-attr]
        return timedelta(hours=int(hours or 0), minutes=int(minutes or 0))
    end = table["end"]
    assert isinstance(end, time)
    return datetime.combine(start.date(), end, start.tzinfo).astimezone(UTC) - start.astimezone(UTC)


def expected(toml: str) -> list[Occurrence]:
    document = tomllib.loads(toml)
    domain = document["calendar"]["uid-domain"]
    found: list[Occurrence] = []
    for key, table in document["events"].items():
        zone = tzdata_zone(table["timezone"])
        first = table["start"].replace(tzinfo=zone)
        length = _length(table, first)
        skipped = {datetime.combine(d, first.time()) for d in table.get("except", [])}
        changes = {date.fromisoformat(k): v for k, v in table.get("occurrences", {}).items()}
        for wall in rrulestr(f"RRULE:{table['repeat']}", dtstart=first, cache=False):
            if wall.replace(tzinfo=None) in skipped:
                continue
            change = changes.get(wall.date(), {})
            start = wall
            match change.get("start"):
                case datetime() as moved:
                    start = moved.replace(tzinfo=zone)
                case time() as moved:
                    start = datetime.combine(wall.date(), moved, zone)
            match change.get("end"):
                case datetime() as end:
                    end = end.replace(tzinfo=zone)
                case time() as end:
                    end = datetime.combine(start.date(), end, zone)
                case _:
                    end = start.astimezone(UTC) + length
            title = change.get("title", table["title"])
            status = change.get("status", table.get("status", "confirmed")).upper()
            found.append((f"{key}@{domain}", text(start), text(end), title, status))
    return sorted(found)


@pytest.fixture(scope="module", params=NAMES)
def written(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("changed")
    name = request.param
    toml = (Path(__file__).parent / "catalogues" / f"{name}.toml").read_text(encoding="utf-8")
    (folder / "events.toml").write_text(toml, encoding="utf-8")
    build(folder / "events.toml", folder / "out")
    return folder / "out", toml


READERS: dict[str, Callable[[Path], ChangedReader]] = {
    "recurring-ical-events": lambda _folder: with_recurring_ical_events,
    "ical": lambda _folder: with_ical,
    "ical.js": lambda _folder: icaljs_changed(),
    "libical": libical_changed,
    "khal": lambda _folder: with_khal,
}


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_shows_every_occurrence_as_the_catalogue_says(
    written: tuple[Path, str], reader: str, tmp_path: Path
) -> None:
    out, toml = written
    wanted = expected(toml)
    read = READERS[reader](tmp_path)
    assert read(out / "all.ics") == wanted
    for feed in sorted((out / "events").glob("*.ics")):
        uid = f"{feed.stem}@changes.example.org"
        assert read(feed) == [o for o in wanted if o[0] == uid], feed


def test_the_expected_occurrences_are_the_catalogue_s_own() -> None:
    """A few by hand, so the independent expansion above is itself checked."""
    toml = (Path(__file__).parent / "catalogues" / f"{NAMES[0]}.toml").read_text(encoding="utf-8")
    found = expected(toml)
    domain = "@changes.example.org"
    assert (
        f"almaty-review{domain}",
        "2024-03-08T06:00:00Z",
        "2024-03-08T07:00:00Z",
        "Almaty review 4",
        "CONFIRMED",
    ) in found
    assert (
        f"webinar{domain}",
        "2027-04-14T23:30:00Z",
        "2027-04-15T00:15:00Z",
        "Webinar",
        "CONFIRMED",
    ) in found
    assert (
        f"sydney-call{domain}",
        "2027-03-29T23:00:00Z",
        "2027-03-30T00:30:00Z",
        "Sydney call",
        "CANCELLED",
    ) in found
    assert len(found) == 9 + 6 + 4
