"""Turning selected events into what people read: iCalendar (`ics`), the DESCRIPTION text
(`description`), the words for times (`text`) and the feeds' home page (`page`, a package with a
module per part of the page and its stylesheet and scripts)."""

from calfeed.render.ics import render_event, render_feed
from calfeed.render.page import render_index

__all__ = ["render_event", "render_feed", "render_index"]
