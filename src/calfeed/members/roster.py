"""The members of private audiences, each with a secret feed address: `members.toml`.

Calendar apps cannot log in; they poll one address for years. So each member gets an
address of their own holding a random token, revocable alone, as Google Calendar's "secret
address" is. The file keeps only each token's SHA-256, so reading it (a backup, a
misplaced copy) gives no address away, and the app looks a request's token up by its hash.
The token itself is printed once, when the member is added.

The file is calfeed's to write (`add`, `revoke`); a person may read it, and what they
change by hand is checked as the catalogue is, with the line of each problem.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import secrets
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from calfeed.catalogue.locate import lines_of
from calfeed.catalogue.syntax import syntax_finding
from calfeed.errors import Code, Finding, InvalidCatalogueError, Severity
from calfeed.model import Catalogue
from calfeed.output.disk import io_errors, replace

DEFAULT_NAME = "members.toml"
"""Beside the catalogue, unless `--members` or `CALFEED_MEMBERS` says otherwise."""
MEMBERS_VARIABLE = "CALFEED_MEMBERS"
TOKEN_BYTES = 24
"""192 random bits: no one guesses an address, however many they try."""
_HEX = re.compile(r"[0-9a-f]{64}")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,128}")
_HEADER = (
    "# calfeed members: who receives a private audience's feed at a secret address.\n"
    "# Only each address's SHA-256 is kept: the address was printed once, when the member\n"
    "# was added. Written by `calfeed members`; keep it out of any published folder.\n"
)


@dataclass(frozen=True)
class Member:
    """One person (or one mailbox) who receives private audiences' feeds."""

    name: str
    audiences: frozenset[str]
    added: date
    token_sha256: str
    """The SHA-256 (hex) of the token in their address; the token is not kept."""


def token_digest(token: str) -> str:
    """The SHA-256 (hex) of a token, the only form in which tokens are kept or compared."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def is_token(text: str) -> bool:
    """Whether `text` has the shape of a token (URL-safe base64 of reasonable length)."""
    return _TOKEN.fullmatch(text) is not None


def members_path(catalogue: Path, option: Path | None, environ: Mapping[str, str]) -> Path:
    """The members file: the option, else `CALFEED_MEMBERS`, else beside the catalogue."""
    if option is not None:
        return option
    named = environ.get(MEMBERS_VARIABLE)
    return Path(named) if named else catalogue.parent / DEFAULT_NAME


def read_members(path: Path, catalogue: Catalogue) -> tuple[Member, ...]:
    """The members in `path` (none if there is no such file), each checked against the
    catalogue's private audiences; `InvalidCatalogueError` with every finding otherwise."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return ()
    except OSError as error:
        raise _invalid(
            path, None, f"cannot read the members file: {error.strerror}", None
        ) from None
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise _invalid(path, None, "the members file is not UTF-8", "write it as UTF-8") from None
    except tomllib.TOMLDecodeError as error:
        raise InvalidCatalogueError(path, (syntax_finding(error, text, path),)) from None
    findings: list[Finding] = []
    members = tuple(_members(document, text, path, catalogue, findings))
    if findings:
        raise InvalidCatalogueError(path, tuple(findings))
    return members


