"""Fuzzing the loader: arbitrary bytes, and the shipped catalogue mutated, through
`calfeed check` and `calfeed build`. Whatever the input, calfeed exits 0 or 1 with a
message and never a traceback; a `build` that refuses (exit 1) leaves its output folder
exactly as it was.

Mutations of `events.toml`: bit flips, random bytes, deletions, truncations, duplicated
lines (duplicate keys and tables), and insertions of TOML fragments (table headers, keys
with out-of-range or mistyped values, unclosed strings and brackets, triple quotes, invalid
escapes and UTF-8, BOMs, NUL, CR, U+2028, huge numbers, impossible dates and times,
recurrence rules) at random bytes, at line starts, or in place of a key's value.

A bounded run in CI (200 examples a test, `HYPOTHESIS_PROFILE=ci`, the default). Longer:

    HYPOTHESIS_PROFILE=long pytest tests/test_fuzz_loader.py      # 5,000 a test, ~3 min
    HYPOTHESIS_PROFILE=soak pytest tests/test_fuzz_loader.py      # 50,000 a test, ~30 min

A failure prints the falsifying input; hypothesis keeps it in `.hypothesis/` and replays it
first on the next run.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import event, example, given, settings
from hypothesis import strategies as st

from calfeed.catalogue import fields
from calfeed.cli import cli
from tests.building import EPOCH
from tests.shipped import EVENTS_TOML
from tests.strategies import (
    PROFILE,
    REFUSED_FRAGMENTS,
    SAFE_FRAGMENTS,
    ZONES,
    TomlValue,
    toml_key,
    toml_string,
    toml_value,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.filterwarnings(
        # A failing example holding a 10 kB text: show it anyway, rather than fail on the warning.
        "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
    ),
]
SHIPPED = EVENTS_TOML.read_bytes()

FRAGMENTS: tuple[bytes, ...] = (
    b"[calendar]\n",
    b"[events.fuzz]\n",
    b"[events.fuzz.private]\n",
    b"[[events.fuzz.sessions]]\n",
    b"[[events]]\n",
    b"[audiences.x]\nprivate = true\n",
    b"[regions.r]\nzones = []\n",
    b"[feeds.all]\n",
    b"[feeds.Bad Key]\n",
    b'title = "',
    b"title = '''\n",
    b'"""',
    b"'''",
    b"= ",
    b"[",
    b"]",
    b"{",
    b"}",
    b"a.b.c = 1\n",
    b'start = 2021-03-28T02:30:00\ntimezone = "Europe/Paris"\n',
    b"start = 2021-10-31T02:30:00\n",
    b"start = 2021-10-31T02:30:00+05:00\n",
    b"start = 9999-12-31T23:59:59\n",
    b"start = 0001-01-01T00:00:00\n",
    b"start = 0001-01-01\n",
    b"start = 2021-02-30\n",
    b"start = 24:00:00\n",
    b"end = 9999-12-31\n",
    b"end = 00:00:00\n",
    b"end = 2021-11-04T12:30:00-23:59\n",
    b'duration = "P99999999W"\n',
    b'duration = "PT0S"\n',
    b'duration = "P"\n',
    b'timezone = "Mars/Olympus"\n',
    b'timezone = "../../../etc/passwd"\n',
    b'timezone = "Samoa"\n',
    b'timezone = ""\n',
    b'repeat = "FREQ=SECONDLY"\n',
    b'repeat = "FREQ=DAILY;COUNT=100000"\n',
    b'repeat = "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"\n',
    b'repeat = "FREQ=WEEKLY;UNTIL=99991231T235959Z"\n',
    b"except = [0001-01-01]\n",
    b"also = [9999-12-31T23:00:00]\n",
    b'announced = ["25:00 CET", "2021-11-04 00:30 IST", "99:99 UTC+99"]\n',
    b"audiences = [1]\n",
    b'audiences = ["nobody"]\n',
    b"sessions = 3\n",
    b"private = { a = [1] }\n",
    b'status = "maybe"\n',
    b'registration = "javascript:alert(1)"\n',
    b'url = "http://[::1"\n',
    b'uid-domain = "-"\n',
    b'refresh = "PT0S"\n',
    b'show-zones = ["UTC", "Nowhere"]\n',
    b"99999999999999999999999999",
    b"1e999",
    b"inf",
    b"nan",
    b"-0",
    b"true",
    b"#",
    b'"\\uD800"',
    b'"\\U0011FFFF"',
    b'"\\x"',
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\xed\xa0\x80",
    b"\r\n",
    b"\r",
    b"\n",
    b"\t",
    "\u2028".encode(),
    b"\xc2\x85",
)


