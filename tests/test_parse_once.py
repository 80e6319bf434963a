"""The catalogue is parsed once, by `tomllib.loads` on the whole text, and the text is read
again, to find lines, only when validation has something to report."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from calfeed.catalogue import findings, parse_catalogue
from calfeed.catalogue.load import _parsed
from calfeed.catalogue.locate import lines_of
from calfeed.errors import InvalidCatalogueError, said_in_full

PATH = Path("events.toml")
SETTINGS = '[calendar]\nname = "C"\nuid-domain = "c.example"\n\n[audiences.public]\nname = "P"\n'


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
    parsed = _parsed(text.encode(), PATH)
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


def test_a_build_looks_up_the_lines_of_what_it_says_in_full_only(located: list[int]) -> None:
    """A build prints errors and guessed zones whole and only counts the other warnings,
    so only those it prints are looked for in the text."""
    counted = SETTINGS + EVENTS.replace('url = "https://example.org/1"\n', "")
    catalogue = parse_catalogue(counted.encode(), PATH, lines_for=said_in_full)
    assert [(f.code, f.line) for f in catalogue.warnings] == [("no-link", None)]
    assert located == []
    guessed = counted.replace('start = 2021-11-04\nurl = "https://example.org/2"', (
        'start = 2021-11-04T10:00:00\nurl = "https://example.org/2"'
    ))  # fmt: skip
    guessed = guessed.replace("[calendar]\n", '[calendar]\ntimezone = "Europe/Paris"\n', 1)
    catalogue = parse_catalogue(guessed.encode(), PATH, lines_for=said_in_full)
    assert sorted((f.code, f.line) for f in catalogue.warnings) == [
        ("assumed-zone", 20),  # its start, the time whose zone was guessed
        ("no-link", None),
    ]
    assert located == [1]
