"""An event's history, carried from the feeds already in the output folder.

Calendar apps decide whether to update an event by its SEQUENCE and DTSTAMP. Keeping them
while an event is unchanged makes a rebuild byte-for-byte identical; raising SEQUENCE when
it changes makes every client take the new version. The previous feeds themselves are the
record: no state file to lose or to fall out of step with what subscribers have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from calfeed.errors import CalfeedError

HISTORY = ("DTSTAMP", "LAST-MODIFIED", "SEQUENCE")
_UNFOLD = re.compile(rb"\r?\n[ \t]")


@dataclass(frozen=True)
class Stamp:
    """DTSTAMP, LAST-MODIFIED and SEQUENCE of one event."""

    dtstamp: datetime
    last_modified: datetime
    sequence: int


@dataclass(frozen=True)
class PreviousEvent:
    """An event as the previous build wrote it."""

    uid: str
    stamp: Stamp
    content: tuple[str, ...]


def _name(line: str) -> str:
    return re.split(r"[;:]", line, maxsplit=1)[0].upper()


def is_history(line: str) -> bool:
    """DTSTAMP, LAST-MODIFIED and SEQUENCE lines: the history, not the content."""
    return _name(line) in HISTORY


def event_content(ics: bytes) -> tuple[str, ...]:
    """Unfolded lines of one VEVENT, without its history: equal when nothing changed."""
    lines = _UNFOLD.sub(b"", ics).decode("utf-8", "replace").splitlines()
    return tuple(line for line in lines if not is_history(line))


def read_previous(folder: Path) -> dict[str, PreviousEvent]:
    """Every event in the `.ics` files under `folder` (or in the one feed file it names),
    by UID (the highest SEQUENCE wins where copies disagree). Unreadable or foreign files
    are skipped: they only mean an event is treated as new."""
    found: dict[str, PreviousEvent] = {}
    if folder.is_file():
        paths = [folder]
    elif not folder.is_dir():
        return found
    else:
        # `all.ics` holds every public event: reading it alone spares re-reading each event
        # from every feed it is in. Without it (a private folder), every feed is read.
        everything = folder / "all.ics"
        paths = [everything] if everything.is_file() else sorted(folder.rglob("*.ics"))
    for path in paths:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for previous in events_in(data).values():
            known = found.get(previous.uid)
            if known is None or previous.stamp.sequence > known.stamp.sequence:
                found[previous.uid] = previous
    return found


def events_in(feed: bytes) -> dict[str, PreviousEvent]:
    """The events of one feed's bytes, by UID; blocks without history are skipped."""
    found: dict[str, PreviousEvent] = {}
    for block in re.findall(rb"BEGIN:VEVENT\r?\n.*?END:VEVENT", feed, flags=re.S):
        previous = _parse_block(block)
        if previous is not None:
            found[previous.uid] = previous
    return found


def _parse_block(block: bytes) -> PreviousEvent | None:
    lines = _UNFOLD.sub(b"", block).decode("utf-8", "replace").splitlines()
    values = {_name(line): line.split(":", 1)[-1] for line in lines}
    try:
        stamp = Stamp(
            _parse_utc(values["DTSTAMP"]),
            _parse_utc(values["LAST-MODIFIED"]),
            int(values["SEQUENCE"]),
        )
        uid = values["UID"]
    except (KeyError, ValueError):
        return None
    return PreviousEvent(uid, stamp, event_content(block + b"\r\n"))


def _parse_utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


def next_stamp(previous: PreviousEvent | None, content: tuple[str, ...], now: datetime) -> Stamp:
    """Unchanged: the old stamp. Changed: now, and SEQUENCE + 1. New: now, SEQUENCE 0."""
    if previous is None:
        return Stamp(now, now, 0)
    if previous.content == content:
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
