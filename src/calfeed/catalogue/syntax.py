"""TOML syntax errors said plainly: what is wrong, on which line, and the fix.

tomllib says what its parser met ("Illegal character '\\n'", "Cannot overwrite a value",
"Unclosed array" on the line after the array), not what the person wrote wrong. Each of
its messages is read with the source around the place it names and said again as the
mistake a person makes: a string not closed, a key given twice, a date TOML cannot read.
A message this module does not know is passed on as tomllib wrote it, with its line.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from calfeed.catalogue.locate import unclosed_string
from calfeed.errors import Code, Finding, Severity

_AT = re.compile(
    r"(?P<said>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)", re.S
)
_SPEC = "https://toml.io/en/v1.0.0"
_DATE_LIKE = re.compile(r"\d{1,4}[-:]")
_DATE_TOKEN = re.compile(r"[\d:.+\-TZ]+(?: \d[\d:.+\-Z]*)?")
_DATES = "write a date as 2021-11-04, a time as 12:30:00, a date-time as 2021-11-04T12:30:00"


@dataclass(frozen=True)
class _Place:
    """Where tomllib stopped: an offset into the document, and the text around it."""

    text: str
    pos: int

    def line_at(self, offset: int) -> int:
        return self.text.count("\n", 0, max(offset, 0)) + 1

    @property
    def line(self) -> int:
        return self.line_at(self.pos)

    @property
    def line_text(self) -> str:
        start = self.text.rfind("\n", 0, self.pos) + 1
        end = self.text.find("\n", self.pos)
        return self.text[start : end if end != -1 else len(self.text)]

    @property
    def before(self) -> str:
        """The error's line up to the error."""
        return self.text[self.text.rfind("\n", 0, self.pos) + 1 : self.pos]

    @property
    def key(self) -> str:
        """The key of the line's `key = value`."""
        return self.line_text.partition("=")[0].strip()

    @property
    def value(self) -> str:
        """What follows `=` on the error's line, without a comment."""
        return self.line_text.partition("=")[2].partition("#")[0].strip()

    @property
    def header(self) -> str:
        """The `[table]` or `[[array]]` header on the error's line."""
        return self.line_text.partition("#")[0].strip()

    def previous_value_line(self) -> int:
        """The line of the last thing written before the error: where an array or an
        inline table wanted a comma or its closing bracket."""
        return self.line_at(len(self.text[: self.pos].rstrip()) - 1)


_Said = tuple[int, str, str]
"""(line, message, section of the TOML spec)."""
_Explain = Callable[[re.Match[str], _Place], _Said]
"""How to say one of tomllib's messages, matched, at its place."""


def syntax_finding(error: tomllib.TOMLDecodeError, text: str, path: Path) -> Finding:
    """The finding for a document tomllib refused: a plain message with its line."""
    line, message, section = _explain(str(error), text)
    hint = f"see {_SPEC}#{section}" if section else f"see {_SPEC} for the syntax"
    return Finding(Severity.ERROR, Code.TOML_SYNTAX, path, line, None, message, hint)


def _explain(raw: str, text: str) -> tuple[int | None, str, str]:
    where = _AT.fullmatch(raw)
    if where is None:
        return None, f"TOML syntax error: {raw}", ""
    place = _Place(text, _offset(text, where["line"], where["column"]))
    said = where["said"]
    for pattern, explain in _RULES:
        found = re.fullmatch(pattern, said)
        if found:
            return explain(found, place)
    plain = f"{said[:1].lower()}{said[1:]}"
    return place.line, f"TOML syntax error on line {place.line}: {plain}", ""


def _offset(text: str, line: str | None, column: str | None) -> int:
    """The offset tomllib's "line L, column C" names; the end for "end of document"."""
    if line is None or column is None:
        return len(text)
    start = 0
    for _ in range(int(line) - 1):
        start = text.index("\n", start) + 1
    return start + int(column) - 1


def _not_closed(line: int, quote: str) -> _Said:
    return line, f"a string is not closed on line {line}: add the closing {quote}", "string"


