"""Invitations as people write them: dates, times and zones in their own words.

`parse_announced` reads a catalogue's `announced` line strictly (the catalogue's checks
compare it with the event); `scan` reads any line leniently, and `importing` finds the
events of a whole invitation and writes them as catalogue entries.
"""

from calfeed.invitation.announced import Announced, AnnouncedError, parse_announced
from calfeed.invitation.dates import DateError, Day
from calfeed.invitation.problem import ReadError
from calfeed.invitation.scan import Line, Span, scan
from calfeed.invitation.zones import Reading, ZonePhrase, ZoneWordError, read_zone

__all__ = [
    "Announced",
    "AnnouncedError",
    "DateError",
    "Day",
    "Line",
    "ReadError",
    "Reading",
    "Span",
    "ZonePhrase",
    "ZoneWordError",
    "parse_announced",
    "read_zone",
    "scan",
]
