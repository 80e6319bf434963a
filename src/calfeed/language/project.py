"""A catalogue in one of its languages: the same events, with the texts of that language.

Everything downstream (selection, rendering, the page, `list`) reads one string per text;
rather than teach each of them languages, a build asks for the catalogue in each language
and runs the same code over each. Only texts change: ids, times, audiences and links are
the same values, so every language's feeds hold the same events at the same instants.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import TypeVar

from calfeed.errors import OptionError
from calfeed.language.tags import declared_tag
from calfeed.model import (
    Audience,
    Catalogue,
    Event,
    FeedSpec,
    Override,
    Region,
    Session,
    TextPath,
    Timed,
    TimedRecurrence,
)

_Named = TypeVar("_Named", Audience, Region, FeedSpec)


def languages_of(catalogue: Catalogue) -> tuple[str | None, ...]:
    """The languages a build writes: the declared ones, default first, or (None,) for a
    catalogue that declares none."""
    return catalogue.calendar.languages or (None,)


def chosen_language(catalogue: Catalogue, tag: str | None, option: str = "--lang") -> Catalogue:
    """The catalogue in the language a user asked for (`--lang zh`, `&lang=zh`), or in
    its default without one; a language it does not declare is an `OptionError` naming
    the declared ones."""
    if tag is None:
        return in_language(catalogue, catalogue.calendar.default_language)
    declared = catalogue.calendar.languages
    found = declared_tag(tag, declared)
    if found is None:
        raise OptionError(
            option,
            f"language {tag!r} is not declared in [calendar] languages"
            + (f": use one of {', '.join(declared)}" if declared else " (it declares none)"),
        )
    return in_language(catalogue, found)


def in_language(catalogue: Catalogue, language: str | None) -> Catalogue:
    """`catalogue` with its texts in `language` (one of its declared languages; the
    default, or None for a catalogue without languages, is the catalogue itself, but for
    knowing its language)."""
    declared = catalogue.calendar.languages
    if language is not None and language not in declared:
        raise ValueError(f"language {language!r} is not declared: {', '.join(declared)}")
    if language is None or language == declared[0]:
        if catalogue.language == language:
            return catalogue
        return dataclasses.replace(catalogue, language=language)
    texts = catalogue.translations.get(language, {})
    pick = _Picker(texts, catalogue.fallbacks.get(language, frozenset()))
    events = {e.id: pick.event(e) for e in catalogue.events}
    calendar = catalogue.calendar
    return dataclasses.replace(
        catalogue,
        calendar=dataclasses.replace(
            calendar,
            name=pick(("calendar", "name"), calendar.name),
            description=pick(("calendar", "description"), calendar.description),
        ),
        audiences={k: pick.named(("audiences", k), a) for k, a in catalogue.audiences.items()},
        regions={k: pick.named(("regions", k), r) for k, r in catalogue.regions.items()},
        feeds={k: pick.named(("feeds", k), f) for k, f in catalogue.feeds.items()},
        events=tuple(events.values()),
        schedule=tuple(events[e.id] for e in catalogue.schedule),
        language=language,
    )


class _Picker:
    """The texts of one language, put in the places they stand."""

    def __init__(self, texts: Mapping[TextPath, str], fallbacks: frozenset[TextPath]) -> None:
        self.texts = texts
        self.fallbacks = fallbacks

    def __call__(self, path: TextPath, default: str) -> str:
        return self.texts.get(path, default)

    def named(self, where: TextPath, item: _Named) -> _Named:
        """An audience, region or feed, with its name and description."""
        return dataclasses.replace(
            item,
            name=self((*where, "name"), item.name),
            description=self((*where, "description"), item.description),
        )

    def event(self, event: Event, where: TextPath | None = None) -> Event:
        where = where or ("events", event.id)
        when = event.when
        if isinstance(when, Timed):
            when = dataclasses.replace(
                when,
                sessions=tuple(
                    self._session(s, (*where, "sessions", str(n)))
                    for n, s in enumerate(when.sessions)
                ),
                recurrence=self._recurrence(when.recurrence, event.id),
            )
        return dataclasses.replace(
            event,
            title=self((*where, "title"), event.title),
            location=self((*where, "location"), event.location),
            description=self((*where, "description"), event.description),
            when=when,
            in_default_language=frozenset(
                name
                for name in ("title", "location", "description")
                if (*where, name) in self.fallbacks
            ),
        )

    def _session(self, session: Session, where: TextPath) -> Session:
        return dataclasses.replace(
            session,
            title=self((*where, "title"), session.title),
            description=self((*where, "description"), session.description),
        )

    def _recurrence(
        self, recurrence: TimedRecurrence | None, event_id: str
    ) -> TimedRecurrence | None:
        if recurrence is None or not recurrence.overrides:
            return recurrence
        changed = tuple(
            Override(
                o.original,
                self.event(
                    o.event, ("events", event_id, "occurrences", o.original.date().isoformat())
                ),
            )
            for o in recurrence.overrides
        )
        return dataclasses.replace(recurrence, overrides=changed)
