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
import re
import sys
from dataclasses import dataclass, field

TablePath = tuple[str | int, ...]
"""Keys from the document root; an `int` is the index into an array (of tables)."""

_BARE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
_ESCAPES = {"b": "\b", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "e": "\x1b"}
_KEY_STARTS = _BARE | {'"', "'"}
# The hot paths as patterns, matched at a position: the same reading as the loops they
# replace (a catalogue of thousands of events has tens of thousands of strings and keys).
_SCALAR = re.compile(r"[^,\]}#\n]*")
"""A number, boolean or date-time ends at `,`, `]`, `}`, `#` or the line's end (a date-time
may hold a space)."""
_SPACES = re.compile(r"[ \t]*")
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]*")
_SIMPLE_KEY = re.compile(r"([A-Za-z0-9_-]+)[ \t]*=[ \t]*")
_BLANK = re.compile(r"(?:[ \t\r\n]|#[^\n]*)*")
_STRINGS = {
    '"': re.compile(r'"(?:[^"\\\n]|\\.)*(?:"|(?=\n)|\Z)', re.S),
    "'": re.compile(r"'[^'\n]*(?:'|(?=\n)|\Z)"),
    '"""': re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""(?:""?)?|\Z)', re.S),
    "'''": re.compile(r"'''(?:[^']|'(?!''))*(?:'''(?:''?)?|\Z)", re.S),
}
"""Each of the four kinds of string, from its opening quote to its end: escapes exist only
in basic strings; a one-line string ends at its line; a multi-line one at three quotes of
its own kind, taking up to two more with it (four quotes end the text with one quote)."""


def split_dotted(text: str) -> tuple[str, ...]:
    """`events."a.b".sessions` -> ("events", "a.b", "sessions")."""
    return _Scanner(text).dotted_key()


@dataclass
class SourceIndex:
    """Where each table and key of one TOML document starts (1-based lines)."""

    tables: dict[TablePath, int] = field(default_factory=dict)
    keys: dict[tuple[TablePath, str], int] = field(default_factory=dict)
    headers: list[tuple[int, TablePath]] = field(default_factory=list)
    """Each `[table]` or `[[array]]` header's position in the text (of its `[`) and path,
    in order: where the text may be cut into parts that parse on their own."""

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
        self.breaks = [m.start() for m in re.finditer("\n", text)]
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
        begin, line, array = self.at, self.line(), self.text.startswith("[[", self.at)
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
        self.index.headers.append((begin, tuple(path)))
        return tuple(path)

    def key_value(self, table: TablePath) -> None:
        """`a.b = value` in `table`: the key's line, the tables its dots open, and the value
        read to its end, wherever that is."""
        line = self.line()
        simple = _SIMPLE_KEY.match(self.text, self.at)
        if simple:  # `key = value`, most lines of a catalogue
            key = sys.intern(simple[1])  # `title` once, not once an event
            self.index.keys.setdefault((table, key), line)
            self.at = simple.end()
            self.value((*table, key))
            return
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
            self.at = _end(_SCALAR, self.text, self.at)

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
        """Skip one string of any of the four kinds (`_STRINGS`)."""
        quote = self.text[self.at]
        kind = quote * 3 if self.text.startswith(quote * 3, self.at) else quote
        self.at = max(_end(_STRINGS[kind], self.text, self.at), self.at + 1)

    def dotted_key(self) -> tuple[str, ...]:
        """`a . "b.c" . 'd'` -> ("a", "b.c", "d"), with a basic string's escapes decoded."""
        names: list[str] = []
        while True:
            self.spaces()
            start = self.at
            if self.peek() in {'"', "'"}:
                names.append(self.quoted_key())
            else:
                self.at = _end(_BARE_KEY, self.text, self.at)
                if self.at == start:
                    return tuple(names)
                names.append(sys.intern(self.text[start : self.at]))
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
        self.at = _end(_SPACES, self.text, self.at)

    def blank(self) -> None:
        """Whitespace, line breaks and comments: what lies between two statements, or
        between two elements of an array."""
        self.at = _end(_BLANK, self.text, self.at)

    def end_of_line(self) -> int:
        end = self.text.find("\n", self.at)
        return len(self.text) if end < 0 else end


def _end(pattern: re.Pattern[str], text: str, at: int) -> int:
    """Where `pattern`, matched at `at`, ends (`at` itself if it matches nothing)."""
    found = pattern.match(text, at)
    return found.end() if found else at


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
