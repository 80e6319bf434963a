"""Invitations as people write them: dates, times and zones in their own words.

`parse_announced` reads a catalogue's `announced` line strictly (the catalogue's checks
compare it with the event); `scan` reads any line leniently, and `importing` finds the
events of a whole invitation and writes them as catalogue entries.
"""

from calfeed.invitation.announced import Announced, AnnouncedError, parse_announced
from calfeed.invitation.dates import DateError, Day
from calfeed.invitation.entries import render_entries
from calfeed.invitation.finding import Found, FoundSession, find_events
from calfeed.invitation.problem import ReadError
from calfeed.invitation.scan import Line, Span, scan
from calfeed.invitation.zones import Reading, ZonePhrase, ZoneWordError, read_zone

__all__ = [
    "Announced",
    "AnnouncedError",
    "DateError",
    "Day",
    "Found",
    "FoundSession",
    "Line",
    "ReadError",
    "Reading",
    "Span",
    "ZonePhrase",
    "ZoneWordError",
    "find_events",
    "import_text",
    "parse_announced",
    "read_zone",
    "render_entries",
    "scan",
]


def import_text(text: str, source: str) -> str:
    """Catalogue entries (TOML, to paste) for every event `text` gives; `source` names it
    in the header. A text that gives no date at all is an error, not an empty result."""
    from calfeed.errors import CalfeedError  # noqa: PLC0415

    found = find_events(text)
    if not found:
        raise CalfeedError(f"{source}: no date found, so no event to import")
    return render_entries(found, source)
