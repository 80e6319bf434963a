"""`calfeed members`: a secret address per member of a private audience, printed once and
kept only as its SHA-256, revocable one member at a time, in a file only its owner reads."""

from __future__ import annotations

import hashlib
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from calfeed.cli import cli

SERVICE = "https://feeds.example.org/"
ADDRESS = re.compile(r"  feed: https://feeds\.example\.org/private/([A-Za-z0-9_-]+)\.ics")


def members(*args: str, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, ["members", *args])
    assert result.exit_code == code, result.output
    return result


def add(catalogue: Path, name: str, *audiences: str) -> str:
    """Add a member; the token of their printed address."""
    options = [f"--audience={a}" for a in audiences]
    result = members("add", name, *options, "--catalogue", str(catalogue), "--service-url", SERVICE)
    found = ADDRESS.search(result.stdout)
    assert found is not None, result.stdout
    token = found.group(1)
    assert f"  page: {SERVICE}private/{token}/\n" in result.stdout
    return token


def test_add_prints_the_addresses_once_and_keeps_only_their_hash(shipped_copy: Path) -> None:
    token = add(shipped_copy, "Ana Silva", "network")
    assert len(token) >= 22  # at least 128 random bits, URL-safe base64
    kept = (shipped_copy.parent / "members.toml").read_text(encoding="utf-8")
    assert token not in kept
    assert f'token-sha256 = "{hashlib.sha256(token.encode()).hexdigest()}"' in kept
    assert '[members."Ana Silva"]\naudiences = ["network"]\n' in kept
    mode = stat.S_IMODE((shipped_copy.parent / "members.toml").stat().st_mode)
    assert mode == 0o600


def test_adding_a_name_again_replaces_its_address(shipped_copy: Path) -> None:
    first = add(shipped_copy, "Ana Silva", "network")
    second = add(shipped_copy, "Ana Silva", "network")
    assert first != second
    kept = (shipped_copy.parent / "members.toml").read_text(encoding="utf-8")
    assert hashlib.sha256(first.encode()).hexdigest() not in kept
    assert hashlib.sha256(second.encode()).hexdigest() in kept
    assert kept.count("[members.") == 1


def test_list_shows_names_audiences_and_dates_never_an_address(shipped_copy: Path) -> None:
    token = add(shipped_copy, "Ana Silva", "network")
    add(shipped_copy, "Bo", "network")
    listed = members("list", "--catalogue", str(shipped_copy)).stdout
    lines = listed.splitlines()
    assert [line.split("  ")[0].strip() for line in lines] == ["Ana Silva", "Bo"]
    assert all(re.search(r"  network  added \d{4}-\d{2}-\d{2}$", line) for line in lines)
    assert token not in listed
    assert hashlib.sha256(token.encode()).hexdigest() not in listed


def test_revoke_removes_one_member(shipped_copy: Path) -> None:
    add(shipped_copy, "Ana Silva", "network")
    add(shipped_copy, "Bo", "network")
    said = members("revoke", "Bo", "--catalogue", str(shipped_copy)).stdout
    assert said.startswith(f"{shipped_copy.parent / 'members.toml'}: Bo removed;")
    listed = members("list", "--catalogue", str(shipped_copy)).stdout
    assert listed.splitlines()[0].startswith("Ana Silva  network  added ")
    assert len(listed.splitlines()) == 1
    missing = members("revoke", "Bo", "--catalogue", str(shipped_copy), code=1)
    assert missing.stderr == (
        f"{shipped_copy.parent / 'members.toml'}: no member named 'Bo' (members: Ana Silva)\n"
    )


@pytest.mark.parametrize(
    ("audience", "problem"),
    [
        ("public", "audience 'public' is public: its feed needs no secret address"),
        ("netwrk", "audience 'netwrk' is not declared in {catalogue}"),
    ],
)
def test_a_public_or_unknown_audience_is_refused(
    shipped_copy: Path, audience: str, problem: str
) -> None:
    result = members("add", "Ana", "--audience", audience, "--catalogue", str(shipped_copy), code=1)
    said = problem.format(catalogue=shipped_copy)
    assert result.stderr == f"{shipped_copy}: {said} (private audiences: network)\n"
    assert not (shipped_copy.parent / "members.toml").exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[members."Ana"]\naudiences = "network"\nadded = 2026-01-01\n'
            f'token-sha256 = "{"a" * 64}"\n',
            "{path}:1: error: member 'Ana': audiences must be a list of audience keys",
        ),
        (
            '\n\n[members."Ana"]\naudiences = ["public"]\nadded = 2026-01-01\n'
            f'token-sha256 = "{"a" * 64}"\n',
            "{path}:3: error: member 'Ana': audience 'public' is public: its feed needs no "
            "secret address",
        ),
        (
            '[members."Ana"]\naudiences = ["network"\n',
            '{path}:2: error: the array on line 2 needs a "," between values and a closing "]"',
        ),
    ],
)
def test_a_malformed_members_file_names_its_line(
    shipped_copy: Path, text: str, expected: str
) -> None:
    path = shipped_copy.parent / "members.toml"
    path.write_text(text, encoding="utf-8")
    result = members("list", "--catalogue", str(shipped_copy), code=1)
    assert result.stderr.splitlines()[0] == expected.format(path=path)
    assert result.stderr.splitlines()[-1] == f"{path}: 1 error"


def test_two_adds_at_once_both_survive(shipped_copy: Path) -> None:
    command = [sys.executable, "-m", "calfeed", "members", "add"]
    running = [
        subprocess.Popen(
            [*command, f"member-{n}", "--audience", "network", "--catalogue", str(shipped_copy)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for n in range(6)
    ]
    for process in running:
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0, err
    listed = members("list", "--catalogue", str(shipped_copy)).stdout
    assert sorted(line.split("  ")[0] for line in listed.splitlines()) == [
        f"member-{n}" for n in range(6)
    ]


def test_a_members_file_that_cannot_be_written_is_one_message(shipped_copy: Path) -> None:
    target = shipped_copy.parent / "missing-folder" / "members.toml"
    result = members(
        "add", "Ana", "--audience", "network",
        "--catalogue", str(shipped_copy), "--members", str(target), code=1,
    )  # fmt: skip
    assert result.stderr == (
        f"cannot write {target.parent / '.members.toml.lock'}: No such file or directory\n"
    )
    assert "Traceback" not in result.output
