"""Four independent parsers reading written feeds (whether they agree with calfeed's
model is `tests/agreement.py`).

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
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from pathlib import Path
from typing import Any, NoReturn, Protocol, cast

import icalendar
import pytest
from dateutil.rrule import rrulestr
from ical.calendar_stream import IcsCalendarStream
from ical.iter import as_rrule

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


def parse_output(stdout: str, paths: Sequence[Path]) -> dict[Path, Readings]:
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
    return parse_output(done.stdout, paths)


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
        with tempfile.TemporaryDirectory(prefix="libical-") as scratch:
            copies = [Path(scratch) / f"{number}.ics" for number in range(len(paths))]
            for path, copy in zip(paths, copies, strict=True):
                copy.write_bytes(private_tzids(path.read_bytes()))
            found = _run([str(binary)], copies, days)
        return {path: found[copy] for path, copy in zip(paths, copies, strict=True)}

    return read


_TZID = re.compile(rb"(^TZID:|;TZID=)(?!Feed-)", re.MULTILINE)


def private_tzids(feed: bytes) -> bytes:
    """The feed with every TZID made a name libical does not know (`Feed-Europe/London`),
    and no X-LIC-LOCATION. libical's recurrence iterator normalises each occurrence with its
    own built-in zone of the same name (the machine's zoneinfo, read by libical's own TZif
    reader), whatever the file's VTIMEZONE says: so a series in America/Mexico_City got the
    summer time Mexico ended in 2022, and one in Europe/Chisinau the rule it left in 2022.
    That is a reading of the machine, not of the feed; with private names the file's own
    VTIMEZONE is all it has, as for every other parser here."""
    unfolded = re.sub(rb"\r\n[ \t]", b"", feed)
    unfolded = re.sub(rb"^X-LIC-LOCATION:[^\r\n]*\r\n", b"", unfolded, flags=re.MULTILINE)
    return _TZID.sub(rb"\1Feed-", unfolded)


ICALJS_TEXTS = INTEROP / "icaljs_texts.mjs"


def read_texts_with_icaljs(paths: Sequence[Path]) -> list[dict[str, Any]]:
    """What Thunderbird's engine shows of each feed: its NAME and each VEVENT's UID, start
    (UTC), SUMMARY, DESCRIPTION and LOCATION with their LANGUAGE (`icaljs_texts.mjs`)."""
    icaljs_reader()  # skips (or fails under CI) where ical.js is missing
    node = shutil.which("node")
    assert node is not None
    done = subprocess.run(
        [node, str(ICALJS_TEXTS), *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, f"icaljs_texts.mjs failed:\n{done.stderr}"
    files: list[dict[str, Any]] = json.loads(done.stdout)
    return files
