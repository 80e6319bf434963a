"""Writing an output folder's files safely, or saying what writing them would change.

The output folder is usually served to subscribers as it stands, and a calendar app that
fetches a half-written feed may drop every event in it. So no reader may ever see a partial
file: each file is written in full to a temporary file beside it, flushed to disk, and only
then renamed over the old one, which is all-or-nothing. All new bytes are staged before the
first rename, so the likeliest failure (a full disk) leaves every old file in place. A lock
stops two builds interleaving, and a manifest of the files calfeed wrote lets it remove
feeds it no longer produces without ever touching a file a person put in the folder.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import fcntl
import hashlib
import os
import stat
import tempfile
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from calfeed.errors import OutputError
from calfeed.output.files import FilesOnDemand
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

TEMP_PREFIX = ".calfeed-"
TEMP_SUFFIX = ".tmp"
"""Temporary files are hidden and never end in `.ics`, so nothing mistakes them for feeds."""
SYNC_EACH = 16
"""Up to this many staged files a build syncs one by one; more (a first build writes
thousands: every feed, every event's own file) by one `sync()` before the first rename."""
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})


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


@contextlib.contextmanager
def io_errors(target: Path) -> Iterator[None]:
    """Turn the operating system's refusal (a full disk, no permission, a read-only folder)
    into an `OutputError` that names the file: the user's to fix, not a bug in calfeed."""
    try:
        yield
    except OSError as problem:
        where = problem.filename or target
        raise OutputError(f"cannot write {where}: {problem.strerror or problem}") from problem


def plan_changes(out_dir: Path, files: Mapping[str, bytes]) -> Changes:
    """What `write_files(out_dir, files)` would do, found without writing anything (not even
    the folder or its lock), so `build --check` can run on a read-only checkout."""
    with io_errors(out_dir):
        return _plan_changes(out_dir, files)


def _plan_changes(out_dir: Path, files: Mapping[str, bytes]) -> Changes:
    check_paths(out_dir, files)
    check_out_dir(out_dir)
    previous = read_manifest(out_dir)
    check_destinations(out_dir, files)
    return _classify(out_dir, files, previous)


FileDigest = tuple[int, str]
"""A written file's size and SHA-256 (hex), as the record of the build keeps them."""
Record = Callable[[Mapping[str, FileDigest]], bytes]
"""Makes the record of a build (`record.py`) from its files' digests."""


def write_files(
    out_dir: Path, files: Mapping[str, bytes], *, record: Record | None = None
) -> Changes:
    """Make `out_dir` hold `files` (relative POSIX path -> bytes) and return what changed.

    Every path is checked before anything is created. Identical files are left alone, so
    their modification times, and with them HTTP caches, stay valid. A file calfeed wrote
    before and no longer produces is removed, with any folder that leaves empty; a file
    that calfeed did not write is never removed. Each file's bytes are asked for once
    (they may be made on demand). `record` is given every file's size and SHA-256 and
    its bytes written last, still under the lock, once every file it describes is in place;
    without one, a record left by an earlier build is removed, as it no longer holds.
    """
    with io_errors(out_dir):
        return _write_files(out_dir, files, record)


