"""The shared half of catalogue validation: reporting findings with their line, and
checking keys, TOML types and the simple values (text, links, zones, references).

`catalogue.py` and `event_loader.py` build on it; every message about shape and type is
written here once.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from calfeed.catalogue import fields
from calfeed.catalogue.fields import Field, Kind
from calfeed.catalogue.source import SourceIndex, TablePath
from calfeed.model import (
    Finding,
    Severity,
)
from calfeed.tz.zones import (
    all_zone_names,
    canonical_zone,
    suggest_zones,
)

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)


@dataclass
class Loader:
    """One validation pass; accumulates findings and builds model values where it can."""

    path: Path
    index: SourceIndex
    today: date | None = None
    """With `check --today`: events that ended before it are warned about."""
    findings: list[Finding] = field(default_factory=list)

    # -- reporting ---------------------------------------------------------------------

    def report(
        self,
        severity: Severity,
        code: str,
        where: TablePath,
        key: str | None,
        message: str,
        hint: str | None = None,
    ) -> None:
        event_id = str(where[1]) if len(where) > 1 and where[0] == "events" else None
        self.findings.append(
            Finding(
                severity, code, self.path, self.index.line_of(where, key), event_id, message, hint
            )
        )

    def error(
        self, code: str, where: TablePath, key: str | None, message: str, hint: str | None = None
    ) -> None:
        self.report(Severity.ERROR, code, where, key, message, hint)

    def warn(
        self, code: str, where: TablePath, key: str | None, message: str, hint: str | None = None
    ) -> None:
        self.report(Severity.WARNING, code, where, key, message, hint)

    # -- generic shape -----------------------------------------------------------------

    def shape(
        self, where: TablePath, table: Mapping[str, object], spec: Mapping[str, Field]
    ) -> dict[str, object]:
        """Report unknown keys, missing keys and wrong TOML types; return the keys that are
        known and well-typed, so every other rule can still run on them."""
        clean: dict[str, object] = {}
        for key, value in table.items():
            known = spec.get(key)
            if known is None:
                close = difflib.get_close_matches(key, list(spec), n=1, cutoff=0.6)
                hint = (
                    f"did you mean {close[0]!r}?" if close else ("known keys: " + ", ".join(spec))
                )
                self.error("unknown-key", where, key, f"unknown key {key!r}", hint)
            elif not fields.has_kind(value, known.kind):
                self.error(
                    "wrong-type",
                    where,
                    key,
                    f"{key!r} must be {known.kind.value}, not {toml_type(value)}",
                )
            elif known.required and known.kind is Kind.LINE and not str(value).strip():
                self.error(
                    "empty-text",
                    where,
                    key,
                    f"{key!r} is empty",
                    f"write the {key}: calendar apps show it (and some drop an empty one)",
                )
            else:
                clean[key] = value
        for key, known in spec.items():
            if known.required and key not in table:
                self.error(
                    "missing-key",
                    where,
                    None,
                    f"missing required key {key!r}",
                    f"add {key} = ... ({known.doc})",
                )
        return clean

    def text(self, where: TablePath, key: str, value: object, *, one_line: bool) -> str:
        """Text with no control characters (one-line text: no line breaks either)."""
        assert isinstance(value, str)
        value = value.replace("\r\n", "\n")
        bad = _CONTROL.search(value) or ("\n" in value and one_line and re.search("\n", value))
        if bad:
            char = bad.group(0)
            self.error(
                "control-character",
                where,
                key,
                f"{key!r} contains the control character U+{ord(char):04X}",
                "remove it" + ("; this field is one line" if char == "\n" else ""),
            )
        return value

    def url(self, where: TablePath, key: str, value: str) -> str | None:
        try:
            parts = urlsplit(value)
        except ValueError:  # e.g. an unclosed IPv6 bracket
            parts = urlsplit("")
        # urlsplit strips leading control characters and spaces: look at the raw text too.
        unsafe = re.search(r"[\s\x00-\x1f\x7f-\x9f]", value)
        if parts.scheme not in {"http", "https"} or not parts.netloc or unsafe:
            self.error(
                "bad-url",
                where,
                key,
                f"{key!r} must be an http(s) URL, not {value!r}",
                "write the full link, starting with https://",
            )
            return None
        if parts.scheme == "http":
            self.warn(
                "insecure-url",
                where,
                key,
                f"{key!r} uses http, not https: {value}",
                "use https:// if the site supports it",
            )
        return value

    def zone(self, where: TablePath, key: str, name: str) -> str | None:
        if name in all_zone_names():
            real = canonical_zone(name)
            if real != name and "/" in name:
                self.warn(
                    "zone-alias",
                    where,
                    key,
                    f"{name} is an old alias of {real}",
                    f"write {real}"
                    + (" (for Samoa itself write Pacific/Apia)" if name == "US/Samoa" else ""),
                )
            return name
        found = suggest_zones(name)
        hint = (
            f"did you mean {' or '.join(found)}?"
            if found
            else "use an IANA zone name such as Europe/London or Pacific/Apia"
        )
        self.error("unknown-zone", where, key, f"unknown time zone {name!r}", hint)
        return None

    def keys(
        self,
        where: TablePath,
        key: str,
        values: list[str],
        declared: Mapping[str, object],
        what: str,
    ) -> frozenset[str]:
        """References to audiences, regions or tags; undeclared ones are errors."""
        for value in values:
            if value not in declared:
                close = difflib.get_close_matches(value, list(declared), n=1, cutoff=0.6)
                hint = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else f"declare it under [{what}] or use one of: " + ", ".join(declared)
                )
                self.error(
                    f"unknown-{what[:-1]}",
                    where,
                    key,
                    f"{what[:-1]} {value!r} is not declared",
                    hint,
                )
        return frozenset(v for v in values if v in declared)

    def key_name(self, where: TablePath, key: str) -> bool:
        if KEY_PATTERN.fullmatch(key):
            return True
        self.error(
            "bad-key",
            where,
            None,
            f"{key!r} is not a valid key: use lower-case letters, digits, - and _",
            "keys become UIDs and file names; keep them plain",
        )
        return False

    # -- tables ------------------------------------------------------------------------

    def duration(self, where: TablePath, key: str, value: object) -> timedelta | None:
        assert isinstance(value, str)
        match = _DURATION.match(value)
        if not match:
            self.error(
                "bad-duration",
                where,
                key,
                f"{key!r} must be an ISO 8601 duration, not {value!r}",
                'write e.g. "PT12H", "PT1H30M" or "P1D"',
            )
            return None
        parts = {k: int(v or 0) for k, v in match.groupdict().items()}
        return timedelta(
            weeks=parts["w"],
            days=parts["d"],
            hours=parts["h"],
            minutes=parts["m"],
            seconds=parts["s"],
        )

    def table_entry(
        self, where: TablePath, key: str, table: object, spec: Mapping[str, Field]
    ) -> dict[str, object] | None:
        if not self.key_name(where, key):
            return None
        if not isinstance(table, dict):
            self.error("wrong-type", where, None, f"{where[0]}.{key} must be a table")
            return None
        return self.shape(where, table, spec)

    # -- events ------------------------------------------------------------------------


def strings_of(table: Mapping[str, object], key: str) -> list[str]:
    """An array of strings the shape check already admitted (or none)."""
    value = table.get(key, [])
    assert isinstance(value, list)
    return [str(v) for v in value]


def table_of(document: Mapping[str, object], key: str) -> dict[str, object]:
    value = document.get(key, {})
    return value if isinstance(value, dict) else {}


def toml_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, datetime):
        return "a date-time"
    names = {
        str: "a string",
        int: "an integer",
        float: "a number",
        list: "an array",
        dict: "a table",
        date: "a date",
        time: "a time",
    }
    return names.get(type(value), type(value).__name__)


def nominal_and_exact(duration: str) -> tuple[timedelta, timedelta]:
    """An ISO 8601 duration already checked by `Loader.duration`, split into its nominal
    part (weeks and days) and its exact part (hours, minutes, seconds)."""
    match = _DURATION.match(duration)
    assert match is not None
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    return (
        timedelta(weeks=parts["w"], days=parts["d"]),
        timedelta(hours=parts["h"], minutes=parts["m"], seconds=parts["s"]),
    )
