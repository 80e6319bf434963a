"""Catalogue entries for the events found in a text, to paste into `events.toml`.

An entry that can stand is written as TOML with what was assumed said in comments above
it; one that cannot (no time, no zone, a date that could be two) is written commented out,
under the reason, so that pasting the output never adds an event at a guessed instant.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable

from calfeed.invitation.finding import Found

_ID_WORDS = 5


def render_entries(found: Iterable[Found], source: str, taken: frozenset[str] = frozenset()) -> str:
    """The TOML text of every entry; `taken` holds ids the catalogue already uses."""
    events = list(found)
    used = set(taken)
    blocks = []
    for event in events:
        key = _key(event, used)
        used.add(key)
        blocks.append(_entry(event, key))
    complete = sum(not e.missing for e in events)
    sessions = sum(len(e.sessions) for e in events if not e.missing)
    header = (
        f"# calfeed import of {source}: {complete} event(s) with {sessions} session(s), "
        f"{len(events) - complete} left commented out (incomplete)\n"
    )
    return header + "".join(f"\n{block}" for block in blocks)


def _entry(event: Found, key: str) -> str:
    lines = [f"# Line {event.line}: {event.source}"]
    if event.missing:
        lines += [f"# Not imported: {reason}" for reason in event.missing]
        lines += [f"# {line}" if line else "#" for line in _table(event, key)]
    else:
        lines += [f"# Note: {note}" for note in event.notes]
        lines += _table(event, key)
    return "\n".join(lines) + "\n"


def _table(event: Found, key: str) -> list[str]:
    """The `[events.<id>]` table, and its sessions."""
    lines = [f"[events.{key}]", f"title = {_string(event.title or _untitled(event))}"]
    if event.start is not None:
        lines.append(f"start = {event.start.isoformat()}")
        if event.end is not None:
            same_day = event.end.date() == event.start.date()
            end = event.end.time() if same_day else event.end
            lines.append(f"end = {end.isoformat()}")
        lines.append(f"timezone = {_string(event.zone or '?')}")
    elif event.day is not None:
        lines.append(f"start = {event.day.isoformat()}")
    if event.announced is not None:
        lines.append(f"announced = [{_string(event.announced)}]")
    lines += [f"{kind} = {_string(url)}" for kind, url in sorted(event.links.items())]
    if event.other_links:
        lines.append(f"# other links near it: {', '.join(event.other_links)}")
    for session in event.sessions:
        lines += [
            "",
            f"[[events.{key}.sessions]]",
            f"title = {_string(session.title or 'Session')}",
            f"start = {session.start.isoformat()}",
            f"end = {session.end.isoformat()}",
        ]
    return lines


def _untitled(event: Found) -> str:
    """No title near the date: the line itself stands in, so the entry still reads."""
    return event.source.strip(" -–•*")


def _key(event: Found, used: set[str]) -> str:
    """A plain, stable id: the title's first words and the date."""
    plain = unicodedata.normalize("NFKD", event.title or "event")
    words = re.findall(r"[a-z0-9]+", plain.encode("ascii", "ignore").decode().casefold())
    stem = "-".join(words[:_ID_WORDS]) or "event"
    if event.day is not None:
        stem += f"-{event.day.isoformat()}"
    key, number = stem, 2
    while key in used:
        key, number = f"{stem}-{number}", number + 1
    return key


def _string(text: str) -> str:
    """A TOML basic string: JSON's escapes are all TOML's too."""
    return json.dumps(text, ensure_ascii=False)
