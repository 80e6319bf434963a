"""The JSON Schema of `events.toml` rejects what `calfeed check` rejects for types and keys.

Validation runs on what a TOML language server (Taplo) hands a schema: the document as JSON,
its dates and times turned into text (`schema_reading.lsp_json`). The failing catalogues are
the fixtures of `rule_table.py` whose finding is about a type or a key; each must be
rejected, and its fixed variant accepted.

Some rules draft-04 cannot say, and the schema does not pretend to (`KNOWN_GAPS` pins them,
so closing one is noticed): that a date is not a string (a language server shows both as
strings), references to declared audiences, regions and tags, what announced times say,
and the rules about the meaning of times (gaps, folds, end after start). Zone names in
`show-zones` and `zones` are not checked either: `fields.py` gives them the kind STRINGS.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from click.testing import CliRunner

from calfeed.catalogue import fields
from calfeed.catalogue.fields import Field
from calfeed.catalogue.schema import DRAFT, schema_json
from calfeed.cli import cli
from calfeed.tz import all_zone_names
from tests.rule_table import CALENDAR, RULES, Rule, document
from tests.schema_reading import SCHEMA, check_errors, schema_errors, subschema
from tests.shipped import ROOT

TYPE_AND_KEY_CODES = frozenset(
    {
        "unknown-key",
        "missing-key",
        "wrong-type",
        "bad-key",
        "bad-status",
        "unknown-zone",
        "bad-url",
        "control-character",
    }
)
"""The findings about shape: what the schema must reject too."""

SHAPE_RULES = [r for r in RULES if r.finding.code in TYPE_AND_KEY_CODES]

# -- the schema and its shipped copies ---------------------------------------------------------


def test_the_schema_is_draft_04() -> None:
    assert SCHEMA["$schema"] == DRAFT == "http://json-schema.org/draft-04/schema#"
    jsonschema.Draft4Validator.check_schema(SCHEMA)


def test_schema_json_is_deterministic_sorted_and_ends_with_a_newline() -> None:
    text = schema_json()
    assert text == schema_json()
    assert text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize(
    "shipped",
    [
        pytest.param(ROOT / "calfeed.schema.json", id="repository-root"),
        pytest.param(
            resources.files("calfeed.catalogue").joinpath("calfeed.schema.json"), id="package"
        ),
    ],
)
def test_shipped_schema_files_are_schema_json(shipped: Traversable) -> None:
    assert shipped.read_bytes() == schema_json().encode("utf-8"), (
        "regenerate: calfeed schema -o calfeed.schema.json && "
        "calfeed schema -o src/calfeed/catalogue/calfeed.schema.json"
    )


def test_events_toml_names_the_schema_on_its_first_line() -> None:
    first = (ROOT / "events.toml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "#:schema ./calfeed.schema.json"
    assert (ROOT / first.removeprefix("#:schema ")).is_file()


TEST_CATALOGUES = sorted((ROOT / "tests" / "catalogues").glob("*.toml"))


@pytest.mark.parametrize("path", TEST_CATALOGUES, ids=[p.stem for p in TEST_CATALOGUES])
def test_test_catalogues_name_the_schema_and_pass_it(path: Path) -> None:
    """So an editor checks a test catalogue as it checks events.toml."""
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first == "#:schema ../../calfeed.schema.json"
    assert (path.parent / first.removeprefix("#:schema ")).resolve() == (
        ROOT / "calfeed.schema.json"
    ).resolve()
    assert schema_errors(text) == []


def test_cli_prints_the_schema() -> None:
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    assert result.output == schema_json()


def test_cli_writes_the_schema(tmp_path: Path) -> None:
    target = tmp_path / "calfeed.schema.json"
    result = CliRunner().invoke(cli, ["schema", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert target.read_bytes() == schema_json().encode("utf-8")


# -- generated from fields.py ----------------------------------------------------------------


TABLES: list[tuple[tuple[str, ...], Mapping[str, Field]]] = [
    ((), fields.TOP_LEVEL),
    (("calendar",), fields.CALENDAR),
    (("audiences", "*"), fields.AUDIENCE),
    (("regions", "*"), fields.REGION),
    (("feeds", "*"), fields.FEED),
    (("events", "*"), fields.EVENT),
    (("events", "*", "occurrences", "*"), fields.OCCURRENCE),
]


@pytest.mark.parametrize(("path", "spec"), TABLES, ids=[".".join(p) or "top" for p, _ in TABLES])
def test_each_table_takes_exactly_its_keys_with_their_docs(
    path: tuple[str, ...], spec: Mapping[str, Field]
) -> None:
    table = subschema(*path)
    properties = table["properties"]
    assert isinstance(properties, dict)
    assert table["additionalProperties"] is False
    assert {k: v["description"] for k, v in properties.items()} == {
        k: f.doc for k, f in spec.items()
    }
    assert table.get("required", []) == [k for k, f in spec.items() if f.required]


def test_sessions_take_exactly_their_keys() -> None:
    items = subschema("events", "*", "sessions")["items"]
    assert isinstance(items, dict)
    assert set(items["properties"]) == set(fields.SESSION)
    assert items["required"] == ["title", "start", "end"]


@pytest.mark.parametrize(
    "path", [("calendar", "timezone"), ("events", "*", "timezone")], ids=["calendar", "event"]
)
def test_zone_names_are_every_tzdata_name(path: tuple[str, ...]) -> None:
    assert subschema(*path)["enum"] == sorted(all_zone_names())


# -- the fixtures of `calfeed check` -------------------------------------------------------------


def test_every_type_and_key_code_has_fixtures() -> None:
    assert {r.finding.code for r in SHAPE_RULES} == TYPE_AND_KEY_CODES


def test_the_shipped_catalogue_is_valid() -> None:
    assert schema_errors((ROOT / "events.toml").read_text(encoding="utf-8")) == []


def test_the_base_catalogue_is_valid() -> None:
    assert schema_errors(document("")) == []


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in SHAPE_RULES])
def test_schema_rejects_what_check_rejects(rule: Rule) -> None:
    assert schema_errors(document(rule.snippet)) != []


@pytest.mark.parametrize("rule", [pytest.param(r, id=r.id) for r in SHAPE_RULES])
def test_schema_accepts_the_fix(rule: Rule) -> None:
    assert schema_errors(document(rule.fixed)) == []


# -- direct cases: the schema and check agree ----------------------------------------------------

_SERIES = (
    "[events.x]\ntitle = 'Call'\nstart = 2021-03-07T10:00:00\nend = 11:00:00\n"
    "timezone = 'Europe/London'\nrepeat = 'FREQ=WEEKLY;COUNT=3'\nurl = 'https://example.org/'\n"
)
AGREE = {
    "offset-start": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-10-31T01:30:00+01:00\n"
        "timezone = 'Europe/London'\nurl = 'https://example.org/'\n",
        True,
    ),
    "utc-start": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-10-31T01:30:00Z\ntimezone = 'UTC'\n",
        True,
    ),
    "fractional-seconds": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-10-30T10:00:00.5\nend = 11:00:00.25\n"
        "timezone = 'Europe/London'\n",
        True,
    ),
    "all-day-end-is-a-time": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-10-27\nend = 13:00:00\n",
        False,
    ),
    "all-day-end-is-a-date-time": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-10-27\nend = 2021-10-28T10:00:00\n",
        False,
    ),
    "tentative-without-start": (
        "[events.x]\ntitle = 'Later'\nstatus = 'tentative'\n",
        True,
    ),
    "session-start-is-a-date-time": (
        "[events.x]\ntitle = 'Summit'\nstart = 2022-11-17T14:00:00\ntimezone = 'Asia/Shanghai'\n"
        "[[events.x.sessions]]\ntitle = 'Open'\nstart = 2022-11-17T14:00:00\nend = 14:30:00\n",
        False,
    ),
    "session-without-end": (
        "[events.x]\ntitle = 'Summit'\nstart = 2022-11-17T14:00:00\ntimezone = 'Asia/Shanghai'\n"
        "[[events.x.sessions]]\ntitle = 'Open'\nstart = 14:00:00\n",
        False,
    ),
    "except-with-offset": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-03-07T10:00:00\ntimezone = 'Europe/London'\n"
        "repeat = 'FREQ=WEEKLY;COUNT=3'\nexcept = [2021-03-14T10:00:00+00:00]\n",
        True,
    ),
    "all-day-series-except-date-time": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-03-07\nrepeat = 'FREQ=WEEKLY;COUNT=3'\n"
        "except = [2021-03-14T10:00:00]\n",
        False,
    ),
    "all-day-series-except-date": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-03-07\nrepeat = 'FREQ=WEEKLY;COUNT=3'\n"
        "except = [2021-03-14]\n",
        True,
    ),
    "occurrence-changed-and-cancelled": (
        _SERIES + "[events.x.occurrences.2021-03-14]\nstart = 11:00:00\ntitle = 'Two'\n"
        "[events.x.occurrences.2021-03-21]\nstatus = 'cancelled'\n",
        True,
    ),
    "occurrence-moved-to-a-date-time": (
        _SERIES + "[events.x.occurrences.2021-03-14]\nstart = 2021-03-15T09:00:00\n",
        True,
    ),
    "occurrence-start-is-a-date": (
        _SERIES + "[events.x.occurrences.2021-03-14]\nstart = 2021-03-15\n",
        False,
    ),
    "occurrence-changes-the-rule": (
        _SERIES + "[events.x.occurrences.2021-03-14]\nrepeat = 'FREQ=DAILY'\n",
        False,
    ),
    "occurrence-keyed-by-a-word": (
        _SERIES + "[events.x.occurrences.second]\ntitle = 'Two'\n",
        False,
    ),
    "unknown-top-level-table": ("[event.x]\ntitle = 'Typo'\n", False),
    "unknown-audience-key": ("[audiences.press]\nname = 'Press'\npublic = true\n", False),
    "audience-private-is-a-string": (
        "[audiences.press]\nname = 'Press'\nprivate = 'yes'\n",
        False,
    ),
    "region-zones-is-a-string": ("[regions.asia]\nname = 'Asia'\nzones = 'Asia/Dhaka'\n", False),
    "event-id-with-a-dot": ("[events.'a.b']\ntitle = 'Dot'\nstart = 2021-10-27\n", False),
    "calendar-zone-alias": (
        "[calendar]\nname = 'C'\nuid-domain = 'events.example.org'\ntimezone = 'US/Samoa'\n",
        True,
    ),
    "calendar-unknown-zone": (
        "[calendar]\nname = 'C'\nuid-domain = 'events.example.org'\ntimezone = 'Samoa'\n",
        False,
    ),
    "calendar-url-is-ftp": (
        "[calendar]\nname = 'C'\nuid-domain = 'events.example.org'\ntimezone = 'UTC'\n"
        "url = 'ftp://example.org/feeds/'\n",
        False,
    ),
    "private-details": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-10-27\n"
        "[events.x.private]\npasscode = 'k+'\ncontacts = ['A, a@example.org', 'B']\n",
        True,
    ),
    "private-detail-is-a-number": (
        "[events.x]\ntitle = 'Day'\nstart = 2021-10-27\n[events.x.private]\npasscode = 1234\n",
        False,
    ),
    "host-with-a-line-break": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\nhosts = ["ILO\\nUNEP"]\n',
        False,
    ),
    "description-crlf": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\ndescription = "One\\r\\nTwo"\n',
        True,
    ),
    "description-lone-cr": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\ndescription = "One\\rTwo"\n',
        False,
    ),
    "title-with-a-tab": ('[events.x]\ntitle = "A\\tB"\nstart = 2021-10-27\n', True),
    "url-upper-case-scheme": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\nurl = "HTTPS://EXAMPLE.ORG/"\n',
        True,
    ),
    "url-no-host": ('[events.x]\ntitle = "Day"\nstart = 2021-10-27\nurl = "https:///x"\n', False),
    "url-with-a-space": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\nurl = "https://example.org/a b"\n',
        False,
    ),
    "url-with-a-no-break-space": (
        '[events.x]\ntitle = "Day"\nstart = 2021-10-27\nurl = "https://example.org/\\u00a0"\n',
        False,
    ),
}


@pytest.mark.parametrize(("snippet", "valid"), AGREE.values(), ids=list(AGREE))
def test_schema_and_check_agree(snippet: str, valid: bool) -> None:
    text = document(snippet)
    assert (check_errors(text) == [], schema_errors(text) == []) == (valid, valid)


@pytest.mark.parametrize(
    ("tags", "valid"),
    [
        pytest.param("cop26 = 'At or around COP26'", True, id="tag"),
        pytest.param("COP = 'COP'", False, id="tag-key-upper-case"),
        pytest.param("cop = 26", False, id="tag-is-a-number"),
        pytest.param('cop = "COP\\n26"', False, id="tag-with-a-line-break"),
    ],
)
def test_schema_and_check_agree_on_tags(tags: str, valid: bool) -> None:
    text = f"{CALENDAR}\n[tags]\n{tags}\n\n[events.x]\ntitle = 'Day'\nstart = 2021-10-27\n"
    assert (check_errors(text) == [], schema_errors(text) == []) == (valid, valid)


NAMELESS = {
    "audience-without-name": "[audiences.press]\ndescription = 'Press'\n",
    "region-without-name": "[regions.asia]\ndescription = 'Asia'\n",
    "feed-with-a-number-for-name": "[feeds.asia]\nname = 1\n",
    "session-without-title": (
        "[events.x]\ntitle = 'Summit'\nstart = 2022-11-17T14:00:00\ntimezone = 'Asia/Shanghai'\n"
        "[[events.x.sessions]]\nstart = 14:00:00\nend = 14:30:00\n"
    ),
}


@pytest.mark.parametrize("snippet", NAMELESS.values(), ids=list(NAMELESS))
def test_schema_rejects_tables_without_their_name(snippet: str) -> None:
    assert schema_errors(document(snippet)) != []


@pytest.mark.parametrize("snippet", NAMELESS.values(), ids=list(NAMELESS))
def test_check_rejects_tables_without_their_name(snippet: str) -> None:
    assert check_errors(document(snippet)) != []


KNOWN_GAPS = {
    # A language server shows dates as strings, so a quoted date looks like a date.
    "date-written-as-a-string": "[events.x]\ntitle = 'Day'\nstart = '2021-10-27'\n",
    # References to other tables: JSON Schema cannot compare a value with another table's keys.
    "undeclared-audience": "[events.x]\ntitle = 'Day'\nstart = 2021-10-27\naudiences = ['press']\n",
    "undeclared-tag-in-feed": "[feeds.f]\nname = 'F'\ntags = ['nope']\n",
    "feed-named-all": "[feeds.all]\nname = 'All'\n",
    # `zones` is STRINGS in fields.py, not a list of zones.
    "region-unknown-zone": "[regions.r]\nname = 'R'\nzones = ['Samoa']\n",
    # The meaning of times and texts.
    "announced-disagrees": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-11-04T12:30:00\ntimezone = 'Pacific/Apia'\n"
        "announced = ['01:30 CET']\n"
    ),
    "dst-gap": (
        "[events.x]\ntitle = 'Call'\nstart = 2021-03-28T01:30:00\ntimezone = 'Europe/London'\n"
    ),
    "bad-duration": "[events.x]\ntitle = 'Day'\nstart = 2021-10-27T10:00:00\nduration = '90m'\n",
}


@pytest.mark.parametrize("snippet", KNOWN_GAPS.values(), ids=list(KNOWN_GAPS))
def test_what_only_check_rejects(snippet: str) -> None:
    text = document(snippet)
    assert check_errors(text) != []
    assert schema_errors(text) == []
