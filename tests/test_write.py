"""Writing an output folder: atomic, minimal, locked, and never removing a person's file."""

from __future__ import annotations

import errno
import fcntl
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from calfeed.errors import OutputError
from calfeed.output.disk import atomic_write
from calfeed.output.files import InMemory
from calfeed.output.paths import LOCK_NAME, MANIFEST_NAME
from calfeed.output.write import Changes, plan_changes, write_files

OLD = 1_000_000_000_000_000_000  # 2001-09-09 in nanoseconds: any rewrite moves mtime off it

FIRST = InMemory(
    {
        "all.ics": b"all v1",
        "audiences/government.ics": b"government v1",
        "regions/pacific.ics": b"pacific v1",
        "index.html": b"<html>v1</html>",
    }
)
SECOND = InMemory(
    {
        "all.ics": b"all v2",  # changed
        "audiences/government.ics": b"government v1",  # unchanged
        "audiences/ngo.ics": b"ngo v2",  # added to an existing folder
        "index.html": b"<html>v2</html>",  # changed
        "pacific-governments.ics": b"pacific governments v2",  # added
        "topics/climate.ics": b"climate v2",  # added in a new folder
        # regions/pacific.ics is no longer produced: removed, and regions/ with it
    }
)
SECOND_CHANGES = Changes(
    added=("audiences/ngo.ics", "pacific-governments.ics", "topics/climate.ics"),
    changed=("all.ics", "index.html"),
    removed=("regions/pacific.ics",),
    unchanged=("audiences/government.ics",),
)


