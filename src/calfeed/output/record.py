"""The record of the last build (`.calfeed-state`, beside the manifest): a cache, so a
build with nothing to do renders nothing.

It holds a digest of what a folder's bytes are made from (the catalogue's bytes, never its
path; calfeed's version; the versions of the libraries that shape the bytes; the options
and variables that say where the feeds are published) and each file's size and SHA-256,
nothing else. When the digest matches and every file still holds those bytes, a full build
would write the same bytes again, because each event's stamps are carried from those very
feeds: so the build may stop there. Delete the record and the next build does the full
work and writes the same files, the record included; it never decides an output.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from calfeed.output.disk import FileDigest, digest_of
from calfeed.output.paths import MANIFEST_NAME, STATE_NAME
from calfeed.render.links import BASE_URL_VARIABLE, SERVICE_URL_VARIABLE
from calfeed.version import __version__

FORMAT = 2
SHAPING_LIBRARIES = ("Babel", "icalendar", "python-dateutil", "segno", "tzdata")
"""The libraries whose version can change a build's bytes (click and the rest cannot)."""


def build_key(
    source: bytes,
    *,
    folder: str,
    base_url: str | None,
    service_url: str | None,
    environ: Mapping[str, str],
) -> str:
    """The digest of what a build of the catalogue bytes `source` writes into one of its
    folders (`folder`: "public" or "private"), with these options and variables."""
    inputs = {
        "format": FORMAT,
        "folder": folder,
        "catalogue": hashlib.sha256(source).hexdigest(),
        "calfeed": __version__,
        "libraries": {name: _version(name) for name in SHAPING_LIBRARIES},
        "base_url": base_url,
        "service_url": service_url,
        "variables": {
            name: environ.get(name) for name in (BASE_URL_VARIABLE, SERVICE_URL_VARIABLE)
        },
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode("utf-8")).hexdigest()


def record_bytes(key: str, files: Mapping[str, FileDigest]) -> bytes:
    """The record of a build with `key` that wrote `files` (relative path -> size and
    SHA-256) into a folder."""
    record = {
        "format": FORMAT,
        "key": key,
        "files": {rel: [size, digest] for rel, (size, digest) in sorted(files.items())},
    }
    return (json.dumps(record, sort_keys=True, indent=1) + "\n").encode("utf-8")


def recorded_files(key: str, folder: Path) -> int | None:
    """How many files `folder` holds if its record has `key` and the folder holds exactly
    the files the record lists, each with its bytes; None at any doubt."""
    try:
        record = json.loads((folder / STATE_NAME).read_bytes())
        listed = (folder / MANIFEST_NAME).read_bytes().decode("utf-8").split("\n")
    except (OSError, ValueError):
        return None
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        return None
    files = record.get("files")
    if record.get("key") != key or not isinstance(files, dict):
        return None
    if {line for line in listed if line} != files.keys():
        return None
    for rel, entry in files.items():
        if not (isinstance(entry, list) and len(entry) == 2):
            return None
        if digest_of(folder / rel) != (entry[0], entry[1]):
            return None
    return len(files)


def _version(distribution: str) -> str | None:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return None
