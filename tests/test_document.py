"""Parsing the catalogue one event at a time gives exactly what `tomllib.loads` gives for
the whole text: the same document, or the same error at the same line, whatever the
layout; and the usual layout is the one parsed by parts."""

from __future__ import annotations

import tomllib
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue.document import parse_document
from calfeed.catalogue.source import SourceIndex
from tests.strategies import catalogues

SETTINGS = '[calendar]\nname = "C"\nuid-domain = "c.example"\n\n[audiences.public]\nname = "P"\n'


def outcome(parse: Callable[[str], object], text: str) -> tuple[str, object]:
    try:
        return ("document", parse(text))
    except tomllib.TOMLDecodeError as error:
        return ("error", str(error))


def ours(text: str) -> object:
    return parse_document(text, SourceIndex.of(text))


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


def test_the_usual_layout_is_parsed_an_event_at_a_time(calls: list[int]) -> None:
    text = SETTINGS + "".join(
        f'\n[events.e{n}]\ntitle = "T{n}"\n\n[events.e{n}.private]\nroom = "{n}"\n'
        for n in range(3)
    )
    parsed = ours(text)
    assert len(calls) == 4  # the settings, then each event's block
    assert max(calls) < len(text) / 2
    assert parsed == tomllib.loads(text)


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
def test_generated_catalogues_parse_as_tomllib_parses_them(spec: object) -> None:
    text = spec.render().text  # type: ignore[attr-defined]
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
