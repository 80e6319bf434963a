"""An output folder made to hold a build's files as one transaction, or what that would
change, said without writing.

The folder is usually served to subscribers as it stands. Every new or changed file is
staged (`disk.stage`) before the first rename, so the likeliest failure (a full disk)
leaves every old file in place. A lock stops two builds interleaving, and a manifest of
the files calfeed wrote lets it remove feeds it no longer produces without ever touching a
file a person put in the folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import os
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from calfeed.errors import OutputError
from calfeed.output.disk import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    FileDigest,
    Syncer,
    exists,
    fsync_folder,
    holds,
    io_errors,
    is_file_or_link,
    new_file_mode,
    replace,
    stage,
)
from calfeed.output.files import Files
from calfeed.output.paths import (
    LOCK_NAME,
    MANIFEST_NAME,
    STATE_NAME,
    check_destinations,
    check_out_dir,
    check_paths,
    inside,
    read_manifest,
)

Record = Callable[[Mapping[str, FileDigest]], bytes]
"""Makes the record of a build (`record.py`) from its files' digests."""


@dataclass(frozen=True)
class Changes:
    """What writing a set of files does to a folder, each list a sorted tuple of paths."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    """Files calfeed wrote before (per the manifest) and no longer produces."""
    unchanged: tuple[str, ...] = ()
    record: str | None = None
    """How the record of the build (`record.py`) was written: "added", "changed", or None
    when it was not written or already held the same bytes."""

    @property
    def any(self) -> bool:
        """True if writing would change, add or remove any file."""
        return bool(self.added or self.changed or self.removed)


@dataclass
class _Survey:
    """Each file classified as the folder holds it now; when writing, the new and changed
    ones staged, with the folders made for them, and every file's digest."""

    found: dict[str, list[str]]
    staged: list[tuple[Path, Path]]
    created: list[Path]
    digests: dict[str, FileDigest]

    def discard(self) -> None:
        """Remove the temporary files still there (renamed ones are not) and, deepest
        first, the folders made for them that are still empty."""
        for _dest, temp in self.staged:
            temp.unlink(missing_ok=True)
        for folder in reversed(self.created):
            with contextlib.suppress(OSError):
                folder.rmdir()


def plan_changes(out_dir: Path, files: Files) -> Changes:
    """What `write_files(out_dir, files)` would do, found without writing anything (not even
    the folder or its lock), so `build --check` can run on a read-only checkout."""
    with io_errors(out_dir):
        check_paths(out_dir, files)
        check_out_dir(out_dir)
        previous = read_manifest(out_dir)
        check_destinations(out_dir, files)
        return _changes(out_dir, files, previous, _survey(out_dir, files, write=False))


