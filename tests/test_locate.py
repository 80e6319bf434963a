"""The locator behind every finding's line number: first as a table of (TOML text, key,
line), then on generated documents whose every line is known, checked against tomllib.

Each case is one document written a line at a time (the first string is line 1) with
something in it that a reader going line by line would misread: quotes of the other kind
inside a string, a header or key inside a multi-line string or comment, values over several
lines. The case names the key to look up and the line it is on, or None where the text only
looks like a key. Every document here is valid TOML (checked first), as the locator only
ever reads text tomllib accepted.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue.findings import TablePath
from calfeed.catalogue.locate import Places, lines_of
from tests.strategies import CatalogueSpec, catalogues, toml_string


@dataclass(frozen=True)
class Case:
    id: str
    lines: tuple[str, ...]
    table: TablePath
    key: str
    line: int | None

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


X = ("events", "x")

CASES = [
    Case("plain", ("[events.x]", 'title = "Call"', "after = 1"), X, "after", 3),
    Case(
        "three-apostrophes-in-a-basic-string",
        ("[events.x]", "title = \"It's '''quoted\"", "after = 1"),
        X,
        "after",
        3,
    ),
    Case(
        "three-double-quotes-in-a-literal-string",
        ("[events.x]", 'title = \'"""say hi\'', "after = 1"),
        X,
        "after",
        3,
    ),
    Case(
        "an-escaped-quote-in-an-array-over-lines",
        ("[events.x]", "hosts = [", r'  "a \", [",', '  "b",', "]", "after = 1"),
        X,
        "after",
        6,
    ),
    Case(
        "an-escaped-triple-quote-in-a-multi-line-basic-string",
        ("[events.x]", r'description = """a \"""', "after = 0", '"""', "after = 1"),
        X,
        "after",
        5,
    ),
    Case(
        "an-escaped-backslash-before-the-closing-triple-quote",
        ("[events.x]", r'description = """ends with \\"""', "after = 1"),
        X,
        "after",
        3,
    ),
    Case(
        "multi-line-basic-string-closed-by-five-quotes",
        ("[events.x]", 'description = """He said "hi"""""', "after = 1"),
        X,
        "after",
        3,
    ),
    Case(
        "a-quote-of-its-own-before-the-closing-triple-quote",
        ("[events.x]", 'sessions = ["""one"""", "{", { start = 1 }]'),
        ("events", "x", "sessions", 2),
        "start",
        2,
    ),
    Case(
        "multi-line-basic-string-holding-a-header-and-a-key",
        ("[events.x]", 'description = """', "[events.y]", "after = 0", "'''\"\"\"", "after = 1"),
        X,
        "after",
        6,
    ),
    Case(
        "a-key-inside-a-multi-line-string-is-no-key",
        ("[events.x]", 'description = """', "[events.y]", "after = 0", '"""'),
        ("events", "y"),
        "after",
        None,
    ),
    Case(
        "multi-line-basic-string-with-a-line-ending-backslash",
        ("[events.x]", 'description = """one \\', '  two"""', "after = 1"),
        X,
        "after",
        4,
    ),
    Case(
        "multi-line-literal-string-with-backslashes-and-double-quotes",
        ("[events.x]", 'description = \'\'\'C:\\new "quoted" """', "after = 0 '''", "after = 1"),
        X,
        "after",
        4,
    ),
    Case(
        "comments-holding-quotes-and-a-header",
        ("[events.x]", "# \"\"\" and ''' and [events.y]", "after = 1  # and '''", "later = 2"),
        X,
        "later",
        4,
    ),
    Case(
        "array-over-lines-with-a-nested-array-and-an-equals-sign",
        (
            "[events.x]",
            "hosts = [",
            "  \"ILO\",  # '''",
            '  "b = c",',
            "  [1, 2]",
            "]",
            "after = 1",
        ),
        X,
        "after",
        7,
    ),
    Case(
        "keys-of-an-inline-table",
        ("[events.x]", 'private = { passcode = "k+", contacts = ["A"] }'),
        ("events", "x", "private"),
        "contacts",
        2,
    ),
    Case(
        "inline-tables-in-an-array-over-lines",
        (
            "[events.x]",
            "sessions = [",
            '  { title = "Open", start = 14:00:00 },',
            '  { title = "Close", start = 16:00:00 },',
            "]",
        ),
        ("events", "x", "sessions", 1),
        "start",
        4,
    ),
    Case(
        "dotted-and-quoted-keys",
        ("[x]", 'site."google.com".visits = 1'),
        ("x", "site", "google.com"),
        "visits",
        2,
    ),
    Case("escapes-in-a-quoted-key", ("[x]", r'"\u00e9t\u00e9" = 1'), ("x",), "été", 2),
    Case(
        "nested-arrays-of-tables",
        ("[[a]]", "[[a.b]]", "[[a]]", "[[a.b]]", "key = 1"),
        ("a", 1, "b", 0),
        "key",
        5,
    ),
    Case(
        "a-date-time-with-a-space",
        ("[x]", "start = 1979-05-27 07:32:00", "after = 1"),
        ("x",),
        "after",
        3,
    ),
    Case(
        "a-header-with-spaces-and-a-comment",
        ("[ events . x ]  # note", "after = 1"),
        X,
        "after",
        2,
    ),
    Case(
        "empty-strings-of-both-kinds",
        ("[x]", "a = \"\"  # '''", 'b = \'\'  # """', "after = 1"),
        ("x",),
        "after",
        4,
    ),
    Case(
        "crlf-line-endings",
        ("[x]\r", "a = 1\r", "after = 2\r"),
        ("x",),
        "after",
        3,
    ),
    Case(
        "line-separators-raw-in-a-string-and-a-comment",
        ("[x]", 'a = "one\u2028two\x85three"  # \u2029', "after = 1"),
        ("x",),
        "after",
        3,
    ),
]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_key_line(case: Case) -> None:
    tomllib.loads(case.text)  # valid TOML, as every text the locator reads
    assert Places(case.text).keys.get((case.table, case.key)) == case.line


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("events.x.sessions", ("events", "x", "sessions")),
        ('events."a.b".sessions', ("events", "a.b", "sessions")),
        ("a . 'b.c' . d", ("a", "b.c", "d")),
        (r'"tab\there".x', ("tab\there", "x")),
        ('""', ("",)),
    ],
)
def test_dotted_names(text: str, names: tuple[str, ...]) -> None:
    """A dotted name is split at its dots, quotes and escapes read, as a header and as a
    key."""
    header = Places(f"[{text}]\n")
    assert header.tables.get(names) == 1
    assert Places(f"{text} = 1\n").keys.get((names[:-1], names[-1])) == 1


