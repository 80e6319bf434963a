"""The catalogue as it was at a git revision, read through git itself.

Three answers, kept apart because they mean different things to a pull request: the
catalogue's bytes; nothing, where the revision exists but does not hold the catalogue yet
(or the branch has no commit yet), so every event is new; and a `RevisionError` naming
the revision or the folder, where the revision does not exist (a typo) or there is no
repository to read.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from calfeed.catalogue import parse_catalogue
from calfeed.errors import RevisionError
from calfeed.model import Catalogue


def catalogue_before(path: Path, revision: str) -> Catalogue | None:
    """The catalogue at `path` as `revision` held it, validated; None where the revision
    does not hold it yet. Its findings name `path@revision`."""
    raw = catalogue_at(revision, path)
    return None if raw is None else parse_catalogue(raw, Path(f"{path}@{revision}"))


def catalogue_at(revision: str, path: Path) -> bytes | None:
    """The catalogue's bytes at a git revision; None where the revision exists but does
    not hold the file, or names the current branch before its first commit."""
    try:
        return _read(revision, path)
    except OSError as problem:  # no git to run
        raise RevisionError(
            f"cannot compare {path} with {revision}: cannot run git "
            f"({problem.strerror or problem}); install git, or compare with another file: "
            "--against OLD.toml"
        ) from None


def _read(revision: str, path: Path) -> bytes | None:
    """`catalogue_at` itself; git's own failures become messages naming the catalogue."""
    top = _top_level(path, revision)
    relative = path.resolve().relative_to(top).as_posix()
    commit = _git(
        top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}"
    )
    if commit.returncode != 0:
        if _unborn(top, revision):
            return None
        raise RevisionError(
            f"cannot compare {path} with {revision}: the git repository at {top} has no "
            f"revision {revision!r} (check the name: git branch --all, git log --oneline)"
        )
    blob = f"{commit.stdout.decode('ascii').strip()}:{relative}"
    if _git(top, "cat-file", "-e", blob).returncode != 0:
        return None
    shown = _git(top, "cat-file", "blob", blob)
    if shown.returncode != 0:
        raise RevisionError(f"cannot compare {path} with {revision}: {_said(shown)}")
    return shown.stdout


def _top_level(path: Path, revision: str) -> Path:
    """The work tree that holds `path`, or a `RevisionError` saying there is none."""
    found = _git(path.resolve().parent, "rev-parse", "--show-toplevel")
    if found.returncode != 0:
        raise RevisionError(
            f"cannot compare {path} with {revision}: {_said(found)}; outside a git "
            "repository, compare with another file: --against OLD.toml"
        )
    return Path(found.stdout.decode("utf-8", "surrogateescape").strip()).resolve()


def _unborn(top: Path, revision: str) -> bool:
    """True where `revision` names the current branch and it has no commit yet."""
    branch = _git(top, "symbolic-ref", "--quiet", "HEAD").stdout.decode("utf-8").strip()
    if not branch or _git(top, "rev-parse", "--verify", "--quiet", branch).returncode == 0:
        return False
    return revision in ("HEAD", "@", branch, branch.removeprefix("refs/heads/"))


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    """Runs git in `folder`; its exit status is for the caller to read."""
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, check=False)


def _said(result: subprocess.CompletedProcess[bytes]) -> str:
    """What git said on failing, in one line."""
    text = result.stderr.decode("utf-8", "replace").strip()
    return " ".join(text.split()) or f"git exited with status {result.returncode}"
