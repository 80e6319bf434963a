"""The catalogue as it was at a git revision, read through git itself."""

from __future__ import annotations

import subprocess
from pathlib import Path

from calfeed.errors import RevisionError


def catalogue_at(revision: str, path: Path) -> bytes:
    """The catalogue's bytes at a git revision, read through git itself."""
    folder = path.resolve().parent
    try:
        top = subprocess.run(
            ["git", "rev-parse", "--show-toplevel"],
            cwd=folder,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        relative = path.resolve().relative_to(Path(top).resolve()).as_posix()
        shown = subprocess.run(
            ["git", "show", f"{revision}:{relative}"],
            cwd=folder,
            capture_output=True,
            check=True,
        )
    except (OSError, ValueError) as problem:
        raise RevisionError(f"cannot run git for {path}: {problem}") from None
    except subprocess.CalledProcessError as problem:
        message = problem.stderr.decode("utf-8", "replace").strip() if problem.stderr else ""
        raise RevisionError(f"cannot read {path} at {revision}: {message}") from None
    return shown.stdout
