"""What a build is asked for beyond its catalogue: where the site is published.

Kept apart from the build itself so that a command can state its options, and a build
answered by its record can key on them, without importing the renderer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class BuildOptions:
    """Where the build is published: the options, else these variables, else the
    catalogue (`render.links.resolve_publishing`)."""

    base_url: str | None = None
    service_url: str | None = None
    environ: Mapping[str, str] = field(default_factory=dict)
    """The publishing variables (`CALFEED_BASE_URL`, `CALFEED_SERVICE_URL`) come from
    here, never from the process's own environment unless a command passes it."""
