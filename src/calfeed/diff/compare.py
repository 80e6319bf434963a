"""What a change to the catalogue does to subscribers, in their own times.

Compares what the public feeds carry of each event before and after (`received`): events
added, removed (they vanish from calendars), cancelled, moved (by instant, so a change of
zone that keeps the instant is no move), retitled, relocated, relinked and refiled, each
with the feeds it reaches, and any other difference subscribers will see as `updated`,
said in words (`updates`).

Only what public subscribers receive counts: a private detail, an `announced` time or a
comment changes no feed and is no change; an event for private audiences only is in no
public feed, so making an event private-only removes it and the reverse adds it. The
report goes to pull requests and job summaries, so it never names what only private
audiences see (`calfeed build --private-out DIR --check` names their changed feeds).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from calfeed.diff.change import Change, ChangeKind
from calfeed.diff.received import Received, received
from calfeed.diff.updates import updated
from calfeed.diff.when import instants, moved, when_text
from calfeed.language import in_language
from calfeed.model import Catalogue, Event, Status, Timed
from calfeed.render.text import day_text
from calfeed.selection import is_public
from calfeed.tz import LocalTimeError, resolve_local_time

__all__ = ["Change", "ChangeKind", "compare", "compare_in_one"]


def compare(old: Catalogue | None, new: Catalogue) -> tuple[Change, ...]:
    """Every change for the default language's subscribers, then what only another
    language's see: its own texts changed (the new catalogue with the old texts of that
    language against the new one, so what every language sees alike is said once, for
    the default's), or its whole tree where the language is new."""
    was = None if old is None else in_language(old, old.calendar.default_language)
    changes = list(compare_in_one(was, in_language(new, new.calendar.default_language)))
    for language in new.calendar.languages[1:]:
        before = None
        if old is not None and language in old.calendar.languages:
            texts = {**new.translations, language: old.translations.get(language, {})}
            before = in_language(dataclasses.replace(new, translations=texts), language)
        for change in compare_in_one(before, in_language(new, language)):
            feeds = tuple(f"{language}/{feed}" for feed in change.feeds)
            changes.append(dataclasses.replace(change, feeds=feeds, language=language))
    return tuple(changes)


def compare_in_one(old: Catalogue | None, new: Catalogue) -> tuple[Change, ...]:
    """Every change, in the new catalogue's event order (events gone from it last).

    `old` is None where there was no catalogue yet: every event is added."""
    before = received(old) if old is not None else {}
    after = received(new)
    known = {e.id: e for e in old.events} if old is not None else {}
    changes: list[Change] = []
    for event in new.events:
        was, now = before.get(event.id), after.get(event.id)
        if now is not None and was is None:
            changes.append(_added(now, known.get(event.id)))
        elif now is None and was is not None:
            changes.append(_removed(was, _why_gone(event, new)))
        elif now is not None and was is not None:
            changes.extend(_changed(was, now))
    still = {e.id for e in new.events}
    changes.extend(
        _removed(before[key], _DELETED) for key in known if key in before and key not in still
    )
    return tuple(changes)


_DELETED = (
    "it vanishes from subscribers' calendars without notice; to call it off, "
    'keep it with status = "cancelled"'
)


def _added(now: Received, earlier: Event | None) -> Change:
    """A new event, or one that had no date or was for private audiences only: `earlier`
    is the event as the old catalogue held it, if it did."""
    details = [when_text(now.event, now.catalogue)]
    if earlier is not None:
        details.append(
            "it had no date before"
            if not earlier.scheduled
            else "it was for private audiences only before"
        )
    event = now.event
    return Change(ChangeKind.ADDED, event.id, event.title, tuple(details), now.feeds)


def _why_gone(event: Event, catalogue: Catalogue) -> str:
    """Why an event still in the catalogue is in no public feed any more."""
    if not event.scheduled:
        return "it has no date any more: it vanishes from subscribers' calendars until it has one"
    assert not is_public(event, catalogue)
    return "it is for private audiences only now: it vanishes from public calendars"


def _removed(was: Received, why: str) -> Change:
    event = was.event
    return Change(ChangeKind.REMOVED, event.id, event.title, (why,), was.feeds)


