"""The catalogue's JSON Schema as a TOML language server applies it, beside what `calfeed
check` says of the same text: shared by the schema's tests (`test_schema.py`,
`test_schema_characters.py`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]

from calfeed.catalogue import parse_catalogue
from calfeed.catalogue.schema import catalogue_schema
from calfeed.errors import InvalidCatalogueError, Severity

SCHEMA = catalogue_schema()
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def lsp_json(value: object) -> object:
    """A tomllib value as a TOML language server shows it to a schema: tables, arrays and
    scalars as they are, dates and times as their TOML text (`2021-10-31T01:30:00+01:00`,
    `2021-11-04T12:30:00`, `2021-11-04`, `13:45:00`)."""
    if isinstance(value, dict):
        return {key: lsp_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [lsp_json(item) for item in value]
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def schema_errors(text: str) -> list[str]:
    """What the schema says about one catalogue: a message per error, none if valid."""
    instance = lsp_json(tomllib.loads(text))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path)}: {error.message}"
        for error in VALIDATOR.iter_errors(instance)
    ]


def check_errors(text: str) -> list[str]:
    """The codes of what `calfeed check` calls an error in the same catalogue."""
    try:
        parse_catalogue(text.encode("utf-8"), Path("events.toml"))
    except InvalidCatalogueError as invalid:
        return [f.code for f in invalid.findings if f.severity is Severity.ERROR]
    return []


def subschema(*path: str) -> Mapping[str, object]:
    """The schema of one value, by property names from the root ('*' for any key)."""
    node: Mapping[str, object] = SCHEMA
    for name in path:
        key = "patternProperties" if name == "*" else "properties"
        table = node[key]
        assert isinstance(table, dict)
        found = next(iter(table.values())) if name == "*" else table[name]
        assert isinstance(found, dict)
        node = found
    return node
