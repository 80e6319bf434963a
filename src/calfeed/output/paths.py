"""What calfeed may write where in an output folder: only plain relative paths, never
through a link that leads outside, never over a folder; and the manifest, the list of the
files calfeed wrote, which is the only list of files it will ever remove.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from calfeed.errors import OutputError

LOCK_NAME = ".calfeed.lock"
"""Held with `flock` while a build writes; left in place, since deleting a lock file races."""
MANIFEST_NAME = ".calfeed-manifest"
"""The files calfeed wrote, one relative path a line: the only files it will ever remove."""
STATE_NAME = ".calfeed-state"
"""The record of the last build (`record.py`), so a build with nothing to do does nothing."""
_RESERVED = frozenset({LOCK_NAME, MANIFEST_NAME, STATE_NAME})


def path_problem(rel: str) -> str | None:
    """Why `rel` is not a safe path for a file inside the output folder, or None if it is.

    Only plain names joined by `/` pass: nothing absolute, no `..` or `.`, no backslash
    (a folder separator on Windows), no empty part, no line break (the manifest is one path
    a line), and not the names of calfeed's own bookkeeping files.
    """
    if not rel:
        return "is empty"
    if "\0" in rel:
        return "contains a NUL character"
    if "\n" in rel or "\r" in rel:
        return "contains a line break"
    if "\\" in rel:
        return "contains a backslash; separate folders with '/'"
    if rel.startswith("/"):
        return "is absolute; it must be relative to the output folder"
    parts = rel.split("/")
    if "" in parts:
        return "has an empty part (a doubled or trailing '/')"
    if ".." in parts:
        return "contains '..', which would leave the output folder"
    if "." in parts:
        return "contains a '.' part; name each folder plainly"
    if rel in _RESERVED:
        return "is the name of a file calfeed keeps for itself"
    return None


def check_paths(out_dir: Path, files: Collection[str]) -> None:
    """Reject unsafe or clashing relative paths before anything touches the disk."""
    for rel in sorted(files):
        problem = path_problem(rel)
        if problem is not None:
            raise OutputError(f"refusing to write {rel!r} under {out_dir}: the path {problem}")
    for rel in sorted(files):
        parts = rel.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in files:
                raise OutputError(
                    f"refusing to write {folder!r} and {rel!r} under {out_dir}: "
                    f"{folder!r} would have to be both a file and a folder"
                )


def check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputError(
            f"output folder {out_dir} exists but is a file; move it or choose another folder"
        )


def check_destinations(out_dir: Path, files: Collection[str]) -> None:
    """Reject destinations the folder's present contents make impossible or unsafe, so a
    build fails before its first write rather than half way through. Each folder is
    looked at once, however many files go into it (a build writes thousands into one)."""
    root = out_dir.resolve()
    seen: set[Path] = set()
    for rel in sorted(files):
        dest = out_dir / rel
        if dest.parent not in seen:
            _check_folder(out_dir, root, rel)
            seen.add(dest.parent)
        if dest.is_dir() and not dest.is_symlink():
            raise OutputError(
                f"{dest} is a folder, but calfeed needs to write a file there; move the folder away"
            )


def _check_folder(out_dir: Path, root: Path, rel: str) -> None:
    dest = out_dir / rel
    if not inside(root, dest.parent):
        raise OutputError(
            f"{dest.parent} leads outside {out_dir} through a symbolic link; "
            f"calfeed will not write {rel} there"
        )
    folder = out_dir
    for part in rel.split("/")[:-1]:
        folder = folder / part
        if folder.exists() and not folder.is_dir():
            raise OutputError(
                f"{folder} is a file, but calfeed needs a folder there to write {rel}; "
                "move the file away"
            )


def inside(root: Path, folder: Path) -> bool:
    resolved = folder.resolve()
    return resolved == root or root in resolved.parents


def read_manifest(out_dir: Path) -> frozenset[str]:
    """The paths calfeed wrote last time; none if it never wrote this folder. Each entry is
    checked like a new path, so an edited manifest cannot make calfeed delete elsewhere."""
    manifest = out_dir / MANIFEST_NAME
    try:
        text = manifest.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return frozenset()
    except UnicodeDecodeError:
        raise OutputError(f"{manifest} is not UTF-8 text; delete it and build again") from None
    entries: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line:
            continue
        problem = path_problem(line)
        if problem is not None:
            raise OutputError(
                f"{manifest} line {number} ({line!r}) {problem}, so calfeed cannot trust it; "
                "delete it and build again"
            )
        entries.add(line)
    return frozenset(entries)
