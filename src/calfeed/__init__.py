"""calfeed: one TOML catalogue of events in, correct .ics feeds out.

The library behind the `calfeed` command, one layer a package. Load and validate a
catalogue, then build it in memory or into a folder::

    from pathlib import Path

    from calfeed.catalogue import load_catalogue
    from calfeed.output.folders import build_folders
    from calfeed.output.options import BuildOptions
    from calfeed.output.stamps import build_time

    catalogue = load_catalogue(Path("events.toml"))
    outcome = build_folders(
        Path("events.toml"), Path("calendars"), now=build_time(None), options=BuildOptions()
    )

This package exports what every layer shares (the model, the errors, the version) and
nothing that imports a parser or the renderer: `calfeed --help` imports it too.

Every error a user can fix is a `CalfeedError`; an invalid catalogue raises
`InvalidCatalogueError` carrying every `Finding` at once.
"""

from calfeed.errors import (
    CalfeedError,
    Code,
    Finding,
    InvalidCatalogueError,
    OptionError,
    OutputError,
    Severity,
    UnknownFilterError,
)
from calfeed.model import (
    AllDay,
    Audience,
    CalendarInfo,
    Catalogue,
    Event,
    FeedSpec,
    Region,
    Session,
    Stamp,
    Status,
    Timed,
    Undated,
    When,
)
from calfeed.version import __version__

__all__ = [
    "AllDay",
    "Audience",
    "CalendarInfo",
    "CalfeedError",
    "Catalogue",
    "Code",
    "Event",
    "FeedSpec",
    "Finding",
    "InvalidCatalogueError",
    "OptionError",
    "OutputError",
    "Region",
    "Session",
    "Severity",
    "Stamp",
    "Status",
    "Timed",
    "Undated",
    "UnknownFilterError",
    "When",
    "__version__",
]
