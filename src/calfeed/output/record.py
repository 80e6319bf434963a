"""The record of the last build, kept in its output folder, so a build with nothing to do
does nothing.

`build --check` runs in every pre-commit hook and CI job, and `build` after each edit; to
render thousands of events only to find every byte equal cost as much as a full build. The
record (`.calfeed-state`, beside the manifest) holds a digest of everything a build's
output depends on (the catalogue's bytes and the name it was given by, calfeed's own files,
the versions of the libraries that shape the output, the options and variables that say
where the feeds are published, the private folder) and the size and SHA-256 of each file
the build wrote. When the digest matches and every file still holds those bytes, the build's
answer is known without parsing the catalogue: a build whose inputs are unchanged and whose
previous output is intact reproduces that output byte for byte (each event's stamps are
carried from it). Files are compared by content, never by modification time, so a fresh
clone in CI is answered from a record committed with the feeds. The feeds stay the truth:
without a record, or with any doubt, the build runs in full.

The record is deterministic (the same build writes the same bytes on any machine), so it
can be committed. It also keeps the messages the build printed (guesses, the count of other
warnings, the note about unwritten private feeds), so the quick answer says the same.
Those may name a private event, and the output folder is published: they are sealed with a
key derived from the catalogue's bytes, which only someone who has the catalogue can read.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from calfeed.output.paths import MANIFEST_NAME, STATE_NAME
from calfeed.render.links import BASE_URL_VARIABLE, SERVICE_URL_VARIABLE

FORMAT = 1
SHAPING_LIBRARIES = ("icalendar", "python-dateutil", "segno", "tzdata")
"""The libraries whose version can change a build's bytes (click and the rest cannot)."""
_PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class BuildKey:
    """What a build's output depends on, as one digest, and the key its messages are sealed
    with."""

    digest: str
    seal: bytes


@dataclass(frozen=True)
class Recorded:
    """A build found already done: what it printed, and how many files each folder holds."""

    messages: tuple[str, ...]
    counts: tuple[tuple[Path, int], ...]


def build_key(
    source: bytes,
    catalogue: Path,
    *,
    base_url: str | None,
    service_url: str | None,
    private_out: Path | None,
    environ: Mapping[str, str],
) -> BuildKey:
    """The key of a build of the catalogue bytes `source`, read from `catalogue` (the name
    its messages use), with these options and publishing variables."""
    inputs = {
        "format": FORMAT,
        "catalogue": str(catalogue),
        "source": hashlib.sha256(source).hexdigest(),
        "calfeed": _package_digest(),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "libraries": {name: _version(name) for name in SHAPING_LIBRARIES},
        "base_url": base_url,
        "service_url": service_url,
        "variables": {
            name: environ.get(name) for name in (BASE_URL_VARIABLE, SERVICE_URL_VARIABLE)
        },
        "private_out": None if private_out is None else str(private_out.resolve()),
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()
    seal = hashlib.sha256(b"calfeed messages\0" + digest.encode("ascii") + source).digest()
    return BuildKey(digest, seal)


def record_bytes(
    key: BuildKey, messages: Iterable[str], files: Mapping[str, tuple[int, str]]
) -> bytes:
    """The record of a build that printed `messages` and wrote `files` (relative path ->
    size and SHA-256) into a folder."""
    record = {
        "format": FORMAT,
        "key": key.digest,
        "messages": _sealed(tuple(messages), key.seal),
        "files": {rel: [size, digest] for rel, (size, digest) in files.items()},
    }
    return (json.dumps(record, sort_keys=True, indent=1) + "\n").encode("utf-8")


def recorded_build(key: BuildKey, folders: Iterable[Path]) -> Recorded | None:
    """The build already done if every folder holds a record with this key and exactly the
    files it lists; None if any doubt remains, and the build must run."""
    messages: tuple[str, ...] | None = None
    counts: list[tuple[Path, int]] = []
    for folder in folders:
        record = _read_record(folder)
        if record is None or record.get("key") != key.digest:
            return None
        files = record.get("files")
        if not isinstance(files, dict) or not _intact(folder, files):
            return None
        if messages is None:
            messages = _unsealed(record.get("messages"), key.seal)
            if messages is None:
                return None
        counts.append((folder, len(files)))
    if messages is None:
        return None
    return Recorded(messages, tuple(counts))


def written_files(folder: Path) -> dict[str, str]:
    """Each file the folder's record lists, with the SHA-256 the build wrote it with; empty
    without a record. A file that no longer holds those bytes was changed by hand."""
    record = _read_record(folder)
    files = record.get("files") if record is not None else None
    if not isinstance(files, dict):
        return {}
    return {
        rel: entry[1]
        for rel, entry in files.items()
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], str)
    }


def _read_record(folder: Path) -> dict[str, object] | None:
    try:
        record = json.loads((folder / STATE_NAME).read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    return record


def _intact(folder: Path, files: Mapping[str, object]) -> bool:
    """True if the manifest lists exactly the recorded files and each is a regular file
    with the recorded size and SHA-256."""
    try:
        listed = (folder / MANIFEST_NAME).read_bytes().decode("utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return False
    if {line for line in listed if line} != files.keys():
        return False
    return all(_holds(folder / rel, entry) for rel, entry in files.items())


def _holds(path: Path, entry: object) -> bool:
    if not (isinstance(entry, list) and len(entry) == 2):
        return False
    size, digest = entry
    try:
        info = path.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        return bool(hashlib.sha256(path.read_bytes()).hexdigest() == digest)
    except OSError:
        return False


def _package_digest() -> str:
    """A digest of calfeed's own files: an edited checkout changes a build's output
    without changing calfeed's version."""
    digest = hashlib.sha256()
    for root, folders, names in os.walk(_PACKAGE):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        for name in sorted(names):
            path = Path(root, name)
            digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _version(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None


def _sealed(messages: tuple[str, ...], seal: bytes) -> str:
    return base64.b64encode(_masked(json.dumps(messages).encode("utf-8"), seal)).decode("ascii")


def _unsealed(text: object, seal: bytes) -> tuple[str, ...] | None:
    if not isinstance(text, str):
        return None
    try:
        messages = json.loads(_masked(base64.b64decode(text, validate=True), seal))
    except ValueError:
        return None
    if not (isinstance(messages, list) and all(isinstance(m, str) for m in messages)):
        return None
    return tuple(messages)


def _masked(data: bytes, seal: bytes) -> bytes:
    """`data` XORed with SHAKE-256's stream for `seal`: the same call seals and unseals.
    A seal is used for one plaintext only: it is derived from the build's digest, and the
    same digest always prints the same messages."""
    stream = hashlib.shake_256(seal).digest(len(data))
    mixed = int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")
    return mixed.to_bytes(len(data), "big")