def _bad_character(found: re.Match[str], place: _Place, quote: str) -> _Said:
    """A character a string or comment cannot hold; a line break ends a one-line string
    that was never closed (tomllib: "Illegal character '\\n'")."""
    char = ast.literal_eval(found["char"])
    if char == "\n":
        return _not_closed(place.line, quote)
    message = f"line {place.line} holds the control character U+{ord(char):04X}: remove it"
    return place.line, message, "comment" if "#" in place.before else "string"


def _unterminated(_found: re.Match[str], place: _Place) -> _Said:
    """tomllib reached the end of the document inside a string ("Unterminated string", or
    "Expected" its closing quotes), and its message does not say which string: the one
    still open at the end, of whichever kind, whatever quotes the strings before it hold."""
    opened = unclosed_string(place.text)
    if opened is None:  # not expected, as tomllib read everything before the string
        return place.line, f"the file ends inside a string (line {place.line}): close it", "string"
    line, quote = opened
    if len(quote) == 1:
        return _not_closed(line, quote)
    message = f"a multi-line string opened on line {line} is not closed: add the closing {quote}"
    return line, message, "string"


def _no_equals(_found: re.Match[str], place: _Place) -> _Said:
    if "=" in place.line_text[len(place.before) :]:
        message = (
            f"{place.key!r} on line {place.line} is not a key: use letters, digits, - and _, "
            "or quotes"
        )
        return place.line, message, "keys"
    key = place.before.strip()
    message = f'key {key} on line {place.line} is not followed by "=": write {key} = value'
    return place.line, message, "keyvalue-pair"


def _invalid_value(found: re.Match[str], place: _Place) -> _Said:
    if not place.text[place.pos :].strip():
        return _value_at_the_end(found, place)
    value, line = place.value, place.line
    if not value:
        return line, f'key {place.key} on line {line} has no value after "="', "keyvalue-pair"
    if value.lower() in {"true", "false"}:
        return line, f"{value} on line {line} is not a value: write {value.lower()}", "boolean"
    if value[0].isalpha():
        message = f'the text on line {line} is not in quotes: write {place.key} = "{value}"'
        return line, message, "string"
    message = f"the value on line {line} is not one TOML reads: text goes in quotes"
    return line, message, "keyvalue-pair"


def _value_at_the_end(found: re.Match[str], place: _Place) -> _Said:
    """The document ended where a value belonged: after a last `key =`, or inside an
    array or inline table never closed (tomllib says "at end of document", past the last
    line, which is not where the mistake is)."""
    written = place.text[: place.pos].rstrip()
    line = place.line_at(len(written) - 1)
    if written.endswith("="):
        key = written[written.rfind("\n") + 1 : -1].strip()
        return line, f'key {key} on line {line} has no value after "="', "keyvalue-pair"
    if written.rfind("{") > written.rfind("["):
        return _unclosed("inline table", "}", "inline-table")(found, place)
    return _unclosed("array", "]", "array")(found, place)


def _overwrite(_found: re.Match[str], place: _Place) -> _Said:
    line = place.line
    if place.header.startswith("["):
        return (
            line,
            f"table {place.header} on line {line} has the name of a key already set",
            "table",
        )
    message = f"key {place.key} is set twice in one table (again on line {line}): keep one"
    return line, message, "keys"


def _declared_twice(_found: re.Match[str], place: _Place) -> _Said:
    """Named at the second declaration (where tomllib stopped), with the line of the
    first, which is the other half of the fix."""
    line = place.line
    header = re.sub(r"\s+", "", place.header)
    earlier = place.text[: place.text.rfind("\n", 0, place.pos) + 1].splitlines()
    first = next(
        (
            n
            for n, text in enumerate(earlier, 1)
            if re.sub(r"\s+", "", text.partition("#")[0]) == header
        ),
        None,
    )
    said = f"on line {first} and again on line {line}" if first else f"again on line {line}"
    message = f"table {place.header} is declared twice ({said}): merge the two, or rename one"
    return line, message, "table"


