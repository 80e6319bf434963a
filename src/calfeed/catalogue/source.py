"""Line numbers for a TOML document.

`tomllib` returns plain values without positions, so messages could only say "somewhere in
events.toml". One pass over the text records where each table header and each key starts;
that is enough to point a person at the line to edit.

The pass is a small scanner rather than a pattern per line, because what `'''`, `#`, `=` or
`[x]` means depends on whether it stands inside a string, and which kind: a title such as
"It's '''quoted" is a whole basic string, not the start of a multi-line one, and a line
`[fake]` inside a multi-line string or array is no table header. So the scanner reads every
value to its end: basic strings with their escapes, literal strings without, both multi-line
forms, arrays and inline tables over several lines, and comments. It runs only on text
`tomllib` accepted, so it validates nothing; on anything unexpected it moves on to the next
line rather than fail, and every step moves forward, so it always ends.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

TablePath = tuple[str | int, ...]
"""Keys from the document root; an `int` is the index into an array (of tables)."""

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b"}
_KEY_STARTS = _BARE | {'"', "'"}
_SCALAR_ENDS = frozenset(",]}#\n")
"""A number, boolean or date-time ends at one of these (a date-time may hold a space)."""


def split_dotted(text: str) -> tuple[str, ...]:
    """`events."a.b".sessions` -> ("events", "a.b", "sessions")."""
    return _Scanner(text).dotted_key()


@dataclass
class SourceIndex:
    """Where each table and key of one TOML document starts (1-based lines)."""

    tables: dict[TablePath, int] = field(default_factory=dict)
    keys: dict[tuple[TablePath, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, text: str) -> SourceIndex:
        """Index `text`; tolerant of anything, since it runs only on text tomllib accepted."""
        return _Scanner(text).document()

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


class _Scanner:
    """One pass over `text`; `at` is the position of the next character to read."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.at = 0
        self.index = SourceIndex()
        # TOML lines end at LF only: str.splitlines() would also break at U+0085, U+2028
        # and U+2029, which TOML allows raw in strings and comments.
        self.breaks = [n for n, char in enumerate(text) if char == "\n"]
        self.arrays: dict[TablePath, int] = {}
        """Elements so far of each array of tables, by its path (with the indices of the
        arrays it is nested in)."""

    def line(self) -> int:
        return bisect.bisect_left(self.breaks, self.at) + 1

    def peek(self) -> str:
        return self.text[self.at : self.at + 1]

    def document(self) -> SourceIndex:
        """Table headers and key/value lines, each to the end of its line."""
        table: TablePath = ()
        while self.at < len(self.text):
            self.blank()
            if self.peek() == "[":
                table = self.header()
            elif self.peek() in _KEY_STARTS:
                self.key_value(table)
            self.at = self.end_of_line() + 1  # past a comment, or what this does not know
        return self.index

    def header(self) -> TablePath:
        """`[a.b]` or `[[a.b]]`: its path, every prefix of which starts on this line unless
        seen before."""
        line, array = self.line(), self.text.startswith("[[", self.at)
        self.at += 2 if array else 1
        path: list[str | int] = []
        names = self.dotted_key()
        for depth, name in enumerate(names, start=1):
            path.append(name)
            if depth < len(names) and tuple(path) in self.arrays:
                path.append(self.arrays[tuple(path)] - 1)  # inside its latest element
        if array:
            count = self.arrays.get(tuple(path), 0)
            self.arrays[tuple(path)] = count + 1
            path.append(count)
        for depth in range(1, len(path) + 1):
            self.index.tables.setdefault(tuple(path[:depth]), line)
        return tuple(path)

    def key_value(self, table: TablePath) -> None:
        """`a.b = value` in `table`: the key's line, the tables its dots open, and the value
        read to its end, wherever that is."""
        line = self.line()
        names = self.dotted_key()
        if not names:
            return
        for depth in range(1, len(names)):
            self.index.tables.setdefault((*table, *names[:depth]), line)
        self.index.keys.setdefault(((*table, *names[:-1]), names[-1]), line)
        self.spaces()
        if self.peek() == "=":
            self.at += 1
            self.spaces()
            self.value((*table, *names))

    def value(self, path: TablePath) -> None:
        char = self.peek()
        if char in {'"', "'"}:
            self.string()
        elif char == "[":
            self.array(path)
        elif char == "{":
            self.inline_table(path)
        else:
            while self.at < len(self.text) and self.text[self.at] not in _SCALAR_ENDS:
                self.at += 1

    def array(self, path: TablePath) -> None:
        """Elements over any number of lines, with comments between them; an inline table
        in it is indexed as `path + (position,)`, as an array of tables would be."""
        self.at += 1
        position = 0
        while self.at < len(self.text):
            self.blank()
            char = self.peek()
            if char in {"]", ""}:
                self.at += len(char)
                return
            if char == ",":
                self.at += 1
                continue
            start = self.at
            self.value((*path, position))
            position += 1
            self.at = max(self.at, start + 1)  # never stall on a stray character

    def inline_table(self, path: TablePath) -> None:
        """`{ a = 1, b.c = "x" }`: its keys are indexed like those of a table at `path`."""
        self.at += 1
        while self.at < len(self.text):
            self.blank()
            char = self.peek()
            if char == "}":
                self.at += 1
                return
            if char in _KEY_STARTS:
                self.key_value(path)
            else:
                self.at += 1  # a comma, or anything unexpected

    def string(self) -> None:
        """Skip one string of any of the four kinds. Escapes exist only in basic strings; a
        one-line string ends at its line; a multi-line one at three quotes of its own kind,
        taking up to two more with it (four quotes end the text with one quote)."""
        text, quote = self.text, self.text[self.at]
        triple = text.startswith(quote * 3, self.at)
        end = self.at + (3 if triple else 1)
        while end < len(text):
            if text[end] == "\\" and quote == '"':
                end += 2
            elif text[end] == quote and not triple:
                end += 1
                break
            elif text.startswith(quote * 3, end):
                closing = end + 3
                while closing < min(len(text), end + 5) and text[closing] == quote:
                    closing += 1
                end = closing
                break
            elif text[end] == "\n" and not triple:
                break
            else:
                end += 1
        self.at = min(end, len(text))

    def dotted_key(self) -> tuple[str, ...]:
        """`a . "b.c" . 'd'` -> ("a", "b.c", "d"), with a basic string's escapes decoded."""
        names: list[str] = []
        while True:
            self.spaces()
            start = self.at
            if self.peek() in {'"', "'"}:
                names.append(self.quoted_key())
            else:
                while self.at < len(self.text) and self.text[self.at] in _BARE:
                    self.at += 1
                if self.at == start:
                    return tuple(names)
                names.append(self.text[start : self.at])
            self.spaces()
            if self.peek() != ".":
                return tuple(names)
            self.at += 1

    def quoted_key(self) -> str:
        text, quote = self.text, self.text[self.at]
        out: list[str] = []
        end = self.at + 1
        while end < len(text) and text[end] not in {quote, "\n"}:
            if text[end] == "\\" and quote == '"':
                char, end = _escape(text, end)
            else:
                char, end = text[end], end + 1
            out.append(char)
        self.at = end + 1 if text[end : end + 1] == quote else end
        return "".join(out)

    def spaces(self) -> None:
        while self.peek() in {" ", "\t"}:
            self.at += 1

    def blank(self) -> None:
        """Whitespace, line breaks and comments: what lies between two statements, or
        between two elements of an array."""
        while (char := self.peek()) in {" ", "\t", "\r", "\n", "#"}:
            self.at = self.end_of_line() if char == "#" else self.at + 1

    def end_of_line(self) -> int:
        end = self.text.find("\n", self.at)
        return len(self.text) if end < 0 else end


def _escape(text: str, at: int) -> tuple[str, int]:
    """The character that the escape at `text[at]` (a backslash) stands for, and where the
    text goes on after it."""
    code = text[at + 1 : at + 2]
    width = {"u": 4, "U": 8}.get(code, 0)
    if width:
        try:
            return chr(int(text[at + 2 : at + 2 + width], 16)), at + 2 + width
        except (ValueError, OverflowError):
            pass
    return _ESCAPES.get(code, code), at + 2
