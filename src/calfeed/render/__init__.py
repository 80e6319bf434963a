"""Turning selected events into what people read: iCalendar (`ics`), the DESCRIPTION text
(`description`), the words for times (`text`) and the feeds' home page (`html`, with its
`page.css` and `page.js`)."""

from calfeed.render.html import render_index
from calfeed.render.ics import render_event, render_feed

__all__ = ["render_event", "render_feed", "render_index"]