def _members(
    document: dict[str, object],
    text: str,
    path: Path,
    catalogue: Catalogue,
    findings: list[Finding],
) -> Iterator[Member]:
    for key in document.keys() - {"members"}:
        findings.append(_finding(path, 1, Code.UNKNOWN_KEY, f"unknown key {key!r}", None))
    table = document.get("members", {})
    if not isinstance(table, dict):
        findings.append(_finding(path, 1, Code.WRONG_TYPE, "members must be a table", None))
        return
    lines = lines_of(text, [(("members", name), None) for name in table])
    for (name, entry), line in zip(table.items(), lines, strict=True):
        if not isinstance(entry, dict):
            findings.append(
                _finding(path, line, Code.WRONG_TYPE, f"member {name!r} is not a table", None)
            )
            continue
        audiences = entry.get("audiences")
        digest = entry.get("token-sha256")
        added = entry.get("added")
        problems = [f"unknown key {extra!r}" for extra in sorted(entry.keys() - _KEYS)]
        if not (
            isinstance(audiences, list) and audiences and all(isinstance(a, str) for a in audiences)
        ):
            problems.append("audiences must be a list of audience keys")
            audiences = []
        if not (isinstance(digest, str) and _HEX.fullmatch(digest)):
            problems.append("token-sha256 must be 64 hex digits")
        if not isinstance(added, date):
            problems.append("added must be a date (2026-12-07)")
        for problem in problems:
            hint = "remove the member and add them again with `calfeed members add`"
            findings.append(
                _finding(path, line, Code.WRONG_TYPE, f"member {name!r}: {problem}", hint)
            )
        for audience in audiences:
            message = audience_problem(audience, catalogue)
            if message is not None:
                findings.append(
                    _finding(
                        path,
                        line,
                        Code.UNKNOWN_AUDIENCE,
                        f"member {name!r}: {message}",
                        private_hint(catalogue),
                    )
                )
        if not problems and isinstance(digest, str) and isinstance(added, date):
            yield Member(name, frozenset(audiences), added, digest)


_KEYS = frozenset({"audiences", "token-sha256", "added"})


def name_problem(name: str) -> str | None:
    """Why `name` cannot name a member, or None: one line of printable text."""
    if not name.strip():
        return "is empty"
    if len(name) > MAX_NAME:
        return f"is longer than {MAX_NAME} characters"
    if any(not char.isprintable() for char in name):
        return "holds a control character or line break"
    return None


MAX_NAME = 200


def audience_problem(audience: str, catalogue: Catalogue) -> str | None:
    """Why `audience` cannot be given to a member, or None: it must be declared, and
    private (a public audience's feed needs no secret address)."""
    declared = catalogue.audiences.get(audience)
    if declared is None:
        return f"audience {audience!r} is not declared in {catalogue.path}"
    if not declared.private:
        return f"audience {audience!r} is public: its feed needs no secret address"
    return None


def private_hint(catalogue: Catalogue) -> str:
    private = sorted(catalogue.private_audiences)
    if not private:
        return "declare a private audience first: [audiences.KEY] with private = true"
    return f"private audiences: {', '.join(private)}"


def add_member(
    path: Path, name: str, audiences: Iterable[str], catalogue: Catalogue, today: date
) -> str:
    """Give `name` a new secret address for `audiences` (replacing any they had) and
    return its token, which is kept nowhere."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    member = Member(name, frozenset(audiences), today, token_digest(token))
    with io_errors(path), _locked(path):
        kept = [m for m in read_members(path, catalogue) if m.name != name]
        _write(path, sorted([*kept, member], key=lambda m: m.name.casefold()))
    return token


def revoke_member(path: Path, name: str, catalogue: Catalogue) -> bool:
    """Remove `name` and with them their address; False if there was no such member."""
    with io_errors(path), _locked(path):
        members = read_members(path, catalogue)
        kept = [m for m in members if m.name != name]
        if len(kept) == len(members):
            return False
        _write(path, kept)
    return True


def _write(path: Path, members: Iterable[Member]) -> None:
    blocks = [_HEADER]
    for member in members:
        audiences = ", ".join(json.dumps(a) for a in sorted(member.audiences))
        blocks.append(
            f"\n[members.{json.dumps(member.name, ensure_ascii=False)}]\n"
            f"audiences = [{audiences}]\n"
            f"added = {member.added.isoformat()}\n"
            f'token-sha256 = "{member.token_sha256}"\n'
        )
    replace(path, "".join(blocks).encode("utf-8"), mode=0o600)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One change to the file at a time: two `add`s at once must both be kept."""
    lock = path.with_name(f".{path.name}.lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _finding(path: Path, line: int | None, code: Code, message: str, hint: str | None) -> Finding:
    return Finding(Severity.ERROR, code, path, line, None, message, hint)


def _invalid(path: Path, line: int | None, message: str, hint: str | None) -> InvalidCatalogueError:
    return InvalidCatalogueError(path, (_finding(path, line, Code.UNREADABLE, message, hint),))
