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

import tomllib
from dataclasses import dataclass

import pytest

from calfeed.catalogue.findings import TablePath
from calfeed.catalogue.locate import Places, lines_of


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