def test_empty_text_has_no_lines() -> None:
    index = Places("")
    assert (index.tables, index.keys) == ({}, {})
    assert index.line_of(("events", "x"), "title") is None


def test_a_finding_names_its_key_else_the_nearest_table() -> None:
    """Each place is looked up as `Places.line_of` looks it up, from one reading that keeps
    only the tables and keys the places need."""
    text = "\n".join(
        (
            "[events.x]",  # 1
            'title = "T"',  # 2
            "private.room = 1",  # 3
            "sessions = [",  # 4
            "  { title = 'S' },",  # 5
            "]",  # 6
            "[[events.y.sessions]]",  # 7
            "title = 'S'",  # 8
            "",
        )
    )
    places: list[tuple[TablePath, str | None]] = [
        (("events", "x"), "title"),
        (("events", "x"), None),
        (("events", "x"), "start"),  # not written: its table's line
        (("events", "x", "private"), "room"),
        (("events", "x", "private"), "other"),
        (("events", "x", "sessions", 0), "title"),
        (("events", "x", "sessions", 0), None),  # an inline table: the key holding it
        (("events", "y", "sessions", 0), "title"),
        (("events", "y", "sessions", 0), "start"),
        (("events", "z"), None),  # only its parent is written
        (("tags",), "x"),
    ]
    assert lines_of(text, places) == [2, 1, 1, 3, 3, 5, 4, 8, 7, 1, None]
    assert lines_of(text, places) == [Places(text).line_of(*place) for place in places]


