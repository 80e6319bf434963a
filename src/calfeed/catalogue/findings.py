"""Where validation writes down what it finds: every rule reports here with the table and
key it looked at, and this turns that into the file's line, so no rule counts lines.

Nothing is raised one problem at a time: a rule that finds a problem records it and
returns what it can (often None), so every other rule still runs and a person sees every
independent problem at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from calfeed.catalogue.source import SourceIndex, TablePath
from calfeed.errors import Code, Finding, Severity, by_line


@dataclass
class Findings:
    """The findings of one validation pass over one catalogue."""

    path: Path
    index: SourceIndex
    today: date | None = None
    """With `check --today`: events that ended before it are warned about."""
    found: list[Finding] = field(default_factory=list)

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
        line = self.index.line_of(where, key)
        self.found.append(Finding(severity, code, self.path, line, event_id, message, hint))

    def line_of(self, where: TablePath) -> int:
        """The line of a table's header (0 if unknown), for model values that keep it."""
        return self.index.line_of(where) or 0

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
