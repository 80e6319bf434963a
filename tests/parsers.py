"""Four independent parsers reading written feeds, and whether they agree with calfeed.

Mozilla ical.js (Thunderbird's engine, through node), libical 3 (Evolution's and GNOME
Calendar's, through a small C program), python `icalendar` and `ical`: each reads every
event's start and end as UTC instants from the feed's own VTIMEZONEs, never its own zone
data, and expands recurrences over a horizon (two years unless a test asks for more).
The fixtures that hand them to tests (`icaljs`, `libical`, `parsers`) are in conftest.py.

ical.js needs `npm ci --prefix tests/interop`; libical needs `cc`, `pkg-config` and libical's
headers (Debian: libical-dev). Where one is missing the tests that need it skip and say why,
except under CI (the `CI` environment variable set), where a missing parser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NoReturn, Protocol, cast

import icalendar
import pytest
from dateutil.rrule import rrulestr
from ical.calendar_stream import IcsCalendarStream
from ical.iter import as_rrule

from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.selection import private_feeds, public_feeds
from calfeed.selection.feeds import event_feeds
from calfeed.tz import load_zone
from tests.feed_readers import Times, ical_zones, in_own_zone, read_ical, read_icalendar

INTEROP = Path(__file__).parent / "interop"
ICALJS_SCRIPT = INTEROP / "icaljs_instants.mjs"
LIBICAL_SOURCE = INTEROP / "libical_instants.c"
HORIZON_DAYS = 730
"""Occurrences are compared from DTSTART up to (not including) DTSTART + 730 days."""


# --- what a parser reads ---------------------------------------------------------------


@dataclass(frozen=True)
class Reading:
    """One event as one parser reads it: "YYYY-MM-DDTHH:MM:SSZ" instants or "YYYY-MM-DD"
    dates; `occurrences` is None for an event that does not recur."""

    start: str
    end: str | None
    occurrences: tuple[str, ...] | None


Readings = dict[str, Reading]
"""By UID."""


class Reader(Protocol):
    """Reads a batch of feeds at once (one subprocess per batch, not per feed or event),
    expanding recurrences over `days` from each DTSTART."""

    def __call__(self, paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]: ...


"""Reads a batch of feeds at once (one subprocess per batch, not per feed or event)."""


def text(value: datetime | date) -> str:
    if isinstance(value, datetime):
        assert value.tzinfo is not None, "floating times are never written"
        return f"{value.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"
    return value.isoformat()


def _within(
    values: Iterable[datetime | date], start: datetime | date, days: int
) -> Iterator[datetime | date]:
    """`values` (in order) that start before the horizon, as UTC datetimes or dates."""
    if isinstance(start, datetime):
        horizon = start.astimezone(UTC) + timedelta(days=days)
        for value in values:
            assert isinstance(value, datetime)
            if value.astimezone(UTC) >= horizon:
                return
            yield value.astimezone(UTC)
    else:
        last = start + timedelta(days=days)
        for value in values:
            day = value.date() if isinstance(value, datetime) else value
            if day >= last:
                return
            yield day


def recurrence_set(
    start: datetime | date,
    rule: str | None,
    also: Iterable[datetime | date],
    skip: Iterable[datetime | date],
    *,
    skip_walls: Iterable[datetime] = (),
    days: int = HORIZON_DAYS,
) -> tuple[str, ...]:
    """RFC 5545 3.8.5 with dateutil: the RRULE expanded from `start` (aware: wall-clock
    steps in its tzinfo; a date: days), plus `also`, minus `skip`, compared as instants
    (dateutil's own rruleset compares aware values by wall time), within `days`.

    `skip_walls` are naive wall times of the rule's own occurrences to leave out before any
    conversion: how calfeed's model names an exception (a day the clocks skip has no
    instant of its own); a reader has only the EXDATE instants, in `skip`."""
    walls = set(skip_walls)
    if isinstance(start, datetime):
        series: Iterable[datetime | date] = (
            (
                d
                for d in rrulestr(f"RRULE:{rule}", dtstart=start, cache=False)
                if d.replace(tzinfo=None) not in walls
            )
            if rule
            else ()
        )
    else:
        first = datetime.combine(start, time())
        series = (d.date() for d in rrulestr(f"RRULE:{rule}", dtstart=first)) if rule else ()
    found = set(_within(series, start, days))
    found |= set(_within(sorted(also, key=_instant), start, days))
    found -= {_instant(d) for d in skip}
    return tuple(text(d) for d in sorted(found, key=_instant))


def _instant(value: datetime | date) -> datetime | date:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def as_reading(times: Times, occurrences: tuple[str, ...] | None) -> Reading:
    return Reading(
        text(times.start), text(times.end) if times.end is not None else None, occurrences
    )


# --- python icalendar (+ dateutil for recurrences) -------------------------------------


def _icalendar_values(prop: Any, zones: Mapping[str, tzinfo]) -> list[datetime | date]:
    """The values of a DTSTART/RDATE/EXDATE property (or a list of them), each wall time
    read in the feed's own VTIMEZONE for its TZID."""
    found: list[datetime | date] = []
    for each in prop if isinstance(prop, list) else [prop]:
        tzid = each.params.get("TZID")
        values = [v.dt for v in each.dts] if hasattr(each, "dts") else [each.dt]
        for value in values:
            if isinstance(value, datetime) and tzid is not None:
                found.append(value.replace(tzinfo=zones[tzid]))
            else:
                found.append(cast(datetime | date, value))
    return found


