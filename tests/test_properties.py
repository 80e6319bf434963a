"""Property tests: random catalogues with hostile text and random times in every tzdata zone,
checked against what the test itself decides is valid and what tzdata computes.

What each generated catalogue goes through (`verify`):

- `calfeed check --format json` and `calfeed build` never raise (no traceback, exit 0 or 1);
- an invalid catalogue (refused or empty text, a time in a gap or fold, a pinned offset the
  zone does not have, an end not after its start, a duration's nominal days landing in a
  gap or fold) exits 1 from both with exactly the errors predicted here (`expect`), each
  naming the key's line and the event, and `build` writes nothing;
- a valid one builds, and every feed: is CRLF only, no line over 75 octets, no UTF-8
  character split by a fold (`check_wire_format`); has one `BEGIN:VEVENT` per event and no
  injected component (`check_structure`); escapes every TEXT value per RFC 5545 3.3.11
  (`check_text_escaping`); gives back SUMMARY, LOCATION, the composed DESCRIPTION, and the
  calendar's NAME, X-WR-CALNAME, DESCRIPTION and X-WR-CALDESC exactly, read by python-icalendar
  and by a strict reader here (`check_round_trip`); and every DTSTART/DTEND, read by
  `tests.feed_readers` (icalendar and ical, each from the feed's own VTIMEZONEs), is the
  instant tzdata gives (`check_instants`).

Validity is decided here: text refuses C0 controls but TAB and LF, DEL, C1, U+2028 and
U+2029; one-line text refuses LF too (CRLF counts as LF); required one-line text must not
be blank. A time names the instants tzdata's offsets give it; a gap time pinned to the
offset before or after the change names `wall - offset`, as RFC 5545 3.3.5 reads it.
Durations are RFC 5545 3.3.6: days nominal, hours and minutes elapsed.

`test_broken_serializer_*` break calfeed's own escaping and folding (`render.lines`) on
purpose; `BREAKS` names the check that catches each break.

Regression tests for bugs already fixed are near the end, among them the two places
icalendar's serializer was wrong (a literal backslash + `N`, a leading U+FEFF), which
calfeed's own writer gets right: the generators draw both freely.

Runs: 200 examples a property by default (`HYPOTHESIS_PROFILE=ci`, about 30 s for this
file on 2 cores). Longer runs:

    HYPOTHESIS_PROFILE=long pytest -p no:cacheprovider tests/test_properties.py
    HYPOTHESIS_PROFILE=soak pytest -p no:cacheprovider tests/test_properties.py
    pytest tests/test_properties.py --hypothesis-show-statistics   # what was generated

(`long`: 5,000 examples a property, about 7 minutes for the two catalogue properties;
`soak`: 50,000, about an hour.) Hypothesis keeps failing examples in `.hypothesis/` and
replays them first. The properties are marked `slow`, so `pytest -m "not slow"` runs only
the deterministic tests here: the known bugs, the regressions and the oracle's own checks.
"""

from __future__ import annotations

import json
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from hypothesis import Phase, currently_in_test_context, event, given, settings
from hypothesis import strategies as st

from calfeed.cli import cli
from calfeed.model import Stamp
from calfeed.output.build import build
from calfeed.render import lines
from calfeed.render.ics import EventText
from calfeed.tz import load_zone
from tests.building import EPOCH
from tests.feed_readers import Times, read_ical, read_icalendar
from tests.strategies import (
    PROFILE,
    CatalogueSpec,
    EndAfter,
    EndAt,
    EndDay,
    EndTime,
    EventSpec,
    TomlDocument,
    Wall,
    after_days,
    catalogues,
    gap_offsets,
    local_wall,
    resolve,
    texts,
    toml_string,
    tzdata_readings,
)

DOMAIN = "example.org"

pytestmark = pytest.mark.filterwarnings(
    # A failing example holding a 10 kB text: show it anyway, rather than fail on the warning.
    "ignore:Generating overly large repr:hypothesis.errors.HypothesisWarning"
)

# -- what the test itself says is valid ----------------------------------------------------

_REFUSED = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
"""Refused in all text: C0 controls but TAB and LF, DEL, C1 controls, U+2028, U+2029 (so a
lone CR, 0x0D, too). One-line text refuses LF as well; CRLF counts as LF."""


def refused_char(text: str, *, one_line: bool) -> str | None:
    """The character calfeed must name in its refusal, or None if `text` is acceptable.
    Another control character is reported before a line feed."""
    text = text.replace("\r\n", "\n")
    found = _REFUSED.search(text)
    if found:
        return found.group(0)
    return "\n" if one_line and "\n" in text else None


