"""Reading the catalogue's bytes, the one step every command shares before it knows whether
it needs to parse them (a build answered by its record does not)."""

from __future__ import annotations

from pathlib import Path

from calfeed.errors import Code, Finding, InvalidCatalogueError, Severity


def read_catalogue(path: Path) -> bytes:
    """The bytes of `path`, or an `InvalidCatalogueError` that says how to fix the path."""
    try:
        return path.read_bytes()
    except OSError as error:
        finding = Finding(
            Severity.ERROR,
            Code.UNREADABLE,
            path,
            None,
            None,
            f"cannot read the catalogue: {error.strerror or error}",
            "check the path, or run calfeed in the folder that holds events.toml",
        )
        raise InvalidCatalogueError(path, (finding,)) from None
