"""What `calfeed list` is asked for: the zone columns, the filters and the days, each
option checked against the catalogue and tzdata before any row is computed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from dateutil import parser as date_parser

from calfeed.errors import OptionError
from calfeed.model import Catalogue, Event
from calfeed.selection import resolve_selection
from calfeed.selection.days import DayQuery
from calfeed.tz import all_zone_names, ambiguous_meanings, either, zone_hint, zone_label

EVENT_ZONE = "event zone"


@dataclass(frozen=True)
class Column:
    """One time column: a fixed zone, or (`zone is None`) each event in its own zone."""

    zone: str | None
    title: str
    """Header in the table; CSV and JSON use the IANA name, which cannot be mistaken."""

    def zone_of(self, event: Event) -> str | None:
        """The zone this column shows `event` in; None for all-day and undated events."""
        if event.zone is None:
            return None
        return self.zone or event.zone

    @property
    def key(self) -> str:
        """The CSV header: the IANA name, or `event zone`."""
        return self.zone or EVENT_ZONE


@dataclass(frozen=True)
class ListQuery:
    """The columns to show and the rows to list; built from options, validated once."""

    columns: tuple[Column, ...]
    days: DayQuery


def query_from_options(
    catalogue: Catalogue,
    *,
    zones: Iterable[str] = (),
    regions: Iterable[str] = (),
    audiences: Iterable[str] = (),
    tags: Iterable[str] = (),
    since: str | None = None,
    until: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ListQuery:
    """Check every option against the catalogue and tzdata, so no half-valid query ever
    reaches the rows; a bad value is an `OptionError` naming its option."""
    columns = _zone_columns(tuple(dict.fromkeys(check_zone(z) for z in zones)))
    if not columns:
        local = local_zone_name(environ)
        columns = (Column(None, EVENT_ZONE), Column(local, f"{zone_label(local)} (local)"))
    selection = resolve_selection(catalogue, regions=regions, audiences=audiences, tags=tags)
    first = parse_day("--from", since) if since is not None else None
    last = parse_day("--until", until) if until is not None else None
    if first is not None and last is not None and last < first:
        raise OptionError("--until", f"{last.isoformat()} is before --from {first.isoformat()}")
    private = selection.audiences & catalogue.private_audiences
    return ListQuery(columns, DayQuery(selection, private, first, last))


def _zone_columns(zones: tuple[str, ...]) -> tuple[Column, ...]:
    """Columns titled by city (`Apia`), or by full name where two cities would read alike
    (`America/Indianapolis` and `America/Indiana/Indianapolis`)."""
    labels = [zone_label(z) for z in zones]
    return tuple(
        Column(z, label if labels.count(label) == 1 else z)
        for z, label in zip(zones, labels, strict=True)
    )


def check_zone(name: str) -> str:
    """An IANA name from the pinned tzdata, or an error that suggests one ("Samoa" ->
    Pacific/Apia), because a typo would otherwise silently show the wrong times."""
    if name in all_zone_names():
        return name
    meanings = ambiguous_meanings(name)
    if meanings:
        raise OptionError(
            "--zone",
            f"{name!r} is ambiguous: it can mean {either(str(m) for m in meanings)}; "
            "give the IANA name of the one meant",
        )
    hint = zone_hint(name) or "use an IANA name such as Europe/Paris"
    raise OptionError("--zone", f"unknown zone {name!r}: {hint}")


def parse_day(option: str, text: str) -> date:
    """An ISO date, or words dateutil reads ("1 Nov 2021"). All-digit forms other than ISO
    are refused: 9/11/2021 is September to some readers and November to others."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        pass
    if not any(c.isalpha() for c in text):
        raise OptionError(option, f"{text!r} is ambiguous: write 2021-11-01 or 1 Nov 2021")
    default = datetime(date.today().year, 1, 1)
    try:
        return date_parser.parse(text, default=default).date()
    except (ValueError, OverflowError):
        raise OptionError(
            option, f"cannot read {text!r} as a date: write 2021-11-01 or 1 Nov 2021"
        ) from None


def local_zone_name(
    environ: Mapping[str, str] | None = None, localtime: Path = Path("/etc/localtime")
) -> str:
    """The IANA name of the machine's zone, for the default second column.

    `TZ`, when set, decides (as it does for every program: a POSIX rule or an empty value
    names no tzdata zone, so UTC is shown, and the column says so); otherwise the target of
    the `/etc/localtime` symlink. The name is then loaded from the pinned tzdata like any
    other, never from the machine's own files.
    """
    env = os.environ if environ is None else environ
    value = env.get("TZ")
    if value is not None:
        value = value.removeprefix(":")
        if value in all_zone_names():
            return value
        return (_zone_in_path(value) if value.startswith("/") else None) or "UTC"
    try:
        target = os.readlink(localtime)
    except OSError:
        return "UTC"
    return _zone_in_path(target) or "UTC"


def _zone_in_path(path: str) -> str | None:
    """`/usr/share/zoneinfo/Europe/Paris` (or `.../zoneinfo/posix/...`) -> `Europe/Paris`."""
    _, found, name = path.rpartition("zoneinfo/")
    if not found:
        return None
    for prefix in ("posix/", "right/"):
        name = name.removeprefix(prefix)
    return name if name in all_zone_names() else None
