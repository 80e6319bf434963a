"""Where validation writes down what it finds: every rule reports here with the table and
key it looked at, and the file's lines are looked up for all of them at once when
validation is done (`locate`), so no rule counts lines and a catalogue with nothing to
report is never searched for them.

Nothing is raised one problem at a time: a rule that finds a problem records it and
returns what it can (often None), so every other rule still runs and a person sees every
independent problem at once.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from calfeed.catalogue.locate import lines_of
from calfeed.errors import Code, Finding, Severity, by_line
from calfeed.model import TextPath

TablePath = tuple[str | int, ...]
"""Keys from the document root; an `int` is the index into an array (of tables)."""


@dataclass
class Findings:
    """The findings of one validation pass over one catalogue."""

    path: Path
    today: date | None = None
    """With `check --today`: events that ended before it are warned about."""
    found: list[Finding] = field(default_factory=list)
    """Without their lines until `locate`."""
    places: list[tuple[TablePath, str | None]] = field(default_factory=list)
    """The table and key each finding of `found` is about, in the same order."""
    languages: tuple[str, ...] = ()
    """`[calendar] languages`, read before any text (a text may be a table by them)."""
    languages_unread: bool = False
    """`[calendar] languages` is given but wrong (its own error says how): the tags of
    texts are then not checked against it, which would repeat that error for each text."""
    texts: dict[TextPath, dict[str, str]] = field(default_factory=dict)
    """The texts given as tables by language, checked, by where they stand."""

    def translated(self, where: TablePath, key: str, by_language: dict[str, str]) -> None:
        """Keep a text given by language, for the feeds of each language."""
        self.texts[(*map(str, where), key)] = by_language

    def inherit(self, source: TablePath, target: TablePath) -> None:
        """A changed occurrence keeps its series' text by language where it sets none."""
        found = self.texts.get(tuple(map(str, source)))
        if found is not None:
            self.texts[tuple(map(str, target))] = found

    def error(
        self, code: Code, where: TablePath, key: str | None, message: str, hint: str | None = None
    ) -> None:
        self._add(Severity.ERROR, code, where, key, message, hint)

    def warn(
        self, code: Code, where: TablePath, key: str | None, message: str, hint: str | None = None
    ) -> None:
        self._add(Severity.WARNING, code, where, key, message, hint)

    def _add(
        self,
        severity: Severity,
        code: Code,
        where: TablePath,
        key: str | None,
        message: str,
        hint: str | None,
    ) -> None:
        event_id = str(where[1]) if len(where) > 1 and where[0] == "events" else None
        self.found.append(Finding(severity, code, self.path, None, event_id, message, hint))
        self.places.append((where, key))

    def locate(self, raw: bytes, wanted: Callable[[Finding], bool] | None = None) -> None:
        """Give each finding that is `wanted` (all without it) its line in the catalogue
        (`raw`, which tomllib accepted), all in one reading; when none is wanted, the
        text is not read at all."""
        chosen = [i for i, found in enumerate(self.found) if wanted is None or wanted(found)]
        if not chosen:
            return
        lines = lines_of(raw.decode("utf-8"), [self.places[i] for i in chosen])
        for i, line in zip(chosen, lines, strict=True):
            self.found[i] = dataclasses.replace(self.found[i], line=line)

    def count(self) -> int:
        """How many findings so far: a rule compares counts to see whether a step it
        called found anything, without knowing that step's codes."""
        return len(self.found)

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.found)

    def warnings(self) -> tuple[Finding, ...]:
        return by_line(f for f in self.found if f.severity is Severity.WARNING)

    def in_file_order(self) -> tuple[Finding, ...]:
        return by_line(self.found)