UTC_ZONES = frozenset(
    {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal", "Zulu", "Etc/Zulu"}
)
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_words(day: date) -> str:
    return f"{DAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def offset_words(offset: timedelta) -> str:
    """`UTC+13`, `UTC-3:30`, `UTC-0:16:08` (local mean time keeps its seconds)."""
    total = int(offset.total_seconds())
    minutes, seconds = divmod(abs(total), 60)
    hours, rest = divmod(minutes, 60)
    words = f"UTC{'-' if total < 0 else '+'}{hours}"
    if seconds:
        return f"{words}:{rest:02d}:{seconds:02d}"
    return words + (f":{rest:02d}" if rest else "")


def zone_words(zone: str, offset: timedelta, end_offset: timedelta | None = None) -> str:
    """` Apia (UTC+13)`, ` UTC`, or ` UTC-12 (UTC-12)` for tzdata's Etc/GMT+12; with an end
    at another offset (the clocks changed), ` Paris (UTC+1 to UTC+2)`."""
    if zone in UTC_ZONES:
        return " UTC"
    etc = re.fullmatch(r"Etc/GMT([+-])(\d+)", zone)
    label = (
        f"UTC{'-' if etc.group(1) == '+' else '+'}{etc.group(2)}"
        if etc
        else zone.rsplit("/", 1)[-1].replace("_", " ")
    )
    words = offset_words(offset)
    if end_offset is not None and end_offset != offset:
        words += f" to {offset_words(end_offset)}"
    return f" {label} ({words})"


@dataclass
class Expected:
    """What calfeed must do with one generated catalogue."""

    errors: list[tuple[str, int, str | None, str | None]] = field(default_factory=list)
    """(code, line, event id, refused character) of every error."""
    times: dict[str, Times] = field(default_factory=dict)
    """By UID: UTC instants (or dates, all-day) of every scheduled event."""
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    """By UID: the exact SUMMARY, DESCRIPTION and (if any) LOCATION."""
    feeds: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Feed path -> (NAME, DESCRIPTION) of the feed."""
    holds: dict[str, set[str]] = field(default_factory=dict)
    """Feed path -> the UIDs it holds, where not every event (an event's own file)."""


def _code_for(zone: str, wall: Wall) -> str:
    readings = tzdata_readings(zone, wall.local)
    if not readings:
        return "local-time-gap"
    if len(readings) == 2 and wall.pin is None:
        return "local-time-fold"
    return "local-time-offset"


def expect(spec: CatalogueSpec, doc: TomlDocument) -> Expected:
    """The test's own reading of `spec`: errors, instants and texts, from the rules in the
    issue and tzdata, independently of calfeed's loader."""
    out = Expected()

    def text(
        table: str, key: str, value: str | None, *, one_line: bool, required: bool = False
    ) -> None:
        expect_text(
            out, doc, table, key, value, one_line=one_line, event_id=None, required=required
        )

    text("calendar", "name", spec.name, one_line=True, required=True)
    named = bool(spec.name.strip())
    if named:
        text("calendar", "description", spec.description, one_line=False)
    for table, pair in (("audiences.public", spec.audience), ("feeds.everything", spec.feed)):
        if pair is not None:
            text(table, "name", pair[0], one_line=True, required=True)
            text(table, "description", pair[1] or None, one_line=False)
    for item in spec.events:  # checked even when the calendar is wrong
        expect_event(item, doc, out)
    if out.errors:
        return out
    description = spec.description.replace("\r\n", "\n")
    out.feeds["all.ics"] = (spec.name, description)
    if spec.audience is not None:
        own = spec.audience[1].replace("\r\n", "\n")
        out.feeds["audiences/public.ics"] = (f"{spec.name}: {spec.audience[0]}", own or description)
    if spec.feed is not None:
        own = spec.feed[1].replace("\r\n", "\n")
        out.feeds["everything.ics"] = (spec.feed[0], own or description)
    for item in spec.events:  # each dated event has a file of its own
        uid = f"{item.id}@{DOMAIN}"
        if uid in out.times:
            out.feeds[f"events/{item.id}.ics"] = (f"{spec.name}: {item.title}", description)
            out.holds[f"events/{item.id}.ics"] = {uid}
    return out


def expect_text(
    out: Expected,
    doc: TomlDocument,
    table: str,
    key: str,
    value: str | None,
    *,
    one_line: bool,
    event_id: str | None,
    required: bool = False,
) -> None:
    if value is None:
        return
    if required and not value.strip():
        out.errors.append(("empty-text", doc.where[(table, key)], event_id, None))
        return
    bad = refused_char(value, one_line=one_line)
    if bad is not None:
        out.errors.append(("control-character", doc.where[(table, key)], event_id, bad))


def expect_timed(
    item: EventSpec, zone: str, wall_start: Wall, error: Callable[[str, str], None]
) -> tuple[str, Times] | None:
    """The opening line of the DESCRIPTION and the instants, or None after an error."""
    start = resolve(zone, wall_start)
    if start is None:
        error(_code_for(zone, wall_start), "start")
        _expect_end_alone(item.end, zone, wall_start, error)
        return None
    end: datetime | None = None
    match item.end:
        case EndTime(at):
            wall = Wall(datetime.combine(local_wall(zone, start).date(), at))
            end = resolve(zone, wall)
            if end is None:
                error(_code_for(zone, wall), "end")
                return None
        case EndAt(wall):
            end = resolve(zone, wall)
            if end is None:
                error(_code_for(zone, wall), "end")
                return None
        case EndAfter(minutes, days):
            moved = after_days(zone, start, days)
            if moved is None:
                error(
                    _code_for(zone, Wall(local_wall(zone, start) + timedelta(days=days))),
                    "duration",
                )
                return None
            end = moved + timedelta(minutes=minutes)
        case _:
            end = None
    if end is not None and end <= start:
        error("end-before-start", "duration" if isinstance(item.end, EndAfter) else "end")
        return None
    tz = load_zone(zone)
    local_start = start.astimezone(tz)
    clock = f"{local_start:%H:%M}"
    end_offset = None
    if end is not None:
        local_end = end.astimezone(tz)
        end_offset = local_end.utcoffset()
        if local_end.date() != local_start.date():  # an end on a later day names its day
            clock += f"\u2013{day_words(local_end.date()).rsplit(' ', 1)[0]} {local_end:%H:%M}"
        else:
            clock += f"\u2013{local_end:%H:%M}"
    offset = local_start.utcoffset()
    assert offset is not None
    when = f"{day_words(local_start.date())}: {clock}{zone_words(zone, offset, end_offset)}"
    return when, Times(start, end)


def _expect_end_alone(
    end: object, zone: str, wall_start: Wall, error: Callable[[str, str], None]
) -> None:
    """An end's own local time is checked when the start names no instant: an end time
    on the start's written day, or a date-time (a duration needs the start)."""
    match end:
        case EndTime(at):
            wall = Wall(datetime.combine(wall_start.local.date(), at))
        case EndAt(wall):
            pass
        case _:
            return
    if resolve(zone, wall) is None:
        error(_code_for(zone, wall), "end")


def expect_event(item: EventSpec, doc: TomlDocument, out: Expected) -> None:
    table = f"events.{item.id}"

    def text(key: str, value: str | None, *, one_line: bool, required: bool = False) -> None:
        expect_text(
            out, doc, table, key, value, one_line=one_line, event_id=item.id, required=required
        )

    def error(code: str, key: str) -> None:
        out.errors.append((code, doc.where[(table, key)], item.id, None))

    text("title", item.title, one_line=True, required=True)
    text("location", item.location, one_line=True)
    text("description", item.description, one_line=False)
    for host in item.hosts:
        text("hosts", host, one_line=True)
    when: str
    times: Times
    if item.start is None:
        return
    if isinstance(item.start, Wall):
        assert item.zone is not None
        found = expect_timed(item, item.zone, item.start, error)
        if found is None:
            return
        when, times = found
    else:
        first = item.start
        last = item.end.day if isinstance(item.end, EndDay) else first
        if last < first:
            error("end-before-start", "end")
            return
        when = f"{day_words(first)} (all day)"
        if last != first:
            when = f"{day_words(first)} \u2013 {day_words(last)} (all day)"
        times = Times(first, last + timedelta(days=1))
    uid = f"{item.id}@{DOMAIN}"
    parts = [when, f"Register: {item.registration}"]
    if item.hosts:
        parts.append("Hosts: " + ", ".join(item.hosts))
    if item.description:
        parts.append(item.description.replace("\r\n", "\n"))
    out.times[uid] = times
    out.texts[uid] = {"SUMMARY": item.title, "DESCRIPTION": "\n\n".join(parts)}
    if item.location:
        out.texts[uid]["LOCATION"] = item.location


# -- the checks a feed must pass -----------------------------------------------------------


def check_wire_format(data: bytes) -> None:
    """CRLF only; every physical line at most 75 octets and valid UTF-8 on its own."""
    assert data.endswith(b"\r\n"), "wire: the feed does not end with CRLF"
    for number, line in enumerate(data[:-2].split(b"\r\n"), start=1):
        assert b"\r" not in line, f"wire: bare CR in line {number}: {line[:80]!r}"
        assert b"\n" not in line, f"wire: bare LF in line {number}: {line[:80]!r}"
        assert len(line) <= 75, f"wire: line {number} is {len(line)} octets: {line[:80]!r}"
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            raise AssertionError(
                f"wire: line {number} splits a UTF-8 character: {line!r}"
            ) from None
        assert line, f"wire: empty line {number}"


def unfold(data: bytes) -> list[str]:
    """Content lines, unfolded (RFC 5545 3.1)."""
    text = re.sub(r"\r\n[ \t]", "", data.decode("utf-8"))
    assert text.endswith("\r\n")
    return text[:-2].split("\r\n")


def split_line(line: str) -> tuple[str, str, str]:
    """(NAME, parameters, value) of one content line; a colon inside a quoted parameter
    value does not end the parameters."""
    quoted = False
    for at, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == ":" and not quoted:
            head = line[:at]
            name, _, params = head.partition(";")
            return name.upper(), params, line[at + 1 :]
    raise AssertionError(f"structure: content line without a colon: {line[:80]!r}")


def check_structure(lines: list[str], uids: set[str]) -> None:
    """One VCALENDAR; exactly one BEGIN:VEVENT/END:VEVENT per event; the UIDs expected."""
    assert lines[0] == "BEGIN:VCALENDAR", f"structure: first line {lines[0][:80]!r}"
    assert lines[-1] == "END:VCALENDAR", f"structure: last line {lines[-1][:80]!r}"
    for marker in ("BEGIN:VCALENDAR", "END:VCALENDAR"):
        count = lines.count(marker)
        assert count == 1, f"structure: {count} {marker} lines"
    for marker in ("BEGIN:VEVENT", "END:VEVENT"):
        count = lines.count(marker)
        assert count == len(uids), f"structure: {count} {marker} lines for {len(uids)} events"
    found = {split_line(line)[2] for line in lines if split_line(line)[0] == "UID"}
    assert found == uids, f"structure: UIDs {sorted(found)} != {sorted(uids)}"


TEXT_PROPERTIES = frozenset(
    {"SUMMARY", "LOCATION", "DESCRIPTION", "NAME", "X-WR-CALNAME", "X-WR-CALDESC"}
)
"""Single TEXT values, checked strictly (RFC 5545 3.3.11, RFC 7986 5.1 for NAME)."""
_ESCAPES = {"\\": "\\", ";": ";", ",": ",", "n": "\n", "N": "\n"}


def unescape_text(value: str) -> str:
    """A TEXT value read strictly per RFC 5545 3.3.11: `;` and `,` must be escaped, and a
    backslash may only escape `\\ ; , n N`."""
    out: list[str] = []
    at = 0
    while at < len(value):
        char = value[at]
        if char == "\\":
            following = value[at + 1 : at + 2]
            assert following in _ESCAPES, f"escaping: invalid escape \\{following!r} in {value!r}"
            out.append(_ESCAPES[following])
            at += 2
            continue
        assert char not in ";,", f"escaping: unescaped {char!r} in TEXT value {value[:80]!r}"
        assert char == "\t" or not re.match(r"[\x00-\x1f\x7f]", char), (
            f"escaping: control character {char!r} in TEXT value {value[:80]!r}"
        )
        out.append(char)
        at += 1
    return "".join(out)


def text_values(lines: list[str]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Calendar-level and per-event (by UID) TEXT properties, strictly unescaped."""
    calendar: dict[str, str] = {}
    events: dict[str, dict[str, str]] = {}
    stack: list[str] = []
    current: dict[str, str] = {}
    for line in lines:
        name, _params, value = split_line(line)
        if name == "BEGIN":
            stack.append(value)
            if value == "VEVENT":
                current = {}
        elif name == "END":
            assert stack, f"structure: END:{value} outside any component"
            assert stack[-1] == value, f"structure: END:{value} closes {stack}"
            stack.pop()
            if value == "VEVENT":
                events[current["UID"]] = current
        elif stack == ["VCALENDAR"] and name in TEXT_PROPERTIES:
            assert name not in calendar, f"structure: two {name} lines in VCALENDAR"
            calendar[name] = unescape_text(value)
        elif stack == ["VCALENDAR", "VEVENT"] and (name in TEXT_PROPERTIES or name == "UID"):
            assert name not in current, f"structure: two {name} lines in one VEVENT"
            current[name] = value if name == "UID" else unescape_text(value)
    return calendar, events


def check_text_escaping(lines: list[str]) -> None:
    text_values(lines)


def check_round_trip(
    data: bytes, expected: Expected, feed: tuple[str, str], uids: set[str]
) -> None:
    """SUMMARY, LOCATION, DESCRIPTION and the calendar's own texts, exactly, read by the
    strict reader above and by python-icalendar."""
    name, description = feed
    texts = {uid: want for uid, want in expected.texts.items() if uid in uids}
    calendar_texts, event_texts = text_values(unfold(data))
    assert calendar_texts.get("NAME") == name, "round trip: NAME"
    assert calendar_texts.get("X-WR-CALNAME") == name, "round trip: X-WR-CALNAME"
    assert calendar_texts.get("DESCRIPTION") == (description or None), "round trip: DESCRIPTION"
    assert calendar_texts.get("X-WR-CALDESC") == (description or None), "round trip: X-WR-CALDESC"
    parsed = icalendar.Calendar.from_ical(data)
    assert (str(parsed["DESCRIPTION"]) if "DESCRIPTION" in parsed else "") == description, (
        "round trip (icalendar): calendar DESCRIPTION"
    )
    by_uid = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert set(by_uid) == set(texts) == set(event_texts), "round trip: UIDs"
    for uid, want in texts.items():
        got = {k: v for k, v in event_texts[uid].items() if k != "UID"}
        assert got == want, f"round trip: {uid}: {got!r} != {want!r}"
        theirs = {
            k: str(by_uid[uid][k])
            for k in ("SUMMARY", "DESCRIPTION", "LOCATION")
            if k in by_uid[uid]
        }
        assert theirs == want, f"round trip (icalendar): {uid}: {theirs!r} != {want!r}"


def check_instants(data: bytes, expected: Expected) -> None:
    """Every event's start and end, read from the feed's own VTIMEZONEs by two parsers,
    is the instant tzdata gives the catalogue's wall time."""
    for reader in (read_icalendar, read_ical):
        found = reader(data)
        assert found == expected.times, f"instants ({reader.__name__}): {found} != {expected.times}"


def check_feed(data: bytes, expected: Expected, feed: tuple[str, str], uids: set[str]) -> None:
    check_wire_format(data)
    lines = unfold(data)
    check_structure(lines, uids)
    check_text_escaping(lines)
    check_round_trip(data, expected, feed, uids)


# -- running calfeed on a generated catalogue ----------------------------------------------


def assert_no_traceback(result: Result) -> None:
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"calfeed raised {result.exception!r}\n{result.output}"
    )
    assert result.exit_code in {0, 1}, f"exit {result.exit_code}: {result.output}"
    assert "Traceback" not in result.output


def verify(spec: CatalogueSpec, folder: Path) -> None:
    """Everything the module docstring lists, for one catalogue."""
    doc = spec.render()
    path = folder / "events.toml"
    path.write_bytes(doc.text.encode("utf-8"))
    expected = expect(spec, doc)
    if currently_in_test_context():  # statistics: --hypothesis-show-statistics
        event("invalid" if expected.errors else "valid")
        for code, *_ in expected.errors:
            event(f"error: {code}")
    runner = CliRunner()
    checked = runner.invoke(cli, ["check", str(path), "--format", "json"])
    assert_no_traceback(checked)
    findings = json.loads(checked.stdout)
    errors = sorted(
        ((f["code"], f["line"], f["event"]) for f in findings if f["severity"] == "error"),
        key=repr,
    )
    assert errors == sorted(((c, line, e) for c, line, e, _ in expected.errors), key=repr), (
        f"errors: calfeed {errors}, expected {expected.errors}"
    )
    for code, line, _event, char in expected.errors:
        if char is not None:
            named = f"U+{ord(char):04X}"
            assert any(
                f["code"] == code and f["line"] == line and named in f["message"] for f in findings
            ), f"no finding names {named} at line {line}: {findings}"
    out = folder / "out"
    built = runner.invoke(
        cli, ["build", str(path), "-o", str(out)], env={"SOURCE_DATE_EPOCH": EPOCH}
    )
    assert_no_traceback(built)
    if expected.errors:
        assert checked.exit_code == 1, checked.output
        assert built.exit_code == 1, built.output
        assert built.stderr.strip(), "build refused without a message"
        assert not out.exists(), "a refused build wrote files"
        text = runner.invoke(cli, ["check", str(path)])
        assert text.exit_code == 1
        said = text.stdout.splitlines()
        for _code, line, event_id, _char in expected.errors:
            prefix = f"{path}:{line}: error: " + (f"event {event_id}: " if event_id else "")
            assert any(s.startswith(prefix) for s in said), f"no message {prefix!r}: {said}"
        return
    assert checked.exit_code == 0, checked.output
    assert built.exit_code == 0, built.output
    feeds = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.ics")}
    assert set(feeds) == set(expected.feeds), f"feeds {sorted(feeds)}"
    for name, data in feeds.items():
        check_feed(
            data, expected, expected.feeds[name], expected.holds.get(name, set(expected.times))
        )
    check_instants(feeds["all.ics"], expected)


@contextmanager
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="calfeed-prop-") as folder:
        yield Path(folder)


# -- the properties ------------------------------------------------------------------------


def _verify_in_scratch(spec: CatalogueSpec) -> None:
    with scratch() as folder:
        verify(spec, folder)


@pytest.mark.slow
@settings(PROFILE)
@given(catalogues(hostile=True))
def test_hostile_text_catalogues(spec: CatalogueSpec) -> None:
    """Hostile text in every field, random zones and times: refused exactly when the
    text or a time is invalid; otherwise every feed is well formed and exact."""
    _verify_in_scratch(spec)


@pytest.mark.slow
@settings(PROFILE)
@given(catalogues(hostile=False, max_events=4))
def test_times_near_transitions(spec: CatalogueSpec) -> None:
    """Times in random tzdata zones, most within hours of a change of offset (gaps and
    folds included, pinned or not): refused or written as the instant tzdata gives."""
    with scratch() as folder:
        verify(spec, folder)


@pytest.mark.slow
@settings(PROFILE)
@given(
    st.one_of(
        st.text(st.characters(exclude_categories=["Cs"])),
        texts(one_line=False, tainted=True),
    )
)
def test_toml_emitter_round_trips(text: str) -> None:
    """The emitter the properties rely on: any text comes back from tomllib exactly."""
    assert tomllib.loads(f"k = {toml_string(text)}\n")["k"] == text
    assert tomllib.loads(f'"{text[:0]}k" = {toml_string(text)}\n')["k"] == text


@pytest.mark.slow
@settings(PROFILE)
@given(catalogues(hostile=True))
def test_rendered_catalogue_is_the_model(spec: CatalogueSpec) -> None:
    """The rendered TOML holds exactly the generated values, on the recorded lines."""
    doc = spec.render()
    document = tomllib.loads(doc.text)
    assert document["calendar"]["name"] == spec.name
    assert document["calendar"].get("description", "") == spec.description
    lines = doc.text.split("\n")
    for item in spec.events:
        table = document["events"][item.id]
        assert table["title"] == item.title
        assert table.get("description") == item.description
        assert table.get("location") == item.location
        assert tuple(table.get("hosts", ())) == item.hosts
        assert lines[doc.where[(f"events.{item.id}", "title")] - 1].startswith("title = ")
        if isinstance(item.start, Wall):
            start = table["start"]
            assert start.replace(tzinfo=None) == item.start.local
            assert start.utcoffset() == item.start.pin


# -- a deliberately broken serializer is caught ----------------------------------------------

HOSTILE = CatalogueSpec(
    name='Jobs, "Just"; C:\\new \u202eRTL\u200b \U0001f600',
    description="Line one\r\nBEGIN:VEVENT\nSUMMARY:pwned, it; is\\",
    events=(
        EventSpec(
            id="hostile",
            title="Dialogue, part 1; \\n not a break \u4f1a\u8bae " + "\u00e9" * 40,
            zone="Pacific/Apia",
            start=Wall(datetime(2021, 11, 4, 12, 30)),
            end=EndTime(time(13, 45)),
            location='Room 1, Floor 2; "East" \u05e9\u05dc\u05d5\u05dd',
            description=("\u65e5\u672c\u8a9e\U0001f469\U0001f3fd\u200d\U0001f4bb, \\;\n" * 400)
            + "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected",
            hosts=("ILO", "Government of Samoa, Apia"),
        ),
    ),
)


def build_plan_files(spec: CatalogueSpec) -> tuple[dict[str, bytes], Expected]:
    doc = spec.render()
    made = build(
        doc.text.encode(), Path("events.toml"), now=datetime(2023, 1, 1, tzinfo=UTC), history={}
    )
    return dict(made.public), expect(spec, doc)


def run_checks(spec: CatalogueSpec) -> None:
    files, expected = build_plan_files(spec)
    check_feed(files["all.ics"], expected, expected.feeds["all.ics"], set(expected.times))
    check_instants(files["all.ics"], expected)


def _unescaped_but_for_line_breaks(text: str) -> str:
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


_RAW_BREAK = "\ue000"
"""The broken escaper marks each line break, and the broken folder below writes it out as
a raw CRLF (folding must not measure a break as part of a line)."""


def _raw_line_breaks(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\n").replace("\n", _RAW_BREAK)


_REAL_FOLD = lines.fold


def _no_fold(line: str) -> str:
    return line + "\r\n"


_REAL_STAMPED = EventText.stamped


def _fold_bytes(self: EventText, stamp: Stamp) -> bytes:
    """Each event's lines folded every 74 octets, wherever a UTF-8 character's bytes
    happen to be."""
    written = re.sub(rb"\r\n ", b"", _REAL_STAMPED(self, stamp))
    return b"".join(
        b"\r\n ".join(raw[at : at + 74] for at in range(0, max(len(raw), 1), 74)) + b"\r\n"
        for raw in written.split(b"\r\n")[:-1]
    )


def _fold_between_raw_breaks(line: str) -> str:
    return "".join(_REAL_FOLD(part) for part in line.split(_RAW_BREAK))


BREAKS: dict[str, tuple[list[tuple[object, str, object]], str]] = {
    # escaping skipped for backslash, semicolon and comma (line breaks still escaped)
    "no-text-escaping": (
        [(lines, "text", _unescaped_but_for_line_breaks)],
        r"escaping: (unescaped|invalid escape)|round trip",
    ),
    # line breaks written raw, as a naive serializer would: injects lines and components
    "raw-line-breaks": (
        [(lines, "text", _raw_line_breaks), (lines, "fold", _fold_between_raw_breaks)],
        r"structure: |wire: empty line",
    ),
    "no-folding": (
        [(lines, "fold", _no_fold)],
        r"wire: line \d+ is \d+ octets",
    ),
    "folding-one-octet-late": (
        [(lines, "LIMIT", lines.LIMIT + 2)],
        r"wire: line \d+ is 7[67] octets",
    ),
    "folding-splits-utf8": (
        [(EventText, "stamped", _fold_bytes)],
        r"wire: line \d+ splits a UTF-8 character",
    ),
}
"""Each a way a serializer goes wrong, as patches to calfeed's own writer (`render.lines`),
and the check that must catch it."""


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_serializer_fails_the_checks(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each break, on a fixed hostile catalogue, fails the named check."""
    run_checks(HOSTILE)  # the real serializer passes
    patches, message = BREAKS[name]
    for target, attribute, value in patches:
        monkeypatch.setattr(target, attribute, value)
    with pytest.raises(AssertionError, match=message):
        run_checks(HOSTILE)


def test_raw_line_breaks_fail_the_structure_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Raw line breaks are caught as an empty line by the wire check first; the structure
    check catches the injected component on its own too."""
    for target, attribute, value in BREAKS["raw-line-breaks"][0]:
        monkeypatch.setattr(target, attribute, value)
    files, expected = build_plan_files(HOSTILE)
    with pytest.raises(AssertionError, match=r"structure: [2-9] BEGIN:VEVENT lines for 1 events"):
        check_structure(unfold(files["all.ics"]), set(expected.times))


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_serializer_is_found_by_the_property(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`test_hostile_text_catalogues`'s own generator and checks, run under each break,
    find it: by one of the feed checks (which one depends on the text drawn; the fixed
    catalogue above pins the one named in `BREAKS`), never by calfeed crashing."""
    patches, _message = BREAKS[name]
    for target, attribute, value in patches:
        monkeypatch.setattr(target, attribute, value)
    hostile_property = settings(
        PROFILE, max_examples=200, database=None, phases=[Phase.generate], print_blob=False
    )(given(catalogues(hostile=True, taint_odds=1_000))(_verify_in_scratch))
    with pytest.raises(AssertionError, match=r"^(wire|structure|escaping|round trip|instants)"):
        hostile_property()


# -- bugs once found, each pinned ------------------------------------------------------------


def _one_event(**changes: object) -> CatalogueSpec:
    base = EventSpec(
        id="e",
        title="Event",
        zone="Europe/Paris",
        start=Wall(datetime(2021, 6, 1, 10, 0)),
        end=EndTime(time(11, 0)),
    )
    return CatalogueSpec(name="Calendar", events=(replace(base, **changes),))  # type: ignore[arg-type]


def test_backslash_capital_n_round_trips() -> None:
    """icalendar's TEXT escaper turns a literal backslash + N into a line break ('C:\\New'
    came back 'C:<LF>ew'); calfeed writes TEXT itself (`render.lines`) and keeps it."""
    with scratch() as folder:
        verify(_one_event(title="C:\\New folder", description="see \\N and \\\\N"), folder)


@pytest.mark.parametrize("where", ["title", "location", "calendar name"])
def test_leading_zero_width_no_break_space_round_trips(where: str) -> None:
    """icalendar decodes each serialized value with utf-8-sig, which dropped a leading
    U+FEFF (a cell copied from a spreadsheet export); calfeed's own writer keeps it."""
    spec = _one_event(
        title="\ufeffTitle" if where == "title" else "Title",
        location="\ufeffRoom 1" if where == "location" else None,
    )
    if where == "calendar name":
        spec = replace(spec, name="\ufeffCalendar")
    with scratch() as folder:
        verify(spec, folder)


# -- regressions: found by these properties, fixed in src -----------------------------------


@pytest.mark.parametrize(
    ("zone", "start", "minutes"),
    [
        ("Europe/Paris", datetime(2021, 3, 28, 1, 30), 120),
        ("Europe/Paris", datetime(2021, 10, 31, 1, 30), 120),
        ("Australia/Lord_Howe", datetime(2021, 4, 4, 1, 0), 120),
        ("Pacific/Apia", datetime(2011, 12, 29, 6, 0), 12 * 60),
        ("Pacific/Apia", datetime(2011, 12, 29, 12, 0), 36 * 60),
        ("Europe/Paris", datetime(2021, 3, 27, 12, 0), 24 * 60),
    ],
)
def test_duration_is_elapsed_time(zone: str, start: datetime, minutes: int) -> None:
    """PT2H is two hours even across a change of offset (it was added to the wall clock:
    from 01:30 Paris on 2021-03-28 it ended 03:30 CEST, one hour later), and PT24H or PT36H
    are hours too, not a nominal day (PT36H from noon on 2011-12-29 in Apia was refused:
    its "day" landed on Samoa's skipped 2011-12-30)."""
    with scratch() as folder:
        verify(_one_event(zone=zone, start=Wall(start), end=EndAfter(minutes)), folder)


@pytest.mark.parametrize(
    "end", [EndTime(time(4, 0)), EndAfter(10), EndAt(Wall(datetime(2021, 10, 31, 3, 0)))]
)
def test_pinned_second_occurrence_is_that_instant(end: EndTime | EndAfter | EndAt) -> None:
    """2021-10-31T02:30:00+01:00 in Paris is 01:30Z; it was written as the bare TZID wall
    time 02:30, which RFC 5545 3.3.5 and the readers take as the first reading, 00:30Z
    (and PT10M from it gave a DTEND before the real start)."""
    start = Wall(datetime(2021, 10, 31, 2, 30), timedelta(hours=1))
    with scratch() as folder:
        verify(_one_event(start=start, end=end), folder)


def test_calendar_name_is_escaped() -> None:
    """NAME is TEXT (RFC 7986 5.1): it was written unescaped, `NAME:Jobs, "Just"; C:\\new`,
    which reads back with a line break."""
    files, _expected = build_plan_files(replace(_one_event(), name='Jobs, "Just"; C:\\new'))
    names = [split_line(line) for line in unfold(files["all.ics"])]
    (value,) = [v for n, _p, v in names if n == "NAME"]
    assert unescape_text(value) == 'Jobs, "Just"; C:\\new'


def test_end_after_start_across_a_fold_is_accepted() -> None:
    """02:30+02:00 to 02:15+01:00 in Paris is 00:30Z to 01:15Z: it was refused as ending
    before it starts (Python compares datetimes of one tzinfo by wall clock)."""
    start = Wall(datetime(2021, 10, 31, 2, 30), timedelta(hours=2))
    end = EndAt(Wall(datetime(2021, 10, 31, 2, 15), timedelta(hours=1)))
    with scratch() as folder:
        verify(_one_event(start=start, end=end), folder)


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("events.e", "title", '\'"""say hi\''),
        ("events.e", "title", "\"It's '''quoted\""),
        ("calendar", "name", "\"Calendar '''\""),
    ],
)
def test_line_numbers_after_triple_quotes(table: str, key: str, value: str) -> None:
    """Three apostrophes in a basic string (or three double quotes in a literal one) are
    text: the line index took them for a multi-line string that never closed, so every
    later key and table header was lost and findings fell back to an outer table's line."""
    spec = _one_event(start=Wall(datetime(2021, 3, 28, 2, 30)))  # in the gap: an error
    doc = spec.render()
    line = doc.where[(table, key)] - 1
    lines = doc.text.split("\n")
    lines[line] = f"{key} = {value}"
    with scratch() as folder:
        path = folder / "events.toml"
        path.write_text("\n".join(lines), encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
        assert_no_traceback(result)
        found = [f["line"] for f in json.loads(result.stdout) if f["code"] == "local-time-gap"]
        assert found == [doc.where[("events.e", "start")]]


@pytest.mark.parametrize("char", ["\u2028", "\x85", "\u2029"])
def test_line_numbers_count_only_line_feeds(char: str) -> None:
    """U+2028, U+0085 and U+2029 are legal raw in TOML comments and strings; line numbers
    counted them as line breaks (str.splitlines), so every later message pointed below its
    line."""
    spec = replace(
        _one_event(start=Wall(datetime(2021, 3, 28, 2, 30))),  # in the gap: an error
        comments=(f"pasted from a word processor:{char}second line",),
    )
    with scratch() as folder:
        verify(spec, folder)


def test_offset_with_seconds() -> None:
    """Africa/Monrovia was UTC-0:44:30 until 1972: the feed's VTIMEZONE carries the seconds
    and both readers land on the exact instant (found by the `long` profile, as a pin the
    test's TOML emitter could not write)."""
    with scratch() as folder:
        verify(
            _one_event(zone="Africa/Monrovia", start=Wall(datetime(1971, 1, 1, 0, 0)), end=None),
            folder,
        )


# -- the oracle agrees with known facts --------------------------------------------------------


def test_oracle_readings_of_known_times() -> None:
    """The test's tzdata reading on times worked out by hand."""
    paris = "Europe/Paris"
    assert tzdata_readings(paris, datetime(2021, 3, 28, 2, 30)) == ()
    assert gap_offsets(paris, datetime(2021, 3, 28, 2, 30)) == (
        timedelta(hours=1),
        timedelta(hours=2),
    )
    assert tzdata_readings(paris, datetime(2021, 10, 31, 2, 30)) == (
        datetime(2021, 10, 31, 0, 30, tzinfo=UTC),
        datetime(2021, 10, 31, 1, 30, tzinfo=UTC),
    )
    assert tzdata_readings("Pacific/Apia", datetime(2011, 12, 30, 12, 0)) == ()
    assert tzdata_readings("Pacific/Apia", datetime(2021, 11, 4, 12, 30)) == (
        datetime(2021, 11, 3, 23, 30, tzinfo=UTC),
    )
    assert refused_char("a\r\nb", one_line=False) is None
    assert refused_char("a\r\nb", one_line=True) == "\n"
    assert refused_char("a\rb", one_line=False) == "\r"
    assert refused_char("a\n\x85", one_line=True) == "\x85"
    assert refused_char("tab\there", one_line=True) is None
