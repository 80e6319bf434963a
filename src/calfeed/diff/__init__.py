"""`calfeed diff`: what a catalogue change does to subscribers (`compare`), the catalogue
at a git revision (`git`), and the report in text, Markdown or JSON (`formats`)."""

from calfeed.diff.compare import Change, ChangeKind, compare
from calfeed.diff.formats import render_json, render_markdown, render_text
from calfeed.diff.git import catalogue_at

__all__ = [
    "Change",
    "ChangeKind",
    "catalogue_at",
    "compare",
    "render_json",
    "render_markdown",
    "render_text",
]