def _text_fragments() -> st.SearchStrategy[bytes]:
    """Hostile text as a TOML string, raw or as a key's value."""
    text = st.lists(st.sampled_from(SAFE_FRAGMENTS + REFUSED_FRAGMENTS), max_size=6).map("".join)
    return st.one_of(
        text.map(lambda t: toml_string(t).encode()),
        text.map(lambda t: f"title = {toml_string(t)}\n".encode()),
        text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


PIECES = st.one_of(st.sampled_from(FRAGMENTS), _text_fragments(), st.binary(max_size=12))


KEYS: tuple[str, ...] = tuple(
    sorted(
        {*fields.EVENT, *fields.SESSION, *fields.CALENDAR, *fields.AUDIENCE, *fields.FEED}
        | {*fields.REGION, "nonsense", "Title", "start ", "tz"}
    )
)
"""Every key calfeed knows, and a few near misses."""

_OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(lambda m: timezone(timedelta(minutes=m)))
VALUES: st.SearchStrategy[TomlValue] = st.one_of(
    st.lists(st.sampled_from(SAFE_FRAGMENTS + REFUSED_FRAGMENTS), max_size=4).map("".join),
    st.sampled_from(ZONES[:: len(ZONES) // 40]),
    st.sampled_from(
        [
            "PT1H",
            "P1D",
            "PT0S",
            "P",
            "FREQ=WEEKLY;COUNT=3",
            "FREQ=DAILY;UNTIL=20211231T000000Z",
            "confirmed",
            "cancelled",
            "https://example.org/",
            "http://x",
            "ftp://x",
            "00:30 CET",
            "2021-11-04 12:30 Pacific/Apia",
            "12:30 IST",
            "10:00-11:30 GMT+12",
            "en",
            "zh-Hant-TW",
        ]
    ),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.dates(),
    st.datetimes().map(lambda d: d.replace(microsecond=0)),
    st.datetimes(timezones=_OFFSETS).map(lambda d: d.replace(microsecond=0)),
    st.times().map(lambda t: t.replace(microsecond=0)),
    st.lists(st.sampled_from(["government", "pacific", "cop26", "", "x"]), max_size=3),
)
"""Well-formed TOML values of every type a key may (or may not) take."""


@st.composite
def valid_lines(draw: st.DrawFn) -> bytes:
    """`key = value` that parses as TOML (unless it repeats a key)."""
    key = draw(st.sampled_from(KEYS))
    return f"{toml_key(key)} = {toml_value(draw(VALUES))}\n".encode()


def _line_starts(data: bytearray) -> list[int]:
    return [0, *(i + 1 for i, b in enumerate(data) if b == 0x0A)]


def _line_end(data: bytearray, start: int) -> int:
    end = data.find(b"\n", start)
    return len(data) if end < 0 else end


def _whole(line: bytes) -> bool:
    """A table header or a `key = value` line that is TOML on its own (not the first line
    of a multi-line string or array)."""
    try:
        tomllib.loads(line.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError):
        return False
    return True


def _whole_line(draw: st.DrawFn, data: bytearray, *, keyed: bool) -> int | None:
    """The start of a whole line (a `key = value` one if `keyed`), or None."""
    starts = _line_starts(data)
    for _ in range(8):
        start = draw(st.sampled_from(starts))
        line = bytes(data[start : _line_end(data, start)])
        if (b" = " in line or not keyed) and _whole(line) and line.strip():
            return start
    return None


@st.composite
def mutated_catalogues(draw: st.DrawFn) -> bytes:
    """The shipped catalogue with one to four mutations. Most keep it valid TOML (a value
    replaced, a key line added, removed or repeated), so the loader's rules run on them;
    the rest break bytes, syntax or encoding."""
    data = bytearray(SHIPPED)
    for _ in range(draw(st.sampled_from([1, 1, 1, 2, 2, 3, 4]))):
        how = draw(
            st.sampled_from(
                ["value"] * 5
                + ["line"] * 3
                + ["drop-line", "duplicate", "flip", "byte", "delete", "insert", "truncate"]
            )
        )
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        starts = _line_starts(data)
        if how == "value":
            start = _whole_line(draw, data, keyed=True)
            if start is not None:
                value = data.index(b" = ", start) + 3
                good = toml_value(draw(VALUES)).encode()
                piece = good if draw(st.integers(0, 3)) else draw(PIECES)
                data[value : _line_end(data, start)] = piece
        elif how == "line":
            start = _whole_line(draw, data, keyed=False)
            if start is not None:
                data[start:start] = draw(valid_lines() | PIECES)
        elif how == "drop-line":
            start = _whole_line(draw, data, keyed=True)
            if start is not None:
                del data[start : _line_end(data, start) + 1]
        elif how == "duplicate":
            first = draw(st.sampled_from(starts))
            line = data[first : _line_end(data, first) + 1]
            where = draw(st.sampled_from(starts))
            data[where:where] = line
        elif how == "flip" and data:
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif how == "byte" and data:
            data[at] = draw(st.integers(0, 255))
        elif how == "delete":
            del data[at : at + draw(st.integers(1, 64))]
        elif how == "insert":
            data[at:at] = draw(PIECES)
        elif how == "truncate":
            del data[at:]
    return bytes(data)


# -- running calfeed ---------------------------------------------------------------------


def assert_handled(result: Result, path: Path) -> None:
    """Exit 0 or 1, something said, and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"calfeed raised {result.exception!r} on {path.read_bytes()[:2000]!r}\n{result.output}"
    )
    assert result.exit_code in {0, 1}, f"exit {result.exit_code}: {result.output}"
    assert result.output.strip(), "calfeed said nothing"
    assert "Traceback" not in result.output
    if result.exit_code == 1:
        assert str(path) in result.output, f"the message does not name the file: {result.output}"


@contextmanager
def catalogue_file(data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="calfeed-fuzz-") as folder:
        path = Path(folder) / "events.toml"
        path.write_bytes(data)
        yield path


def check(data: bytes, *, as_json: bool = False) -> None:
    """`check` (text, or JSON with each finding's code counted in the statistics)."""
    with catalogue_file(data) as path:
        extra = ["--format", "json"] if as_json else []
        result = CliRunner().invoke(cli, ["check", str(path), *extra])
        assert_handled(result, path)
        event(f"exit {result.exit_code}")
        if as_json:
            findings = json.loads(result.stdout)
            assert isinstance(findings, list)
            for finding in findings:
                assert finding["file"] == str(path)
                event(f"{finding['severity']}: {finding['code']}")


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under `folder` (hidden ones too) with its bytes."""
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture(scope="module")
def previous_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped catalogue built once: every fuzzed build starts from a copy of it
    (or from a folder with one unrelated file, if the shipped catalogue does not build)."""
    out = tmp_path_factory.mktemp("previous") / "calendars"
    result = CliRunner().invoke(
        cli, ["build", str(EVENTS_TOML), "-o", str(out)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    if result.exit_code != 0:
        out.mkdir(parents=True, exist_ok=True)
        (out / "README.txt").write_text("put here by a person\n", encoding="utf-8")
    return out


# -- the fuzz tests ------------------------------------------------------------------------


@settings(PROFILE)
@given(st.binary(max_size=4096))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe[\x00c\x00]\x00")
@example(b"[calendar]\nname = 1\n")
@example(b"[calendar]\n[calendar]\n")
@example(b"events = 1\ncalendar = []\n")
@example(b'[calendar]\nname="x"\nuid-domain="example.org"\n[events.a]\nstart=2021-01-01\n')
def test_check_survives_arbitrary_bytes(data: bytes) -> None:
    check(data)


@settings(PROFILE)
@given(mutated_catalogues())
@example(SHIPPED)
@example(SHIPPED[: len(SHIPPED) // 2])
def test_check_survives_mutated_catalogue(data: bytes) -> None:
    check(data, as_json=True)


@settings(PROFILE)
@given(mutated_catalogues())
@example(SHIPPED.replace(b'"Online"', b'"Online', 1))
def test_every_toml_syntax_error_is_said_plainly(data: bytes) -> None:
    """Whatever tomllib refuses, the finding names a line of the file and says the mistake
    in calfeed's words, never tomllib's own ("Illegal character '\\n'")."""
    try:
        text = data.decode("utf-8")
        tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError):
        pass
    else:
        return
    with catalogue_file(data) as path:
        result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
        (finding,) = json.loads(result.stdout)
        if finding["code"] != "toml-syntax":
            return
        event(re.sub(r"\d+", "N", finding["message"])[:50])
        assert 1 <= finding["line"] <= text.count("\n") + 1
        assert not finding["message"].startswith("TOML syntax error"), finding["message"]


@settings(PROFILE)
@given(mutated_catalogues())
@example(data=SHIPPED + b"\n[events.broken]\ntitle = 1\n")
def test_build_survives_mutated_catalogue(previous_build: Path, data: bytes) -> None:
    """`build` into a folder holding the previous build: exit 0 or 1, and on exit 1 not
    one byte of the folder changed."""
    with catalogue_file(data) as path:
        out = path.parent / "calendars"
        shutil.copytree(previous_build, out)
        before = snapshot(out)
        result = CliRunner().invoke(
            cli, ["build", str(path), "-o", str(out)], env={"SOURCE_DATE_EPOCH": EPOCH}
        )
        assert_handled(result, path)
        event(f"exit {result.exit_code}")
        if result.exit_code == 1:
            assert snapshot(out) == before, "a refused build changed the output folder"
