"""calfeed's own content-line writer gives the bytes icalendar's serializer gives, over
hostile text: every kind of character, escapes, long lines, wide characters where a fold
falls, and the values calfeed writes (durations, categories, parameters)."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline
from icalendar.prop.conference import Conference

from calfeed.render import lines

TEXTS = st.text(st.characters(codec="utf-8"), max_size=400)
"""Any character UTF-8 can carry."""


def icalendar_line(name: str, value: object) -> str:
    """The one content line icalendar writes for `name` on an event, folded."""
    event = icalendar.Event()
    event.add(name, value)
    written = str(event.to_ical(), "utf-8")
    return written.removeprefix("BEGIN:VEVENT\r\n").removesuffix("END:VEVENT\r\n")


def icalendar_slips(value: str) -> bool:
    """The two places icalendar is wrong (pinned by strict xfails in test_properties):
    `\\N` turns into a line break, and a leading U+FEFF is dropped."""
    return "\\N" in value or value.startswith("\ufeff")


@settings(max_examples=400, deadline=None)
@given(value=TEXTS)
@example("a" * 73 + "\\,b")  # an escape where the fold falls
@example("会议" * 40)  # three-octet characters across folds
@example("x" * 74)  # exactly at the limit
@example("line\r\nbreaks\nand\rcarriage")
def test_a_text_line_is_icalendars_byte_for_byte(value: str) -> None:
    if icalendar_slips(value):
        return
    assert lines.line("SUMMARY", lines.text(value)) == icalendar_line("SUMMARY", value)


@settings(max_examples=400, deadline=None)
@given(value=TEXTS.filter(lambda v: "\n" not in v and "\r" not in v))
@example("\\" * 200)  # every part would end in a backslash
@example("^" * 160 + "x")
@example("é" * 36 + "\\" + "a" * 80)  # a two-octet character, then an escape at the fold
@example("a" * 73 + "会" + "b" * 80)  # a three-octet character across the 74th octet
@example("\\" + "会" * 30)
def test_folding_is_icalendars(value: str) -> None:
    assert lines.fold(value) == _foldline(value) + "\r\n"


def test_where_icalendar_slips_the_text_is_kept_as_written() -> None:
    assert lines.text("C:\\New") == "C:\\\\New"
    assert lines.line("SUMMARY", lines.text("\ufeffTitle")) == "SUMMARY:\ufeffTitle\r\n"


@pytest.mark.parametrize(
    "length",
    [
        timedelta(minutes=30),
        timedelta(hours=1, minutes=30, seconds=5),
        timedelta(days=1, hours=2),
        timedelta(days=3),
        timedelta(hours=36),
        timedelta(minutes=-30),
        timedelta(0),
    ],
)
def test_durations_are_icalendars(length: timedelta) -> None:
    assert lines.line("DURATION", lines.duration(length)) == icalendar_line("DURATION", length)


@given(values=st.lists(TEXTS.filter(lambda v: not icalendar_slips(v)), min_size=1, max_size=4))
@settings(max_examples=200, deadline=None)
def test_categories_are_icalendars(values: list[str]) -> None:
    assert lines.line("CATEGORIES", lines.categories(values)) == icalendar_line(
        "CATEGORIES", values
    )


@pytest.mark.parametrize(
    ("url", "label"),
    [
        ("https://example.org/join", "Join online"),
        ("https://example.org/j?a=1;b=2", "Join online, now: yes"),
        ("https://zoom.example/j/123456789?pwd=" + "x" * 60, "Join"),
    ],
)
def test_a_conference_line_is_icalendars(url: str, label: str) -> None:
    event = icalendar.Event()
    event.conferences = [Conference(url, feature="VIDEO", label=label)]
    theirs = (
        event.to_ical().decode().removeprefix("BEGIN:VEVENT\r\n").removesuffix("END:VEVENT\r\n")
    )
    ours = lines.line(
        "CONFERENCE",
        url,
        lines.parameter("FEATURE", "VIDEO"),
        lines.parameter("LABEL", label),
        lines.parameter("VALUE", "URI"),
    )
    assert ours == theirs
