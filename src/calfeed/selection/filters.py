"""Which events a filtered feed holds: `calfeed feed`, `calfeed list`, custom feeds and the
web app's `/feed.ics` all select the same way, and check their filters in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from calfeed.errors import UnknownFilterError
from calfeed.model import Catalogue, Event


@dataclass(frozen=True)
class Selection:
    """Filters: each non-empty set must match at least one of the event's own keys."""

    audiences: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()

    def matches(self, event: Event) -> bool:
        return (
            (not self.audiences or bool(self.audiences & event.audiences))
            and (not self.regions or bool(self.regions & event.regions))
            and (not self.tags or bool(self.tags & set(event.tags)))
        )


def resolve_selection(
    catalogue: Catalogue,
    *,
    regions: Iterable[str] = (),
    audiences: Iterable[str] = (),
    tags: Iterable[str] = (),
) -> Selection:
    """The selection the filter values name; `UnknownFilterError` for a value the catalogue
    does not declare, since a misspelt filter would silently select nothing."""
    return Selection(
        audiences=_declared("audience", audiences, catalogue.audiences, catalogue),
        regions=_declared("region", regions, catalogue.regions, catalogue),
        tags=_declared("tag", tags, catalogue.tags, catalogue),
    )


def _declared(
    kind: str, values: Iterable[str], known: Mapping[str, object], catalogue: Catalogue
) -> frozenset[str]:
    chosen = frozenset(values)
    for value in sorted(chosen):
        if value not in known:
            raise UnknownFilterError(kind, value, known, catalogue.path)
    return chosen


def is_public(event: Event, catalogue: Catalogue) -> bool:
    """An event is public unless every audience it names is private (a catalogue that
    declares no audiences at all publishes everything)."""
    return not event.audiences or bool(event.audiences - catalogue.private_audiences)
