"""`calfeed build` as one library call: the build written into its folders, or, with
`check`, what writing it would change; answered from the folders' records when a full
build could only write the same bytes again.

A build whose record matches still parses and validates the catalogue, so it says the
same warnings as the full build; only the rendering, the renderer's imports and the
writing are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from calfeed.catalogue import parse_catalogue, read_catalogue
from calfeed.errors import Finding, OutputError, said_in_full
from calfeed.model import Catalogue
from calfeed.output.files import Files
from calfeed.output.options import BuildOptions
from calfeed.output.record import build_key, record_bytes, recorded_files
from calfeed.output.stamps import events_in, read_previous
from calfeed.output.write import Changes, plan_changes, write_files
from calfeed.selection import private_feeds


@dataclass(frozen=True)
class Folder:
    """One output folder after the build (or, with `check`, as it would be)."""

    path: Path
    changes: Changes
    total: int
    """How many files the build makes for it."""


@dataclass(frozen=True)
class Outcome:
    """What a build did, and what to tell the organiser about it."""

    warnings: tuple[Finding, ...]
    """The catalogue's warnings: it is valid, but someone should look. The guesses have
    their lines (a build says them in full); the others, which it only counts, do not."""
    notices: tuple[str, ...]
    """What subscribers will notice (an event vanishing)."""
    unwritten: tuple[str, ...]
    """Private audiences' feeds not written, for want of a private folder."""
    folders: tuple[Folder, ...]
    stale: tuple[str, ...] = ()
    """With `check`: each file that would change, a line each (and, in a changed feed,
    each event that differs)."""


def build_folders(
    path: Path,
    output: Path,
    *,
    now: datetime,
    options: BuildOptions,
    private_out: Path | None = None,
    check: bool = False,
) -> Outcome:
    """Build the catalogue at `path` into `output` (and the private audiences' feeds into
    `private_out`), or with `check` write nothing and say what would change."""
    source = read_catalogue(path)
    if private_out is not None and _same_folder(private_out, output):
        raise OutputError(
            "--private-out must not be the public output folder "
            "(or inside it): private details would be published"
        )
    keyed = {"public": output}
    if private_out is not None:
        keyed["private"] = private_out
    keys = {
        folder: build_key(
            source,
            folder=kind,
            base_url=options.base_url,
            service_url=options.service_url,
            environ=options.environ,
        )
        for kind, folder in keyed.items()
    }
    recorded = {folder: recorded_files(key, folder) for folder, key in keys.items()}
    if all(count is not None for count in recorded.values()):
        catalogue = parse_catalogue(source, path, lines_for=said_in_full)
        return Outcome(
            catalogue.warnings,
            (),
            _unwritten(catalogue, private_out),
            tuple(Folder(folder, Changes(), count or 0) for folder, count in recorded.items()),
        )
    from calfeed.output.build import build  # noqa: PLC0415 (the renderer, only with work to do)

    made = build(
        source,
        path,
        now=now,
        history=read_previous(output),
        private_history=read_previous(private_out) if private_out is not None else None,
        options=options,
    )
    targets: list[tuple[Path, Files]] = [(output, made.public)]
    if private_out is not None and made.private is not None:
        targets.append((private_out, made.private))
    warnings = made.catalogue.warnings
    unwritten = _unwritten(made.catalogue, private_out)
    if check:
        planned = [(folder, files, plan_changes(folder, files)) for folder, files in targets]
        stale = tuple(
            line
            for folder, files, changes in planned
            for line in stale_lines(folder, files, changes)
        )
        folders = tuple(Folder(f, changes, len(files)) for f, files, changes in planned)
        return Outcome(warnings, made.notices, unwritten, folders, stale)
    written = tuple(
        Folder(
            folder,
            write_files(folder, files, record=partial(record_bytes, keys[folder])),
            len(files),
        )
        for folder, files in targets
    )
    return Outcome(warnings, made.notices, unwritten, written)


def _unwritten(catalogue: Catalogue, private_out: Path | None) -> tuple[str, ...]:
    return () if private_out is not None else tuple(f.path for f in private_feeds(catalogue))


def _same_folder(private: Path, public: Path) -> bool:
    private, public = private.resolve(), public.resolve()
    return private == public or public in private.parents


def stale_lines(folder: Path, files: Files, changes: Changes) -> Iterator[str]:
    """What `build --check` says about a stale folder: each file that would be added,
    removed or changed, and in a changed feed each event that differs."""
    for rel in changes.added:
        yield f"{folder / rel}: missing"
    for rel in changes.removed:
        yield f"{folder / rel}: no longer produced"
    for rel in changes.changed:
        yield f"{folder / rel}: would change"
        try:
            old = events_in((folder / rel).read_bytes())
        except OSError:
            continue
        new = events_in(b"".join(files.pieces(rel)))
        for key in sorted(set(old) | set(new), key=lambda k: (k[0], k[1] or "")):
            name = key[0] if key[1] is None else f"{key[0]} RECURRENCE-ID{key[1]}"
            if key not in old:
                yield f"    event {name}: added"
            elif key not in new:
                yield f"    event {name}: removed"
            elif old[key].digest != new[key].digest:
                yield f"    event {name}: changed"
