"""Load `events.toml` and validate it into the frozen model, collecting every finding.

Nothing is raised one problem at a time: each rule appends a `Finding` with its line, and
the caller gets all of them together (`InvalidCatalogueError`) or a `Catalogue` whose warnings
still deserve a look.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from calfeed.catalogue import fields
from calfeed.catalogue.events import EventLoader, References
from calfeed.catalogue.source import SourceIndex, TablePath
from calfeed.catalogue.values import strings_of, table_of, toml_type
from calfeed.model import (
    Audience,
    CalendarInfo,
    Catalogue,
    Event,
    FeedSpec,
    Finding,
    Region,
    Severity,
    Status,
)


class InvalidCatalogueError(Exception):
    """The catalogue has errors; `findings` holds all of them, and the warnings too."""

    def __init__(self, findings: tuple[Finding, ...]) -> None:
        self.findings = findings
        errors = sum(f.severity is Severity.ERROR for f in findings)
        super().__init__(f"{errors} error(s) in catalogue")


def load_catalogue(path: Path, *, today: date | None = None) -> Catalogue:
    """Read and validate `path`; raise `InvalidCatalogueError` if any error stands."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        finding = Finding(
            Severity.ERROR,
            "unreadable",
            path,
            None,
            None,
            f"cannot read the catalogue: {error.strerror or error}",
            "check the path, or run calfeed in the folder that holds events.toml",
        )
        raise InvalidCatalogueError((finding,)) from None
    return parse_catalogue(raw, path, today=today)


def parse_catalogue(raw: bytes, path: Path, *, today: date | None = None) -> Catalogue:
    """Validate catalogue bytes that came from `path` (used in messages only)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        finding = Finding(
            Severity.ERROR,
            "encoding",
            path,
            line,
            None,
            f"the file is not UTF-8 (byte {raw[error.start]:#04x})",
            "save the catalogue as UTF-8",
        )
        raise InvalidCatalogueError((finding,)) from None
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise InvalidCatalogueError((_syntax_finding(error, path),)) from None
    loader = CatalogueLoader(path, SourceIndex.of(text), today=today)
    catalogue = loader.catalogue(document)
    if catalogue is None or any(f.severity is Severity.ERROR for f in loader.findings):
        raise InvalidCatalogueError(by_line(loader.findings))
    return catalogue


def by_line(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Findings in file order, so a person can work down the file; rules keep their order
    within a line."""
    return tuple(sorted(findings, key=lambda f: (f.line is None, f.line or 0)))


def _syntax_finding(error: tomllib.TOMLDecodeError, path: Path) -> Finding:
    message = str(error)
    line = None
    where = re.search(r"\(at line (\d+), column \d+\)", message)
    if where:
        line = int(where.group(1))
        message = message[: where.start()].strip()
    elif "end of document" in message:
        line = None
    return Finding(
        Severity.ERROR,
        "toml-syntax",
        path,
        line,
        None,
        f"TOML syntax error: {message[:1].lower()}{message[1:]}",
        "see https://toml.io/en/v1.0.0 for the syntax",
    )


