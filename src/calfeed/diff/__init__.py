"""`calfeed diff`: what a catalogue change does to public subscribers.

`compare` sets what the public feeds carry of each event before and after (`received`:
the VEVENT as `build` renders it, and its feeds) side by side and names each change
(`change`), with the times in words (`when`), the agenda (`agenda`) and anything else
(`updates`); `git` reads the catalogue at a revision, and `formats` writes the report as
text, Markdown or JSON.
"""

from calfeed.diff.change import Change, ChangeKind
from calfeed.diff.compare import compare
from calfeed.diff.formats import render_json, render_markdown, render_text
from calfeed.diff.git import catalogue_at, catalogue_before

__all__ = [
    "Change",
    "ChangeKind",
    "catalogue_at",
    "catalogue_before",
    "compare",
    "render_json",
    "render_markdown",
    "render_text",
]
