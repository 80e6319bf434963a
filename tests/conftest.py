"""Fixtures every test module may take.

Test catalogues that are whole documents live as files in `tests/catalogues/`, named by
their shape, so a case is a file a person can open (and an editor checks against the
schema named on its first line); `read_catalogue("recurring_across_dst")` gives the text.
Invitations to import are text files in `tests/invitations/` (`read_invitation`).
Facts about the shipped catalogue are in `tests/shipped.py`, building as a user builds in
`tests/building.py`. The four parsers that read written feeds are in `tests/parsers.py`;
ical.js and libical are found or built once per session here (`icaljs`, `libical`,
`parsers`), and skip (or fail under CI) where they are missing; `readers` adds the two of
`tests/more_readers.py` (recurring-ical-events and khal). A test module never imports
from another test module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.building import EPOCH
from tests.more_readers import read_with_khal, read_with_recurring_ical_events
from tests.parsers import Reader, icaljs_reader, libical_reader, read_with_ical, read_with_icalendar
from tests.shipped import EVENTS_TOML, ROOT

CATALOGUES = Path(__file__).parent / "catalogues"
INVITATIONS = Path(__file__).parent / "invitations"


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository: events.toml, calendars/, README.md."""
    return ROOT


@pytest.fixture(scope="session")
def epoch() -> str:
    """The SOURCE_DATE_EPOCH of the tests' builds: 1700000000, 2023-11-14T22:13:20Z."""
    return EPOCH


@pytest.fixture
def runner() -> CliRunner:
    """Runs calfeed's command line in-process: `runner.invoke(cli, [...])`."""
    return CliRunner()


@pytest.fixture(scope="session")
def read_catalogue() -> Callable[[str], str]:
    """The text of `tests/catalogues/<name>.toml`."""

    def read(name: str) -> str:
        return (CATALOGUES / f"{name}.toml").read_text(encoding="utf-8")

    return read


@pytest.fixture(scope="session")
def read_invitation() -> Callable[[str], str]:
    """The text of `tests/invitations/<name>`: invitations, meeting summaries and concept
    notes as people write them (the two seeds among them), and what `calfeed import`
    prints for them (`<name>.expected.toml`)."""

    def read(name: str) -> str:
        return (INVITATIONS / name).read_text(encoding="utf-8")

    return read


@pytest.fixture
def write_catalogue(tmp_path: Path) -> Callable[[str], Path]:
    """Writes catalogue text to `tmp_path / "events.toml"` and gives its path."""

    def write(text: str) -> Path:
        path = tmp_path / "events.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def shipped_copy(tmp_path: Path) -> Path:
    """A copy of the shipped events.toml, byte for byte, in `tmp_path`: for tests that
    edit the catalogue or build next to it."""
    path = tmp_path / "events.toml"
    path.write_bytes(EVENTS_TOML.read_bytes())
    return path


@pytest.fixture(scope="session")
def icaljs() -> Reader:
    """Mozilla ical.js (Thunderbird's engine), through node."""
    return icaljs_reader()


@pytest.fixture(scope="session")
def libical(tmp_path_factory: pytest.TempPathFactory) -> Reader:
    """libical 3 (Evolution's engine), through a small C program built for the session."""
    return libical_reader(tmp_path_factory.mktemp("libical"))


@pytest.fixture(scope="session")
def parsers(icaljs: Reader, libical: Reader) -> dict[str, Reader]:
    """All four parsers by name."""
    return {
        "ical.js": icaljs,
        "libical": libical,
        "icalendar": read_with_icalendar,
        "ical": read_with_ical,
    }


@pytest.fixture(scope="session")
def readers(parsers: dict[str, Reader]) -> dict[str, Reader]:
    """Every reader the suite has: the four parsers, recurring-ical-events and khal."""
    return {
        **parsers,
        "recurring-ical-events": read_with_recurring_ical_events,
        "khal": read_with_khal,
    }
