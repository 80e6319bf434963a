"""The record of the last build is a cache: a build with nothing to do answers from it,
renders and writes nothing and says what the full build said; any change to what the
output depends on, or to the output itself, makes the build run in full; the record holds
digests and nothing else; and every byte is the same with or without it, wherever the
catalogue lies and however its path is spelled."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import calfeed.output.build
from calfeed.cli import cli
from calfeed.output.files import InMemory
from calfeed.output.paths import STATE_NAME
from calfeed.output.write import write_files
from tests.building import EPOCH
from tests.shipped import EVENTS_TOML

GUESS = "no timezone given: assumed Europe/London"
"""The shipped catalogue's one guess, which every build must repeat."""


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".calfeed.lock"
    }


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The catalogues each build rendered: none when a build answered from its record."""
    parsed: list[Path] = []
    real = calfeed.output.build.build

    def spy(source: bytes, path: Path, **options: object) -> calfeed.output.build.Build:
        parsed.append(path)
        return real(source, path, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(calfeed.output.build, "build", spy)
    return parsed


def run(*args: str, env: dict[str, str] | None = None, code: int = 0) -> Result:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH, **(env or {})})
    assert result.exit_code == code, result.output
    return result


def test_a_build_with_nothing_to_do_writes_nothing_and_says_the_same(
    shipped_copy: Path, tmp_path: Path, parses: list[Path]
) -> None:
    out = tmp_path / "out"
    first = run("build", str(shipped_copy), "-o", str(out))
    assert parses == [shipped_copy]
    *added, recorded, summary = first.stdout.splitlines()  # a line a file, the record's
    assert recorded == f"{out / STATE_NAME}: added"
    files = len(added)
    assert summary == f"{out}: {files} files ({files} added, 0 changed, 0 removed, 0 unchanged)"
    before = snapshot(out)
    again = run("build", str(shipped_copy), "-o", str(out))
    assert parses == [shipped_copy]  # not rendered again
    assert snapshot(out) == before  # not a byte, not a modification time
    assert (
        again.stdout == f"{out}: {files} files (0 added, 0 changed, 0 removed, {files} unchanged)\n"
    )
    assert again.stderr == first.stderr
    assert GUESS in again.stderr
    assert "note: the private audiences' feeds (audiences/network.ics) are not written" in (
        again.stderr
    )
    check = run("build", str(shipped_copy), "-o", str(out), "--check")
    assert parses == [shipped_copy]
    assert check.stdout == f"{out}: up to date ({files} files)\n"
    assert check.stderr == first.stderr
    assert snapshot(out) == before


def test_the_record_is_the_same_bytes_wherever_the_same_build_runs(
    shipped_copy: Path, tmp_path: Path
) -> None:
    run("build", str(shipped_copy), "-o", str(tmp_path / "a"))
    run("build", str(shipped_copy), "-o", str(tmp_path / "b"))
    record = (tmp_path / "a" / STATE_NAME).read_bytes()
    assert record == (tmp_path / "b" / STATE_NAME).read_bytes()
    assert json.loads(record).keys() == {"format", "key", "files"}
    files = json.loads(record)["files"]
    assert len(files) == len(snapshot(tmp_path / "a")) - 2  # all but the manifest and record
    assert files["all.ics"][0] == (tmp_path / "a" / "all.ics").stat().st_size


def test_a_fresh_copy_of_the_folder_is_answered_from_its_record(
    shipped_copy: Path, tmp_path: Path, parses: list[Path]
) -> None:
    # A clone in CI: the same bytes, every modification time new.
    run("build", str(shipped_copy), "-o", str(tmp_path / "built"))
    shutil.copytree(tmp_path / "built", tmp_path / "clone", copy_function=shutil.copyfile)
    result = run("build", str(shipped_copy), "-o", str(tmp_path / "clone"), "--check")
    assert parses == [shipped_copy]
    assert result.stdout.startswith(f"{tmp_path / 'clone'}: up to date (")


def _append_comment(catalogue: Path, out: Path) -> dict[str, str]:
    with catalogue.open("a", encoding="utf-8") as file:
        file.write("# a comment changes no feed, but the catalogue is no longer the same\n")
    return {}


def _edit_a_feed(catalogue: Path, out: Path) -> dict[str, str]:
    feed = out / "cop26.ics"
    data = feed.read_bytes()
    feed.write_bytes(data.replace(b"SUMMARY;", b"SUMMARX;", 1))  # the same size
    return {}


def _delete_a_feed(catalogue: Path, out: Path) -> dict[str, str]:
    (out / "regions" / "pacific.ics").unlink()
    return {}


def _link_a_feed(catalogue: Path, out: Path) -> dict[str, str]:
    feed = out / "cop26.ics"
    shutil.move(feed, out / "moved.ics")
    feed.symlink_to("moved.ics")
    return {}


def _edit_the_manifest(catalogue: Path, out: Path) -> dict[str, str]:
    manifest = out / ".calfeed-manifest"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "extra.ics\n", encoding="utf-8")
    return {}


def _garble_the_record(catalogue: Path, out: Path) -> dict[str, str]:
    record = json.loads((out / STATE_NAME).read_bytes())
    record["files"]["all.ics"][1] = "0" * 64
    (out / STATE_NAME).write_text(json.dumps(record), encoding="utf-8")
    return {}


def _set_the_base_url(catalogue: Path, out: Path) -> dict[str, str]:
    return {"CALFEED_BASE_URL": "https://example.org/calendars/"}


@pytest.mark.parametrize(
    "change",
    [
        _append_comment,
        _edit_a_feed,
        _delete_a_feed,
        _link_a_feed,
        _edit_the_manifest,
        _garble_the_record,
        _set_the_base_url,
    ],
)
def test_any_doubt_and_the_build_runs_in_full(
    shipped_copy: Path,
    tmp_path: Path,
    parses: list[Path],
    change: Callable[[Path, Path], dict[str, str]],
) -> None:
    out = tmp_path / "out"
    run("build", str(shipped_copy), "-o", str(out))
    env = change(shipped_copy, out)
    assert len(parses) == 1
    result = run("build", str(shipped_copy), "-o", str(out), env=env)
    assert len(parses) == 2
    assert GUESS in result.stderr
    # And what it wrote is what a build into an empty folder writes.
    run("build", str(shipped_copy), "-o", str(tmp_path / "fresh"), env=env)
    ours = {rel: data for rel, (data, _mtime) in snapshot(out).items()}
    assert ours.pop("moved.ics", None) in (None, (tmp_path / "fresh" / "cop26.ics").read_bytes())
    assert ours == {rel: data for rel, (data, _mtime) in snapshot(tmp_path / "fresh").items()}
    again = run("build", str(shipped_copy), "-o", str(out), env=env)
    assert len(parses) == 3
    assert "(0 added, 0 changed, 0 removed," in again.stdout


def test_an_option_is_part_of_the_record(
    shipped_copy: Path, tmp_path: Path, parses: list[Path]
) -> None:
    out = tmp_path / "out"
    run("build", str(shipped_copy), "-o", str(out))
    run("build", str(shipped_copy), "-o", str(out), "--base-url", "https://example.org/c/")
    assert len(parses) == 2
    run("build", str(shipped_copy), "-o", str(out), "--service-url", "https://example.org/app/")
    assert len(parses) == 3
    private = tmp_path / "private"
    run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    assert len(parses) == 4
    result = run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    assert len(parses) == 4
    assert result.stdout.splitlines()[1].startswith(f"{private}: 2 files (0 added,")  # en and zh
    (private / "audiences" / "network.ics").unlink()  # the private folder is checked too
    run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    assert len(parses) == 5
    assert (private / "audiences" / "network.ics").is_file()


def test_the_record_holds_digests_and_nothing_else(shipped_copy: Path, tmp_path: Path) -> None:
    # An event for a private audience alone, whose guessed zone is warned about by id.
    with shipped_copy.open("a", encoding="utf-8") as file:
        file.write(
            "\n[events.secret-retreat]\n"
            'title = "Retreat"\nstart = 2026-03-02T09:00:00\nduration = "PT2H"\n'
            'audiences = ["network"]\nregions = ["pacific"]\n'
            '[events.secret-retreat.private]\npasscode = "hunter2"\n'
        )
    out, private = tmp_path / "out", tmp_path / "private"
    run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    again = run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    assert "(0 added, 0 changed, 0 removed," in again.stdout
    assert "event secret-retreat: no timezone given: assumed Europe/London" in again.stderr
    published = b"".join(data for data, _mtime in snapshot(out).values())
    for secret in ("secret-retreat", "hunter2"):
        assert secret.encode() not in published, secret
    record = json.loads((out / STATE_NAME).read_bytes())
    assert record.keys() == {"format", "key", "files"}
    assert re.fullmatch("[0-9a-f]{64}", record["key"])
    assert set(record["files"]) == set(snapshot(out)) - {".calfeed-manifest", STATE_NAME}
    for size, digest in record["files"].values():
        assert isinstance(size, int)
        assert re.fullmatch("[0-9a-f]{64}", digest)


def test_a_rebuild_after_changing_one_event_rewrites_only_the_files_that_hold_it(
    shipped_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run("build", str(shipped_copy), "-o", str(out))
    before = snapshot(out)
    text = shipped_copy.read_text(encoding="utf-8")
    event = "cop26-pacific-mobility-human-security"
    start = text.index(f"[events.{event}]\n")
    title = text.index("title = ", start)
    shipped_copy.write_text(text[:title] + "title = 'Renamed' #" + text[title + 8 :])
    result = run("build", str(shipped_copy), "-o", str(out))
    after = snapshot(out)
    uid = f"UID:{event}@".encode()
    holders = {rel for rel, (data, _mtime) in after.items() if uid in data or b"Renamed" in data}
    assert len(holders) >= 5  # all.ics, its own file, audiences, regions and the page
    assert {"all.ics", f"events/{event}.ics", "index.html"} <= holders
    rewritten = {rel for rel in after if after[rel] != before.get(rel)}
    assert rewritten == holders | {STATE_NAME}
    said = {line.split(": ")[0] for line in result.stdout.splitlines()[:-1]}
    assert said == {str(out / rel) for rel in holders | {STATE_NAME}}


def test_a_feed_edited_by_hand_is_repaired_without_announcing_a_change(
    shipped_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run("build", str(shipped_copy), "-o", str(out))
    before = snapshot(out)
    feed = out / "all.ics"
    original = feed.read_bytes()
    edited = original.replace(
        b"SUMMARY;LANGUAGE=en:Invitation to a Pacific",
        b"SUMMARY;LANGUAGE=en:Invitation to a Pacifik",
        1,
    )
    assert edited != original
    assert len(edited) == len(original)
    feed.write_bytes(edited)
    check = run("build", str(shipped_copy), "-o", str(out), "--check", code=1)
    assert [line for line in check.stderr.splitlines() if line.endswith("would change")] == [
        f"{feed}: would change"
    ]
    result = run("build", str(shipped_copy), "-o", str(out))
    assert result.stdout.splitlines()[0] == f"{feed}: changed"
    after = snapshot(out)
    assert {rel: data for rel, (data, _t) in after.items()} == {
        rel: data for rel, (data, _t) in before.items()
    }  # every SEQUENCE and DTSTAMP as it was: nothing changed for any subscriber
    assert {rel for rel in after if after[rel][1] != before[rel][1]} == {"all.ics"}


def test_a_write_without_a_record_removes_the_one_it_outdates(
    shipped_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    run("build", str(shipped_copy), "-o", str(out))
    assert (out / STATE_NAME).is_file()
    write_files(out, InMemory({"all.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"}))
    assert not (out / STATE_NAME).exists()


def committed(folder: Path) -> dict[str, bytes]:
    """Every file of a build's folder but the record, which git does not keep."""
    return {rel: data for rel, (data, _mtime) in snapshot(folder).items() if rel != STATE_NAME}


