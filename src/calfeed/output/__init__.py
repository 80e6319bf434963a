"""From rendered events to files on disk: each event's history carried from the previous
feeds (`stamps`), every file of a build computed in memory (`plan`), and atomic, locked
writes with a manifest (`write`)."""

from calfeed.output.plan import BuildPlan, plan_build, render_selection, stale_lines
from calfeed.output.write import Changes, atomic_write, plan_changes, write_files

__all__ = [
    "BuildPlan",
    "Changes",
    "atomic_write",
    "plan_build",
    "plan_changes",
    "render_selection",
    "stale_lines",
    "write_files",
]