def files_in(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `folder` with its bytes and mtime."""
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def listing(folder: Path) -> dict[str, tuple[bytes | None, int]]:
    """Every file and folder under `folder` (and itself) with bytes and mtime."""
    found: dict[str, tuple[bytes | None, int]] = {".": (None, folder.stat().st_mtime_ns)}
    for p in sorted(folder.rglob("*")):
        data = p.read_bytes() if p.is_file() else None
        found[p.relative_to(folder).as_posix()] = (data, p.lstat().st_mtime_ns)
    return found


def folders_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_dir())


def temps_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*.tmp"))


def age(folder: Path) -> None:
    """Set every file's mtime far into the past, so any rewrite shows whatever the clock."""
    for p in folder.rglob("*"):
        if p.is_file():
            os.utime(p, ns=(OLD, OLD))


def manifest(folder: Path) -> str:
    return (folder / MANIFEST_NAME).read_text(encoding="utf-8")


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    yield
    os.umask(previous)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """An output folder holding FIRST as a previous build left it, mtimes aged."""
    out = tmp_path / "calendars"
    write_files(out, FIRST)
    age(out)
    return out


# Writing and rewriting


@pytest.mark.usefixtures("umask_022")
def test_first_write_adds_every_file_readable_and_lists_them(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    changes = write_files(out, FIRST)
    assert changes == Changes(added=tuple(sorted(FIRST)))
    assert changes.any
    assert {rel: data for rel, (data, _) in files_in(out).items()} == {
        **FIRST,
        LOCK_NAME: b"",
        MANIFEST_NAME: (b"all.ics\naudiences/government.ics\nindex.html\nregions/pacific.ics\n"),
    }
    # Not mkstemp's 0600: a web server serving the folder must be able to read feeds.
    assert (out / "all.ics").stat().st_mode & 0o777 == 0o644
    assert (out / "regions/pacific.ics").stat().st_mode & 0o777 == 0o644


def test_identical_rewrite_touches_no_file(built: Path) -> None:
    before = files_in(built)
    changes = write_files(built, FIRST)
    assert changes == Changes(unchanged=tuple(sorted(FIRST)))
    assert not changes.any
    assert files_in(built) == before  # bytes and mtimes, manifest and lock included


def test_changed_files_are_replaced_with_their_mode_and_others_left(built: Path) -> None:
    (built / "all.ics").chmod(0o640)
    new = InMemory({**FIRST, "all.ics": b"all v2, longer", "index.html": b"<html>v2</html>"})
    changes = write_files(built, new)
    assert changes == Changes(
        changed=("all.ics", "index.html"),
        unchanged=("audiences/government.ics", "regions/pacific.ics"),
    )
    after = files_in(built)
    assert after["all.ics"][0] == b"all v2, longer"
    assert after["index.html"][0] == b"<html>v2</html>"
    assert after["all.ics"][1] != OLD
    assert after["audiences/government.ics"] == (b"government v1", OLD)
    assert after["regions/pacific.ics"] == (b"pacific v1", OLD)
    assert after[MANIFEST_NAME][1] == OLD  # same list of files: not rewritten
    assert (built / "all.ics").stat().st_mode & 0o777 == 0o640
    assert temps_in(built) == []


def test_a_full_change_reports_each_kind_and_removes_only_stale_calfeed_files(
    built: Path,
) -> None:
    changes = write_files(built, SECOND)
    assert changes == SECOND_CHANGES
    assert {rel: data for rel, (data, _) in files_in(built).items()} == {
        **SECOND,
        LOCK_NAME: b"",
        MANIFEST_NAME: "".join(f"{rel}\n" for rel in sorted(SECOND)).encode(),
    }
    assert folders_in(built) == ["audiences", "topics"]  # regions/ emptied, so removed


def test_a_persons_files_and_folders_survive(built: Path) -> None:
    (built / "README.txt").write_bytes(b"mine")
    (built / "regions/notes.ics").write_bytes(b"my notes")
    (built / "empty-of-mine").mkdir()
    changes = write_files(built, SECOND)
    assert changes.removed == ("regions/pacific.ics",)
    assert (built / "README.txt").read_bytes() == b"mine"
    assert (built / "regions/notes.ics").read_bytes() == b"my notes"
    assert folders_in(built) == ["audiences", "empty-of-mine", "regions", "topics"]
    assert "README.txt" not in manifest(built)


def test_a_stale_file_already_deleted_by_hand_is_not_reported(built: Path) -> None:
    (built / "regions/pacific.ics").unlink()
    assert write_files(built, SECOND).removed == ()
    assert folders_in(built) == ["audiences", "topics"]  # held only calfeed's file: tidied


def test_a_folder_without_a_manifest_keeps_every_old_file(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    out.mkdir()
    (out / "old.ics").write_bytes(b"from before manifests")
    (out / "all.ics").write_bytes(b"all v0")
    changes = write_files(out, InMemory({"all.ics": b"all v1"}))
    assert changes == Changes(changed=("all.ics",))
    assert (out / "old.ics").read_bytes() == b"from before manifests"
    assert manifest(out) == "all.ics\n"


def test_leftover_temporary_files_of_a_killed_build_are_removed(built: Path) -> None:
    (built / ".calfeed-all.ics.abc123.tmp").write_bytes(b"half")
    (built / "regions/.calfeed-pacific.ics.x.tmp").write_bytes(b"ha")
    (built / "mine.tmp").write_bytes(b"a person's")
    write_files(built, FIRST)
    assert temps_in(built) == ["mine.tmp"]


def test_atomic_write_writes_one_file_and_skips_identical_bytes(tmp_path: Path) -> None:
    target = tmp_path / "feed.ics"
    atomic_write(target, b"one")
    os.utime(target, ns=(OLD, OLD))
    atomic_write(target, b"one")
    assert target.stat().st_mtime_ns == OLD
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["feed.ics"]
    with pytest.raises(OutputError) as raised:
        atomic_write(tmp_path, b"x")
    assert str(raised.value) == f"{tmp_path} is a folder; give a file name to write the feed to"


# Refusals, each before anything is written


@pytest.mark.parametrize(
    ("rel", "problem"),
    [
        ("../x.ics", "contains '..', which would leave the output folder"),
        ("/etc/x", "is absolute; it must be relative to the output folder"),
        ("a/../../x", "contains '..', which would leave the output folder"),
        ("a\\b", "contains a backslash; separate folders with '/'"),
        ("", "is empty"),
        ("a//b.ics", "has an empty part (a doubled or trailing '/')"),
        ("a/", "has an empty part (a doubled or trailing '/')"),
        ("./a.ics", "contains a '.' part; name each folder plainly"),
        ("a\nb.ics", "contains a line break"),
        ("a\0b.ics", "contains a NUL character"),
        (MANIFEST_NAME, "is the name of a file calfeed keeps for itself"),
        (LOCK_NAME, "is the name of a file calfeed keeps for itself"),
    ],
)
def test_unsafe_paths_are_refused_before_anything_is_written(
    tmp_path: Path, rel: str, problem: str
) -> None:
    out = tmp_path / "calendars"
    files = InMemory({"all.ics": b"all", rel: b"bad", "zz.ics": b"zz"})
    expected = f"refusing to write {rel!r} under {out}: the path {problem}"
    for call in (write_files, plan_changes):
        with pytest.raises(OutputError) as raised:
            call(out, files)
        assert str(raised.value) == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # not even the folder


def test_a_path_that_is_both_file_and_folder_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    with pytest.raises(OutputError) as raised:
        write_files(out, InMemory({"regions": b"x", "regions/pacific.ics": b"y"}))
    assert str(raised.value) == (
        f"refusing to write 'regions' and 'regions/pacific.ics' under {out}: "
        "'regions' would have to be both a file and a folder"
    )
    assert not out.exists()


def test_an_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    out.write_bytes(b"oops")
    for call in (write_files, plan_changes):
        with pytest.raises(OutputError) as raised:
            call(out, FIRST)
        assert str(raised.value) == (
            f"output folder {out} exists but is a file; move it or choose another folder"
        )
    assert out.read_bytes() == b"oops"


def test_a_file_where_a_folder_is_needed_is_refused_before_writing(built: Path) -> None:
    (built / "topics").write_bytes(b"a person's file")
    before = listing(built)
    with pytest.raises(OutputError) as raised:
        write_files(built, SECOND)
    assert str(raised.value) == (
        f"{built / 'topics'} is a file, but calfeed needs a folder there to write "
        "topics/climate.ics; move the file away"
    )
    assert listing(built) == before


def test_a_folder_where_a_file_is_needed_is_refused_before_writing(built: Path) -> None:
    (built / "pacific-governments.ics").mkdir()
    before = listing(built)
    with pytest.raises(OutputError) as raised:
        write_files(built, SECOND)
    assert str(raised.value) == (
        f"{built / 'pacific-governments.ics'} is a folder, but calfeed needs to write a "
        "file there; move the folder away"
    )
    assert listing(built) == before


def test_a_symbolic_link_out_of_the_folder_is_not_written_through(tmp_path: Path) -> None:
    out = tmp_path / "calendars"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "regions").symlink_to(elsewhere)
    with pytest.raises(OutputError) as raised:
        write_files(out, InMemory({"all.ics": b"a", "regions/pacific.ics": b"p"}))
    assert str(raised.value) == (
        f"{out / 'regions'} leads outside {out} through a symbolic link; "
        "calfeed will not write regions/pacific.ics there"
    )
    assert list(elsewhere.iterdir()) == []
    assert not (out / "all.ics").exists()


def test_a_manifest_naming_a_file_outside_is_refused_and_nothing_removed(
    built: Path,
) -> None:
    victim = built.parent / "victim.ics"
    victim.write_bytes(b"not calfeed's")
    (built / MANIFEST_NAME).write_text("../victim.ics\nall.ics\n", encoding="utf-8")
    with pytest.raises(OutputError) as raised:
        write_files(built, InMemory({"all.ics": b"all v1"}))
    assert str(raised.value) == (
        f"{built / MANIFEST_NAME} line 1 ('../victim.ics') contains '..', which would "
        "leave the output folder, so calfeed cannot trust it; delete it and build again"
    )
    assert victim.read_bytes() == b"not calfeed's"


# Failures part way: every file whole, old or new, and no temporary file left


def fail_on(data: bytes, real: Callable[[int, bytes], int]) -> Callable[[int, bytes], int]:
    """An `os.write` that, given exactly `data`, writes half of it and then finds the disk
    full, as a real short write followed by ENOSPC would."""

    def fake(fd: int, chunk: bytes) -> int:
        if bytes(chunk) == data:
            real(fd, chunk[: len(chunk) // 2])
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd, chunk)

    return fake


@pytest.mark.parametrize("failing", SECOND_CHANGES.added + SECOND_CHANGES.changed)
def test_a_failed_write_leaves_the_folder_exactly_as_it_was(
    built: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    before = files_in(built)
    folders = folders_in(built)
    monkeypatch.setattr(os, "write", fail_on(SECOND[failing], os.write))
    with pytest.raises(OutputError, match="No space left on device"):
        write_files(built, SECOND)
    monkeypatch.undo()
    # All new bytes are staged before the first rename, so no file changed at all: same
    # bytes, same mtimes, same manifest, no new (empty) folder, no temporary file.
    assert files_in(built) == before
    assert folders_in(built) == folders
    assert temps_in(built) == []
    assert write_files(built, SECOND) == SECOND_CHANGES


@pytest.mark.parametrize("failing", range(5))
def test_a_failed_rename_leaves_whole_files_and_a_manifest_covering_them(
    built: Path, monkeypatch: pytest.MonkeyPatch, failing: int
) -> None:
    # Renames happen in sorted order of the files written.
    order = sorted(SECOND_CHANGES.added + SECOND_CHANGES.changed)
    target = built / order[failing]
    real_replace = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target:
            raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OutputError, match="Input/output error"):
        write_files(built, SECOND)
    monkeypatch.undo()
    after = files_in(built)
    for rel in order[:failing]:
        assert after[rel][0] == SECOND[rel]  # renamed before the failure: new, whole
    for rel in order[failing:]:
        if rel in FIRST:
            assert after[rel] == (FIRST[rel], OLD)  # old bytes, untouched
        else:
            assert rel not in after
    assert after["regions/pacific.ics"] == (b"pacific v1", OLD)  # nothing removed yet
    assert after["audiences/government.ics"] == (b"government v1", OLD)
    assert temps_in(built) == []
    assert folders_in(built) == ["audiences", "regions"]  # topics/ made for nothing: gone
    # Every file calfeed wrote or may have written is listed, so the next build can
    # still clean up whatever it no longer produces.
    assert manifest(built) == "".join(f"{rel}\n" for rel in sorted(FIRST.keys() | SECOND))
    # Going back to FIRST removes the files SECOND added before the failure.
    assert write_files(built, FIRST) == Changes(
        changed=tuple(rel for rel in ("all.ics", "index.html") if rel in order[:failing]),
        removed=tuple(rel for rel in order[:failing] if rel not in FIRST),
        unchanged=tuple(
            rel for rel in sorted(FIRST) if rel in after and after[rel][0] == FIRST[rel]
        ),
    )
    assert {rel: data for rel, (data, _) in files_in(built).items()} == {
        **FIRST,
        LOCK_NAME: b"",
        MANIFEST_NAME: "".join(f"{rel}\n" for rel in sorted(FIRST)).encode(),
    }
    assert folders_in(built) == ["audiences", "regions"]


# Durability: every staged file is on disk before its rename


def test_every_staged_file_is_synced_through_its_own_descriptor_before_its_rename(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: set[str] = set()
    renamed_before_sync: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        real_fsync(fd)
        synced.add(os.readlink(f"/proc/self/fd/{fd}"))

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if str(src) not in synced:
            renamed_before_sync.append(str(dst))
        real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    assert write_files(built, SECOND) == SECOND_CHANGES
    assert renamed_before_sync == []
    temps = [Path(p).name for p in synced if p.endswith(".tmp")]  # not the folders
    names = [name.removeprefix(".calfeed-").rsplit(".", 2)[0] for name in temps]
    # One sync for each file written, and the manifest's (listed before and after).
    assert sorted(n for n in names if n != MANIFEST_NAME) == sorted(
        Path(rel).name for rel in SECOND_CHANGES.added + SECOND_CHANGES.changed
    )


def test_a_failed_sync_leaves_the_folder_exactly_as_it_was(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = files_in(built)
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if "ngo.ics" in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError, match="Input/output error"):
        write_files(built, SECOND)
    monkeypatch.undo()
    assert files_in(built) == before
    assert temps_in(built) == []
    assert write_files(built, SECOND) == SECOND_CHANGES


# The lock


def test_a_held_lock_refuses_a_second_build_and_it_writes_nothing(built: Path) -> None:
    before = listing(built)
    with (built / LOCK_NAME).open("rb+") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        with pytest.raises(OutputError) as raised:
            write_files(built, SECOND)
        assert str(raised.value) == f"another calfeed build is writing {built}"
        assert listing(built) == before
        assert plan_changes(built, SECOND) == SECOND_CHANGES  # reading needs no lock
    assert write_files(built, SECOND) == SECOND_CHANGES  # released: the next build runs


def test_a_lock_held_by_another_process_refuses_the_build(built: Path) -> None:
    holder = (
        "import fcntl, sys\n"
        "f = open(sys.argv[1], 'rb+')\n"
        "fcntl.flock(f.fileno(), fcntl.LOCK_EX)\n"
        "print('locked', flush=True)\n"
        "sys.stdin.read()\n"
    )
    with subprocess.Popen(
        [sys.executable, "-c", holder, str(built / LOCK_NAME)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stdin is not None
        assert process.stdout.readline() == b"locked\n"
        with pytest.raises(OutputError) as raised:
            write_files(built, SECOND)
        assert str(raised.value) == f"another calfeed build is writing {built}"
        process.stdin.close()
    assert process.returncode == 0
    assert write_files(built, SECOND) == SECOND_CHANGES


# plan_changes


def test_plan_changes_reports_what_write_files_does_and_writes_nothing(built: Path) -> None:
    (built / "README.txt").write_bytes(b"mine")
    before = listing(built)
    planned = plan_changes(built, SECOND)
    assert listing(built) == before  # every file and folder, bytes and mtimes
    assert planned == SECOND_CHANGES
    assert write_files(built, SECOND) == planned
    assert plan_changes(built, SECOND) == Changes(unchanged=tuple(sorted(SECOND)))


def test_plan_changes_of_a_missing_folder_adds_everything_and_creates_nothing(
    tmp_path: Path,
) -> None:
    out = tmp_path / "calendars"
    assert plan_changes(out, FIRST) == Changes(added=tuple(sorted(FIRST)))
    assert not out.exists()
    assert not plan_changes(out, InMemory({})).any
