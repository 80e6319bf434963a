"""The checks every table shares: keys and TOML types, text, links, zones, durations and
references to declared keys. Every message about shape and type is written here once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from calfeed.catalogue import fields
from calfeed.catalogue.fields import Field, Kind
from calfeed.catalogue.findings import Findings, TablePath
from calfeed.catalogue.languages import language_problem
from calfeed.errors import Code, did_you_mean
from calfeed.language import declared_tag
from calfeed.tz import all_zone_names, canonical_zone, zone_hint

KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_DURATION = re.compile(
    r"^P(?!$)(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)S)?)?$"
)
_REFERENCE_CODES = {
    "audiences": Code.UNKNOWN_AUDIENCE,
    "regions": Code.UNKNOWN_REGION,
    "tags": Code.UNKNOWN_TAG,
}


def shape(
    findings: Findings, where: TablePath, table: Mapping[str, object], spec: Mapping[str, Field]
) -> dict[str, object]:
    """Report unknown keys, missing keys and wrong TOML types; return the keys that are
    known and well-typed, so every other rule can still run on them."""
    clean: dict[str, object] = {}
    for key, value in table.items():
        known = spec.get(key)
        if known is None:
            close = did_you_mean(key, spec)
            hint = f"did you mean {close!r}?" if close else ("known keys: " + ", ".join(spec))
            findings.error(Code.UNKNOWN_KEY, where, key, f"unknown key {key!r}", hint)
        elif not fields.has_kind(value, known.kind):
            findings.error(
                Code.WRONG_TYPE,
                where,
                key,
                f"{key!r} must be {known.kind.value}, not {toml_type(value)}",
                unquoted_hint(key, value, known.kind),
            )
        elif known.required and _empty(value, known.kind):
            findings.error(
                Code.EMPTY_TEXT,
                where,
                key,
                f"{key!r} is empty",
                f"write the {key}: calendar apps show it (and some drop an empty one)",
            )
        else:
            clean[key] = value
    for key, known in spec.items():
        if known.required and key not in table:
            findings.error(
                Code.MISSING_KEY,
                where,
                None,
                f"missing required key {key!r}",
                f"add {key} = ... ({known.doc})",
            )
    return clean


def _empty(value: object, kind: Kind) -> bool:
    """A required one-line text with nothing in it (in any of its languages)."""
    if kind is Kind.LINE:
        return not str(value).strip()
    if kind is Kind.WORDS:
        given = value.values() if isinstance(value, dict) else [value]
        return any(not str(v).strip() for v in given)
    return False


def text(findings: Findings, where: TablePath, key: str, value: object, *, one_line: bool) -> str:
    """Text with no control characters (one-line text: no line breaks either); a table by
    language (`{ en = "...", zh = "..." }`) gives its default language's, and is kept
    whole for the other languages' feeds."""
    if isinstance(value, dict):
        return by_language(findings, where, key, value, one_line=one_line)
    assert isinstance(value, str)
    value = value.replace("\r\n", "\n")
    bad = _CONTROL.search(value) or (re.search("\n", value) if one_line else None)
    if bad:
        char = bad.group(0)
        findings.error(
            Code.CONTROL_CHARACTER,
            where,
            key,
            f"{key!r} contains the control character U+{ord(char):04X}",
            "remove it" + ("; this field is one line" if char == "\n" else ""),
        )
    return value


def lines(
    findings: Findings, where: TablePath, table: Mapping[str, object], key: str
) -> tuple[str, ...]:
    """An array of one-line strings (hosts, speakers, languages)."""
    return tuple(text(findings, where, key, v, one_line=True) for v in strings_of(table, key))


def by_language(
    findings: Findings, where: TablePath, key: str, table: dict[str, object], *, one_line: bool
) -> str:
    """A text given by language: each tag declared in `[calendar] languages`, each text
    checked like any text; the default language's is returned (and must be there, since
    every other falls back to it)."""
    declared = findings.languages
    kept: dict[str, str] = {}
    for tag, value in table.items():
        problem = language_problem(tag, declared, unread=findings.languages_unread)
        if problem is not None:
            code, message, hint = problem
            findings.error(code, where, key, f"{key!r}: {message}", hint)
            continue
        kept[declared_tag(tag, declared) or tag] = text(
            findings, where, key, value, one_line=one_line
        )
    if findings.languages_unread or not declared:
        return next(iter(kept.values()), "")
    default = declared[0]
    if default not in kept:
        findings.error(
            Code.MISSING_DEFAULT_LANGUAGE,
            where,
            key,
            f"{key!r} has no text in {default!r}, the default language",
            f'add {default} = "...": every language without a text of its own shows it',
        )
        return next(iter(kept.values()), "")
    findings.translated(where, key, kept)
    return kept[default]


def unquoted_hint(key: str, value: object, kind: Kind) -> str | None:
    """A date or time written in quotes is a string to TOML: show it as TOML writes it
    (`start = 2027-06-07T10:00:00`), since quoting it is what a person would do."""
    takes = _TAKES.get(kind)
    if takes is None or not isinstance(value, str):
        return None
    text = value.strip()
    written: date | time
    try:
        if re.fullmatch(r"\d{1,2}:\d{2}(:\d{2})?", text):
            written = time.fromisoformat(text.zfill(len(text) + (text.index(":") == 1)))
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            written = date.fromisoformat(text)
        else:
            written = datetime.fromisoformat(text)
    except ValueError:
        return None
    if not isinstance(written, takes):
        return None
    match written:
        case datetime() | time():
            form = written.isoformat(timespec="seconds")
        case date():
            form = written.isoformat()
    return f"write it without quotes: {key} = {form}"