class CatalogueLoader(EventLoader):
    """The whole catalogue: its top-level tables, then every event, then the rules that
    look across events."""

    def catalogue(self, document: dict[str, object]) -> Catalogue | None:
        document = self.shape((), document, fields.TOP_LEVEL)
        calendar = self.calendar(table_of(document, "calendar"))
        audiences = {
            k: a
            for k, v in table_of(document, "audiences").items()
            if (a := self.audience(k, v)) is not None
        }
        regions = {
            k: r
            for k, v in table_of(document, "regions").items()
            if (r := self.region(k, v)) is not None
        }
        tags = self.tags(table_of(document, "tags"))
        feeds = {
            k: f
            for k, v in table_of(document, "feeds").items()
            if (f := self.feed(k, v, audiences, regions, tags)) is not None
        }
        self.feed_paths(feeds)
        if calendar is None:
            return None
        refs = References(audiences, regions, tags)
        events = tuple(
            e
            for k, v in table_of(document, "events").items()
            if (e := self.event(k, v, calendar, refs)) is not None
        )
        self.overlaps(events)
        if self.today is not None:
            self.past(events, self.today)
        warnings = by_line(f for f in self.findings if f.severity is Severity.WARNING)
        return Catalogue(self.path, calendar, audiences, regions, feeds, tags, events, warnings)

    def past(self, events: tuple[Event, ...], today: date) -> None:
        """Events that ended before `today` (`check --today`): still in the feeds, but
        perhaps left over, or given the wrong year."""
        for event in events:
            last = event.end if event.end is not None else event.start
            if last is None or event.recurrence is not None:
                continue
            day = last.date() if isinstance(last, datetime) else last
            if isinstance(event.end, datetime) and event.end.time() == datetime.min.time():
                day -= timedelta(days=1)  # ending at midnight: the day before was the last
            if day < today:
                self.warn(
                    "past",
                    ("events", event.id),
                    None,
                    f"the event is over: it ended on {day.isoformat()}, before {today.isoformat()}",
                    "check the year, or remove it once subscribers no longer need it "
                    '(status = "cancelled" first, so calendars drop it cleanly)',
                )

    def overlaps(self, events: tuple[Event, ...]) -> None:
        """Two events at one place at once is usually a copying mistake. Online events
        share no room, so "Online" is never a clash."""
        by_place: dict[str, list[Event]] = {}
        for event in events:
            place = event.location.strip().casefold()
            if (
                place
                and place != "online"
                and isinstance(event.start, datetime)
                and isinstance(event.end, datetime)
                and event.status is not Status.CANCELLED
            ):
                by_place.setdefault(place, []).append(event)
        for group in by_place.values():
            group.sort(key=lambda e: (e.start.astimezone(UTC), e.id))  # type: ignore[union-attr]
            for earlier, later in itertools.pairwise(group):
                assert isinstance(earlier.end, datetime)
                assert isinstance(later.start, datetime)
                if later.start.astimezone(UTC) < earlier.end.astimezone(UTC):
                    self.warn(
                        "overlap",
                        ("events", later.id),
                        None,
                        f"overlaps event {earlier.id!r} at the same location ({later.location})",
                        "check both times, or name the rooms apart in `location`",
                    )

    def calendar(self, table: dict[str, object]) -> CalendarInfo | None:
        where: TablePath = ("calendar",)
        table = self.shape(where, table, fields.CALENDAR)
        if "uid-domain" not in table or "name" not in table:
            return None
        domain = str(table["uid-domain"])
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9-]+)+", domain):
            self.error(
                "bad-uid-domain",
                where,
                "uid-domain",
                f"uid-domain {domain!r} is not a domain name",
                "use a domain you control, e.g. events.example.org",
            )
        given = table.get("url")
        url = self.url(where, "url", given.rstrip("/") + "/") if isinstance(given, str) else None
        refresh = self.duration(where, "refresh", table.get("refresh", "PT12H"))
        default = table.get("timezone")
        default_zone = self.zone(where, "timezone", default) if isinstance(default, str) else None
        shown = table.get("show-zones", [])
        assert isinstance(shown, list)
        show_zones = tuple(z for z in shown if self.zone(where, "show-zones", z))
        return CalendarInfo(
            name=self.text(where, "name", table["name"], one_line=True),
            description=self.text(
                where, "description", table.get("description", ""), one_line=False
            ),
            uid_domain=domain,
            url=url,
            refresh=refresh or timedelta(hours=12),
            default_zone=default_zone,
            show_zones=show_zones,
        )

    def audience(self, key: str, raw: object) -> Audience | None:
        where: TablePath = ("audiences", key)
        table = self.table_entry(where, key, raw, fields.AUDIENCE)
        if table is None:
            return None
        return Audience(
            key,
            self.text(where, "name", table.get("name", ""), one_line=True),
            self.text(where, "description", table.get("description", ""), one_line=False),
            bool(table.get("private", False)),
        )

    def region(self, key: str, raw: object) -> Region | None:
        where: TablePath = ("regions", key)
        table = self.table_entry(where, key, raw, fields.REGION)
        if table is None:
            return None
        zones = tuple(z for z in strings_of(table, "zones") if self.zone(where, "zones", z))
        return Region(
            key,
            self.text(where, "name", table.get("name", ""), one_line=True),
            self.text(where, "description", table.get("description", ""), one_line=False),
            zones,
        )

    def tags(self, table: dict[str, object]) -> dict[str, str]:
        tags: dict[str, str] = {}
        for key, value in table.items():
            if not self.key_name(("tags",), key):
                continue
            if not isinstance(value, str):
                self.error(
                    "wrong-type",
                    ("tags",),
                    key,
                    f"tag {key!r} must be a description string, not {toml_type(value)}",
                )
                continue
            tags[key] = self.text(("tags",), key, value, one_line=True)
        return tags

    def feed(
        self,
        key: str,
        raw: object,
        audiences: Mapping[str, Audience],
        regions: Mapping[str, Region],
        tags: Mapping[str, str],
    ) -> FeedSpec | None:
        where: TablePath = ("feeds", key)
        table = self.table_entry(where, key, raw, fields.FEED)
        if table is None:
            return None
        return FeedSpec(
            key,
            self.text(where, "name", table.get("name", ""), one_line=True),
            self.text(where, "description", table.get("description", ""), one_line=False),
            self.keys(where, "audiences", strings_of(table, "audiences"), audiences, "audiences"),
            self.keys(where, "regions", strings_of(table, "regions"), regions, "regions"),
            self.keys(where, "tags", strings_of(table, "tags"), tags, "tags"),
        )

    def feed_paths(self, feeds: Mapping[str, FeedSpec]) -> None:
        """Custom feeds become `<key>.ics` beside `all.ics` (keys are lower-case, so two
        feeds never share a file; only `all` can clash)."""
        if "all" in feeds:
            self.error(
                "duplicate-feed-path",
                ("feeds", "all"),
                None,
                "custom feed 'all' would overwrite all.ics, the feed of every event",
                "rename the feed",
            )
