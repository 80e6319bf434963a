"""Turning selected events into what people read: iCalendar (`ics`), the DESCRIPTION text
(`description`), the words for times (`text`), where the files are published (`links`) and
the feeds' home page (`page`, a package with a module per part of the page and its
stylesheet and scripts).

Nothing is re-exported here: `links` is needed by commands that never render, and
importing `ics` imports icalendar.
"""
