"""Which events each feed holds (`feeds`) and how filters select them (`filters`): the
layer between the model and what is rendered from it. Every occurrence of an event is
`calfeed.occurrences`, below the catalogue, whose checks expand series too.
"""

from calfeed.selection.feeds import Feed, private_feeds, public_feeds, scheduled, select, sort_key
from calfeed.selection.filters import Selection, is_public, resolve_selection

__all__ = [
    "Feed",
    "Selection",
    "is_public",
    "private_feeds",
    "public_feeds",
    "resolve_selection",
    "scheduled",
    "select",
    "sort_key",
]
