"""calfeed's own words: the gettext template holds every message the source asks for, and
every shipped language translates every one of them, keeping each `{field}`."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import calfeed

LOCALE = resources.files("calfeed.language") / "locale"
SHIPPED = ("en", "zh", "fr")
EXTRACT = [
    "extract",
    "--no-location",
    "--sort-output",
    "--no-wrap",
    "-k",
    "gettext",
    "-k",
    "ngettext:1,2",
    "--add-comments",
    "Translators:",
]
"""`pybabel` arguments that make `calfeed.pot` (the README gives the whole command)."""


def _read(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def _ids(catalog: Catalog) -> set[object]:
    return {message.id for message in catalog if message.id}


def test_the_template_holds_every_message_the_source_asks_for(tmp_path: Path) -> None:
    fresh = tmp_path / "calfeed.pot"
    source = Path(calfeed.__file__).parent
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", *EXTRACT, "-o", str(fresh), str(source)],
        check=True,
        capture_output=True,
    )
    shipped = _read(Path(str(LOCALE / "calfeed.pot")))
    assert _ids(_read(fresh)) == _ids(shipped), (
        "re-extract: pybabel extract ... -o src/calfeed/language/locale/calfeed.pot src/calfeed, "
        "then pybabel update"
    )


@pytest.mark.parametrize("language", SHIPPED)
def test_every_message_is_translated_with_its_fields(language: str) -> None:
    template = _read(Path(str(LOCALE / "calfeed.pot")))
    po = _read(Path(str(LOCALE / language / "LC_MESSAGES" / "calfeed.po")))
    assert _ids(po) == _ids(template)
    for message in po:
        if not message.id:
            continue
        ids = [str(i) for i in (message.id if isinstance(message.id, tuple) else (message.id,))]
        given = message.string
        strings = [str(t) for t in (given if isinstance(given, tuple | list) else (given,))]
        assert all(strings), (language, message.id)
        assert not message.fuzzy, (language, message.id)
        fields = set(re.findall(r"\{\w+\}", ids[-1]))
        every = fields | set(re.findall(r"\{\w+\}", ids[0]))
        for string in strings:
            found = set(re.findall(r"\{\w+\}", string))
            assert found <= every, (language, message.id, string)
            # A form for one may leave the number out ("Every week"); none drops the rest.
            assert fields - {"{n}", "{count}"} <= found, (language, message.id, string)
