"""File primitives that never expose a partial file: stage the bytes beside their
destination, make them durable, rename them over it, and make the rename durable.

A calendar app that fetches a half-written feed may drop every event in it, so a reader
must only ever see the old bytes or the new ones. A rename within one folder is
all-or-nothing; fsyncing the file before it and the folder after it is what makes the
result survive a crash (POSIX promises nothing for data that was never synced).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from calfeed.errors import OutputError

TEMP_PREFIX = ".calfeed-"
TEMP_SUFFIX = ".tmp"
"""Temporary files are hidden and never end in `.ics`, so nothing mistakes them for feeds."""
_UNSUPPORTED = frozenset({errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EBADF})
SYNC_THREADS = 16

FileDigest = tuple[int, str]
"""A file's size and SHA-256 (hex)."""


@contextlib.contextmanager
def io_errors(target: Path) -> Iterator[None]:
    """Turn the operating system's refusal (a full disk, no permission, a read-only folder)
    into an `OutputError` that names the file: the user's to fix, not a bug in calfeed."""
    try:
        yield
    except OSError as problem:
        where = problem.filename or target
        raise OutputError(f"cannot write {where}: {problem.strerror or problem}") from problem


def stage(
    dest: Path, pieces: Iterable[bytes], *, syncer: Syncer | None = None, mode: int | None = None
) -> tuple[Path, FileDigest]:
    """A temporary file in `dest`'s folder (a rename across file systems is not atomic)
    holding the `pieces` one after another, with `mode` or else the mode `dest` has or a
    new file would get, and the digest of what it holds; synced to disk before this
    returns, or by `syncer`, which the caller waits for before renaming it."""
    mode = _mode_for(dest) if mode is None else mode
    fd, name = tempfile.mkstemp(
        dir=dest.parent, prefix=f"{TEMP_PREFIX}{dest.name}.", suffix=TEMP_SUFFIX
    )
    temp = Path(name)
    digest, size = hashlib.sha256(), 0
    try:
        try:
            for piece in pieces:
                digest.update(piece)
                size += len(piece)
                view = memoryview(piece)
                while view:
                    view = view[os.write(fd, view) :]
            os.fchmod(fd, mode)  # mkstemp makes 0600, which a web server could not read
        except BaseException:
            os.close(fd)
            raise
        if syncer is None:
            _sync_and_close(fd)
        else:
            syncer.sync_and_close(fd)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp, (size, digest.hexdigest())


class Syncer:
    """fsyncs files several at once while the next ones are written: a build stages
    thousands, a file system commits concurrent fsyncs together, and one after another
    each would wait for the disk. Each file is synced through the descriptor that wrote
    it (opening it again costs a lookup per file), and only a bounded number are held
    open at once, well under any limit on open files. Leaving the `with` block waits for
    every sync and raises the first failure."""

    def __init__(self, threads: int = SYNC_THREADS) -> None:
        self._pool = ThreadPoolExecutor(max_workers=threads)
        self._open = threading.BoundedSemaphore(threads * 4)
        self._pending: list[Future[None]] = []

    def __enter__(self) -> Syncer:
        return self

    def __exit__(self, *problem: object) -> None:
        self._pool.shutdown(wait=True)
        for pending in self._pending:
            pending.result()

    def sync_and_close(self, fd: int) -> None:
        self._open.acquire()
        self._pending.append(self._pool.submit(self._run, fd))

    def _run(self, fd: int) -> None:
        try:
            _sync_and_close(fd)
        finally:
            self._open.release()


def _sync_and_close(fd: int) -> None:
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def holds(path: Path, pieces: Iterable[bytes]) -> FileDigest | None:
    """The digest of `pieces` if `path` is a regular file (not a link, which writing would
    replace) holding exactly those bytes; None as soon as a byte differs."""
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode):
            return None
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as old:
            for piece in pieces:
                if old.read(len(piece)) != piece:
                    return None
                digest.update(piece)
                size += len(piece)
            if size != info.st_size or old.read(1):
                return None
    except (FileNotFoundError, NotADirectoryError):
        return None
    return size, digest.hexdigest()


def digest_of(path: Path) -> FileDigest | None:
    """The size and SHA-256 of a regular file (not a link); None for anything else."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return len(data), hashlib.sha256(data).hexdigest()


def exists(path: Path) -> bool:
    """True for anything at `path`, a dangling link included (one `lstat`)."""
    return os.path.lexists(path)


def replace(path: Path, data: bytes, *, mode: int | None = None) -> str | None:
    """Replace the one file `path` with `data` all at once (with `mode`, else the mode it
    has); whether it was "added" or "changed", or None when it already held `data`."""
    if holds(path, (data,)) is not None and (mode is None or _mode_for(path) == mode):
        return None
    kind = "changed" if exists(path) else "added"
    temp, _digest = stage(path, (data,), mode=mode)
    try:
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    fsync_folder(path.parent)
    return kind


def atomic_write(path: Path, data: bytes) -> None:
    """Replace the single file `path` a person named (`feed -o`, `schema -o`) with `data`
    all at once; identical bytes leave it untouched."""
    with io_errors(path):
        if path.is_dir():
            raise OutputError(f"{path} is a folder; give a file name to write the feed to")
        replace(path, data)


def fsync_folder(folder: Path) -> None:
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


def is_file_or_link(path: Path) -> bool:
    try:
        mode = path.lstat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        return False
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def _mode_for(dest: Path) -> int:
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        info = dest.lstat()
        if stat.S_ISREG(info.st_mode):
            return stat.S_IMODE(info.st_mode)
    return new_file_mode()


def new_file_mode() -> int:
    """The mode a new file gets under the process's umask."""
    umask = os.umask(0o022)  # the only portable way to read it is to set it
    os.umask(umask)
    return 0o666 & ~umask
