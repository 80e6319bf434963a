"""The `updated` change: every difference subscribers will see that none of the named
kinds (moved, retitled, ...) says, in words.

It works property by property on the VEVENT as the public feeds carry it (`received`),
so whatever reaches subscribers is reported: a property this module has no words for is
named with its old and new value. What only follows from a change already reported is
not said twice: a move rewrites DTSTART, the EXDATEs and the time line of DESCRIPTION,
and the move says all of it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from calfeed.diff.agenda import agenda_words
from calfeed.diff.change import ChangeKind
from calfeed.diff.received import Received, Value
from calfeed.model import AllDay, Event, Timed, Undated
from calfeed.render.description import Part, description_parts
from calfeed.render.series import rule_text
from calfeed.render.text import display_zones
from calfeed.tz import load_zone, zone_label

_TIME = frozenset({"DTSTART", "DTEND", "EXDATE", "RDATE"})
_SAID_BY: Mapping[ChangeKind, frozenset[str]] = {
    ChangeKind.MOVED: _TIME,
    ChangeKind.CANCELLED: frozenset({"STATUS"}),
    ChangeKind.RETITLED: frozenset({"SUMMARY"}),
    ChangeKind.RELOCATED: frozenset({"LOCATION"}),
    ChangeKind.RELINKED: frozenset({"URL", "CONFERENCE"}),
}
"""The properties each named kind accounts for."""
_SHORT = 60
"""Longest value quoted in full (old → new); a longer one is only named."""


@dataclass(frozen=True)
class _Pair:
    """One event before and after, and what is already said about it."""

    was: Received
    now: Received
    reported: frozenset[ChangeKind]
    zone_changed: bool
    differing: tuple[str, ...]
    """Names of the VEVENT properties that differ, in the feed's order."""

    @property
    def retimed(self) -> bool:
        """The time line follows from a reported change: a move, or a new zone."""
        return ChangeKind.MOVED in self.reported or self.zone_changed


def updated(was: Received, now: Received, reported: frozenset[ChangeKind]) -> tuple[str, ...]:
    """Each difference subscribers will see that `reported` (the named kinds already found
    for this event) does not say, in words; empty when there is none."""
    differing = _differing(was.properties, now.properties)
    if not differing:
        return ()
    zone = _zone_words(was.event, now.event, moved=ChangeKind.MOVED in reported)
    pair = _Pair(was, now, reported, zone is not None, differing)
    # DESCRIPTION's words account for each of its paragraphs themselves: when they say
    # nothing, every paragraph that changed follows from a change already said.
    said = {"DESCRIPTION"}.union(*(_SAID_BY.get(kind, ()) for kind in reported))
    if zone is not None:
        said |= _TIME
    details = [zone] if zone is not None else []
    for name in differing:
        words = _WORDS[name](pair) if name in _WORDS else ()
        details.extend(words)
        if not words and name not in said:
            details.append(_as_written(name, was.properties, now.properties))
    return tuple(details)


def _differing(
    old: Mapping[str, tuple[Value, ...]], new: Mapping[str, tuple[Value, ...]]
) -> tuple[str, ...]:
    names = [*new, *(name for name in old if name not in new)]
    return tuple(name for name in names if old.get(name) != new.get(name))


def _zone_words(old: Event, new: Event, *, moved: bool) -> str | None:
    """`zone: Europe/Paris → Europe/Berlin, the same instant`, or None if it is the same
    (and said the same way: assumed from the calendar's default, or named)."""
    if not (isinstance(old.when, Timed) and isinstance(new.when, Timed)):
        return None
    was, now = old.when, new.when
    if (was.zone, was.zone_assumed) == (now.zone, now.zone_assumed):
        return None
    text = f"zone: {_zone_name(was)} → {_zone_name(now)}"
    if was.zone != now.zone and not moved:
        text += ", the same instant"
    return text


def _zone_name(timed: Timed) -> str:
    return timed.zone + (" (assumed)" if timed.zone_assumed else "")


def _repeat(pair: _Pair) -> tuple[str, ...]:
    """The rule in the words subscribers read (`Every Thursday, 8 times, until ...`)."""
    old, new = pair.was.event, pair.now.event
    was, now = rule_text(old) or "(none)", rule_text(new) or "(none)"
    if was == now:  # words that hide the difference: the rules as written
        was, now = _rule(old) or "(none)", _rule(new) or "(none)"
    return (f"repeat: {was} → {now}",)


def _rule(event: Event) -> str | None:
    return event.recurrence.rule if event.recurrence is not None else None


def _dates(kind: str) -> Callable[[_Pair], tuple[str, ...]]:
    """Words for `except` (EXDATE) or `also` (RDATE): the days, as the catalogue names
    them; the same days at a new time follow from the move and say nothing new."""

    def words(pair: _Pair) -> tuple[str, ...]:
        was, now = _days(pair.was.event, kind), _days(pair.now.event, kind)
        if was == now:
            return ()
        return (
            f"{kind}: {_listed(map(date.isoformat, was))} → {_listed(map(date.isoformat, now))}",
        )

    return words


