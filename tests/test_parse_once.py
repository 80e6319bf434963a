"""The catalogue is parsed once, by `tomllib.loads` on the whole text: the document is
exactly tomllib's, errors included, whatever the layout; and the text is read again, to
find lines, only when validation has something to report."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue import findings, parse_catalogue
from calfeed.catalogue.load import _parsed
from calfeed.catalogue.locate import lines_of
from calfeed.errors import InvalidCatalogueError
from tests.strategies import CatalogueSpec, catalogues

PATH = Path("events.toml")
SETTINGS = '[calendar]\nname = "C"\nuid-domain = "c.example"\n\n[audiences.public]\nname = "P"\n'


def outcome(parse: Callable[[str], object], text: str) -> tuple[str, object]:
    try:
        return ("document", parse(text))
    except (tomllib.TOMLDecodeError, InvalidCatalogueError):
        return ("error", None)


def ours(text: str) -> object:
    return _parsed(text.encode(), PATH)


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The length of each text `tomllib.loads` was given."""
    lengths: list[int] = []
    real = tomllib.loads

    def spy(text: str) -> dict[str, object]:
        lengths.append(len(text))
        return real(text)

    monkeypatch.setattr(tomllib, "loads", spy)
    return lengths


@pytest.fixture
def located(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many places each reading of the text for lines looked up."""
    counts: list[int] = []

    def spy(text: str, places: list[tuple[findings.TablePath, str | None]]) -> list[int | None]:
        counts.append(len(places))
        return lines_of(text, places)

    monkeypatch.setattr(findings, "lines_of", spy)
    return counts


EVENTS = "".join(
    f'\n[events.e{n}]\ntitle = "T{n}"\nstart = 2021-11-04\nurl = "https://example.org/{n}"\n'
    for n in range(3)
)


def test_the_whole_text_is_parsed_once(calls: list[int]) -> None:
    text = SETTINGS + EVENTS
    parsed = ours(text)
    assert calls == [len(text)]
    assert parsed == tomllib.loads(text)


def test_a_clean_catalogue_is_never_read_for_lines(calls: list[int], located: list[int]) -> None:
    text = SETTINGS + EVENTS
    assert parse_catalogue(text.encode(), PATH).warnings == ()
    assert (calls, located) == ([len(text)], [])


def test_findings_are_given_their_lines_in_one_reading(located: list[int]) -> None:
    text = SETTINGS + EVENTS.replace('url = "https://example.org/1"\n', "") + "[tags]\nx = 1\n"
    with pytest.raises(InvalidCatalogueError) as invalid:
        parse_catalogue(text.encode(), PATH)
    assert located == [2]
    assert [(f.code, f.line) for f in invalid.value.findings] == [
        ("no-link", 13),
        ("wrong-type", 22),
    ]


CASES = {
    "a header inside a multi-line string": SETTINGS
    + '[events.a]\ndescription = """\n[events.fake]\ntitle = "no"\n"""\n'
    + "[events.b]\ntitle = '''\n[events.a]\n'''\n",
    "an event's tables in two places": SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n[events.a.private]\nroom = '1'\n",
    "an event declared twice": SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n[events.a]\nurl = 'x'\n",
    "a key twice in one event": SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\ntitle = 'C'\n",
    "a syntax error in a later event": SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B\n[events.c]\ntitle = 'C'\n",
    "settings after the events": SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n[tags]\nx = 'X'\n",
    "an [events] table first": SETTINGS
    + "[events]\nz.title = 'Z'\n[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n",
    "an inline events table then headers": SETTINGS.replace(
        "[calendar]", "events = { z = { title = 'Z' } }\n[calendar]"
    )
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n",
    "dotted root keys then headers": "events.z.title = 'Z'\n"
    + SETTINGS
    + "[events.a]\ntitle = 'A'\n[events.b]\ntitle = 'B'\n",
    "an inline table extended by a header": SETTINGS
    + "[events.a]\nprivate = { room = '1' }\n[events.a.private]\nx = 1\n"
    + "[events.b]\ntitle = 'B'\n",
    "arrays of events": SETTINGS + "[[events]]\ntitle = 'A'\n[[events]]\ntitle = 'B'\n",
    "sessions as arrays of tables": SETTINGS
    + "[events.a]\ntitle = 'A'\n[[events.a.sessions]]\ntitle = 'S1'\n"
    + "[[events.a.sessions]]\ntitle = 'S2'\n[events.b]\ntitle = 'B'\n",
    "quoted ids with dots": SETTINGS
    + "[events.\"a.b\"]\ntitle = 'A'\n[events.'c']\ntitle = 'C'\n[events.c.private]\nx = 1\n",
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_any_layout_gives_what_tomllib_gives_for_the_whole_text(text: str) -> None:
    assert outcome(ours, text) == outcome(tomllib.loads, text)


@given(catalogues(hostile=True, max_events=4))
@settings(max_examples=60, deadline=None)
def test_generated_catalogues_parse_as_tomllib_parses_them(spec: CatalogueSpec) -> None:
    text = spec.render().text
    assert outcome(ours, text) == outcome(tomllib.loads, text)


@given(
    st.lists(
        st.sampled_from(["[events.a]", "[events.b]", "[events.a.x]", "[tags]", "k = 1", "'''"]),
        max_size=12,
    )
)
@settings(max_examples=300, deadline=None)
def test_shuffled_headers_keys_and_quotes_parse_as_tomllib_parses_them(
    lines: list[str],
) -> None:
    text = SETTINGS + "\n".join(lines) + "\n"
    assert outcome(ours, text) == outcome(tomllib.loads, text)
