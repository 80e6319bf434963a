"""Shared hypothesis strategies for calfeed's property and fuzz tests.

- A small TOML emitter (`toml_string`, `TomlDocument`) that writes any Unicode text as a TOML
  basic string, escaping quotes, backslashes and every character a line-based reader could
  take for a line break (C0, DEL, C1, U+2028, U+2029) as `\\uXXXX`, so the hostile text
  reaches calfeed's loader exactly and each key stays on the line the emitter recorded.
- Hostile text: CR, LF, CRLF, injected `BEGIN:VEVENT` lines, commas, semicolons,
  backslashes, quotes, emoji, CJK, right-to-left and zero-width characters, 10 kB texts.
- Wall-clock times in every tzdata zone, most of them close to a real UTC-offset change
  (`calfeed.transitions.transitions`), with the instants tzdata gives them
  (`tzdata_readings`), computed here from `zoneinfo` alone, not through calfeed.
- A catalogue model (`CatalogueSpec`) that renders to TOML text with the line of every key.

Profiles: `HYPOTHESIS_PROFILE=ci` (the default: 200 examples a property, no deadline) or
`HYPOTHESIS_PROFILE=long` (5,000 examples) or `HYPOTHESIS_PROFILE=soak` (50,000); see
`tests/test_properties.py`.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from calfeed.tz import all_zone_names, load_zone
from calfeed.tz.tzif import transitions

# -- profiles ------------------------------------------------------------------------------

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("long", parent=settings.get_profile("ci"), max_examples=5_000)
settings.register_profile("soak", parent=settings.get_profile("ci"), max_examples=50_000)

PROFILE_NAME = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE_NAME not in {"ci", "long", "soak"}:
    PROFILE_NAME = "ci"
PROFILE = settings.get_profile(PROFILE_NAME)
"""Applied per test (`@settings(PROFILE)`), never loaded globally: other test modules keep
hypothesis's own defaults."""

