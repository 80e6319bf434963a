"""One thing subscribers will notice about one event, and the kinds `diff` names."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    """What subscribers will notice about one event."""

    ADDED = "added"
    REMOVED = "removed"
    CANCELLED = "cancelled"
    MOVED = "moved"
    RETITLED = "retitled"
    RELOCATED = "relocated"
    RELINKED = "relinked"
    UPDATED = "updated"
    """Anything else subscribers will see (repeat, except, also, tags, description,
    agenda, ...), each difference said in words in the details."""
    REFILED = "refiled"
    """The event now reaches other feeds."""


@dataclass(frozen=True)
class Change:
    """One thing subscribers will notice about one event."""

    kind: ChangeKind
    event_id: str
    title: str
    details: tuple[str, ...]
    feeds: tuple[str, ...]
    """Public feeds (paths) that carry the event, after the change (before, if removed)."""
    language: str | None = None
    """The one language whose subscribers see it (`zh`), or None: every language's, or
    a catalogue without languages."""

    @property
    def heading(self) -> str:
        """`retitled`, or `retitled [zh]` for one language's subscribers alone."""
        return f"{self.kind} [{self.language}]" if self.language else str(self.kind)
