"""Which events each feed holds (`feeds`), how filters select them (`filters`), and every
occurrence of an event in order (`occurrences`): the layer between the model and what is
rendered from it.
"""

from calfeed.selection.feeds import Feed, private_feeds, public_feeds, scheduled, select, sort_key
from calfeed.selection.filters import Selection, is_public, resolve_selection
from calfeed.selection.occurrences import Occurrence, occurrences

__all__ = [
    "Feed",
    "Occurrence",
    "Selection",
    "is_public",
    "occurrences",
    "private_feeds",
    "public_feeds",
    "resolve_selection",
    "scheduled",
    "select",
    "sort_key",
]
