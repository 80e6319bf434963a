"""From rendered events to files on disk: each event's history carried from the previous
feeds (`stamps`), each event rendered once and feeds assembled from it (`assemble`), every
file of a build computed in memory (`plan`), and atomic, locked writes with a manifest
(`write`)."""

from typing import TYPE_CHECKING

from calfeed.lazy import lazy_exports

if TYPE_CHECKING:
    from calfeed.output.assemble import PublicEvents
    from calfeed.output.plan import (
        BuildPlan,
        PublicPlan,
        plan_build,
        plan_public,
        render_selection,
        stale_lines,
    )
    from calfeed.output.record import BuildKey, Recorded, build_key, record_bytes, recorded_build
    from calfeed.output.write import Changes, atomic_write, plan_changes, write_files

__all__ = [
    "BuildKey",
    "BuildPlan",
    "Changes",
    "PublicEvents",
    "PublicPlan",
    "Recorded",
    "atomic_write",
    "build_key",
    "plan_build",
    "plan_changes",
    "plan_public",
    "record_bytes",
    "recorded_build",
    "render_selection",
    "stale_lines",
    "write_files",
]

if not TYPE_CHECKING:
    __getattr__, __dir__ = lazy_exports(
        __name__,
        {
            "calfeed.output.record": (
                "BuildKey",
                "Recorded",
                "build_key",
                "record_bytes",
                "recorded_build",
            ),
            "calfeed.output.assemble": ("PublicEvents",),
            "calfeed.output.plan": (
                "BuildPlan",
                "PublicPlan",
                "plan_build",
                "plan_public",
                "render_selection",
                "stale_lines",
            ),
            "calfeed.output.write": (
                "Changes",
                "atomic_write",
                "plan_changes",
                "write_files",
            ),
        },
    )
