"""A new organiser's first repository: a catalogue that shows every kind of table and
key, the `.gitignore` that keeps private feeds and members' addresses out of git, and the
workflow that checks pull requests and publishes the feeds on GitHub Pages.

The files are package data, so what `calfeed init` writes is what the wheel carries and
the tests build. Nothing is ever written over: a folder that already holds any of the
files gets none of them, since a half-written starter beside someone's own files would be
worse than a clear refusal.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from calfeed.errors import CalfeedError

STARTER_FILES = {
    "events.toml": "events.toml",
    ".gitignore": "gitignore",
    ".github/workflows/calendars.yml": "calendars.yml",
}
"""Where each file goes in the new folder -> its name in this package (the dot-files are
stored without their dot, so that git does not read the starter's `.gitignore` as the
project's own)."""


class StarterExistsError(CalfeedError):
    """A file `init` would write is already there: nothing was written."""


def write_starter(folder: Path) -> list[Path]:
    """Write the starter files into `folder` (made if missing) and return them, in order.

    Every destination is checked before the first is written, and each is created
    exclusively, so a file that appears meanwhile is not overwritten either: what this
    call wrote is then removed again."""
    targets = [(folder / name, resource) for name, resource in STARTER_FILES.items()]
    present = [path for path, _ in targets if path.exists() or path.is_symlink()]
    if present:
        raise StarterExistsError(_refusal(present))
    package = resources.files(__name__)
    written: list[Path] = []
    try:
        for path, resource in targets:
            data = package.joinpath(resource).read_bytes()
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("xb") as out:
                written.append(path)
                out.write(data)
    except FileExistsError as raced:
        _remove(written)
        raise StarterExistsError(_refusal([Path(str(raced.filename))])) from None
    except OSError as failed:
        _remove(written)
        where = failed.filename or folder
        raise CalfeedError(f"{where}: cannot write the starter: {failed.strerror}") from None
    return written


def _refusal(present: list[Path]) -> str:
    names = ", ".join(str(path) for path in present)
    return (
        f"{names} already exist{'s' if len(present) == 1 else ''}: calfeed init writes "
        "nothing over a file, so it wrote nothing (init another folder, or move the file away)"
    )


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


__all__ = ["STARTER_FILES", "StarterExistsError", "write_starter"]
