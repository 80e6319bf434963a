"""The assembled filtered feeds, most recently used first, within a bound.

Any combination of filters is a valid address, so a crawler walking the page's links, or
anyone counting upwards, can ask for more combinations than memory holds. The cache keeps
at most `max_entries` feeds and `max_bytes` of them (a feed is its bytes and its gzip copy),
dropping the least recently used first; a dropped feed is assembled again when asked for.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable

from calfeed.web.resource import Resource

MAX_ENTRIES = 256
MAX_BYTES = 64 * 1024 * 1024
"""Enough for dozens of the largest combinations of a large catalogue and many more of the
usual ones (a region and an audience), while a copy of the app stays small."""


class FeedCache:
    """A thread-safe LRU of filtered feeds, bounded by count and by bytes held."""

    def __init__(self, max_entries: int = MAX_ENTRIES, max_bytes: int = MAX_BYTES) -> None:
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("a cache must be able to hold one feed")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, Resource] = OrderedDict()

    def get(self, key: Hashable) -> Resource | None:
        with self._lock:
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, resource: Resource) -> None:
        """Keep `resource`, then drop the least recently used feeds until within bounds.
        A feed larger than the whole bound is not kept at all."""
        with self._lock:
            self._entries[key] = resource
            self._entries.move_to_end(key)
            self._shrink()

    def _shrink(self) -> None:
        # Sizes are read afresh: a gzip copy made since a feed was put counts too.
        held = sum(entry.size for entry in self._entries.values())
        while self._entries and (len(self._entries) > self.max_entries or held > self.max_bytes):
            _key, dropped = self._entries.popitem(last=False)
            held -= dropped.size

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    @property
    def bytes_held(self) -> int:
        with self._lock:
            return sum(entry.size for entry in self._entries.values())