@pytest.fixture
def shipped_clone(tmp_path: Path) -> Path:
    """The shipped catalogue and its committed feeds, as a clone of the repository has
    them (no record), in a folder of their own."""
    clone = tmp_path / "clone"
    clone.mkdir()
    (clone / "events.toml").write_bytes(EVENTS_TOML.read_bytes())
    shutil.copytree(EVENTS_TOML.parent / "calendars", clone / "calendars")
    (clone / "calendars" / STATE_NAME).unlink(missing_ok=True)
    return clone


def _spellings(clone: Path, tmp_path: Path) -> Iterator[tuple[list[str], Path]]:
    """The same build, the catalogue's path written four ways: (arguments, folder to run in)."""
    yield ["build"], clone
    yield ["build", str(clone / "events.toml"), "-o", str(clone / "calendars")], clone
    (tmp_path / "link.toml").symlink_to(clone / "events.toml")
    yield ["build", str(tmp_path / "link.toml"), "-o", str(clone / "calendars")], tmp_path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    yield ["build", "../clone/events.toml", "-o", "../clone/calendars"], elsewhere


def test_however_the_catalogue_is_named_the_committed_feeds_stay_byte_identical(
    shipped_clone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = committed(shipped_clone / "calendars")
    records = set()
    for args, where in _spellings(shipped_clone, tmp_path):
        monkeypatch.chdir(where)
        result = run(*args)
        assert committed(shipped_clone / "calendars") == before, args
        assert ": changed" not in result.stdout, args
        records.add((shipped_clone / "calendars" / STATE_NAME).read_bytes())
    assert len(records) == 1  # one record, whichever way the path was written


def test_two_fresh_builds_in_two_folders_are_byte_identical_record_included(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built = []
    for name in ("one", "two/deeper"):
        folder = tmp_path / name
        folder.mkdir(parents=True)
        (folder / "events.toml").write_bytes(EVENTS_TOML.read_bytes())
        monkeypatch.chdir(folder)
        run("build")
        built.append({rel: data for rel, (data, _t) in snapshot(folder / "calendars").items()})
    assert STATE_NAME in built[0]
    assert built[0] == built[1]


@pytest.mark.parametrize("record", ["kept", "deleted"])
def test_a_hand_edited_sequence_is_repaired_with_or_without_the_record(
    shipped_clone: Path, monkeypatch: pytest.MonkeyPatch, record: str
) -> None:
    out = shipped_clone / "calendars"
    monkeypatch.chdir(shipped_clone)
    run("build")
    before = committed(out)
    feed = out / "all.ics"
    text = feed.read_bytes()
    first = re.search(rb"^SEQUENCE:\d+\r\n", text, re.M)
    assert first is not None
    assert first.group(0) != b"SEQUENCE:7\r\n"
    feed.write_bytes(text.replace(first.group(0), b"SEQUENCE:7\r\n", 1))
    if record == "deleted":
        (out / STATE_NAME).unlink()
    result = run("build")
    assert committed(out) == before  # all.ics repaired; SEQUENCE:7 spread to no feed
    assert [line for line in result.stdout.splitlines() if line.endswith(": changed")] == [
        f"{Path('calendars') / 'all.ics'}: changed"
    ]
