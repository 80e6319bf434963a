"""calfeed: one TOML catalogue of events in, correct .ics feeds out.

The library behind the `calfeed` command. Load and validate a catalogue, select events,
build every feed in memory or write it to a folder::

    from pathlib import Path
    import calfeed

    catalogue = calfeed.load_catalogue(Path("events.toml"))
    plan = calfeed.plan_build(catalogue, Path("calendars"), None, calfeed.build_time(None))
    calfeed.write_files(Path("calendars"), plan.public)

Every error a user can fix is a `CalfeedError`; an invalid catalogue raises
`InvalidCatalogueError` carrying every `Finding` at once.
"""

from typing import TYPE_CHECKING

from calfeed.lazy import lazy_exports

if TYPE_CHECKING:
    from calfeed.catalogue import load_catalogue, parse_catalogue
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
        Status,
        Timed,
        Undated,
        When,
    )
    from calfeed.output import BuildPlan, plan_build, plan_changes, render_selection, write_files
    from calfeed.output.stamps import build_time
    from calfeed.selection import Feed, Selection, occurrences, resolve_selection
    from calfeed.tz import resolve_local_time, tzdata_version
    from calfeed.version import __version__

__all__ = [
    "AllDay",
    "Audience",
    "BuildPlan",
    "CalendarInfo",
    "CalfeedError",
    "Catalogue",
    "Code",
    "Event",
    "Feed",
    "FeedSpec",
    "Finding",
    "InvalidCatalogueError",
    "OptionError",
    "OutputError",
    "Region",
    "Selection",
    "Session",
    "Severity",
    "Status",
    "Timed",
    "Undated",
    "UnknownFilterError",
    "When",
    "__version__",
    "build_time",
    "load_catalogue",
    "occurrences",
    "parse_catalogue",
    "plan_build",
    "plan_changes",
    "render_selection",
    "resolve_local_time",
    "resolve_selection",
    "tzdata_version",
    "write_files",
]

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "calfeed.catalogue": (
                "load_catalogue",
                "parse_catalogue",
            ),
            "calfeed.errors": (
                "CalfeedError",
                "Code",
                "Finding",
                "InvalidCatalogueError",
                "OptionError",
                "OutputError",
                "Severity",
                "UnknownFilterError",
            ),
            "calfeed.model": (
                "AllDay",
                "Audience",
                "CalendarInfo",
                "Catalogue",
                "Event",
                "FeedSpec",
                "Region",
                "Session",
                "Status",
                "Timed",
                "Undated",
                "When",
            ),
            "calfeed.output": (
                "BuildPlan",
                "plan_build",
                "plan_changes",
                "render_selection",
                "write_files",
            ),
            "calfeed.output.stamps": ("build_time",),
            "calfeed.selection": (
                "Feed",
                "Selection",
                "occurrences",
                "resolve_selection",
            ),
            "calfeed.tz": (
                "resolve_local_time",
                "tzdata_version",
            ),
            "calfeed.version": ("__version__",),
        },
    )