def _write_files(out_dir: Path, files: Mapping[str, bytes], record: Record | None) -> Changes:
    check_paths(out_dir, files)
    check_out_dir(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with _locked(out_dir):
        previous = read_manifest(out_dir)
        check_destinations(out_dir, files)
        _remove_leftover_temps(out_dir, files.keys() | previous)
        changes, staged, created, digests = _stage_changed(out_dir, files, previous)
        try:
            if not files.keys() <= previous:
                # Listed before they exist, so that if this build dies half way the next one
                # still knows them as its own and can remove them once no longer produced.
                write_manifest(out_dir, files.keys() | previous)
            for dest, temp in staged:
                os.replace(temp, dest)
        except BaseException:
            _discard(staged, created)  # temporary files not yet renamed, folders left empty
            raise
        finally:
            # Each folder once, after its renames: every file in it was on disk before
            # its rename (the staging synced it), so no order of these can expose a part.
            for folder in sorted({dest.parent for dest, _temp in staged}):
                _fsync_dir(folder)
        for rel in changes.removed:
            (out_dir / rel).unlink(missing_ok=True)
        for folder in sorted({(out_dir / rel).parent for rel in changes.removed}):
            _fsync_dir(folder)
        _remove_empty_folders(out_dir, previous - files.keys())
        write_manifest(out_dir, files.keys())
        if record is not None:
            written = _write_bookkeeping(out_dir / STATE_NAME, record(digests))
            changes = dataclasses.replace(changes, record=written)
        elif (out_dir / STATE_NAME).is_file():
            # A record describes the folder as its build left it; this write changed that.
            (out_dir / STATE_NAME).unlink()
            _fsync_dir(out_dir)
    return changes


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the single file `path` with `data` all at once (no lock, no manifest: it is
    one file a person named); identical bytes leave it untouched."""
    with io_errors(path):
        _atomic_write(path, data)


def _atomic_write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise OutputError(f"{path} is a folder; give a file name to write the feed to")
    if _same_bytes(path, data):
        return
    temp = _stage(path, (data,))
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _classify(out_dir: Path, files: Mapping[str, bytes], previous: frozenset[str]) -> Changes:
    """What writing `files` would do, each file's bytes asked for once (they may be made
    on demand, and a build's thousands of files are never all held at once)."""
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    for rel in sorted(files):
        kind = _compare(out_dir / rel, files[rel])
        {"added": added, "changed": changed, "unchanged": unchanged}[kind].append(rel)
    return Changes(
        tuple(added), tuple(changed), _removed(out_dir, files, previous), tuple(unchanged)
    )


def _compare(dest: Path, data: bytes) -> str:
    if not dest.exists() and not dest.is_symlink():
        return "added"
    return "unchanged" if _same_bytes(dest, data) else "changed"


def _removed(
    out_dir: Path, files: Mapping[str, bytes], previous: frozenset[str]
) -> tuple[str, ...]:
    """Files calfeed wrote before (per the manifest) and no longer produces."""
    root = out_dir.resolve()
    return tuple(
        rel
        for rel in sorted(previous - files.keys())
        if inside(root, (out_dir / rel).parent) and _is_file_or_link(out_dir / rel)
    )


def _is_file_or_link(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def _same_bytes(path: Path, data: bytes) -> bool:
    """True if `path` is a regular file (not a link, which writing would replace) holding
    exactly `data`; the size is compared first so most changed files are not read."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return path.read_bytes() == data
    except (FileNotFoundError, NotADirectoryError):
        return False


def _stage_changed(
    out_dir: Path, files: Mapping[str, bytes], previous: frozenset[str]
) -> tuple[Changes, list[tuple[Path, Path]], list[Path], dict[str, FileDigest]]:
    """Every new or changed file's bytes in a temporary file beside its destination, on
    disk before this returns; what writing will change, the (destination, temporary file)
    pairs, the folders made for them and every file's size and SHA-256. Each file's bytes
    are asked for once and let go. On failure all of those are removed, leaving the output
    folder as it was."""
    found: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": []}
    staged: list[tuple[Path, Path]] = []
    created: list[Path] = []
    digests: dict[str, FileDigest] = {}
    try:
        for rel in sorted(files):
            pieces = files.pieces(rel) if isinstance(files, FilesOnDemand) else None
            if pieces is not None:
                kind, digests[rel] = _stage_pieces(out_dir, rel, pieces, staged, created)
                found[kind].append(rel)
                continue
            data = files[rel]
            digests[rel] = (len(data), hashlib.sha256(data).hexdigest())
            dest = out_dir / rel
            kind = _compare(dest, data)
            found[kind].append(rel)
            if kind != "unchanged":
                _make_folders(out_dir, rel, created)
                staged.append((dest, _stage(dest, (data,), sync=False)))
            del data
        _sync([temp for _dest, temp in staged])
    except BaseException:
        _discard(staged, created)
        raise
    changes = Changes(
        tuple(found["added"]),
        tuple(found["changed"]),
        _removed(out_dir, files, previous),
        tuple(found["unchanged"]),
    )
    return changes, staged, created, digests


def _stage_pieces(
    out_dir: Path,
    rel: str,
    pieces: Iterable[bytes],
    staged: list[tuple[Path, Path]],
    created: list[Path],
) -> tuple[str, FileDigest]:
    """A file made in pieces, staged as they come (it is never held whole), then compared
    with the one in place: whether it is added, changed or unchanged, and its digest. An
    unchanged file's temporary copy is removed at once, so the old file keeps its time."""
    dest = out_dir / rel
    _make_folders(out_dir, rel, created)
    digest = hashlib.sha256()
    size = 0

    def counted() -> Iterator[bytes]:
        nonlocal size
        for piece in pieces:
            digest.update(piece)
            size += len(piece)
            yield piece

    temp = _stage(dest, counted(), sync=False)
    staged.append((dest, temp))
    if not dest.exists() and not dest.is_symlink():
        kind = "added"
    elif _same_file(dest, temp, size):
        staged.pop()
        temp.unlink()
        kind = "unchanged"
    else:
        kind = "changed"
    return kind, (size, digest.hexdigest())


def _same_file(path: Path, temp: Path, size: int) -> bool:
    """True if `path` is a regular file holding the same bytes as `temp` (of `size`),
    compared a block at a time."""
    info = path.lstat()
    if not stat.S_ISREG(info.st_mode) or info.st_size != size:
        return False
    with path.open("rb") as old, temp.open("rb") as new:
        while True:
            block = old.read(1 << 20)
            if block != new.read(1 << 20):
                return False
            if not block:
                return True


def _sync(temps: list[Path]) -> None:
    """The staged files on disk before any is renamed into place: each on its own when they
    are few, else all with one `sync()` (a first build stages thousands, and one wait costs
    far less than one per file; the guarantee is the same)."""
    if len(temps) > SYNC_EACH:
        os.sync()
        return
    for temp in temps:
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _discard(staged: list[tuple[Path, Path]], created: list[Path]) -> None:
    """Remove the temporary files still there (renamed ones are not) and, deepest first,
    the folders made for them that are still empty."""
    for _dest, temp in staged:
        temp.unlink(missing_ok=True)
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _make_folders(out_dir: Path, rel: str, created: list[Path]) -> None:
    folder = out_dir
    for part in rel.split("/")[:-1]:
        folder = folder / part
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        created.append(folder)
        _fsync_dir(folder.parent)


def _stage(dest: Path, pieces: Iterable[bytes], *, sync: bool = True) -> Path:
    """A temporary file in `dest`'s folder (a rename across file systems is not atomic)
    holding the `pieces` one after another, with the mode `dest` has or a new file would
    get; on disk before this returns unless `sync` is False (the caller then syncs every
    staged file at once)."""
    mode = _mode_for(dest)
    fd, name = tempfile.mkstemp(
        dir=dest.parent, prefix=f"{TEMP_PREFIX}{dest.name}.", suffix=TEMP_SUFFIX
    )
    temp = Path(name)
    try:
        try:
            for piece in pieces:
                _write_all(fd, piece)
            os.fchmod(fd, mode)  # mkstemp makes 0600, which a web server could not read
            if sync:
                os.fsync(fd)
        finally:
            os.close(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _mode_for(dest: Path) -> int:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        info = dest.lstat()
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    umask = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(umask)
    return 0o666 & ~umask


def write_manifest(out_dir: Path, paths: Collection[str]) -> None:
    data = "".join(f"{rel}\n" for rel in sorted(paths)).encode("utf-8")
    _write_bookkeeping(out_dir / MANIFEST_NAME, data)


def _write_bookkeeping(path: Path, data: bytes) -> str | None:
    """One of calfeed's own files in the output folder, replaced whole when it differs;
    whether it was "added" or "changed" (None: it already held `data`)."""
    if _same_bytes(path, data):
        return None
    kind = "changed" if path.exists() else "added"
    temp = _stage(path, (data,))
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return kind


def _fsync_dir(folder: Path) -> None:
    """Make renames and removals in `folder` durable. Some platforms and file systems
    cannot sync a folder; the change has still happened there, so that is not an error."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError as problem:
        if problem.errno not in _UNSUPPORTED:
            raise
    finally:
        os.close(fd)


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
            _fsync_dir(folder.parent)


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
            if ours and _is_file_or_link(entry):
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
