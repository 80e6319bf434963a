"""One line of an invitation read into what it says: its date, its times and ranges, the
zones each is announced in, and the words left over.

Times: "10.00-11.15", "11-13:45", "10:00 – 11:30", "11:00 to 12:30", "12:30", "7pm",
"19h00". A bare number is a time only as the start of a range whose end is clearly one
("11-13:45"), so "(48)" or "15 mins" never is. Each range takes the zone phrases written
after it, before the next range ("14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)"); zones
written before the first range belong to it when none follows it ("CET 10:00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from calfeed.invitation.dates import PATTERN, DateError, Day, read_day
from calfeed.invitation.problem import ReadError
from calfeed.invitation.zones import ZonePhrase, ZoneWordError, is_zone, read_zone

_T = r"\d{1,2}(?:[:.h]\d{2}|h(?![a-z]))?(?:\s*[ap]\.?m\.?(?![a-z]))?"
_TOKEN = re.compile(
    r"(?P<url>(?:https?|mailto):\S+)"
    rf"|(?P<date>{PATTERN})"
    r"|(?P<offset>(?<!\w)(?:UTC|GMT)\s*[+\-\u2212]\s*\d{1,2}(?::?\d{2})?(?!\d))"
    rf"|(?P<span>(?<![\d:.,/+\-])(?P<t1>{_T})"
    rf"(?:\s*(?:-|\u2013|\u2014|to|until|till|à|bis|hasta|al|~|至|到)\s*(?P<t2>{_T}))?(?![\d]))"
    r"|(?P<word>[^\W\d_][\w'\u2019]*(?:/[^\W\d_][\w'\u2019+\-]*)*)"
    r"|(?P<mark>\S)",
    re.IGNORECASE,
)
_CLOCK = re.compile(r"(?P<h>\d{1,2})(?:[:.h](?P<m>\d{2})|h)?\s*(?:(?P<ap>[ap])\.?m\.?)?", re.I)
_MAX_ZONE_WORDS = 4


@dataclass(frozen=True)
class Span:
    """A time or a range, as written, with the zones it is announced in."""

    text: str
    start: time
    end: time | None
    zones: tuple[ZonePhrase, ...]


@dataclass(frozen=True)
class Leftover:
    """Words the line holds beside its date, times and zones."""

    text: str
    after_time: bool
    """Written right after a time, where its zone would be."""


@dataclass(frozen=True)
class Line:
    """What one line says."""

    text: str
    days: tuple[Day, ...]
    spans: tuple[Span, ...]
    leftovers: tuple[Leftover, ...]
    problems: tuple[ReadError, ...]
    """Dates, times or zones it names wrongly or ambiguously."""
    urls: tuple[str, ...]


@dataclass
class _Token:
    """One match of `_TOKEN`; a span that is no time is re-kinded "number"."""

    kind: str
    text: str
    start: int
    end: int
    match: re.Match[str]


def scan(text: str) -> Line:
    """Read `text` whole; nothing in it is dropped: what is not understood is a leftover
    or a problem."""
    return _Scanner(text).run()


class _Scanner:
    """One pass over a line's tokens, left to right."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = [
            _Token(m.lastgroup or "mark", m.group(0), m.start(), m.end(), m)
            for m in _TOKEN.finditer(text)
        ]
        for token in self.tokens:
            if token.kind == "span" and not _is_time(token.match):
                token.kind = "number"
        self.days: list[Day] = []
        self.problems: list[ReadError] = []
        self.urls: list[str] = []
        self.spans: list[tuple[str, time, time | None, list[ZonePhrase]]] = []
        self.before: list[ZonePhrase] = []
        self.before_problems: list[ReadError] = []
        """Zones written before any time: theirs only if a time follows them."""
        self.leftovers: list[tuple[int, int, bool]] = []
        self.attached = False
        """Whether the next zone phrase belongs to the last time (only brackets and
        slashes between)."""

    def run(self) -> Line:
        i = 0
        while i < len(self.tokens):
            i = self._step(i)
        if self.spans and not self.spans[0][3]:
            self.spans[0][3].extend(self.before)
            self.problems.extend(self.before_problems)
        return Line(
            self.text,
            tuple(self.days),
            tuple(Span(t, s, e, tuple(z)) for t, s, e, z in self.spans),
            tuple(Leftover(self.text[a:b], after) for a, b, after in self.leftovers),
            tuple(self.problems),
            tuple(self.urls),
        )

    def _step(self, i: int) -> int:
        """Read the token at `i`; the index of the next one."""
        token = self.tokens[i]
        if token.kind == "url":
            self.urls.append(token.text.rstrip(".,;)"))
        elif token.kind == "date":
            try:
                self.days.append(read_day(token.match))
            except DateError as bad:
                self.problems.append(bad)
        elif token.kind == "span":
            try:
                start, end = _clocks(token.match)
                self.spans.append((token.text.strip(), start, end, []))
            except ReadError as bad:
                self.problems.append(bad)
            self.attached = True
            return i + 1
        elif token.kind in {"offset", "word", "number"}:
            return self._words(i)
        elif token.text in "()[]/":
            return i + 1
        self.attached = False
        return i + 1

    def _words(self, i: int) -> int:
        """A zone phrase where one may stand, else one leftover word (joined to the one
        before it when only spaces are between)."""
        token = self.tokens[i]
        length = _zone_length(self.tokens, i, self.text) if self.attached or not self.spans else 0
        if length:
            phrase = self.text[token.start : self.tokens[i + length - 1].end]
            try:
                zone = read_zone(phrase)
                (self.spans[-1][3] if self.spans else self.before).append(zone)
            except ZoneWordError as bad:
                (self.problems if self.spans else self.before_problems).append(bad)
            self.attached = bool(self.spans)
            return i + length
        previous = self.tokens[i - 1] if i else None
        if (
            previous is not None
            and self.leftovers
            and self.leftovers[-1][1] == previous.end
            and not self.text[previous.end : token.start].strip()
        ):
            start, _, after = self.leftovers.pop()
            self.leftovers.append((start, token.end, after))
        else:
            self.leftovers.append((token.start, token.end, self.attached))
            self.before.clear()
            self.before_problems.clear()
        self.attached = False
        return i + 1