def write_files(out_dir: Path, files: Files, *, record: Record | None = None) -> Changes:
    """Make `out_dir` hold `files` and return what changed.

    Every path is checked before anything is created. Identical files are left alone, so
    their modification times, and with them HTTP caches, stay valid. A file calfeed wrote
    before and no longer produces is removed, with any folder that leaves empty; a file
    that calfeed did not write is never removed. `record` is given every file's size and
    SHA-256 and its bytes written last, still under the lock, once every file it describes
    is in place; without one, a record left by an earlier build is removed, as it no
    longer describes the folder.
    """
    with io_errors(out_dir):
        check_paths(out_dir, files)
        check_out_dir(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        with _locked(out_dir):
            return _write_locked(out_dir, files, record)


def _write_locked(out_dir: Path, files: Files, record: Record | None) -> Changes:
    previous = read_manifest(out_dir)
    check_destinations(out_dir, files)
    _remove_leftover_temps(out_dir, set(files) | previous)
    survey = _survey(out_dir, files, write=True)
    changes = _changes(out_dir, files, previous, survey)
    try:
        if not set(files) <= previous:
            # Listed before they exist, so that if this build dies half way the next one
            # still knows them as its own and can remove them once no longer produced.
            _write_manifest(out_dir, set(files) | previous)
        for dest, temp in survey.staged:
            os.replace(temp, dest)
    except BaseException:
        survey.discard()
        raise
    finally:
        # Each folder once, after its renames: every file in it was on disk before its
        # rename (staging synced it), so no order of these can expose a part.
        for folder in sorted({dest.parent for dest, _temp in survey.staged}):
            fsync_folder(folder)
    for rel in changes.removed:
        (out_dir / rel).unlink(missing_ok=True)
    for folder in sorted({(out_dir / rel).parent for rel in changes.removed}):
        fsync_folder(folder)
    _remove_empty_folders(out_dir, previous - set(files))
    _write_manifest(out_dir, files)
    if record is not None:
        written = replace(out_dir / STATE_NAME, record(survey.digests))
        return dataclasses.replace(changes, record=written)
    if (out_dir / STATE_NAME).is_file():
        (out_dir / STATE_NAME).unlink()
        fsync_folder(out_dir)
    return changes


def _survey(out_dir: Path, files: Files, *, write: bool) -> _Survey:
    """The one classification of a build's files: each is added (nothing there), unchanged
    (the same bytes, compared as they are made) or changed; when writing, each new or
    changed file is made again and staged. On failure every staged file is removed."""
    survey = _Survey({"added": [], "changed": [], "unchanged": []}, [], [], {})
    added_mode = new_file_mode()
    try:
        with Syncer() as syncer:
            for rel in sorted(files):
                dest = out_dir / rel
                present = exists(dest)
                same = holds(dest, files.pieces(rel)) if present else None
                kind = "unchanged" if same is not None else "changed" if present else "added"
                survey.found[kind].append(rel)
                if same is not None:
                    survey.digests[rel] = same
                elif write:
                    _make_folders(out_dir, rel, survey.created)
                    mode = None if present else added_mode  # a file there keeps its own
                    temp, survey.digests[rel] = stage(
                        dest, files.pieces(rel), syncer=syncer, mode=mode
                    )
                    survey.staged.append((dest, temp))
    except BaseException:
        survey.discard()
        raise
    return survey


def _changes(out_dir: Path, files: Files, previous: frozenset[str], survey: _Survey) -> Changes:
    root = out_dir.resolve()
    removed = tuple(
        rel
        for rel in sorted(previous - set(files))
        if inside(root, (out_dir / rel).parent) and is_file_or_link(out_dir / rel)
    )
    found = survey.found
    return Changes(
        tuple(found["added"]), tuple(found["changed"]), removed, tuple(found["unchanged"])
    )


def _make_folders(out_dir: Path, rel: str, created: list[Path]) -> None:
    folder = out_dir
    for part in rel.split("/")[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        created.append(folder)
        fsync_folder(folder.parent)


def _write_manifest(out_dir: Path, paths: Collection[str]) -> None:
    replace(out_dir / MANIFEST_NAME, "".join(f"{rel}\n" for rel in sorted(paths)).encode())


def _remove_empty_folders(out_dir: Path, stale: Collection[str]) -> None:
    """Remove folders that held calfeed's no longer produced files and are now empty,
    deepest first. Only such folders are candidates, so an empty folder a person made
    elsewhere stays."""
    root = out_dir.resolve()
    folders: set[Path] = set()
    for rel in stale:
        parts = rel.split("/")
        folders.update(out_dir.joinpath(*parts[:depth]) for depth in range(1, len(parts)))
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.is_symlink() or not inside(root, folder):
            continue
        with contextlib.suppress(OSError):  # not empty, or already gone
            folder.rmdir()
            fsync_folder(folder.parent)


def _remove_leftover_temps(out_dir: Path, paths: Collection[str]) -> None:
    """Remove temporary files a killed build left in the folders this build uses. Safe only
    under the lock: no other build can be midway through writing one."""
    root = out_dir.resolve()
    folders = {out_dir} | {(out_dir / rel).parent for rel in paths}
    for folder in sorted(folders):
        if not folder.is_dir() or not inside(root, folder):
            continue
        for entry in folder.iterdir():
            name = entry.name
            ours = name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)
            if ours and is_file_or_link(entry):
                entry.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on `out_dir` or fail at once: waiting could hang a CI job,
    and the later build would only redo the same work."""
    fd = os.open(out_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another calfeed build is writing {out_dir}") from None
        yield
    finally:
        os.close(fd)  # closing releases the lock