# -- TOML emitter --------------------------------------------------------------------------

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _needs_escape(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F or code in {0x2028, 0x2029}


def toml_string(text: str) -> str:
    """`text` as a TOML basic string that `tomllib` reads back exactly."""
    out = ['"']
    for char in text:
        if 0xD800 <= ord(char) <= 0xDFFF:
            raise ValueError("a lone surrogate cannot be written in TOML")
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif _needs_escape(char):
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else toml_string(key)


def toml_offset(offset: timedelta) -> str:
    if offset % timedelta(minutes=1):
        raise ValueError(f"TOML offsets are whole minutes, not {offset}")
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{rest:02d}"


TomlValue = str | bool | int | datetime | date | time | list[str]


def toml_value(value: TomlValue) -> str:
    """One TOML value; an aware datetime keeps its offset (an offset date-time)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        text = value.replace(tzinfo=None).isoformat(timespec="seconds")
        offset = value.utcoffset()
        return text if offset is None else text + toml_offset(offset)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat(timespec="seconds")
    return "[" + ", ".join(toml_string(v) for v in value) + "]"


@dataclass
class TomlDocument:
    """TOML text built a line at a time, remembering the 1-based line of every table and
    key, which is where calfeed's messages must point."""

    lines: list[str] = field(default_factory=list)
    where: dict[tuple[str, str], int] = field(default_factory=dict)
    """(table, key) -> line; the table's own header is (table, "")."""
    current: str = ""

    def table(self, name: str) -> None:
        if self.lines:
            self.lines.append("")
        self.lines.append(f"[{name}]")
        self.current = name
        self.where[(name, "")] = len(self.lines)

    def key(self, key: str, value: TomlValue) -> None:
        self.lines.append(f"{toml_key(key)} = {toml_value(value)}")
        self.where[(self.current, key)] = len(self.lines)

    def comment(self, text: str) -> None:
        self.lines.append("# " + text)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


# -- hostile text --------------------------------------------------------------------------

SAFE_FRAGMENTS: tuple[str, ...] = (
    ",",
    ";",
    ":",
    "=",
    "\\",
    "\\\\",
    "\\n",
    "\\,",
    "\\;",
    "\\t",
    '"',
    "'",
    '"""',
    "'''",
    "BEGIN:VEVENT",
    "END:VCALENDAR",
    ";TZID=Europe/Paris:",
    "SUMMARY:pwned",
    "  ",
    " ",
    "\t",
    "😀",
    "👩🏽‍💻",
    "🏳️‍🌈",
    "🇫🇯🇼🇸",
    "会议",
    "日本語のテキスト",
    "한국어",
    "مرحبا بالعالم",
    "שלום",
    "\u202e",  # RIGHT-TO-LEFT OVERRIDE
    "\u200f",  # RIGHT-TO-LEFT MARK
    "\u2066",  # LEFT-TO-RIGHT ISOLATE
    "\u061c",  # ARABIC LETTER MARK
    "\u200b",  # ZERO WIDTH SPACE
    "\u200c",
    "\u200d",
    "\u2060",
    "\ufeff",
    "e\u0301",
    "\U0010fffd",
    "\ufffe",
    "<script>alert(1)</script>",
    "&amp;",
    "%0D%0A",
)
"""Text every field accepts: each one hostile to a naive iCalendar writer or reader."""

LINE_BREAK_FRAGMENTS: tuple[str, ...] = (
    "\n",
    "\r\n",
    "\nBEGIN:VEVENT\nSUMMARY:pwned\nEND:VEVENT\n",
    "\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nUID:injected\r\n",
    "\r\n END:VCALENDAR",
    "\n\n\n",
    "\n\t",
)
"""Line breaks: accepted in descriptions (CRLF read as LF), refused in one-line text."""

REFUSED_FRAGMENTS: tuple[str, ...] = (
    "\r",
    "\rBEGIN:VEVENT\r",
    "\r\r\n",
    "\x00",
    "\x07",
    "\x0b",
    "\x0c",
    "\x1b[31m",
    "\x1f",
    "\x7f",
    "\x85",
    "\x9b",
    "\x9f",
    "\u2028",
    "\u2029",
)
"""Refused everywhere: lone CR, C0 controls but TAB and LF, DEL, C1, U+2028, U+2029."""

_SAFE_CHARS = st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\u2028\u2029")
_ANY_CHARS = st.characters(exclude_categories=["Cs"])


@st.composite
def texts(draw: st.DrawFn, *, one_line: bool, tainted: bool = False, min_size: int = 0) -> str:
    """Hostile text a field of that kind accepts, unless `tainted`: then with something
    refused in it too (the properties decide validity themselves, from the text)."""
    fragments = SAFE_FRAGMENTS if one_line else SAFE_FRAGMENTS + LINE_BREAK_FRAGMENTS
    if tainted:
        fragments = fragments + REFUSED_FRAGMENTS + (() if not one_line else LINE_BREAK_FRAGMENTS)
    chars = _ANY_CHARS if tainted else _SAFE_CHARS
    part = st.one_of(st.sampled_from(fragments), chars, st.text(chars, max_size=8))
    text = draw(st.lists(part, min_size=min_size, max_size=12).map("".join))
    if tainted and draw(st.booleans()):
        bad = draw(st.sampled_from(REFUSED_FRAGMENTS + (("\n", "\r\n") if one_line else ())))
        at = draw(st.integers(0, len(text)))
        text = text[:at] + bad + text[at:]
    return text


@st.composite
def long_texts(draw: st.DrawFn) -> str:
    """A description of at least 10 kB: a hostile chunk repeated (multi-byte characters
    and line breaks land on every fold position)."""
    chunk = draw(texts(one_line=False)) + "\u4f1a\U0001f600 "
    size = len(chunk.encode("utf-8"))
    return chunk * (10_240 // size + 1)


@st.composite
def field_texts(draw: st.DrawFn, *, one_line: bool, taint_odds: int = 12, min_size: int = 0) -> str:
    """Mostly acceptable hostile text; about one in `taint_odds` carries a refused one."""
    tainted = draw(st.integers(0, taint_odds - 1)) == 0
    return draw(texts(one_line=one_line, tainted=tainted, min_size=min_size))


PLAIN_TEXT = st.builds(
    str.__add__,
    st.sampled_from("abcdefghij"),
    st.text(st.sampled_from("abcdefghij ,;"), max_size=12),
)

# -- zones and wall-clock times ------------------------------------------------------------

ZONES: tuple[str, ...] = tuple(sorted(all_zone_names()))
"""Every zone and link name tzdata defines; none skipped."""

_SPAN = (datetime(1990, 1, 1, tzinfo=UTC), datetime(2030, 12, 31, tzinfo=UTC))


@functools.cache
def zone_transitions(zone: str) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """(instant, offset before, offset after) of every UTC-offset change in 1990-2030."""
    return tuple(
        (t.at, t.offset_before, t.offset_after)
        for t in transitions(zone, *_SPAN)
        if t.offset_before != t.offset_after
    )


def offset_at(zone: str, instant: datetime) -> timedelta:
    """tzdata's UTC offset at an instant: UTC -> local is never ambiguous."""
    offset = instant.astimezone(load_zone(zone)).utcoffset()
    assert offset is not None
    return offset


def tzdata_readings(zone: str, wall: datetime) -> tuple[datetime, ...]:
    """The UTC instants whose local time in `zone` is `wall`, earliest first: none in a
    gap, two in a fold. Found by trying every offset the zone has within 28 hours of
    `wall` and keeping those in force at the instant they give."""
    assert wall.tzinfo is None
    near = wall.replace(tzinfo=UTC)
    candidates = {offset_at(zone, near + timedelta(minutes=15 * k)) for k in range(-112, 113)}
    instants = {near - o for o in candidates if offset_at(zone, near - o) == o}
    return tuple(sorted(instants))


def gap_offsets(zone: str, wall: datetime) -> tuple[timedelta, timedelta] | None:
    """For a wall time in a gap: the offsets before and after the change that skips it."""
    for at, before, after in zone_transitions(zone):
        moment = at.replace(tzinfo=None)
        if moment + before <= wall < moment + after:
            return before, after
    return None


def local_wall(zone: str, instant: datetime) -> datetime:
    return instant.astimezone(load_zone(zone)).replace(tzinfo=None)


_FIRST_DAY = datetime(1971, 1, 1)
_LAST_DAY = datetime(2037, 12, 31)


@st.composite
def walls(draw: st.DrawFn, zone: str) -> datetime:
    """A wall-clock time in `zone`, whole minutes: three in four are near a transition
    (exactly on the edges of a gap or fold, within two hours, or 1 to 72 hours away)."""
    found = zone_transitions(zone)
    if found and draw(st.integers(0, 3)) > 0:
        at, before, after = draw(st.sampled_from(found))
        moment = at.replace(tzinfo=None)
        old, new = moment + before, moment + after
        how = draw(st.sampled_from(["edge", "close", "far"]))
        if how == "edge":
            minute = timedelta(minutes=1)
            middle = min(old, new) + abs(new - old) / 2
            choices = [old, new, old - minute, new - minute, old + minute, new + minute]
            return draw(st.sampled_from([*choices, middle.replace(second=0, microsecond=0)]))
        if how == "close":
            return old + timedelta(minutes=draw(st.integers(-120, 120)))
        away = draw(st.integers(60, 72 * 60)) * draw(st.sampled_from([-1, 1]))
        return old + timedelta(minutes=away)
    minutes = draw(st.integers(0, int((_LAST_DAY - _FIRST_DAY).total_seconds() // 60)))
    return _FIRST_DAY + timedelta(minutes=minutes)


# -- the catalogue model -------------------------------------------------------------------


@dataclass(frozen=True)
class Wall:
    """A TOML local date-time, or an offset date-time when `pin` is set."""

    local: datetime
    pin: timedelta | None = None

    def toml(self) -> datetime:
        if self.pin is None:
            return self.local
        return self.local.replace(tzinfo=timezone(self.pin))


@dataclass(frozen=True)
class EndTime:
    """`end = HH:MM:SS`: on the start's local date."""

    at: time


@dataclass(frozen=True)
class EndAt:
    """`end = <date-time>`."""

    wall: Wall


@dataclass(frozen=True)
class EndAfter:
    """`duration = "P<days>DT<h>H<m>M"`: RFC 5545 3.3.6, days nominal (the same wall time
    that many days later), hours and minutes exact (elapsed), PT36H included."""

    minutes: int
    days: int = 0

    def iso(self) -> str:
        hours, rest = divmod(self.minutes, 60)
        clock = (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")
        if self.days:
            return f"P{self.days}D" + (f"T{clock}" if clock else "")
        return "PT" + (clock or "0M")


@dataclass(frozen=True)
class EndDay:
    """`end = YYYY-MM-DD` of an all-day event: its last day, inclusive."""

    day: date


End = EndTime | EndAt | EndAfter | EndDay


@dataclass(frozen=True)
class EventSpec:
    id: str
    title: str
    zone: str | None
    start: Wall | date | None
    """A wall time (timed), a date (all-day), or None (tentative, undated)."""
    end: End | None = None
    location: str | None = None
    description: str | None = None
    hosts: tuple[str, ...] = ()
    registration: str = "https://example.org/register"


@dataclass(frozen=True)
class CatalogueSpec:
    name: str
    description: str = ""
    audience: tuple[str, str] | None = None
    """(name, description) of the one public audience `public`, if any."""
    feed: tuple[str, str] | None = None
    """(name, description) of the custom feed `everything`, if any."""
    events: tuple[EventSpec, ...] = ()
    comments: tuple[str, ...] = ()
    """One-line comments written after [calendar] (must hold no line break)."""

    def render(self) -> TomlDocument:
        doc = TomlDocument()
        doc.comment("generated by tests/strategies.py")
        doc.table("calendar")
        doc.key("name", self.name)
        if self.description:
            doc.key("description", self.description)
        doc.key("uid-domain", "example.org")
        for text in self.comments:
            doc.comment(text)
        if self.audience is not None:
            doc.table("audiences.public")
            doc.key("name", self.audience[0])
            if self.audience[1]:
                doc.key("description", self.audience[1])
        if self.feed is not None:
            doc.table("feeds.everything")
            doc.key("name", self.feed[0])
            if self.feed[1]:
                doc.key("description", self.feed[1])
        for event in self.events:
            doc.table(f"events.{event.id}")
            doc.key("title", event.title)
            if event.start is None:
                doc.key("status", "tentative")
            elif isinstance(event.start, Wall):
                doc.key("start", event.start.toml())
            else:
                doc.key("start", event.start)
            match event.end:
                case EndTime(at):
                    doc.key("end", at)
                case EndAt(wall):
                    doc.key("end", wall.toml())
                case EndAfter() as after:
                    doc.key("duration", after.iso())
                case EndDay(day):
                    doc.key("end", day)
                case None:
                    pass
            if event.zone is not None:
                doc.key("timezone", event.zone)
            if event.location is not None:
                doc.key("location", event.location)
            if event.hosts:
                doc.key("hosts", list(event.hosts))
            doc.key("registration", event.registration)
            if event.description is not None:
                doc.key("description", event.description)
        return doc


EVENT_IDS = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,15}", fullmatch=True)


def _pin_choices(zone: str, wall: datetime) -> list[timedelta]:
    """Offsets worth pinning `wall` to: the right ones, both sides of a gap, and wrong
    ones the zone has nearby, or none at all."""
    readings = tzdata_readings(zone, wall)
    near = wall.replace(tzinfo=UTC)
    nearby = {offset_at(zone, near + timedelta(hours=h)) for h in (-30, -3, 3, 30)}
    choices = {wall.replace(tzinfo=UTC) - r for r in readings} | nearby
    gap = gap_offsets(zone, wall) if not readings else None
    if gap is not None:
        choices |= set(gap)
    choices.add(timedelta(hours=5, minutes=45))
    return sorted(o for o in choices if _whole_minutes(o))


def _whole_minutes(offset: timedelta) -> bool:
    """What a TOML offset can say (Africa/Monrovia was -0:44:30 until 1972)."""
    return not offset % timedelta(minutes=1)


@st.composite
def pinned_walls(draw: st.DrawFn, zone: str, wall: datetime) -> Wall:
    """`wall`, one time in four pinned to an offset: mostly one it can take (a fold's
    either reading, a gap's either side), else any the zone has nearby."""
    pin: timedelta | None = None
    if draw(st.integers(0, 3)) == 0:
        readings = tzdata_readings(zone, wall)
        right = [wall.replace(tzinfo=UTC) - r for r in readings] or list(
            gap_offsets(zone, wall) or ()
        )
        right = [o for o in right if _whole_minutes(o)]
        if right and draw(st.integers(0, 2)) > 0:
            pin = draw(st.sampled_from(right))
        else:
            pin = draw(st.sampled_from(_pin_choices(zone, wall)))
    return Wall(wall, pin)


def resolve(zone: str, wall: Wall) -> datetime | None:
    """The instant (UTC) a catalogue time names, by tzdata, or None if it names none
    (a gap or fold without a pin, or a pin the zone does not have then). A gap time pinned
    to the offset before or after the change names `wall - pin`, as RFC 5545 reads it."""
    readings = tzdata_readings(zone, wall.local)
    utc_wall = wall.local.replace(tzinfo=UTC)
    if wall.pin is None:
        return readings[0] if len(readings) == 1 else None
    if readings:
        return utc_wall - wall.pin if utc_wall - wall.pin in readings else None
    gap = gap_offsets(zone, wall.local)
    return utc_wall - wall.pin if gap is not None and wall.pin in gap else None


def after_days(zone: str, start: datetime, days: int) -> datetime | None:
    """The same wall time `days` later, as an instant (None in a gap or fold)."""
    if not days:
        return start
    return resolve(zone, Wall(local_wall(zone, start) + timedelta(days=days)))


@st.composite
def timed_events(
    draw: st.DrawFn, event_id: str, text: Callable[[bool], st.SearchStrategy[str]]
) -> EventSpec:
    zone = draw(st.sampled_from(ZONES))
    start = draw(pinned_walls(zone, draw(walls(zone))))
    kind = draw(st.sampled_from(["time", "at", "after", "none"]))
    end: End | None = None
    if kind == "time":
        late = draw(st.integers(0, 7)) > 0
        delta = timedelta(minutes=draw(st.integers(1, 240) if late else st.integers(-90, 600)))
        end = EndTime((start.local + delta).time())
    elif kind == "at":
        late = draw(st.integers(0, 7)) > 0
        delta = timedelta(
            minutes=draw(st.integers(1, 3 * 24 * 60) if late else st.integers(-120, 0))
        )
        end = EndAt(draw(pinned_walls(zone, start.local + delta)))
    elif kind == "after":
        days = draw(st.sampled_from([0, 0, 0, 1, 2, 7]))
        zero = draw(st.integers(0, 15)) == 0
        minutes = 0 if zero and not days else draw(st.integers(1, 600) | st.integers(0, 4000))
        end = EndAfter(minutes, days)
    return EventSpec(
        id=event_id,
        title=draw(text(True)),
        zone=zone,
        start=start,
        end=end,
        location=draw(st.none() | text(True)),
        description=draw(st.none() | text(False)),
        hosts=tuple(draw(st.lists(text(True), max_size=3))),
    )


@st.composite
def all_day_events(
    draw: st.DrawFn, event_id: str, text: Callable[[bool], st.SearchStrategy[str]]
) -> EventSpec:
    first = draw(st.dates(date(1971, 1, 1), date(2037, 12, 1)))
    last = first + timedelta(days=draw(st.integers(-2, 20)))
    return EventSpec(
        id=event_id,
        title=draw(text(True)),
        zone=None,
        start=first,
        end=draw(st.sampled_from([None, EndDay(last)])),
        location=draw(st.none() | text(True)),
        description=draw(st.none() | text(False)),
    )


@st.composite
def undated_events(
    draw: st.DrawFn, event_id: str, text: Callable[[bool], st.SearchStrategy[str]]
) -> EventSpec:
    return EventSpec(id=event_id, title=draw(text(True)), zone=None, start=None)


@st.composite
def catalogues(
    draw: st.DrawFn, *, hostile: bool, max_events: int = 3, taint_odds: int = 24
) -> CatalogueSpec:
    """A whole catalogue. `hostile`: every text field is hostile (and about one in
    `taint_odds` refused); otherwise plain text and the times are the point."""

    def text(one_line: bool) -> st.SearchStrategy[str]:
        if not hostile:
            return PLAIN_TEXT
        if not one_line:
            return st.one_of(field_texts(one_line=False, taint_odds=taint_odds), long_texts())
        return field_texts(one_line=True, taint_odds=taint_odds, min_size=1)

    ids = draw(st.lists(EVENT_IDS, min_size=1, max_size=max_events, unique=True))
    events = []
    for event_id in ids:
        which = draw(st.integers(0, 9))
        make = timed_events if which < 8 else all_day_events if which < 9 else undated_events
        events.append(draw(make(event_id, text)))

    def maybe_pair() -> tuple[str, str] | None:
        if not draw(st.booleans()):
            return None
        return (draw(text(True)), draw(st.just("") | text(False)))

    return CatalogueSpec(
        name=draw(text(True)),
        description=draw(st.just("") | text(False)),
        audience=maybe_pair(),
        feed=maybe_pair(),
        events=tuple(events),
    )
