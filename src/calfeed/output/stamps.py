"""An event's history, carried from the feeds already in the output folder.

Calendar apps decide whether to update an event by its SEQUENCE and DTSTAMP. Keeping them
while an event is unchanged makes a rebuild byte-for-byte identical; raising SEQUENCE when
it changes makes every client take the new version. The previous feeds themselves are the
history: no state file to lose or to fall out of step with what subscribers have.

An event is in many feeds (all.ics, its own file, its audiences' and regions'), and a
person may edit one of them by hand. Every copy votes: the history most copies hold wins,
and a tie goes to the lower SEQUENCE, then the earlier DTSTAMP. So an edit to one feed is
outvoted and repaired to the bytes the other feeds hold, and the same folder always gives
the same history, whatever else lies beside it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from calfeed.errors import CalfeedError
from calfeed.model import Stamp

EventKey = tuple[str, str | None]
"""What history is kept by: the UID, and the RECURRENCE-ID's value as written (None for an
event or a series itself). A changed occurrence shares its series' UID, so the UID alone
would give the series and each of its changed occurrences one history."""


@dataclass(frozen=True)
class PreviousEvent:
    """An event (or one changed occurrence of a series) as the previous build wrote it."""

    uid: str
    recurrence_id: str | None
    stamp: Stamp
    digest: str
    """SHA-256 of its written lines without its history (as `EventText.digest`); a series'
    with the RECURRENCE-ID lines of its changed occurrences in the feed after them, so
    one that is added or removed changes the series too."""

    @property
    def key(self) -> EventKey:
        return (self.uid, self.recurrence_id)


_HISTORY_LINE = re.compile(rb"^(?:DTSTAMP|LAST-MODIFIED|SEQUENCE)[;:][^\r\n]*\r\n", re.M)
"""A history property's line, as calfeed writes it: short, never folded."""


def without_history(vevent: bytes) -> bytes:
    """A written VEVENT (from BEGIN to END, CRLF after each line) without its DTSTAMP,
    SEQUENCE and LAST-MODIFIED lines: what an unchanged event shares with its last build."""
    return _HISTORY_LINE.sub(b"", vevent)


def read_previous(folder: Path) -> dict[EventKey, PreviousEvent]:
    """Every event in the `.ics` files under `folder` (or in the one feed file it names),
    by UID and RECURRENCE-ID, each with the history most of its copies hold. Unreadable
    or foreign files are skipped: they only mean an event is treated as new."""
    paths = [folder] if folder.is_file() else sorted(folder.rglob("*.ics"))
    votes: dict[EventKey, Counter[PreviousEvent]] = {}
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for previous in events_in(data).values():
            votes.setdefault(previous.key, Counter())[previous] += 1
    return {key: min(counted, key=lambda p: _rank(p, counted)) for key, counted in votes.items()}


def _rank(previous: PreviousEvent, votes: Counter[PreviousEvent]) -> tuple[int, int, datetime, str]:
    """Most copies first, then the lower SEQUENCE, the earlier DTSTAMP, and the digest, so
    the winner never depends on the order files were read in."""
    stamp = previous.stamp
    return (-votes[previous], stamp.sequence, stamp.dtstamp, previous.digest)


def events_in(feed: bytes) -> dict[EventKey, PreviousEvent]:
    """The events of one feed's bytes, by UID and RECURRENCE-ID; blocks without history
    are skipped."""
    found: dict[EventKey, PreviousEvent] = {}
    changed: dict[str, list[bytes]] = {}
    for block in _BLOCK.findall(feed):
        previous = _parse_block(block)
        if previous is not None:
            found[previous.key] = previous
            if previous.recurrence_id is not None:
                changed.setdefault(previous.uid, []).append(recurrence_line(previous.recurrence_id))
    for uid, lines in changed.items():
        series = found.get((uid, None))
        if series is not None:
            block_digest = series_digest(bytes.fromhex(series.digest), lines)
            found[(uid, None)] = dataclasses.replace(series, digest=block_digest)
    return found


def recurrence_line(value: str) -> bytes:
    """A changed occurrence's RECURRENCE-ID line, as its series' digest counts it."""
    return f"RECURRENCE-ID{value}\r\n".encode()


def series_digest(block_digest: bytes, changed: list[bytes]) -> str:
    """The digest of a series that has changed occurrences: of its own block's digest and
    their RECURRENCE-ID lines, in feed order (the order of their original times)."""
    return hashlib.sha256(block_digest + b"".join(changed)).hexdigest()


_BLOCK = re.compile(rb"^BEGIN:VEVENT\r\n.*?^END:VEVENT\r\n", re.S | re.M)
_VALUES = re.compile(rb"^(DTSTAMP|LAST-MODIFIED|SEQUENCE|UID):([^\r\n]*)\r\n", re.M)
_RECURRENCE_ID = re.compile(rb"^RECURRENCE-ID([;:][^\r\n]*)\r\n", re.M)


def _parse_block(block: bytes) -> PreviousEvent | None:
    values = {
        name.decode(): value.decode("utf-8", "replace") for name, value in _VALUES.findall(block)
    }
    try:
        stamp = Stamp(
            _parse_utc(values["DTSTAMP"]),
            _parse_utc(values["LAST-MODIFIED"]),
            int(values["SEQUENCE"]),
        )
        uid = values["UID"]
    except (KeyError, ValueError):
        return None
    recurrence = _RECURRENCE_ID.search(block)
    recurrence_id = recurrence.group(1).decode("utf-8", "replace") if recurrence else None
    digest = hashlib.sha256(without_history(block)).hexdigest()
    return PreviousEvent(uid, recurrence_id, stamp, digest)


def _parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def next_stamp(previous: PreviousEvent | None, digest: str, now: datetime) -> Stamp:
    """Unchanged: the old stamp. Changed: now, and SEQUENCE + 1. New: now, SEQUENCE 0."""
    if previous is None:
        return Stamp(now, now, 0)
    if previous.digest == digest:
        return previous.stamp
    return Stamp(now, now, previous.stamp.sequence + 1)


def build_time(source_date_epoch: str | None) -> datetime:
    """`SOURCE_DATE_EPOCH` when set (reproducible builds), else the current second."""
    if not source_date_epoch:
        return datetime.now(UTC).replace(microsecond=0)
    try:
        return datetime.fromtimestamp(int(source_date_epoch), tz=UTC)
    except (ValueError, OverflowError, OSError):
        raise CalfeedError(
            f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds since 1970"
        ) from None
