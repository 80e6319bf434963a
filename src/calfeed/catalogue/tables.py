"""The catalogue's own tables: `[calendar]`, `[audiences.*]`, `[regions.*]`, `[tags]` and
`[feeds.*]`, everything events refer to.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from calfeed.catalogue import fields, values
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.errors import Code
from calfeed.model import Audience, CalendarInfo, FeedSpec, Region


@dataclass(frozen=True)
class ZoneDefault:
    """What `[calendar] timezone` gives events that name no zone of their own."""

    zone: str | None
    """The zone, when [calendar] names a real one."""
    named: bool
    """Whether [calendar] names one at all. A wrong one (`zone` is None) is reported once,
    there; the events that rely on it have no zone, but are not missing one."""


def calendar_table(findings: Findings, raw: dict[str, object]) -> dict[str, object]:
    """`[calendar]` with its keys and types checked."""
    return values.shape(findings, ("calendar",), raw, fields.CALENDAR)


def zone_default(findings: Findings, raw: Mapping[str, object]) -> ZoneDefault:
    """`[calendar] timezone` as written, checked once for every event that relies on it
    (a mistyped one is the shape check's to report)."""
    if "timezone" not in raw:
        return ZoneDefault(None, named=False)
    name = raw["timezone"]
    zone = values.zone(findings, ("calendar",), "timezone", name) if isinstance(name, str) else None
    return ZoneDefault(zone, named=True)


def calendar(
    findings: Findings, table: Mapping[str, object], default: ZoneDefault
) -> CalendarInfo | None:
    """The calendar's own details, or None when a required one is missing (reported)."""
    where: TablePath = ("calendar",)
    if "uid-domain" not in table or "name" not in table:
        return None
    domain = str(table["uid-domain"])
    if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9-]+)+", domain):
        findings.error(
            Code.BAD_UID_DOMAIN,
            where,
            "uid-domain",
            f"uid-domain {domain!r} is not a domain name",
            "use a domain you control, e.g. events.example.org",
        )
    url, service = (
        values.url(findings, where, key, given.rstrip("/") + "/")
        if isinstance(given := table.get(key), str)
        else None
        for key in ("url", "service")
    )
    refresh = values.duration(findings, where, "refresh", table.get("refresh", "PT12H"))
    shown = table.get("show-zones", [])
    assert isinstance(shown, list)
    show_zones = tuple(z for z in shown if values.zone(findings, where, "show-zones", z))
    return CalendarInfo(
        name=values.text(findings, where, "name", table["name"], one_line=True),
        description=values.text(
            findings, where, "description", table.get("description", ""), one_line=False
        ),
        uid_domain=domain,
        url=url,
        service=service,
        refresh=refresh or timedelta(hours=12),
        default_zone=default.zone,
        show_zones=show_zones,
    )


def audience(findings: Findings, key: str, raw: object) -> Audience | None:
    where: TablePath = ("audiences", key)
    table = values.table_entry(findings, where, key, raw, fields.AUDIENCE)
    if table is None:
        return None
    return Audience(
        key,
        values.text(findings, where, "name", table.get("name", ""), one_line=True),
        values.text(findings, where, "description", table.get("description", ""), one_line=False),
        bool(table.get("private", False)),
    )


def region(findings: Findings, key: str, raw: object) -> Region | None:
    where: TablePath = ("regions", key)
    table = values.table_entry(findings, where, key, raw, fields.REGION)
    if table is None:
        return None
    zones = tuple(
        z for z in values.strings_of(table, "zones") if values.zone(findings, where, "zones", z)
    )
    return Region(
        key,
        values.text(findings, where, "name", table.get("name", ""), one_line=True),
        values.text(findings, where, "description", table.get("description", ""), one_line=False),
        zones,
    )


def tags(findings: Findings, table: dict[str, object]) -> dict[str, str]:
    tags: dict[str, str] = {}
    for key, value in table.items():
        if not values.key_name(findings, ("tags",), key):
            continue
        if not isinstance(value, str):
            findings.error(
                Code.WRONG_TYPE,
                ("tags",),
                key,
                f"tag {key!r} must be a description string, not {values.toml_type(value)}",
            )
            continue
        tags[key] = values.text(findings, ("tags",), key, value, one_line=True)
    return tags


def feed(
    findings: Findings,
    key: str,
    raw: object,
    audiences: Mapping[str, Audience],
    regions: Mapping[str, Region],
    tags: Mapping[str, str],
) -> FeedSpec | None:
    where: TablePath = ("feeds", key)
    table = values.table_entry(findings, where, key, raw, fields.FEED)
    if table is None:
        return None
    return FeedSpec(
        key,
        values.text(findings, where, "name", table.get("name", ""), one_line=True),
        values.text(findings, where, "description", table.get("description", ""), one_line=False),
        _references(findings, where, table, "audiences", audiences),
        _references(findings, where, table, "regions", regions),
        _references(findings, where, table, "tags", tags),
    )


def _references(
    findings: Findings,
    where: TablePath,
    table: Mapping[str, object],
    key: str,
    declared: Mapping[str, object],
) -> frozenset[str]:
    return values.references(findings, where, key, values.strings_of(table, key), declared, key)


def feed_paths(findings: Findings, feeds: Mapping[str, FeedSpec]) -> None:
    """Custom feeds become `<key>.ics` beside `all.ics` (keys are lower-case, so two
    feeds never share a file; only `all` can clash)."""
    if "all" in feeds:
        findings.error(
            Code.DUPLICATE_FEED_PATH,
            ("feeds", "all"),
            None,
            "custom feed 'all' would overwrite all.ics, the feed of every event",
            "rename the feed",
        )
