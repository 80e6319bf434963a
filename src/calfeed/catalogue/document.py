"""The catalogue's TOML parsed one event at a time, where the file is laid out for it.

`tomllib` holds about two and a half times the parsed document in passing while it parses
(it remembers every key it has seen): on a catalogue of 50,000 events, 360 MB for one
call, more than the rest of a build. Most catalogues put their settings first and then one
block of `[events.<id>]` tables per event; such a file is the settings plus one small TOML
document per event, and parsing those one by one gives the same document with the passing
cost of a single event.

The result must be exactly `tomllib.loads(text)`, errors included, so the text is cut only
where the scanner (`source.py`) saw a table header, and the whole text is parsed at once
whenever the parts could mean anything else: a part that does not parse (the error is
then reported from the whole text, at its true line), an event whose tables are not all in
one block, anything the settings say about `events`, or settings after the first event.
"""

from __future__ import annotations

import tomllib

from calfeed.catalogue.source import SourceIndex


class _IrregularLayoutError(Exception):
    """The text is not laid out as settings and then one block per event."""


def parse_document(text: str, index: SourceIndex) -> dict[str, object]:
    """`tomllib.loads(text)`, with less memory when `index` shows one block per event."""
    blocks = _event_blocks(index)
    if len(blocks) < 2:
        return tomllib.loads(text)
    try:
        return _by_event(text, blocks)
    except (tomllib.TOMLDecodeError, _IrregularLayoutError):
        return tomllib.loads(text)


def _event_blocks(index: SourceIndex) -> list[tuple[int, str | int | None]]:
    """Where each run of headers of one event begins, with its id (None for a header that
    belongs to no event, which makes the layout irregular after the first event)."""
    blocks: list[tuple[int, str | int | None]] = []
    for begin, path in index.headers:
        event_id = path[1] if len(path) >= 2 and path[0] == "events" else None
        if blocks and (event_id is None or blocks[-1][1] != event_id):
            blocks.append((begin, event_id))  # the next event's block, or a stray header
        elif not blocks and event_id is not None:
            blocks.append((begin, event_id))  # the first event: the settings end here
    return blocks


def _by_event(text: str, blocks: list[tuple[int, str | int | None]]) -> dict[str, object]:
    document = tomllib.loads(text[: blocks[0][0]])
    if "events" in document:
        raise _IrregularLayoutError  # [events] or an inline table: the blocks would extend it
    events: dict[str, object] = {}
    ends = [begin for begin, _id in blocks[1:]] + [len(text)]
    for (begin, event_id), end in zip(blocks, ends, strict=True):
        if not isinstance(event_id, str) or event_id in events:
            raise _IrregularLayoutError
        part = tomllib.loads(text[begin:end])
        parsed = part.get("events")
        if part.keys() != {"events"} or not isinstance(parsed, dict):
            raise _IrregularLayoutError
        if parsed.keys() != {event_id}:
            raise _IrregularLayoutError
        events[event_id] = parsed[event_id]
    document["events"] = events
    return document