def _inline_key_twice(found: re.Match[str], place: _Place) -> _Said:
    message = f"key {found['key']} is set twice in the inline table on line {place.line}: keep one"
    return place.line, message, "inline-table"


def _impossible_date(_found: re.Match[str], place: _Place) -> _Said:
    token = _DATE_TOKEN.match(place.text, place.pos)
    value = token.group(0) if token else place.value
    return place.line, f"{value} on line {place.line} is not a real date or time", "local-date-time"


def _more_after_value(_found: re.Match[str], place: _Place) -> _Said:
    value, line = place.value, place.line
    if _DATE_LIKE.match(value):
        return (
            line,
            f"{value} on line {line} is not a TOML date or time: {_DATES}",
            "local-date-time",
        )
    message = f"line {line} has more after its value: one key = value per line, and text in quotes"
    return line, message, "keyvalue-pair"


def _unclosed(kind: str, closing: str, section: str) -> _Explain:
    def explain(_found: re.Match[str], place: _Place) -> _Said:
        line = place.previous_value_line()
        message = f'the {kind} on line {line} needs a "," between values and a closing "{closing}"'
        if kind == "inline table":
            message += " on the same line"
        return line, message, section

    return explain


def _key_expected(found: re.Match[str], place: _Place) -> _Said:
    """A key was expected: a line break inside an inline table (TOML 1.0 keeps those on
    one line), or a character no key can start with."""
    line_break = place.text[place.pos : place.pos + 1] == "\n"
    if line_break and place.before.count("{") > place.before.count("}"):
        return _unclosed("inline table", "}", "inline-table")(found, place)
    message = f"line {place.line} has no key where one belongs: letters, digits, - and _, or quotes"
    return place.line, message, "keys"


def _header_not_closed(found: re.Match[str], place: _Place) -> _Said:
    closing = found["closing"]
    kind = "table header" if closing == "]" else "array-of-tables header"
    return place.line, f'the {kind} on line {place.line} is not closed: add "{closing}"', "table"


def _simple(message: str, section: str) -> _Explain:
    def explain(_found: re.Match[str], place: _Place) -> _Said:
        return place.line, message.format(line=place.line), section

    return explain


_RULES: tuple[tuple[str, _Explain], ...] = (
    (r"Illegal character (?P<char>'.*')", lambda f, p: _bad_character(f, p, '"')),
    (r"Found invalid character (?P<char>'.*')", lambda f, p: _bad_character(f, p, "'")),
    (r"Unterminated string|Expected \"'+\"", _unterminated),
    (r"Expected '=' after a key in a key/value pair", _no_equals),
    (r"Invalid value", _invalid_value),
    (r"Cannot overwrite a value", _overwrite),
    (r"Cannot declare .* twice", _declared_twice),
    (r"Invalid date or datetime", _impossible_date),
    (r"Expected newline or end of document after a statement", _more_after_value),
    (r"Unclosed array", _unclosed("array", "]", "array")),
    (r"Unclosed inline table", _unclosed("inline table", "}", "inline-table")),
    (r"Invalid initial character for a key part", _key_expected),
    (
        r"Expected '(?P<closing>\]\]?)' at the end of a(?:n array| table) declaration",
        _header_not_closed,
    ),
    (r"Duplicate inline table key '(?P<key>.*)'", _inline_key_twice),
    (
        r"Cannot (?:mutate immutable|redefine) namespace .*",
        _simple(
            "line {line} adds to a table already written whole above: keep it in one place", "table"
        ),
    ),
    (
        r"Unescaped '\\' in a string",
        _simple(
            r"a \ in the string on line {line} starts no escape: write \\, or use single quotes",
            "string",
        ),
    ),
    (
        r"Invalid hex value|Escaped character is not a Unicode scalar value",
        _simple(
            r"the \u escape on line {line} names no character: write \u and four hex digits",
            "string",
        ),
    ),
    (
        r"Invalid statement",
        _simple("line {line} is neither key = value nor a [table] header", "keyvalue-pair"),
    ),
)
"""tomllib's message (a regular expression over all of it) -> how to say it plainly."""
