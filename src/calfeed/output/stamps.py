"""An event's history, carried from the feeds already in the output folder.

Calendar apps decide whether to update an event by its SEQUENCE and DTSTAMP. Keeping them
while an event is unchanged makes a rebuild byte-for-byte identical; raising SEQUENCE when
it changes makes every client take the new version. The previous feeds themselves are the
record: no state file to lose or to fall out of step with what subscribers have (the
record of the last build, `record.py`, only says which feeds were edited since).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from calfeed.errors import CalfeedError
from calfeed.output.record import written_files


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
    digest: str
    """SHA-256 of its written lines without its history (as `EventText.digest`)."""


_HISTORY_LINE = re.compile(rb"^(?:DTSTAMP|LAST-MODIFIED|SEQUENCE)[;:][^\r\n]*\r\n", re.M)
"""A history property's line, as calfeed writes it: short, never folded."""


def without_history(vevent: bytes) -> bytes:
    """A written VEVENT (from BEGIN to END, CRLF after each line) without its DTSTAMP,
    SEQUENCE and LAST-MODIFIED lines: what an unchanged event shares with its last build."""
    return _HISTORY_LINE.sub(b"", vevent)


def read_previous(folder: Path) -> dict[str, PreviousEvent]:
    """Every event in the `.ics` files under `folder` (or in the one feed file it names),
    by UID (the highest SEQUENCE wins where copies disagree). Unreadable or foreign files
    are skipped: they only mean an event is treated as new.

    A feed the folder's record says was written otherwise (edited by hand) is a witness
    only for events no other feed carries: repairing it must not look like a change to
    the events it holds, which every other feed would announce to its subscribers."""
    if folder.is_file():
        return _merged(_read([folder]), {}, folder.parent)
    if not folder.is_dir():
        return {}
    written = written_files(folder)
    # `all.ics` holds every public event: reading it alone spares re-reading each event
    # from every feed it is in. Without it (a private folder), or when it was edited since
    # it was written, every feed is read.
    everything = list(_read([folder / "all.ics"]))
    if everything and _as_written(folder, *everything[0], written):
        return _merged(everything, written, folder)
    return _merged(_read(sorted(folder.rglob("*.ics"))), written, folder)


def _read(paths: list[Path]) -> Iterator[tuple[Path, bytes]]:
    """Each readable file with its bytes, read once, one at a time."""
    for path in paths:
        try:
            yield path, path.read_bytes()
        except OSError:
            continue


def _merged(
    feeds: Iterable[tuple[Path, bytes]], written: dict[str, str], folder: Path
) -> dict[str, PreviousEvent]:
    trusted: dict[str, PreviousEvent] = {}
    edited: dict[str, PreviousEvent] = {}
    for path, data in feeds:
        found = trusted if _as_written(folder, path, data, written) else edited
        for previous in events_in(data).values():
            known = found.get(previous.uid)
            if known is None or previous.stamp.sequence > known.stamp.sequence:
                found[previous.uid] = previous
    return {**edited, **trusted}


def _as_written(folder: Path, path: Path, data: bytes, written: dict[str, str]) -> bool:
    """False only when the record lists `path` with other bytes than `data`."""
    expected = written.get(path.relative_to(folder).as_posix())
    return expected is None or hashlib.sha256(data).hexdigest() == expected


def events_in(feed: bytes) -> dict[str, PreviousEvent]:
    """The events of one feed's bytes, by UID; blocks without history are skipped."""
    found: dict[str, PreviousEvent] = {}
    for block in _BLOCK.findall(feed):
        previous = _parse_block(block)
        if previous is not None:
            found[previous.uid] = previous
    return found


_BLOCK = re.compile(rb"^BEGIN:VEVENT\r\n.*?^END:VEVENT\r\n", re.S | re.M)
_VALUES = re.compile(rb"^(DTSTAMP|LAST-MODIFIED|SEQUENCE|UID):([^\r\n]*)\r\n", re.M)


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
    return PreviousEvent(uid, stamp, hashlib.sha256(without_history(block)).hexdigest())


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
