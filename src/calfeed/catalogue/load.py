"""Load `events.toml` and validate it into the frozen model, collecting every finding.

The caller gets all findings together (`InvalidCatalogueError`) or a `Catalogue` whose
warnings still deserve a look: the tables first, then every event, then the rules that look
across events.
"""

from __future__ import annotations

import dataclasses
import itertools
import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

from calfeed.catalogue import fields, tables, values
from calfeed.catalogue.advice import advise
from calfeed.catalogue.events import References, event
from calfeed.catalogue.file import read_catalogue
from calfeed.catalogue.findings import Findings
from calfeed.catalogue.languages import declared_languages, translations
from calfeed.catalogue.syntax import syntax_finding
from calfeed.errors import Code, Finding, InvalidCatalogueError, Severity
from calfeed.model import Catalogue, Event, Status, Timed, feed_order


def load_catalogue(path: Path, *, today: date | None = None) -> Catalogue:
    """Read and validate `path`; raise `InvalidCatalogueError` if any error stands."""
    return parse_catalogue(read_catalogue(path), path, today=today)


def parse_catalogue(
    raw: bytes,
    path: Path,
    *,
    today: date | None = None,
    lines_for: Callable[[Finding], bool] | None = None,
) -> Catalogue:
    """Validate catalogue bytes that came from `path` (used in messages only). Every
    finding gets its line, or only those `lines_for` chooses: a build says errors and
    guesses in full and only counts the other warnings, whose lines it never shows."""
    findings = Findings(path, today=today)
    catalogue = _catalogue(findings, _parsed(raw, path))
    findings.locate(raw, lines_for)
    if catalogue is None or findings.has_errors:
        raise InvalidCatalogueError(path, findings.in_file_order())
    return dataclasses.replace(catalogue, warnings=findings.warnings())


def _parsed(raw: bytes, path: Path) -> dict[str, object]:
    """The TOML document, from one `tomllib.loads` of the whole text. The text is let go
    before validation starts: on a large catalogue it is as large as the model being
    built, and the lines of findings are looked up in `raw` once validation is done."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        finding = Finding(
            Severity.ERROR,
            Code.ENCODING,
            path,
            line,
            None,
            f"the file is not UTF-8 (byte {raw[error.start]:#04x})",
            "save the catalogue as UTF-8",
        )
        raise InvalidCatalogueError(path, (finding,)) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidCatalogueError(path, (syntax_finding(error, text, path),)) from None


def _catalogue(findings: Findings, document: dict[str, object]) -> Catalogue | None:
    document = values.shape(findings, (), document, fields.TOP_LEVEL)
    raw_calendar = values.table_of(document, "calendar")
    calendar_table = tables.calendar_table(findings, raw_calendar)
    declared = declared_languages(findings, raw_calendar)  # before any text is read
    default = tables.zone_default(findings, raw_calendar)
    calendar = tables.calendar(findings, calendar_table, default)
    audiences = {
        k: a
        for k, v in values.table_of(document, "audiences").items()
        if (a := tables.audience(findings, k, v)) is not None
    }
    regions = {
        k: r
        for k, v in values.table_of(document, "regions").items()
        if (r := tables.region(findings, k, v)) is not None
    }
    tags = tables.tags(findings, values.table_of(document, "tags"))
    feeds = {
        k: f
        for k, v in values.table_of(document, "feeds").items()
        if (f := tables.feed(findings, k, v, audiences, regions, tags)) is not None
    }
    tables.feed_paths(findings, feeds)
    refs = References(audiences, regions, tags)
    # Each event's parsed table is let go once it is validated: the document would
    # otherwise stay as large as the model until the last event is done.
    tables_of_events = values.table_of(document, "events")
    events = tuple(
        e
        for k in list(tables_of_events)
        if (e := event(findings, k, tables_of_events.pop(k), default, refs)) is not None
    )
    _overlaps(findings, events)
    advise(findings, events, audiences, regions)
    if calendar is None:  # reported; the events were still checked, for every finding at once
        return None
    schedule = tuple(sorted((e for e in events if e.scheduled), key=feed_order))
    return Catalogue(
        findings.path,
        dataclasses.replace(calendar, languages=declared),
        audiences,
        regions,
        feeds,
        tags,
        events,
        (),  # the warnings, once their lines are known
        schedule,
        declared[0] if declared else None,
        *translations(findings),
    )


def _overlaps(findings: Findings, events: tuple[Event, ...]) -> None:
    """Two events at one place at once is usually a copying mistake. Online events share
    no room, so "Online" is never a clash."""
    by_place: dict[str, list[tuple[datetime, datetime, Event]]] = {}
    for item in events:
        place = item.location.strip().casefold()
        match item.when:
            case Timed(start=start, end=end) if end is not None:
                if place and place != "online" and item.status is not Status.CANCELLED:
                    span = (start.astimezone(UTC), end.astimezone(UTC), item)
                    by_place.setdefault(place, []).append(span)
    for group in by_place.values():
        group.sort(key=lambda span: (span[0], span[2].id))
        for (_, earlier_end, earlier), (later_start, _, later) in itertools.pairwise(group):
            if later_start < earlier_end:
                findings.warn(
                    Code.OVERLAP,
                    ("events", later.id),
                    None,
                    f"overlaps event {earlier.id!r} at the same location ({later.location})",
                    "check both times, or name the rooms apart in `location`",
                )
