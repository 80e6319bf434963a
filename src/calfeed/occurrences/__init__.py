"""Every occurrence of an event, in order (`expand`), and which of them apps with
out-of-date zone data show at another time (`outdated`): below the catalogue, whose checks
expand series too, and below everything that renders them."""

from calfeed.occurrences.expand import (
    Occurrence,
    occurrences,
    occurrences_of,
    timed_occurrences,
)

__all__ = ["Occurrence", "occurrences", "occurrences_of", "timed_occurrences"]