# -- generated documents whose lines are known -----------------------------------------------
#
# A document is built a statement at a time, each piece remembering the line of every table
# and key it writes. Names are unique by construction (k1_, k2_, ...), so the document is
# valid TOML; tomllib confirms that the tables and keys written are exactly those of the
# document it parses, and the locator must find each on its line and find nothing else: no
# `[fake]` or `fake =` from inside a string or comment.


@dataclass
class Written:
    """Lines of TOML text and the tables and keys they write, each with its line (0 is the
    first of these lines) and its path from what the text belongs to."""

    lines: list[str]
    tables: list[tuple[int, TablePath]] = field(default_factory=list)
    keys: list[tuple[int, TablePath, str]] = field(default_factory=list)

    def add(self, other: Written, path: TablePath, *, join: bool = False) -> None:
        """`other` after these lines (its first line on the end of the last with `join`),
        its tables and keys under `path`."""
        offset = len(self.lines) - 1 if join else len(self.lines)
        if join:
            self.lines[-1] += other.lines[0]
            self.lines += other.lines[1:]
        else:
            self.lines += other.lines
        self.tables += [(offset + line, (*path, *table)) for line, table in other.tables]
        self.keys += [(offset + line, (*path, *table), key) for line, table, key in other.keys]


FAKES = ("[fake]", "[[fake]]", "fake = 1", "fake.x = 'y'", "{fake = 1}", "# no", "=", ",")
QUOTES = ('"', "'", '""', "''", "'''", '"""', '\\"""', "\\\\", "\\t", "\\u00e9")
PIECES = (*FAKES, *QUOTES, "[", "]", "{", "}", "#", " ", "é", "会", "x")
SCALARS: tuple[str, ...] = (
    "42",
    "-3.5e2",
    "+inf",
    "0x1F",
    "true",
    "1979-05-27 07:32:00",
    "1979-05-27T07:32:00Z",
)
SCALARS += ("07:32:00", "1979-05-27 07:32:00.5+01:00", "1979-05-27")
NAME_CHARS = st.text(st.sampled_from(" .'\"=[]#\\\té-_"), max_size=3)


def _one_value(text: str) -> bool:
    """`text` is one TOML value, whatever lines it takes."""
    try:
        return tomllib.loads(f"v = {text}\nw = 1\n").keys() == {"v", "w"}
    except tomllib.TOMLDecodeError:
        return False


