"""What changed in an event's agenda, session by session, as subscribers read it."""

from __future__ import annotations

from dataclasses import replace

from calfeed.model import Session, Timed, When
from calfeed.render.description import agenda_item, session_time
from calfeed.tz import load_zone


def agenda_words(old: When, new: When) -> tuple[str, ...]:
    """`agenda: 'Session II' removed`, `agenda: 'Opening' 14:00–14:30 → 14:15–14:45`, ...

    What follows from a change already said is left out: sessions that moved with their
    event (by the same wall-clock shift), or a new zone that keeps every session's
    instant and only renames the agenda's heading. A timed event that became an all-day
    one has no agenda, which its move says."""
    if not (isinstance(old, Timed) and isinstance(new, Timed)):
        return ()
    expected = _moved_with(old, new)
    if _items(expected, new.zone) == _items(new.sessions, new.zone):
        return ()
    words = _by_title(old.sessions, expected, new.sessions, new.zone)
    return words or ("agenda changed",)


def _moved_with(old: Timed, new: Timed) -> tuple[Session, ...]:
    """The old sessions as they would be had they moved with the event: shifted by the
    event's shift in wall-clock time, in the new zone."""
    tz = load_zone(new.zone)
    shift = new.start.astimezone(tz).replace(tzinfo=None) - old.start.astimezone(tz).replace(
        tzinfo=None
    )
    return tuple(
        replace(s, start=s.start.astimezone(tz) + shift, end=s.end.astimezone(tz) + shift)
        for s in old.sessions
    )


def _items(sessions: tuple[Session, ...], zone: str) -> list[str]:
    return [agenda_item(s, zone) for s in sessions]


def _by_title(
    old: tuple[Session, ...],
    expected: tuple[Session, ...],
    new: tuple[Session, ...],
    zone: str,
) -> tuple[str, ...]:
    """Sessions removed, added, or changed beyond moving with their event; times as
    subscribers saw them before and will see them."""
    was = {s.title: s for s in old}
    moved_with = {s.title: s for s in expected}
    now = {s.title: s for s in new}
    words = [f"agenda: {title!r} removed" for title in was if title not in now]
    for title, session in now.items():
        if title not in was:
            words.append(f"agenda: {title!r} added")
            continue
        before, after = agenda_item(moved_with[title], zone), agenda_item(session, zone)
        if before == after:
            continue
        if session_time(moved_with[title], zone) != session_time(session, zone):
            earlier = session_time(was[title], zone)
            words.append(f"agenda: {title!r} {earlier} → {session_time(session, zone)}")
        if before.split("\n", 1)[1:] != after.split("\n", 1)[1:]:
            words.append(f"agenda: {title!r}: people or notes changed")
    return tuple(words)