def _days(event: Event, kind: str) -> tuple[date, ...]:
    """The days an event's `except` or `also` names, in the event's own zone."""
    match event.when:
        case Timed(zone=zone, recurrence=series) if series is not None:
            instants = series.exceptions if kind == "except" else series.additions
            return tuple(sorted({i.astimezone(load_zone(zone)).date() for i in instants}))
        case AllDay(recurrence=series) if series is not None:
            return tuple(sorted(series.exceptions if kind == "except" else series.additions))
        case Timed() | AllDay() | Undated():
            return ()


def _tags(pair: _Pair) -> tuple[str, ...]:
    return _listing("tags", pair.was.event.tags, pair.now.event.tags)


def _status(pair: _Pair) -> tuple[str, ...]:
    """`status: confirmed → tentative`; a cancellation is said by its own kind."""
    old, new = pair.was.event.status, pair.now.event.status
    if old is new or ChangeKind.CANCELLED in pair.reported:
        return ()
    return (f"status: {old.value} → {new.value}",)


def _description(pair: _Pair) -> tuple[str, ...]:
    """DESCRIPTION paragraph by paragraph: each that changed is said in words unless it
    only follows from a change already said."""
    was = dict(description_parts(pair.was.event, pair.was.catalogue, private=False))
    now = dict(description_parts(pair.now.event, pair.now.catalogue, private=False))
    details: list[str] = []
    for part in Part:
        if was.get(part) != now.get(part):
            details.extend(_part_words(part, pair, was.get(part, ""), now.get(part, "")))
    return tuple(details)


def _part_words(part: Part, pair: _Pair, was: str, now: str) -> tuple[str, ...]:
    """Words for one changed paragraph (`was` and `now` are its texts), or none where it
    follows from a change already said: the paragraph that opens with the time follows
    from a move or a new zone, the links from a new link or a new status, the series in
    words from a new rule, new days or new zones beside the event's own. Where nothing
    explains it, the paragraph is named."""
    old, new = pair.was.event, pair.now.event
    match part:
        case Part.WHEN:
            shown = _shown_words(pair)
            if shown or pair.retimed:
                return shown
            return (_text_change("time line", was, now),)
        case Part.ZONE_NOTE:
            return () if pair.zone_changed else (_text_change("zone note", was, now),)
        case Part.REPEAT:  # the rule, its days and the zones whose times shift
            series = {"RRULE", "EXDATE", "RDATE"} & set(pair.differing)
            if pair.retimed or series or _shown_words(pair):
                return ()
            return (_text_change("repeat line", was, now),)
        case Part.LINKS:  # a cancelled event's links give way to a word that it is
            relinked = {ChangeKind.RELINKED, ChangeKind.CANCELLED} & pair.reported
            if relinked or "STATUS" in pair.differing:
                return ()
            return (_text_change("links", was, now),)
        case Part.PEOPLE:
            people = _listing("hosts", old.hosts, new.hosts) + _listing(
                "languages", old.languages, new.languages
            )
            return people or (_text_change("people", was, now),)
        case Part.TEXT:
            return ("description changed",)
        case Part.AGENDA:
            return agenda_words(old.when, new.when)
        case Part.PRIVATE:  # never in what public subscribers receive
            return ()


def _shown_words(pair: _Pair) -> tuple[str, ...]:
    """The zones the time line shows besides the event's own (its regions' and the
    calendar's): a new zone of the event itself is said by the zone change."""
    old, new = pair.was.event, pair.now.event
    if not (isinstance(old.when, Timed) and isinstance(new.when, Timed)):
        return ()
    as_if = replace(old, when=replace(old.when, zone=new.when.zone))
    was = display_zones(as_if, pair.was.catalogue)
    now = display_zones(new, pair.now.catalogue)
    if was == now:
        return ()
    return (f"times shown in: {_listed(map(zone_label, was))} → {_listed(map(zone_label, now))}",)


def _listing(label: str, was: tuple[str, ...], now: tuple[str, ...]) -> tuple[str, ...]:
    return () if was == now else (f"{label}: {_listed(was)} → {_listed(now)}",)


def _listed(items: Iterable[str]) -> str:
    return ", ".join(items) or "(none)"


def _text_change(label: str, was: str, now: str) -> str:
    """`label: old → new` when both are short and on one line, else `label changed`."""
    if all(len(t) <= _SHORT and "\n" not in t for t in (was, now)):
        return f"{label}: {was or '(none)'} → {now or '(none)'}"
    return f"{label} changed"


def _as_written(
    name: str, old: Mapping[str, tuple[Value, ...]], new: Mapping[str, tuple[Value, ...]]
) -> str:
    """A property with no words of its own: its name, and its values when short."""
    return _text_change(name, _written(old.get(name, ())), _written(new.get(name, ())))


def _written(values: tuple[Value, ...]) -> str:
    return "; ".join(f"{v.parameters}:{v.text}" if v.parameters else v.text for v in values)


_WORDS: Mapping[str, Callable[[_Pair], tuple[str, ...]]] = {
    "RRULE": _repeat,
    "EXDATE": _dates("except"),
    "RDATE": _dates("also"),
    "CATEGORIES": _tags,
    "STATUS": _status,
    "DESCRIPTION": _description,
}
"""Properties said in the catalogue's own words; any other is named as written."""