@st.composite
def strings(draw: st.DrawFn, *, multi_line: bool) -> str:
    """A string of any of the four kinds, holding quotes of every kind, headers and keys;
    a multi-line one has line breaks, some after a backslash."""
    pieces = draw(st.lists(st.sampled_from(PIECES), max_size=6))
    kinds = ["basic", "literal"] + (["multi-basic", "multi-literal"] if multi_line else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "basic":
        return toml_string("".join(pieces))  # every quote and backslash escaped
    if kind == "literal":
        return "'" + "".join(pieces).replace("'", "") + "'"
    quote = '"""' if kind == "multi-basic" else "'''"
    ends = draw(st.lists(st.sampled_from(("", "\n", "\\\n")), min_size=len(pieces)))
    body = "".join(piece + end for piece, end in zip(pieces, ends, strict=False))
    text = quote + draw(st.sampled_from(("", "\n"))) + body + quote
    return text if _one_value(text) else quote + "\n[fake]\n" + quote


def key_name(draw: st.DrawFn, number: int) -> tuple[str, str]:
    """A key, unique by its number, perhaps with characters that need quotes; and how it
    is written: bare where it can be, else quoted in either kind that can hold it."""
    name = f"k{number}_{draw(NAME_CHARS)}"
    spellings = [toml_string(name)]
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        spellings.append(name)
    if "'" not in name:
        spellings.append(f"'{name}'")
    return name, draw(st.sampled_from(spellings))


class Numbers:
    """Fresh numbers for names, so that no two tables or keys share one."""

    def __init__(self) -> None:
        self.last = 0

    def __call__(self) -> int:
        self.last += 1
        return self.last


@st.composite
def values(draw: st.DrawFn, numbers: Numbers, *, depth: int, multi_line: bool) -> Written:
    """A scalar, a string, an inline table or an array of values; with `multi_line`,
    perhaps over several lines: a multi-line string, or an array with a value a line."""
    kinds = ["scalar", "string"] + (["inline", "array"] if depth > 0 else [])
    kinds += ["array over lines"] if multi_line and depth > 0 else []
    kind = draw(st.sampled_from(kinds))
    if kind == "scalar":
        return Written([draw(st.sampled_from(SCALARS))])
    if kind == "string":
        return Written(draw(strings(multi_line=multi_line)).split("\n"))
    if kind == "inline":
        out = Written(["{ "])
        for index in range(draw(st.integers(0, 3))):
            out.lines[-1] += ", " if index else ""
            out.add(draw(pairs(numbers, depth=depth - 1, multi_line=False)), (), join=True)
        out.lines[-1] += " }"
        return out
    if kind == "array":
        out = Written(["["])
        for position in range(draw(st.integers(0, 3))):
            out.lines[-1] += ", " if position else ""
            item = draw(values(numbers, depth=depth - 1, multi_line=False))
            out.add(item, (position,), join=True)
        out.lines[-1] += "]"
        return out
    out = Written(["[  # '''"])
    for position in range(draw(st.integers(0, 3))):
        out.add(draw(values(numbers, depth=depth - 1, multi_line=True)), (position,))
        out.lines[-1] += "," + draw(st.sampled_from(("", "  # [fake] = '''", ' # "')))
    out.lines.append("]")
    return out


@st.composite
def pairs(draw: st.DrawFn, numbers: Numbers, *, depth: int = 2, multi_line: bool = True) -> Written:
    """`key = value`, the key perhaps dotted: each dot opens a table on the key's line."""
    names = [key_name(draw, numbers()) for _ in range(draw(st.integers(1, 3)))]
    dot = draw(st.sampled_from((".", " . ")))
    out = Written([dot.join(spelled for _, spelled in names) + " = "])
    path = tuple(name for name, _ in names)
    out.tables += [(0, path[:end]) for end in range(1, len(path))]
    out.keys.append((0, path[:-1], path[-1]))
    out.add(draw(values(numbers, depth=depth, multi_line=multi_line)), path, join=True)
    return out


@st.composite
def bodies(draw: st.DrawFn, numbers: Numbers) -> Written:
    """The statements of one table: pairs, comments and blank lines."""
    out = Written([])
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.integers(0, 4)) == 0:
            out.lines.append(draw(st.sampled_from(("", "# [fake]", "  # fake = '''"))))
        else:
            out.add(draw(pairs(numbers)), ())
    return out


Located = tuple[str, dict[TablePath, int], dict[tuple[TablePath, str], int]]