def _is_time(match: re.Match[str]) -> bool:
    """A time is written with minutes, `h` or am/pm; a bare number only starts a range."""
    last = match["t2"] or match["t1"]
    return bool(re.search(r"[:.h]|[ap]\.?m", last, re.IGNORECASE))


def _clocks(match: re.Match[str]) -> tuple[time, time | None]:
    first, second = match["t1"], match["t2"]
    end = _clock(second, None) if second else None
    meridiem = _CLOCK.fullmatch(second.strip()) if second else None
    return _clock(first, meridiem["ap"] if meridiem else None), end


def _clock(text: str, meridiem: str | None) -> time:
    parts = _CLOCK.fullmatch(text.strip())
    assert parts is not None
    hours, minutes = int(parts["h"]), int(parts["m"] or 0)
    half = parts["ap"] or meridiem
    if half is not None:
        if not 1 <= hours <= 12:
            raise ReadError(repr(text.strip()), "is not a clock time", "am and pm go with 1 to 12")
        hours = hours % 12 + (12 if half.lower() == "p" else 0)
    if hours > 23 or minutes > 59:
        raise ReadError(repr(text.strip()), "is not a clock time", "use 00:00 to 23:59")
    return time(hours, minutes)


def _zone_length(tokens: list[_Token], i: int, text: str) -> int:
    """How many tokens from `i` read as one zone phrase, longest first (0: none)."""
    if tokens[i].kind == "offset":
        return 1
    if tokens[i].kind == "number":
        return 0
    run = _word_run(tokens, i, text)
    for length in range(min(run, _MAX_ZONE_WORDS), 0, -1):
        if is_zone(text[tokens[i].start : tokens[i + length - 1].end]):
            return length
    return 0


def _word_run(tokens: list[_Token], i: int, text: str) -> int:
    """How many words follow one another from `i`, with only spaces between."""
    run = 1
    while (
        i + run < len(tokens)
        and tokens[i + run].kind in {"word", "number"}
        and not text[tokens[i + run - 1].end : tokens[i + run].start].strip()
    ):
        run += 1
    return run
