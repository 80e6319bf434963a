"""The line of a table or key in the catalogue's text, looked up only to report a finding.

`tomllib` returns values without positions, so when validation has found something the
text is read once more for the lines the findings name; a catalogue with nothing to report
is never read this way. Every string is one token, so a `[table]` or `key =` inside a
multi-line string, or three quotes inside a one-line string, is only text. The text is one
tomllib accepted (or, for `unclosed_string`, read to its end), so nothing here checks it.
"""

from __future__ import annotations

import re
import tomllib
from collections import deque
from collections.abc import Collection, Iterator, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from calfeed.catalogue.findings import TablePath

_STRINGS = (
    r'"""(?:[^"\\]|\\(?:[\s\S]|\Z)|"(?!""))*(?:"""(?:""?)?|\Z)',
    r"'''(?:[^']|'(?!''))*(?:'''(?:''?)?|\Z)",
    r'"(?:[^"\\\n]|\\(?:.|\Z))*(?:"|\Z)',
    r"'[^']*(?:'|\Z)",
)
"""Each kind of string. Three closing quotes may take up to two more, the string's own. A
string never closed runs to the end of the text, as tomllib reads it: a literal one across
lines too, since tomllib looks for its closing quote before it looks at what is between."""
_TOKEN = re.compile(
    r"(?:[ \t\r]+|#[^\n]*)*(" + "|".join(_STRINGS) + r"""|[\n\[\]{},.=]|[^\s"'#\[\]{},.=]+)"""
)
"""Spaces and a comment, then a string, a mark, or a word: a bare key, or a piece of a
number, date or boolean (a date-time may be two)."""


def _tokens(text: str) -> Iterator[tuple[str, int]]:
    """Each token with its first line (lines end at LF only)."""
    line = 1
    for found in _TOKEN.finditer(text):
        yield found[1], line
        line += found[1].count("\n")


class Places:
    """The first line of each table and key of one document: a table is where its header,
    or the first dotted key into it, is written."""

    def __init__(self, text: str, wanted: Collection[TablePath] | None = None) -> None:
        """Read `text`, keeping the tables and keys whose paths are `wanted` (all if None)."""
        self.tables: dict[TablePath, int] = {}
        self.keys: dict[tuple[TablePath, str], int] = {}
        self._wanted = wanted
        self._missing = set(wanted) if wanted is not None else None
        """What is wanted and not found yet: the reading stops once it is empty, since
        only each first line counts."""
        self._arrays: dict[TablePath, int] = {}
        """How many elements each array of tables has so far."""
        self._tokens = _tokens(text)
        table: TablePath = ()
        for token, line in self._tokens:
            if token == "\n":
                continue
            if token == "[":
                table = self._header(line)
            else:
                self._pair(table, token, line)
            if self._missing is not None and not self._missing:
                break
            self._skip_to("\n")  # a header's closing brackets, or a date-time's time

    def line_of(self, table: TablePath, key: str | None = None) -> int | None:
        """The key's own line if known, else that of the nearest enclosing table (written
        as a header, a dotted key or a key holding an inline table)."""
        lines = [] if key is None else [self.keys.get((table, key)), self.tables.get((*table, key))]
        for depth in range(len(table), 0, -1):
            lines.append(self.tables.get(table[:depth]))
            if isinstance(last := table[depth - 1], str):
                lines.append(self.keys.get((table[: depth - 1], last)))
        return next((line for line in lines if line is not None), None)

    def _header(self, line: int) -> TablePath:
        """`[a.b]` or `[[a.b]]`; a name of an array of tables stands for its last element."""
        token = self._next()
        names, _ = self._dotted(self._next() if token == "[" else token)
        path: TablePath = ()
        for name in names[:-1]:
            path = (*path, name)
            if path in self._arrays:
                path = (*path, self._arrays[path] - 1)
        path = (*path, names[-1])
        if token == "[":
            self._arrays[path] = self._arrays.get(path, 0) + 1
            path = (*path, self._arrays[path] - 1)
        for depth in range(1, len(path) + 1):
            self._table(path[:depth], line)
        return path

    def _pair(self, table: TablePath, token: str, line: int) -> None:
        """`a.b = value` in `table`, from its first token to the end of its value."""
        names, _equals = self._dotted(token)
        for depth in range(1, len(names)):
            self._table((*table, *names[:depth]), line)
        if self._wanted is None or (*table, *names) in self._wanted:
            self.keys.setdefault(((*table, *names[:-1]), names[-1]), line)
            if self._missing is not None:
                self._missing.discard((*table, *names))
        self._value((*table, *names), self._next())

    def _value(self, path: TablePath, token: str) -> None:
        """Read past a value: an inline table's keys are in `path`, an array's elements
        at `path + (position,)`."""
        if token == "[":
            position = 0
            for inner, _ in self._tokens:
                if inner == "]":
                    return
                if inner == ",":
                    position += 1
                elif inner in {"[", "{"}:
                    self._value((*path, position), inner)
        elif token == "{":
            for inner, line in self._tokens:
                if inner == "}":
                    return
                self._pair(path, inner, line)
                if self._skip_to(",", "}") != ",":
                    return

    def _dotted(self, token: str) -> tuple[tuple[str, ...], str]:
        """`a . "b.c" . 'd'` -> ("a", "b.c", "d"), and the token after it."""
        names = [_name(token)]
        while (after := self._next()) == ".":
            names.append(_name(self._next()))
        return tuple(names), after

    def _next(self) -> str:
        return next(self._tokens, ("", 0))[0]

    def _table(self, path: TablePath, line: int) -> None:
        if self._wanted is None or path in self._wanted:
            self.tables.setdefault(path, line)
            if self._missing is not None:
                self._missing.discard(path)

    def _skip_to(self, *stops: str) -> str:
        """Past the first of `stops` (words may go on after a value: a date-time's time)."""
        return next((token for token, _ in self._tokens if token in stops), "")


def _name(token: str) -> str:
    """A key as written -> the key; tomllib reads a basic string's escapes."""
    if token.startswith('"') and "\\" in token:
        return str(tomllib.loads(f"k = {token}")["k"])
    return token[1:-1] if token[:1] in {'"', "'"} else token


def lines_of(text: str, places: Sequence[tuple[TablePath, str | None]]) -> list[int | None]:
    """The line of each (table, key) (as `Places.line_of`), in one reading of `text` that
    keeps only what the places need."""
    wanted = {(*table, key) for table, key in places if key is not None}
    wanted.update(table[:depth] for table, _ in places for depth in range(1, len(table) + 1))
    found = Places(text, wanted)
    return [found.line_of(table, key) for table, key in places]


def unclosed_string(text: str) -> tuple[int, str] | None:
    """The line and quote of the string `text` ends inside, for a text tomllib read to its
    end before it found a string not closed: all before that string reads as tomllib read
    it, so the last token is that string."""
    last = deque(_tokens(text), maxlen=1)
    if not last or last[0][0][:1] not in {'"', "'"}:
        return None
    token, line = last[0]
    return line, token[:3] if token[:3] in {'"""', "'''"} else token[0]
