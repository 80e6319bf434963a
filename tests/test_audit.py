"""A seeded random audit: a few hundred events and series in any zone, most of them near a
clock change, built by calfeed and read by every reader the suite has, each from the feed's
own VTIMEZONE, against the truth worked out with dateutil and zoneinfo from the catalogue's
own values (`tests/audit_catalogue.py`). calfeed must refuse exactly the events the truth
says name no instant (or two), and every reader must read every other one exactly.

A reader's bug that no encoding avoids is a named strict xfail of its own below, with the
events it concerns taken out of that reader's audit. `CALFEED_AUDIT_SEED` draws another
catalogue.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.errors import Code, InvalidCatalogueError, Severity
from tests.audit_catalogue import Drawn, catalogue_text, draw_catalogue
from tests.building import build
from tests.parsers import Reader, Reading

pytestmark = pytest.mark.slow

SEED = int(os.environ.get("CALFEED_AUDIT_SEED", "20261207"))
READERS = ("ical.js", "libical", "icalendar", "ical", "recurring-ical-events", "khal")

LENGTH_FROM_THE_CLOCK = (
    "recurring-ical-events takes a series' length from its clock times (DTEND or DURATION "
    "alike), so a first occurrence that spans a clock change ends off by the change; "
    "`check` warns of it (length-across-a-change) and no encoding with a TZID avoids it"
)
KNOWN = {"recurring-ical-events": (Code.LENGTH_ACROSS_A_CHANGE, LENGTH_FROM_THE_CLOCK)}
"""Per reader, the warning that marks the events its one known bug concerns, and the bug."""


@dataclass(frozen=True)
class Audit:
    drawn: list[Drawn]
    taken: list[Drawn]
    refused: set[str]
    warned: dict[Code, set[str]]
    feed: Path

    def concerned(self, reader: str) -> set[str]:
        """The events of the reader's known bug."""
        return self.warned.get(KNOWN[reader][0], set()) if reader in KNOWN else set()


def _accepted(drawn: list[Drawn]) -> tuple[list[Drawn], set[str], dict[Code, set[str]]]:
    """The events calfeed takes, those it refuses, and the events of each warning."""
    taken, refused = list(drawn), set()
    while True:
        try:
            catalogue = parse_catalogue(catalogue_text(taken).encode(), Path("events.toml"))
        except InvalidCatalogueError as invalid:
            errors = {f.event_id for f in invalid.findings if f.severity is Severity.ERROR}
            assert None not in errors, "a finding outside any event"
            refused |= {str(key) for key in errors}
            taken = [e for e in taken if e.key not in errors]
            continue
        warned: dict[Code, set[str]] = {}
        for finding in catalogue.warnings:
            warned.setdefault(finding.code, set()).add(str(finding.event_id))
        return taken, refused, warned


@pytest.fixture(scope="module")
def audit(tmp_path_factory: pytest.TempPathFactory) -> Audit:
    drawn = draw_catalogue(SEED, singles=250, series=150, all_day=40)
    taken, refused, warned = _accepted(drawn)
    folder = tmp_path_factory.mktemp("audit")
    catalogue = folder / "events.toml"
    catalogue.write_text(catalogue_text(taken), encoding="utf-8")
    build(catalogue, folder / "out")
    return Audit(drawn, taken, refused, warned, folder / "out" / "all.ics")


def disagreements(events: list[Drawn], got: dict[str, Reading]) -> list[str]:
    return [
        f"{e.key}: truth {e.truth}, read {got.get(e.uid)}\n{e.toml}"
        for e in events
        if got.get(e.uid) != e.truth
    ]


def test_calfeed_refuses_exactly_what_names_no_instant(audit: Audit) -> None:
    assert audit.refused == {e.key for e in audit.drawn if e.refusable}
    assert len(audit.taken) >= 300, f"only {len(audit.taken)} taken"


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_agrees_with_the_truth_on_every_event(
    audit: Audit, readers: dict[str, Reader], reader: str
) -> None:
    got = readers[reader]([audit.feed])[audit.feed]
    audited = [e for e in audit.taken if e.key not in audit.concerned(reader)]
    problems = disagreements(audited, got)
    assert not problems, f"{len(problems)} of {len(audited)}:\n" + "\n".join(problems[:8])


@pytest.mark.parametrize(
    "reader",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN[name][1]))
        for name in KNOWN
    ],
)
def test_a_known_reader_bug_is_still_there(
    audit: Audit, readers: dict[str, Reader], reader: str
) -> None:
    """Passes (and so fails, strictly) once the reader reads these events right too."""
    concerned = [e for e in audit.taken if e.key in audit.concerned(reader)]
    if not concerned:
        pytest.skip(f"seed {SEED} draws no event of the bug")
    got = readers[reader]([audit.feed])[audit.feed]
    assert not disagreements(concerned, got)
