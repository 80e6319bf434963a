"""Turning selected events into what people read: iCalendar (`ics`), the DESCRIPTION text
(`description`), the words for times (`text`), where the files are published (`links`) and
the feeds' home page (`page`, a package with a module per part of the page and its
stylesheet and scripts)."""

from typing import TYPE_CHECKING

from calfeed.lazy import lazy_exports

if TYPE_CHECKING:
    from calfeed.render.ics import render_event, render_feed
    from calfeed.render.links import Publishing, resolve_publishing
    from calfeed.render.page import render_index

__all__ = ["Publishing", "render_event", "render_feed", "render_index", "resolve_publishing"]

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "calfeed.render.ics": ("render_event", "render_feed"),
            "calfeed.render.links": ("Publishing", "resolve_publishing"),
            "calfeed.render.page": ("render_index",),
        },
    )