def icalendar_occurrences(data: bytes, days: int) -> dict[str, tuple[str, ...] | None]:
    calendar = icalendar.Calendar.from_ical(data)
    zones: dict[str, tzinfo] = {
        tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones
    }
    found: dict[str, tuple[str, ...] | None] = {}
    for event in calendar.events:
        uid = str(event["UID"])
        if "RRULE" not in event and "RDATE" not in event:
            found[uid] = None
            continue
        (start,) = _icalendar_values(event["DTSTART"], zones)
        rule = event.get("RRULE")
        found[uid] = recurrence_set(
            start,
            rule.to_ical().decode() if rule is not None else None,
            _icalendar_values(event.get("RDATE", []), zones),
            _icalendar_values(event.get("EXDATE", []), zones),
            days=days,
        )
    return found


def read_with_icalendar(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
    return _read_with(read_icalendar, icalendar_occurrences, paths, days)


def _read_with(
    times: Callable[[bytes], dict[str, Times]],
    occurrences: Callable[[bytes, int], dict[str, tuple[str, ...] | None]],
    paths: Sequence[Path],
    days: int,
) -> dict[Path, Readings]:
    """Each feed's events as one python library reads them: `times` their start and end,
    `occurrences` the recurrences over `days`."""
    result: dict[Path, Readings] = {}
    for path in paths:
        data = path.read_bytes()
        found = occurrences(data, days)
        result[path] = {uid: as_reading(when, found[uid]) for uid, when in times(data).items()}
    return result


# --- python ical (its own recurrence expansion, `ical.iter.as_rrule`) ------------------


def ical_occurrences(data: bytes, days: int) -> dict[str, tuple[str, ...] | None]:
    calendar = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    zones = ical_zones(calendar)

    def own(value: Any) -> Any:
        return in_own_zone(value, zones)

    found: dict[str, tuple[str, ...] | None] = {}
    for event in calendar.events:
        if not event.recurring:
            found[event.uid] = None
            continue
        start = own(event.dtstart)
        series = as_rrule(
            event.rrule, [own(d) for d in event.rdate], [own(d) for d in event.exdate], start
        )
        assert series is not None
        found[event.uid] = tuple(text(d) for d in _within(series, start, days))
    return found


def read_with_ical(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
    return _read_with(read_ical, ical_occurrences, paths, days)


# --- ical.js and libical, as subprocesses ----------------------------------------------


def unavailable(reason: str) -> NoReturn:
    """Skip outside CI; under CI every parser must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: every parser must be installed)")
    pytest.skip(reason)


def _parse_output(stdout: str, paths: Sequence[Path]) -> dict[Path, Readings]:
    files = json.loads(stdout)
    assert [f["file"] for f in files] == [str(p) for p in paths]
    result: dict[Path, Readings] = {}
    for path, entry in zip(paths, files, strict=True):
        readings: Readings = {}
        for event in entry["events"]:
            assert event["uid"] not in readings, (path, event["uid"])
            occurrences = event["occurrences"]
            readings[event["uid"]] = Reading(
                event["start"],
                event["end"],
                tuple(occurrences) if occurrences is not None else None,
            )
        result[path] = readings
    return result


def _run(command: Sequence[str], paths: Sequence[Path], days: int) -> dict[Path, Readings]:
    args = [*command, "--days", str(days), *map(str, paths)]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, f"{command[-1]} failed:\n{done.stderr}"
    return _parse_output(done.stdout, paths)


def icaljs_reader() -> Reader:
    """ical.js through node, as pinned in tests/interop/package.json."""
    node = shutil.which("node")
    if node is None:
        unavailable("ical.js: node is not installed")
    package = INTEROP / "node_modules" / "ical.js" / "package.json"
    if not package.is_file():
        unavailable("ical.js: not installed; run `npm ci --prefix tests/interop`")
    pinned = json.loads((INTEROP / "package.json").read_text())["dependencies"]["ical.js"]
    installed = json.loads(package.read_text())["version"]
    assert installed == pinned, f"ical.js {installed} installed, {pinned} pinned: run npm ci"

    def read(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
        return _run([node, str(ICALJS_SCRIPT)], paths, days)

    return read


def libical_reader(folder: Path) -> Reader:
    """libical through `libical_instants.c`, built into `folder`."""
    cc, pkg_config = shutil.which("cc"), shutil.which("pkg-config")
    if cc is None or pkg_config is None:
        unavailable("libical: no C compiler (cc) or no pkg-config to build the reader")
    flags = subprocess.run(
        [pkg_config, "--cflags", "--libs", "libical"], capture_output=True, text=True, check=False
    )
    if flags.returncode != 0:
        unavailable("libical: pkg-config finds no libical (Debian: apt-get install libical-dev)")
    binary = folder / "libical_instants"
    command = [cc, "-std=c99", "-O1", "-Wall", "-Wextra", "-o", str(binary), str(LIBICAL_SOURCE)]
    built = subprocess.run(
        [*command, *flags.stdout.split()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert built.returncode == 0, f"libical_instants.c does not build:\n{built.stderr}"

    def read(paths: Sequence[Path], days: int = HORIZON_DAYS) -> dict[Path, Readings]:
        return _run([str(binary)], paths, days)

    return read


# --- calfeed's own model ---------------------------------------------------------------


def model_occurrences(event: Event, days: int = HORIZON_DAYS) -> tuple[str, ...] | None:
    """dateutil's expansion of the catalogue's own rule in the zone from the pinned tzdata
    (`timezones.load_zone`), with `also` and `except` as calfeed's model holds them."""
    match event.when:
        case Timed(recurrence=series, start=start, zone=zone) if series is not None:
            first = start.astimezone(load_zone(zone))
            return recurrence_set(
                first,
                series.rule,
                series.additions,
                (),
                skip_walls=series.exceptions,
                days=days,
            )
        case AllDay(recurrence=dates, first=first) if dates is not None:
            return recurrence_set(first, dates.rule, dates.additions, dates.exceptions, days=days)
        case _:
            return None


def model_reading(event: Event, days: int = HORIZON_DAYS) -> Reading:
    """What every feed must say about `event`: the instants of calfeed's model, an all-day
    event's inclusive last day as the exclusive DTEND."""
    match event.when:
        case Timed(start=start, end=end):
            return Reading(text(start), text(end) if end else None, model_occurrences(event, days))
        case AllDay(first=first, last=last):
            end_day = last + timedelta(days=1)
            return Reading(text(first), text(end_day), model_occurrences(event, days))
        case Undated():
            raise AssertionError(f"{event.id} has no date: it is in no feed")


def model_readings(catalogue: Catalogue, days: int = HORIZON_DAYS) -> Readings:
    domain = catalogue.calendar.uid_domain
    return {f"{e.id}@{domain}": model_reading(e, days) for e in catalogue.events if e.scheduled}


# --- comparing -------------------------------------------------------------------------


def _differences(mine: tuple[str, ...] | None, other: tuple[str, ...] | None) -> str:
    if mine is None or other is None:
        return f"{mine} vs {other}"
    missing = sorted(set(other) - set(mine))[:4]
    extra = sorted(set(mine) - set(other))[:4]
    return f"{len(mine)} occurrences; missing {missing}, extra {extra}"


def disagreements(
    readings: Mapping[str, Readings],
    expected: Mapping[str, Reading],
    feed: str,
    exempt: Mapping[str, set[str]] | None = None,
) -> list[str]:
    """One line per event on which the parsers disagree with one another or the model.
    `exempt` (parser -> UIDs) names series whose occurrences that parser is known to get
    wrong (a strict xfail pins each such bug); their start and end are still compared."""
    problems: list[str] = []
    for uid, truth in sorted(expected.items()):
        seen = {name: got.get(uid) for name, got in readings.items()}
        for name in exempt or {}:
            reading = seen.get(name)
            if reading is not None and uid in (exempt or {})[name]:
                seen[name] = replace(reading, occurrences=truth.occurrences)
        if all(reading == truth for reading in seen.values()):
            continue
        for field in ("start", "end"):
            answers = {name: getattr(r, field) if r else "absent" for name, r in seen.items()}
            if set(answers.values()) != {getattr(truth, field)}:
                problems.append(
                    f"{feed} {uid} {field}: model {getattr(truth, field)}; "
                    + "; ".join(f"{name} {value}" for name, value in answers.items())
                )
        if any(r is None or r.occurrences != truth.occurrences for r in seen.values()):
            problems.append(
                f"{feed} {uid} occurrences, against the model's: "
                + "; ".join(
                    f"{name}: {_differences(r.occurrences if r else None, truth.occurrences)}"
                    for name, r in seen.items()
                )
            )
    return problems


def check_feeds(
    parsers: Mapping[str, Reader],
    folder: Path,
    expected: Mapping[str, Reading],
    uids: Mapping[str, set[str]] | None = None,
    exempt: Mapping[str, set[str]] | None = None,
    days: int = HORIZON_DAYS,
) -> None:
    """Every .ics under `folder`, read by every parser over `days`, agrees with `expected`;
    with `uids` (feed path -> UIDs), each feed holds exactly those events."""
    paths = sorted(folder.rglob("*.ics"))
    assert paths
    by_parser = {name: read(paths, days) for name, read in parsers.items()}
    problems: list[str] = []
    for path in paths:
        feed = path.relative_to(folder).as_posix()
        readings = {name: got[path] for name, got in by_parser.items()}
        held = uids[feed] if uids is not None else set(readings["icalendar"])
        for name, got in readings.items():
            assert set(got) == held, (feed, name, sorted(set(got) ^ held))
        problems += disagreements(readings, {u: expected[u] for u in held}, feed, exempt)
    assert not problems, "\n".join(problems[:30]) + f"\n({len(problems)} in all)"


def feed_uids(catalogue: Catalogue, private: bool) -> dict[str, set[str]]:
    """The UIDs each feed a build writes holds, by path: the public feeds with the
    one-event files (`events/<id>.ics`), or the private ones."""
    domain = catalogue.calendar.uid_domain
    feeds = (
        private_feeds(catalogue) if private else (*public_feeds(catalogue), *event_feeds(catalogue))
    )
    return {f.path: {f"{e.id}@{domain}" for e in f.events} for f in feeds}