def _changed(was: Received, now: Received) -> list[Change]:
    """What subscribers of an event in both catalogues will notice, kind by kind, then
    what they will notice of each changed occurrence of a series."""
    occurrences = _occurrence_changes(was.event, now.event, now.catalogue, now.feeds)
    if was.properties == now.properties and set(was.feeds) == set(now.feeds):
        return occurrences
    old, new, reach = was.event, now.event, now.feeds
    found = [
        Change(kind, new.id, new.title, details, reach)
        for kind, details in _specific(old, new, now.catalogue)
    ]
    details = updated(was, now, frozenset(change.kind for change in found))
    if details:
        found.append(Change(ChangeKind.UPDATED, new.id, new.title, details, reach))
    if set(was.feeds) != set(reach):
        found.append(
            Change(ChangeKind.REFILED, new.id, new.title, _refiled(was.feeds, reach), reach)
        )
    return found + occurrences


def _occurrence_changes(
    old: Event, new: Event, catalogue: Catalogue, reach: tuple[str, ...]
) -> list[Change]:
    """Each occurrence changed before or after, as it was against as it is: a changed
    occurrence's own event, or the rule's occurrence as the series has it. Said with the
    date that names it, "Wed 5 May 2027: moved 1 h later: 14:00 → 15:00 London, ..."."""
    before, after = _overrides(old), _overrides(new)
    found: list[Change] = []
    for original in sorted(before.keys() | after.keys()):
        was = before.get(original) or _ruled(old, original)
        now = after.get(original) or _ruled(new, original)
        if was is None or now is None:
            continue
        said = f"{day_text(original.date())}: "
        for kind, details in _specific(was, now, catalogue):
            found.append(Change(kind, new.id, now.title, tuple(said + d for d in details), reach))
    return found


def _overrides(event: Event) -> dict[datetime, Event]:
    """A timed series' changed occurrences, by the rule's wall time they replace."""
    if not isinstance(event.when, Timed) or event.when.recurrence is None:
        return {}
    return {o.original: o.event for o in event.when.recurrence.overrides}


def _ruled(event: Event, original: datetime) -> Event | None:
    """The rule's own occurrence at the wall time `original`, as a one-off event, or None
    if the event is no timed series or the wall time names no instant."""
    timed = event.when
    if not isinstance(timed, Timed) or timed.recurrence is None:
        return None
    try:
        start = resolve_local_time(original, timed.zone)
    except LocalTimeError:
        return None
    end = None
    if timed.end is not None:
        end = start + (timed.end.astimezone(UTC) - timed.start.astimezone(UTC))
    when = Timed(start, end, timed.zone, zone_assumed=timed.zone_assumed)
    return dataclasses.replace(event, when=when)


def _specific(
    old: Event, new: Event, catalogue: Catalogue
) -> list[tuple[ChangeKind, tuple[str, ...]]]:
    """The kinds people look for by name, with the wording they know."""
    found: list[tuple[ChangeKind, tuple[str, ...]]] = []
    if new.status is Status.CANCELLED and old.status is not Status.CANCELLED:
        found.append((ChangeKind.CANCELLED, (when_text(new, catalogue),)))
    if instants(old) != instants(new):
        found.append((ChangeKind.MOVED, moved(old, new, catalogue)))
    if old.title != new.title:
        found.append((ChangeKind.RETITLED, (f"{old.title!r} → {new.title!r}",)))
    if old.location != new.location:
        found.append(
            (ChangeKind.RELOCATED, (f"{old.location or '(none)'} → {new.location or '(none)'}",))
        )
    for label, was, now in (
        ("registration", old.registration, new.registration),
        ("url", old.url, new.url),
        ("online", old.online, new.online),
    ):
        if was != now:
            found.append(
                (ChangeKind.RELINKED, (f"{label}: {was or '(none)'} → {now or '(none)'}",))
            )
    return found


def _refiled(was: tuple[str, ...], now: tuple[str, ...]) -> tuple[str, ...]:
    """Feeds whose subscribers see the event appear or vanish."""
    lines = []
    gained = [f for f in now if f not in was]
    lost = [f for f in was if f not in now]
    if gained:
        lines.append("now also in: " + ", ".join(gained))
    if lost:
        lines.append("no longer in: " + ", ".join(lost))
    return tuple(lines)