_TAKES: dict[Kind, tuple[type, ...]] = {
    Kind.START: (date,),
    Kind.END: (date, time),
    Kind.TIME: (time,),
}
"""The kinds a date or time belongs to, and the values each takes."""


def url(findings: Findings, where: TablePath, key: str, value: str) -> str | None:
    """An http(s) link with a host; plain http is a warning."""
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts = urlsplit("")
    # urlsplit strips leading control characters and spaces: look at the raw text too.
    unsafe = re.search(r"[\s\x00-\x1f\x7f-\x9f]", value)
    if parts.scheme not in {"http", "https"} or not parts.netloc or unsafe:
        findings.error(
            Code.BAD_URL,
            where,
            key,
            f"{key!r} must be an http(s) URL, not {value!r}",
            "write the full link, starting with https://",
        )
        return None
    if parts.scheme == "http":
        findings.warn(
            Code.INSECURE_URL,
            where,
            key,
            f"{key!r} uses http, not https: {value}",
            "use https:// if the site supports it",
        )
    return value


def zone(findings: Findings, where: TablePath, key: str, name: str) -> str | None:
    """A zone tzdata knows; an old alias is a warning, anything else an error with the
    IANA names the person probably meant."""
    if name in all_zone_names():
        real = canonical_zone(name)
        if real != name and "/" in name:
            findings.warn(
                Code.ZONE_ALIAS,
                where,
                key,
                f"{name} is an old alias of {real}",
                f"write {real}"
                + (" (for Samoa itself write Pacific/Apia)" if name == "US/Samoa" else ""),
            )
        return name
    hint = zone_hint(name) or "use an IANA zone name such as Europe/London or Pacific/Apia"
    findings.error(Code.UNKNOWN_ZONE, where, key, f"unknown time zone {name!r}", hint)
    return None


def references(
    findings: Findings,
    where: TablePath,
    key: str,
    values: list[str],
    declared: Mapping[str, object],
    table_name: str,
) -> frozenset[str]:
    """References to audiences, regions or tags (`table_name`); undeclared ones are errors."""
    singular = table_name.removesuffix("s")
    for value in values:
        if value not in declared:
            close = did_you_mean(value, declared)
            hint = (
                f"did you mean {close!r}?"
                if close
                else f"declare it under [{table_name}] or use one of: " + ", ".join(declared)
            )
            findings.error(
                _REFERENCE_CODES[table_name],
                where,
                key,
                f"{singular} {value!r} is not declared",
                hint,
            )
    return frozenset(v for v in values if v in declared)


def key_name(findings: Findings, where: TablePath, key: str) -> bool:
    """Keys become UIDs and file names: plain lower-case only."""
    if KEY_PATTERN.fullmatch(key):
        return True
    findings.error(
        Code.BAD_KEY,
        where,
        None,
        f"{key!r} is not a valid key: use lower-case letters, digits, - and _",
        "keys become UIDs and file names; keep them plain",
    )
    return False


def duration(findings: Findings, where: TablePath, key: str, value: object) -> timedelta | None:
    """An ISO 8601 duration as one timedelta (for `refresh`, and to check `duration`)."""
    assert isinstance(value, str)
    parts = _duration_parts(value)
    if parts is None:
        findings.error(
            Code.BAD_DURATION,
            where,
            key,
            f"{key!r} must be an ISO 8601 duration, not {value!r}",
            'write e.g. "PT12H", "PT1H30M" or "P1D"',
        )
        return None
    nominal, exact = parts
    return nominal + exact


def nominal_and_exact(value: str) -> tuple[timedelta, timedelta] | None:
    """An ISO 8601 duration split into its nominal part (weeks and days: the same wall time
    on a later day) and its exact part (hours, minutes, seconds: elapsed time), as RFC 5545
    3.3.6 reads them; None if it is not one."""
    return _duration_parts(value)


def _duration_parts(value: str) -> tuple[timedelta, timedelta] | None:
    match = _DURATION.match(value)
    if not match:
        return None
    parts = {k: int(v or 0) for k, v in match.groupdict().items()}
    return (
        timedelta(weeks=parts["w"], days=parts["d"]),
        timedelta(hours=parts["h"], minutes=parts["m"], seconds=parts["s"]),
    )


def table_entry(
    findings: Findings, where: TablePath, key: str, table: object, spec: Mapping[str, Field]
) -> dict[str, object] | None:
    """One `[<table>.<key>]` entry: its key checked, then its shape."""
    if not key_name(findings, where, key):
        return None
    if not isinstance(table, dict):
        findings.error(Code.WRONG_TYPE, where, None, f"{where[0]}.{key} must be a table")
        return None
    return shape(findings, where, table, spec)


def strings_of(table: Mapping[str, object], key: str) -> list[str]:
    """An array of strings the shape check already admitted (or none)."""
    value = table.get(key, [])
    assert isinstance(value, list)
    return [str(v) for v in value]


def table_of(document: Mapping[str, object], key: str) -> dict[str, object]:
    value = document.get(key, {})
    return value if isinstance(value, dict) else {}


def toml_type(value: object) -> str:
    """The TOML name of a value's type, for "must be X, not Y" messages."""
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
