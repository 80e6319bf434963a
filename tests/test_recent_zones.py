"""Zones whose rules changed in recent tzdata releases: `tz/recent.txt` is exactly what
the releases' own files say (`tests/recent_zones.py`), and an event where an app with
out-of-date zone data shows another time gets a warning in `check` and a line in its
DESCRIPTION. Expected times come from zoneinfo reading each release's file."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.errors import Finding
from tests.building import build
from tests.recent_zones import (
    BASELINE,
    FIXTURE,
    baseline_sums,
    pinned_bytes,
    recent_table,
    zone_names,
)
from tests.rule_table import PATH, document, warning
from tests.truth import tzdata_zone


def test_the_shipped_list_is_what_the_releases_files_say() -> None:
    shipped = resources.files("calfeed.tz").joinpath("recent.txt").read_text(encoding="utf-8")
    assert shipped == recent_table(), "regenerate src/calfeed/tz/recent.txt from recent_table()"


def test_the_baseline_fixture_accounts_for_every_zone() -> None:
    """Every pinned name is in the baseline's sums (a zone new since then would be said
    nowhere), and every file kept is the baseline's own, by its sum."""
    sums = baseline_sums()
    assert set(zone_names()) <= set(sums)
    kept = [p for p in (FIXTURE / BASELINE).rglob("*") if p.is_file() and p.name != "SHA256SUMS"]
    assert kept
    for path in kept:
        name = path.relative_to(FIXTURE / BASELINE).as_posix()
        assert hashlib.sha256(path.read_bytes()).hexdigest() == sums[name], name
        assert path.read_bytes() != pinned_bytes(name), f"{name} needs no copy"


def old_time(zone: str, wall: datetime, release: str) -> str:
    """What zone data of `release` (a fixture file) shows for the instant `wall` names in
    the pinned tzdata."""
    instant = wall.replace(tzinfo=tzdata_zone(zone)).astimezone(UTC)
    data = (FIXTURE / release / zone).read_bytes()
    return f"{instant.astimezone(ZoneInfo.from_file(io.BytesIO(data))):%H:%M}"


def findings(snippet: str) -> list[Finding]:
    catalogue = parse_catalogue(document(snippet).encode(), PATH)
    return [f for f in catalogue.warnings if f.code not in {"no-link", "no-region"}]


VANCOUVER = """
[events.x]
title = "Network call"
start = 2026-12-01T15:00:00
duration = "PT1H"
timezone = "America/Vancouver"
"""


def test_an_event_where_older_zone_data_is_wrong_is_a_warning() -> None:
    """British Columbia keeps UTC-7 all year from November 2026 (tzdata 2026b): data
    from before that still falls back to UTC-8, an hour earlier."""
    wall = datetime(2026, 12, 1, 15)
    assert old_time("America/Vancouver", wall, BASELINE) == "14:00"
    assert old_time("America/Vancouver", wall, "2026a") == "14:00"
    assert not (FIXTURE / "2026b" / "America/Vancouver").exists()  # 2026b has it right
    assert findings(VANCOUVER) == [
        warning(
            "zone-changed-recently",
            5,
            "x",
            "America/Vancouver changed recently: calendar apps with zone data older than "
            "tzdata 2026b show this at 14:00 instead of 15:00 local time in America/Vancouver",
            "nothing to fix here: the description tells subscribers, whose calendar apps "
            "need up-to-date zone data",
        )
    ]


def test_a_series_names_its_first_occurrence_older_data_gets_wrong() -> None:
    """Havana (tzdata 2026f): weekly from October 2026, the first occurrence past the
    change is the one named."""
    snippet = (
        VANCOUVER.replace("America/Vancouver", "America/Havana").replace("2026-12-01", "2026-10-06")
        + 'repeat = "FREQ=WEEKLY;COUNT=10"\n'
    )
    tz = tzdata_zone("America/Havana")
    old = ZoneInfo.from_file(io.BytesIO((FIXTURE / "2026e" / "America/Havana").read_bytes()))
    weeks = [
        datetime(2026, 10, 6, 15) + (datetime(2026, 10, 13) - datetime(2026, 10, 6)) * k
        for k in range(10)
    ]
    wrong = [
        w
        for w in weeks
        if w.replace(tzinfo=tz).utcoffset() != w.replace(tzinfo=tz).astimezone(old).utcoffset()
    ]
    first = wrong[0]
    shown = first.replace(tzinfo=tz).astimezone(old)
    (found,) = findings(snippet)
    assert found.message == (
        "America/Havana changed recently: calendar apps with zone data older than tzdata "
        f"2026f show the occurrence of {first:%Y-%m-%d} at {shown:%H:%M} instead of 15:00 "
        "local time in America/Havana"
    )


def test_a_zone_that_did_not_change_gets_no_warning() -> None:
    assert findings(VANCOUVER.replace("America/Vancouver", "Europe/Paris")) == []


def test_the_description_tells_subscribers(tmp_path: Path) -> None:
    catalogue = tmp_path / "events.toml"
    catalogue.write_text(document(VANCOUVER), encoding="utf-8")
    build(catalogue, tmp_path / "out")
    feed = icalendar.Calendar.from_ical((tmp_path / "out" / "events" / "x.ics").read_bytes())
    (event,) = feed.events
    assert (
        "Calendar apps with zone data older than tzdata 2026b show this at 14:00 instead of "
        "15:00 local time in America/Vancouver." in str(event["DESCRIPTION"])
    )


@pytest.mark.parametrize("zone", ["Africa/Casablanca", "America/Edmonton", "America/Winnipeg"])
def test_the_zones_the_audit_named_are_listed(zone: str) -> None:
    assert f"\n{zone} " in recent_table()
