"""Line numbers for a TOML document.

`tomllib` returns plain values without positions, so messages could only say "somewhere in
events.toml". One pass over the text records where each table header and each key starts;
that is enough to point a person at the line to edit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(
    r"""^\s*((?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:"[^"]*"|'[^']*'|[A-Za-z0-9_-]+))*)\s*="""
)
_PART = re.compile(r"""\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|$)""")

TablePath = tuple[str | int, ...]
"""Keys from the document root; an `int` is the index into an array of tables."""


def split_dotted(text: str) -> tuple[str, ...]:
    """`events."a.b".sessions` -> ("events", "a.b", "sessions")."""
    parts = [m.group(1) for m in _PART.finditer(text)]
    return tuple(p[1:-1] if p[:1] in {'"', "'"} else p for p in parts)


@dataclass
class SourceIndex:
    """Where each table and key of one TOML document starts (1-based lines)."""

    tables: dict[TablePath, int] = field(default_factory=dict)
    keys: dict[tuple[TablePath, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> SourceIndex:
        """Index `text`; tolerant of anything, since it runs only on text tomllib accepted."""
        index = cls()
        current: TablePath = ()
        array_counts: dict[tuple[str, ...], int] = {}
        in_multiline: str | None = None
        # TOML lines end at LF only: str.splitlines() would also break at U+0085, U+2028
        # and U+2029, which TOML allows raw in strings and comments.
        for number, line in enumerate(text.split("\n"), start=1):
            if in_multiline is not None:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = _HEADER.match(line)
            if header and "=" not in line.split("]", 1)[0]:
                names = split_dotted(header.group(2))
                if header.group(1) == "[[":
                    count = array_counts.get(names, 0)
                    array_counts[names] = count + 1
                    current = (*_resolve(names, array_counts), count)
                else:
                    current = _resolve(names, array_counts)
                for depth in range(1, len(current) + 1):
                    index.tables.setdefault(current[:depth], number)
                continue
            key = _KEY.match(line)
            if key:
                names = split_dotted(key.group(1))
                path = current + names[:-1]
                index.keys.setdefault((path, names[-1]), number)
                for depth in range(1, len(names)):
                    index.tables.setdefault(current + names[:depth], number)
                rest = line[key.end() :]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2 == 1:
                        in_multiline = quote
                        break
        return index

    def line_of(self, table: TablePath, key: str | None = None) -> int | None:
        """The key's own line if known, else the nearest enclosing table's header line."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        if key is not None and (*table, key) in self.tables:
            return self.tables[(*table, key)]
        for depth in range(len(table), 0, -1):
            if table[:depth] in self.tables:
                return self.tables[table[:depth]]
            parent, last = table[: depth - 1], table[depth - 1]
            if isinstance(last, str) and (parent, last) in self.keys:
                return self.keys[(parent, last)]
        return None


def _resolve(names: tuple[str, ...], array_counts: dict[tuple[str, ...], int]) -> TablePath:
    """Insert the current array-of-tables index after each prefix that is such an array, so
    `[events.x.sessions.speakers]`-style paths land inside the latest `[[...]]` element."""
    path: list[str | int] = []
    for depth, name in enumerate(names, start=1):
        path.append(name)
        prefix = names[:depth]
        if prefix in array_counts and depth < len(names):
            path.append(array_counts[prefix] - 1)
    return tuple(path)
