"""iCalendar content lines written directly: TEXT escaping, values and folding.

A feed of thousands of events spends most of its time in icalendar's generic serializer
(a component, a property object and a parameter dictionary per line, and a fold that
walks every character). calfeed writes few kinds of value, so it writes them here, to the
same bytes icalendar writes (a test holds the two together over hostile text), but for
two of icalendar's slips: it turns a literal backslash + `N` into a line break, and drops
a leading U+FEFF; here both are kept, as RFC 5545 3.3.11 says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta

LIMIT = 75
"""icalendar starts a new line before a character that would bring a line to 75 octets;
continuation lines then hold one space and up to 74 octets more."""
_NEEDS_QUOTES = re.compile(r'[,;:"]')
_TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(_TEXT_ESCAPES)


def fold(line: str) -> str:
    """`line` folded as icalendar folds it, with CRLF after every part: at most 74 octets a
    part, never inside a UTF-8 character, and never right after a backslash or caret
    (clients misread an escape split across two lines), which then moves to the next part.
    Worked on the encoded bytes, where a character's start is easy to find."""
    data = line.encode("utf-8")
    if len(data) < LIMIT:
        return line + "\r\n"
    parts: list[bytes] = []
    start = 0
    while len(data) - start >= LIMIT:
        end = start + LIMIT - 1
        while data[end] & 0xC0 == 0x80:  # inside a character: it starts the next part
            end -= 1
        if data[end - 1] in _ESCAPE_STARTS and end - 1 > start:
            end -= 1
        parts.append(data[start:end])
        start = end
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8") + "\r\n"


_ESCAPE_STARTS = frozenset(b"\\^")


def parameter(name: str, value: str) -> str:
    """`;NAME=value`, the value quoted where it holds `,`, `;`, `:` or `"` (icalendar's
    rule)."""
    return f";{name}={chr(34) + value + chr(34) if _NEEDS_QUOTES.search(value) else value}"


def utc(instant: datetime) -> str:
    """`20211103T233000Z`."""
    return f"{instant.astimezone(UTC):%Y%m%dT%H%M%SZ}"


def wall(local: datetime) -> str:
    """A naive wall time, `20211104T123000`."""
    return f"{local:%Y%m%dT%H%M%S}"


def day(value: date) -> str:
    """`20211027`."""
    return f"{value:%Y%m%d}"


def duration(length: timedelta) -> str:
    """`PT1H30M`, `P1DT2H`, `-PT30M`, as icalendar writes a DURATION."""
    sign = "-" if length < timedelta(0) else ""
    length = abs(length)
    hours, rest = divmod(length.seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    clock = "".join(
        f"{amount}{unit}"
        for amount, unit in ((hours, "H"), (minutes, "M"), (seconds, "S"))
        if amount
    )
    days = f"{length.days}D" if length.days else ""
    if not days and not clock:
        return "P0D"
    return f"{sign}P{days}" + (f"T{clock}" if clock else "")


def categories(values: Iterable[str]) -> str:
    """A CATEGORIES value: each category's TEXT escaped, joined by commas."""
    return ",".join(text(value) for value in values)


def line(name: str, value: str, *parameters: str) -> str:
    """One folded content line, `parameters` as `parameter()` wrote them."""
    return fold(f"{name}{''.join(parameters)}:{value}")
