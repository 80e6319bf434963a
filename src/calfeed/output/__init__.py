"""From rendered events to files on disk: each event's history carried from the previous
feeds (`stamps`), each event rendered once and feeds assembled from it (`assemble`), every
file of a build computed in memory (`plan`), and atomic, locked writes with a manifest
(`write`)."""

from calfeed.output.assemble import PublicEvents
from calfeed.output.plan import (
    BuildPlan,
    PublicPlan,
    plan_build,
    plan_public,
    render_selection,
    stale_lines,
)
from calfeed.output.write import Changes, atomic_write, plan_changes, write_files

__all__ = [
    "BuildPlan",
    "Changes",
    "PublicEvents",
    "PublicPlan",
    "atomic_write",
    "plan_build",
    "plan_changes",
    "plan_public",
    "render_selection",
    "stale_lines",
    "write_files",
]
