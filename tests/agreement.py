"""Whether the four parsers agree with calfeed's own model of a catalogue.

What calfeed's model says every feed must hold (each event's start and end, and a series'
occurrences expanded with dateutil in the zone from the pinned tzdata), and the comparison
of that with what each parser of `tests/parsers.py` reads from the written feeds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

from calfeed.language import in_language, languages_of
from calfeed.model import AllDay, Catalogue, Event, Timed, Undated
from calfeed.render.ics import uid as uid_of
from calfeed.selection import private_feeds, public_feeds
from calfeed.selection.feeds import event_feeds
from calfeed.tz import load_zone
from tests.parsers import HORIZON_DAYS, Reader, Reading, Readings, recurrence_set, text

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
    """By UID, in every language of the catalogue: each language's copy of an event holds
    the same instants."""
    readings: Readings = {}
    for language in languages_of(catalogue):
        chosen = in_language(catalogue, language)
        for event in chosen.events:
            if event.scheduled:
                readings[uid_of(event, chosen)] = model_reading(event, days)
    return readings


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
) -> list[str]:
    """One line per event on which the parsers disagree with one another or the model."""
    problems: list[str] = []
    for uid, truth in sorted(expected.items()):
        seen = {name: got.get(uid) for name, got in readings.items()}
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
        problems += disagreements(readings, {u: expected[u] for u in held}, feed)
    assert not problems, "\n".join(problems[:30]) + f"\n({len(problems)} in all)"


def feed_uids(catalogue: Catalogue, private: bool) -> dict[str, set[str]]:
    """The UIDs each feed a build writes holds, by path: the public feeds with the
    one-event files (`events/<id>.ics`), or the private ones."""
    held: dict[str, set[str]] = {}
    for language in languages_of(catalogue):
        chosen = in_language(catalogue, language)
        prefix = "" if language in (None, chosen.calendar.default_language) else f"{language}/"
        feeds = private_feeds(chosen) if private else (*public_feeds(chosen), *event_feeds(chosen))
        held |= {prefix + f.path: {uid_of(e, chosen) for e in f.events} for f in feeds}
    return held
