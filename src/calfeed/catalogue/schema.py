"""A JSON Schema of `events.toml`, generated from `fields.py`: the tables the loader checks.

Editors with a TOML language server (Taplo, "Even Better TOML") read it through the
`#:schema ./calfeed.schema.json` line at the top of the catalogue, and complete and check
keys, types, zone names and the status as the catalogue is typed. It is JSON Schema
draft-04, the newest draft Taplo reads, and it is generated, never edited:
`calfeed schema -o calfeed.schema.json` writes it; a test keeps the shipped copies equal to
`schema_json()`.

What the schema says, and where it comes from:

- keys, `required` keys and each key's `description`: the tables of `fields.py`;
- each value's shape: its `Kind` (`_kind`), with TOML dates and times as the strings a
  language server shows the schema (`2021-11-04T12:30:00`, `2021-10-31T01:30:00+01:00`,
  `2021-11-04`, `13:45:00`);
- zone names: every name of the pinned tzdata package, as an `enum` editors complete;
- the status: `model.Status`, the enum the loader reads it into;
- keys of audiences, regions, tags, feeds and events: the loader's `KEY_PATTERN`;
- one-line text and text: no control character, as `values.text` checks;
- links: http(s) with a host and no white space, as `values.url` checks;
- the rules between keys of one event that draft-04 can say: a `start` unless the event is
  tentative, and an `end` (and `except`/`also` dates) of the kind its `start` takes.

What it cannot say (`calfeed check` still does):

- that a TOML date is not a string: a language server turns dates and times into strings
  before the schema sees them, so `start = "2021-11-04"` passes the schema (but not check);
- references across the catalogue: that an event's or feed's `audiences`, `regions` and
  `tags` are declared, that no feed is called `all`; JSON Schema has no way to compare a
  value with the keys of another table;
- which lists hold zone names (`show-zones`, `zones`): `fields.py` gives them the kind
  STRINGS, so the schema says "an array of strings"; a ZONES kind there would let it say more;
- the meaning of times: DST gaps and folds, offsets the zone does not have, end after
  start, announced times agreeing with `start`, sessions inside their event's day;
- the grammar of durations, RRULEs, BCP 47 tags, announced times and the uid-domain.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping

from calfeed.catalogue import fields
from calfeed.catalogue.fields import Field, Kind
from calfeed.catalogue.values import KEY_PATTERN
from calfeed.model import Status
from calfeed.tz import all_zone_names, tzdata_version

DRAFT = "http://json-schema.org/draft-04/schema#"

Schema = dict[str, object]

# -- character classes -----------------------------------------------------------------------
#
# Written with \uXXXX escapes, which ECMA 262 (what JSON Schema patterns are), Python's `re`
# and Rust's regex (Taplo) all read alike.

_CONTROL = ((0x00, 0x08), (0x0B, 0x1F), (0x7F, 0x9F), (0x2028, 0x2029))
"""What `values.text` refuses in any text (after reading CR LF as LF): C0 and C1 controls
but tab and line feed, DEL, and the Unicode line and paragraph separators."""

_LINE_FEED = ((0x0A, 0x0A),)


def _char_class(ranges: Iterable[tuple[int, int]]) -> str:
    """The inside of a regex character class for the code point ranges, merged."""
    merged: list[list[int]] = []
    for low, high in sorted(ranges):
        if merged and low <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], high)
        else:
            merged.append([low, high])
    return "".join(
        f"\\u{low:04x}" if low == high else f"\\u{low:04x}-\\u{high:04x}" for low, high in merged
    )


@functools.cache
def _python_whitespace() -> tuple[tuple[int, int], ...]:
    """The characters `re`'s `\\s` matches in a str, which `values.url` refuses in a link
    (ECMA's `\\s` is a slightly different set, so the schema names them one by one)."""
    space = re.compile(r"\s")
    points = [c for c in range(0x10000) if space.match(chr(c))]
    return tuple((c, c) for c in points)


# -- dates and times as a TOML language server shows them ------------------------------------

_DATE = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME = "[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\\.[0-9]+)?"
_LOCAL_DATE_TIME = f"{_DATE}[Tt ]{_TIME}"
_OFFSET_DATE_TIME = f"{_LOCAL_DATE_TIME}(?:[Zz]|[+-][0-9]{{2}}:[0-9]{{2}})"


def _one_of(*forms: str) -> str:
    return "^(?:" + "|".join(f"(?:{form})" for form in forms) + ")$"


_DATE_ONLY = _one_of(_DATE)
_DATE_TIME = _one_of(_LOCAL_DATE_TIME, _OFFSET_DATE_TIME)
_TIME_OR_DATE_TIME = _one_of(_TIME, _LOCAL_DATE_TIME, _OFFSET_DATE_TIME)


# -- one value ---------------------------------------------------------------------------------


def _line() -> Schema:
    forbidden = f"[{_char_class(_CONTROL + _LINE_FEED)}]"
    return {"type": "string", "not": {"type": "string", "pattern": forbidden}}


def _text() -> Schema:
    return {"type": "string", "pattern": f"^(?:[^{_char_class(_CONTROL)}]|\\r\\n)*$"}


def _strings() -> Schema:
    # Every list of strings is read as one-line text, or as zone names or keys, which hold
    # no control character either.
    return {"type": "array", "items": _line()}


def _kind(kind: Kind) -> Schema:
    """The shape `fields.has_kind` asks for, plus what the loader checks of every value of
    that kind wherever it stands."""
    match kind:
        case Kind.LINE:
            return _line()
        case Kind.TEXT:
            return _text()
        case Kind.WORDS:
            return {"anyOf": [_line(), {"type": "object", "additionalProperties": _line()}]}
        case Kind.PROSE:
            return {"anyOf": [_text(), {"type": "object", "additionalProperties": _text()}]}
        case Kind.BOOL:
            return {"type": "boolean"}
        case Kind.URL:
            return {
                "type": "string",
                "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#]",
                "not": {
                    "type": "string",
                    "pattern": f"[{_char_class((*_python_whitespace(), (0, 0x1F), (0x7F, 0x9F)))}]",
                },
            }
        case Kind.ZONE:
            return {"type": "string", "enum": sorted(all_zone_names())}
        case Kind.STRINGS:
            return _strings()
        case Kind.DURATION:
            return {"type": "string"}
        case Kind.START:
            return {
                "type": "string",
                "pattern": _one_of(_DATE, _LOCAL_DATE_TIME, _OFFSET_DATE_TIME),
            }
        case Kind.END:
            return {
                "type": "string",
                "pattern": _one_of(_TIME, _DATE, _LOCAL_DATE_TIME, _OFFSET_DATE_TIME),
            }
        case Kind.TIME:
            return {"type": "string", "pattern": _one_of(_TIME)}
        case Kind.MOVED:
            return {"type": "string", "pattern": _TIME_OR_DATE_TIME}
        case Kind.DATES:
            return {
                "type": "array",
                "items": {
                    "type": "string",
                    "pattern": _one_of(_DATE, _LOCAL_DATE_TIME, _OFFSET_DATE_TIME),
                },
            }
        case Kind.STATUS:
            return {"type": "string", "enum": [status.value for status in Status]}
        case Kind.TABLE:
            return {"type": "object"}
        case Kind.TABLES:
            return {"type": "array", "items": {"type": "object"}}


# -- tables --------------------------------------------------------------------------------------


def _table(spec: Mapping[str, Field], inner: Mapping[str, Schema] | None = None) -> Schema:
    """A table that takes exactly the keys of `spec`; `inner` gives the shape of the keys
    whose kind is TABLE or TABLES."""
    inner = inner or {}
    properties: dict[str, Schema] = {}
    for key, known in spec.items():
        if known.kind in {Kind.TABLE, Kind.TABLES}:
            if key not in inner:
                raise ValueError(f"no schema for the table {key!r} of kind {known.kind.name}")
            shape = dict(inner[key])
        else:
            shape = _kind(known.kind)
        properties[key] = {**shape, "description": known.doc}
    table: Schema = {"type": "object", "properties": properties, "additionalProperties": False}
    required = [key for key, known in spec.items() if known.required]
    if required:  # draft-04 wants at least one name in `required`
        table["required"] = required
    return table


def _keyed(entry: Schema) -> Schema:
    """A table of entries by key (`[events.<id>]`): keys as the loader's KEY_PATTERN."""
    return {
        "type": "object",
        "patternProperties": {KEY_PATTERN.pattern: entry},
        "additionalProperties": False,
    }


def _by_date(entry: Schema) -> Schema:
    """`[events.<id>.occurrences.<date>]`: entries keyed by a date, as a TOML bare key
    such as 2027-05-05 writes it."""
    return {
        "type": "object",
        "patternProperties": {"^[0-9]{4}-[0-9]{2}-[0-9]{2}$": entry},
        "additionalProperties": False,
    }


def _event_rules() -> list[Schema]:
    """What one event's keys say about each other, in draft-04's words (no if/then)."""
    for key, kind in (("start", Kind.START), ("end", Kind.END), ("status", Kind.STATUS)):
        assert fields.EVENT[key].kind is kind, f"events.<id>.{key} is no longer {kind.name}"
    for key in ("except", "also"):
        assert fields.EVENT[key].kind is Kind.DATES, f"events.<id>.{key} is no longer DATES"
    dates = {"items": {"pattern": _DATE_ONLY}}
    return [
        {
            # Every event has a start, unless it is tentative (a date not yet known).
            "anyOf": [
                {"required": ["start"]},
                {
                    "required": ["status"],
                    "properties": {"status": {"enum": [Status.TENTATIVE.value]}},
                },
            ]
        },
        {
            # An all-day event ends on a date and skips or adds dates; a timed event ends
            # at a time of its start's day or at a date-time.
            "anyOf": [
                {"not": {"required": ["start"]}},
                {
                    "required": ["start"],
                    "properties": {
                        "start": {"pattern": _DATE_ONLY},
                        "end": {"pattern": _DATE_ONLY},
                        "except": dates,
                        "also": dates,
                    },
                },
                {
                    "required": ["start"],
                    "properties": {
                        "start": {"pattern": _DATE_TIME},
                        "end": {"pattern": _TIME_OR_DATE_TIME},
                    },
                },
            ]
        },
    ]


def _private() -> Schema:
    """`[events.<id>.private]`: any key, each a text or a list of one-line texts."""
    return {"type": "object", "additionalProperties": {"anyOf": [_text(), _strings()]}}


def catalogue_schema() -> dict[str, object]:
    """The JSON Schema (draft-04) of a catalogue, from the tables of `fields.py`."""
    event = _table(
        fields.EVENT,
        {
            "private": _private(),
            "sessions": {"type": "array", "items": _table(fields.SESSION)},
            "occurrences": _by_date(_table(fields.OCCURRENCE, {"private": _private()})),
        },
    )
    event["allOf"] = _event_rules()
    top = _table(
        fields.TOP_LEVEL,
        {
            "calendar": _table(fields.CALENDAR),
            "audiences": _keyed(_table(fields.AUDIENCE)),
            "regions": _keyed(_table(fields.REGION)),
            "tags": _keyed(_line()),
            "feeds": _keyed(_table(fields.FEED)),
            "events": _keyed(event),
        },
    )
    return {
        "$schema": DRAFT,
        "title": "calfeed catalogue (events.toml)",
        "description": (
            "The catalogue calfeed turns into .ics feeds. Generated by `calfeed schema` from "
            f"calfeed's own tables, with the zone names of tzdata {tzdata_version()}; "
            "`calfeed check` checks more than this schema can."
        ),
        **top,
    }


def schema_json() -> str:
    """The schema as deterministic text: sorted keys, two-space indent, a final newline."""
    return json.dumps(catalogue_schema(), indent=2, sort_keys=True) + "\n"
