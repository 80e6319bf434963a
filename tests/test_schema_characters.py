"""The schema's patterns for text, links and keys against the loader, character by
character: a one-line text, a text, a link and a key name are valid in the schema exactly
when `calfeed check` accepts them.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from calfeed.catalogue import values
from calfeed.catalogue.findings import Findings
from calfeed.errors import Severity
from tests.schema_reading import subschema


def _findings() -> Findings:
    return Findings(Path("events.toml"))


def _text_ok(value: str, *, one_line: bool) -> bool:
    findings = _findings()
    values.text(findings, ("events", "x"), "title", value, one_line=one_line)
    return findings.found == []


def _url_ok(value: str) -> bool:
    findings = _findings()
    values.url(findings, ("events", "x"), "url", value)
    return all(f.severity is not Severity.ERROR for f in findings.found)


def _valid(schema: Mapping[str, object], value: object) -> bool:
    return bool(jsonschema.Draft4Validator(schema).is_valid(value))


def _disagreements(
    schema: Mapping[str, object], loader_ok: dict[str, bool]
) -> dict[str, tuple[bool, bool]]:
    validator = jsonschema.Draft4Validator(schema)
    return {
        value: (ok, bool(validator.is_valid(value)))
        for value, ok in loader_ok.items()
        if ok != validator.is_valid(value)
    }


BMP = [chr(c) for c in range(0x10000)]
TRICKY = ["a\r\nb", "a\rb", "a\r", "\r\n", "a\r\r\nb", "a\n", "\n", "a\r\n"]


def test_one_line_text_agrees_with_the_loader_for_every_character() -> None:
    values = [f"a{c}b" for c in BMP] + TRICKY
    loader_ok = {v: _text_ok(v, one_line=True) for v in values}
    assert _disagreements(subschema("events", "*", "title"), loader_ok) == {}


def test_text_agrees_with_the_loader_for_every_character() -> None:
    values = [f"a{c}b" for c in BMP] + TRICKY
    loader_ok = {v: _text_ok(v, one_line=False) for v in values}
    assert _disagreements(subschema("events", "*", "description"), loader_ok) == {}


def test_links_agree_with_the_loader_for_every_character() -> None:
    values = [f"https://example.org/{c}" for c in BMP] + [
        "https://example.org",
        "http://example.org/x?y#z",
        "HtTpS://example.org",
        "https://user@example.org:8443/",
        "ftp://example.org/register",
        "javascript:alert(1)",
        "example.org",
        "https:example.org",
        "https://",
        "https:///path",
        "https://?query",
        "https://#fragment",
        " https://example.org",
    ]
    loader_ok = {v: _url_ok(v) for v in values}
    assert _disagreements(subschema("events", "*", "url"), loader_ok) == {}


@pytest.mark.parametrize(
    "key", ["pacific", "pacific-copy", "a_b", "9", "Pacific", "-x", "_x", "x.y", "é", "", "a b"]
)
def test_key_names_agree_with_the_loader(key: str) -> None:
    feeds = subschema("feeds")
    assert _valid(feeds, {key: {"name": "Feed"}}) == values.key_name(
        _findings(), ("feeds", key), key
    )