@st.composite
def documents(draw: st.DrawFn) -> Located:
    """A document of root pairs, tables, sub-tables, super-tables written after one of
    their sub-tables, and arrays of tables with tables of their own; with the first line
    of each of its tables and keys."""
    numbers = Numbers()
    out = draw(bodies(numbers))
    plain: list[str] = []

    def table(path: TablePath, *, array: bool) -> None:
        names = [n for n in path if isinstance(n, str)]
        spelled = (toml_string(n) if draw(st.booleans()) else n for n in names)
        text = draw(st.sampled_from((".", " . "))).join(spelled)
        text = f"[[{text}]]" if array else f"[{text}]"
        out.lines.append(text + draw(st.sampled_from(("", "  # [fake]", " # '''"))))
        out.tables += [(len(out.lines) - 1, path[:end]) for end in range(1, len(path) + 1)]
        out.add(draw(bodies(numbers)), path)

    for _ in range(draw(st.integers(0, 4))):
        number = numbers()
        match draw(st.integers(0, 3)):
            case 0:
                plain.append(f"t{number}")
                table((plain[-1],), array=False)
            case 1 if plain:  # a sub-table of one written before
                table((draw(st.sampled_from(plain)), f"s{number}"), array=False)
            case 2:  # a sub-table, then perhaps its super-table
                table((f"u{number}", "s"), array=False)
                if draw(st.booleans()):
                    table((f"u{number}",), array=False)
            case _:
                for index in range(draw(st.integers(1, 3))):
                    table((f"a{number}", index), array=True)
                    inner = draw(st.sampled_from(("b", "c", "")))
                    if inner == "b":
                        for count in range(draw(st.integers(1, 2))):
                            table((f"a{number}", index, "b", count), array=True)
                    elif inner == "c":
                        table((f"a{number}", index, "c"), array=False)
    tables: dict[TablePath, int] = {}
    keys: dict[tuple[TablePath, str], int] = {}
    for line, path in sorted(out.tables, key=lambda entry: entry[0]):
        tables.setdefault(path, line + 1)
    for line, path, key in sorted(out.keys, key=lambda entry: entry[0]):
        keys.setdefault((path, key), line + 1)
    end = draw(st.sampled_from(("\n", "\r\n")))
    return end.join(out.lines) + end, tables, keys


def named_paths(value: object, path: TablePath = ()) -> Iterator[TablePath]:
    """The path of every table and key in a parsed document, through arrays too."""
    items: Iterable[tuple[str | int, object]] = ()
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for name, inner in items:
        if isinstance(name, str):
            yield (*path, name)
        yield from named_paths(inner, (*path, name))


@given(documents())
@settings(max_examples=500, deadline=None)
def test_every_table_and_key_is_found_on_its_line(document: Located) -> None:
    text, tables, keys = document
    written = {(*table, key) for table, key in keys}
    written |= {table for table in tables if isinstance(table[-1], str)}
    assert set(named_paths(tomllib.loads(text))) == written  # what was written is the document
    found = Places(text)
    assert (found.tables, found.keys) == (tables, keys)


def _table_at(document: dict[str, object], path: TablePath) -> dict[str, object]:
    for name in path:
        inner = document[str(name)]
        assert isinstance(inner, dict)
        document = inner
    return document


@given(catalogues(hostile=True, max_events=3))
@settings(max_examples=60, deadline=None)
def test_each_line_of_a_catalogue_holds_what_the_locator_says(spec: CatalogueSpec) -> None:
    """On catalogues full of hostile text, each place is the one the emitter wrote, and
    tomllib agrees: a key written under a table's line is in that table, and the document
    without a key's line lacks that key and nothing else."""
    written = spec.render()
    lines = written.text.split("\n")
    found = Places(written.text)
    whole = tomllib.loads(written.text)
    for (name, key), line in written.where.items():
        table = tuple(name.split("."))
        if not key:
            assert found.tables[table] == line
            marked = tomllib.loads("\n".join([*lines[:line], "zz-marker = 1", *lines[line:]]))
            assert _table_at(marked, table)["zz-marker"] == 1
            continue
        assert found.keys[(table, key)] == line
        without = _table_at(tomllib.loads("\n".join(lines[: line - 1] + lines[line:])), table)
        assert without.keys() == _table_at(whole, table).keys() - {key}
