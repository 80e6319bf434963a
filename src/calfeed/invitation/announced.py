"""An `announced` string read strictly: every word of it must be a date, a time, a zone
or a joining word, so a typo is an error that quotes it rather than a piece skipped."""

from __future__ import annotations

from dataclasses import dataclass

from calfeed.invitation.dates import Day
from calfeed.invitation.scan import Span, scan
from calfeed.tz import zone_hint

_JOINING = frozenset(
    ("at", "from", "on", "and", "or", "the", "local", "time", "le", "de", "à", "a", "et")
)
"""Words an announcement may hold around its times and zones ("from 10:00 to 11:30")."""

EXAMPLE = '"November 4, 12:30 Samoa / 00:30 CET"'


class AnnouncedError(ValueError):
    """An `announced` string calfeed cannot read, with how to write it instead."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class Announced:
    """One announcement: maybe a date, and one or more times each in one or more zones."""

    text: str
    day: Day | None
    spans: tuple[Span, ...]
    """Each has at least one zone."""


def parse_announced(text: str) -> Announced:
    """Read an invitation's line ("9 November 10:00 – 11:30 Fiji Time (GMT+12)")."""
    line = scan(text)
    whole = f"in announced time {text!r}"
    for problem in line.problems:
        raise AnnouncedError(f"{problem.piece} {whole} {problem.what}", problem.hint)
    for url in line.urls:
        raise AnnouncedError(f"cannot read {url!r} {whole}", "keep links out of announced")
    for left in line.leftovers:
        words = left.text.split()
        if all(w.casefold() in _JOINING for w in words):
            continue
        if left.after_time:
            hint = zone_hint(left.text) or "write an IANA name (Pacific/Apia), CET or UTC±H[:MM]"
            raise AnnouncedError(f"unknown zone {left.text!r} {whole}", hint)
        raise AnnouncedError(
            f"cannot read {left.text!r} {whole}",
            f"write a date, the times and the zone each is in, e.g. {EXAMPLE}",
        )
    if len(line.days) > 1:
        raise AnnouncedError(
            f"announced time {text!r} names {len(line.days)} dates",
            "announce one occurrence per string",
        )
    if not line.spans:
        raise AnnouncedError(
            f"no time {whole}", f"write a date, the times and the zone each is in, e.g. {EXAMPLE}"
        )
    for span in line.spans:
        if not span.zones:
            raise AnnouncedError(
                f"no zone for {span.text!r} {whole}",
                f"write the zone it is announced in, e.g. {span.text!r} CET or UTC+1",
            )
    return Announced(text, line.days[0] if line.days else None, line.spans)
