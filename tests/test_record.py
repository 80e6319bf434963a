"""The record of the last build: a build with nothing to do answers from it, writes nothing
and says what the full build said; any change to what the output depends on, or to the
output itself, makes the build run in full; and the record tells a reader of the published
folder nothing the feeds do not."""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import calfeed.catalogue
from calfeed.cli import cli
from calfeed.model import Catalogue
from calfeed.output import write_files
from calfeed.output.paths import STATE_NAME
from tests.building import EPOCH

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
    """The catalogues each build parsed: none when a build answered from its record."""
    parsed: list[Path] = []
    real = calfeed.catalogue.parse_catalogue

    def spy(raw: bytes, path: Path) -> Catalogue:
        parsed.append(path)
        return real(raw, path)

    monkeypatch.setattr(calfeed.catalogue, "parse_catalogue", spy)
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
    assert parses == [shipped_copy]  # not parsed again
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
    feed.write_bytes(data.replace(b"SUMMARY:", b"SUMMARX:", 1))  # the same size
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
    record["messages"] = "AAAA"
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
    assert result.stdout.splitlines()[1].startswith(f"{private}: 1 files (0 added,")
    (private / "audiences" / "network.ics").unlink()  # the private folder is checked too
    run("build", str(shipped_copy), "-o", str(out), "--private-out", str(private))
    assert len(parses) == 5
    assert (private / "audiences" / "network.ics").is_file()


def test_the_published_record_names_no_private_detail(shipped_copy: Path, tmp_path: Path) -> None:
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
    record = (out / STATE_NAME).read_bytes()
    sealed = base64.b64decode(json.loads(record)["messages"])
    for word in ("secret-retreat", "network", "warning", "Europe/London", "events.toml"):
        assert word.encode() not in record, word
        assert word.encode() not in sealed, word


def test_a_build_answered_by_its_record_imports_no_renderer(
    shipped_copy: Path, tmp_path: Path
) -> None:
    probe = (
        "import sys\n"
        "from calfeed.cli import cli\n"
        "try:\n"
        "    cli(sys.argv[1:], prog_name='calfeed')\n"
        "except SystemExit as end:\n"
        "    heavy = {'icalendar', 'tomllib', 'calfeed.render.ics'} & sys.modules.keys()\n"
        "    print(sorted(heavy))\n"
        "    raise\n"
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    command = [sys.executable, "-c", probe, "build", str(shipped_copy), "-o", str(tmp_path)]
    done = [
        subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        for _ in range(2)
    ]
    assert [d.returncode for d in done] == [0, 0], done[0].stderr
    assert done[0].stdout.splitlines()[-1] == "['calfeed.render.ics', 'icalendar', 'tomllib']"
    assert done[1].stdout.splitlines()[-1] == "[]"
    assert done[1].stderr == done[0].stderr


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
        b"SUMMARY:Invitation to a Pacific", b"SUMMARY:Invitation to a Pacifik", 1
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
    write_files(out, {"all.ics": b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"})
    assert not (out / STATE_NAME).exists()
