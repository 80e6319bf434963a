"""What a new user's trial of languages found: a broken `languages` said once, tags in any
case, zones CLDR names alike said once, a series' agenda named for the whole year, and a
fallback text labelled with the language it is in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.errors import InvalidCatalogueError
from calfeed.language import canonical_tag, declared_tag
from calfeed.web import create_app
from tests.building import build
from tests.web_client import wsgi_fetcher

HEAD = '[calendar]\nname = { en = "C", zh = "日历" }\nuid-domain = "c.example.org"\n'
EVENT = (
    '[events.a]\ntitle = { en = "A", zh = "甲" }\nstart = 2030-01-01\nurl = "https://example.org"\n'
)


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ('["english"]', "'english' is not a BCP 47 language tag"),
        ('["en", "zh", "english"]', "'english' is not a BCP 47 language tag"),
        ("[]", "'languages' is empty"),
        ('"en"', "'languages' must be an array of strings, not a string"),
    ],
)
def test_a_broken_languages_is_the_one_error_not_one_per_text(
    write_catalogue: Callable[[str], Path], languages: str, message: str
) -> None:
    path = write_catalogue(HEAD + f"languages = {languages}\n" + EVENT)
    with pytest.raises(InvalidCatalogueError) as raised:
        load_catalogue(path)
    assert [(f.line, f.message) for f in raised.value.findings] == [(4, message)]


@pytest.mark.parametrize(
    ("written", "canonical"),
    [("EN", "en"), ("zh-hant", "zh-Hant"), ("PT-br", "pt-BR"), ("es-419", "es-419")],
)
def test_tags_are_written_in_their_conventional_case(written: str, canonical: str) -> None:
    assert canonical_tag(written) == canonical
    assert declared_tag(written.swapcase(), ("fr", canonical)) == canonical


def test_a_tag_matches_in_any_case_in_the_catalogue_the_option_and_the_query(
    write_catalogue: Callable[[str], Path], tmp_path: Path
) -> None:
    path = write_catalogue(HEAD + 'languages = ["EN", "ZH"]\n' + EVENT.replace("zh =", "Zh ="))
    catalogue = load_catalogue(path)
    assert catalogue.calendar.languages == ("en", "zh")
    assert catalogue.warnings == ()
    result = CliRunner().invoke(cli, ["feed", "--lang", "zH", str(path)])
    assert result.exit_code == 0, result.output
    assert "SUMMARY;LANGUAGE=zh:甲" in result.output
    build(path, tmp_path / "out")
    assert (tmp_path / "out" / "zh" / "all.ics").is_file()
    answer = wsgi_fetcher(create_app(path))("/feed.ics?lang=ZH")
    assert answer.status == 200
    assert "SUMMARY;LANGUAGE=zh:甲" in answer.body.decode()


BANGKOK = """
[calendar]
name = { en = "C", zh = "日历" }
uid-domain = "c.example.org"
languages = ["en", "zh"]

[regions.mekong]
name = { en = "Mekong", zh = "湄公河" }
zones = ["Asia/Ho_Chi_Minh"]

[events.forum]
title = { en = "Forum", zh = "论坛" }
start = 2027-03-01T10:00:00
end = 2027-03-01T11:00:00
timezone = "Asia/Bangkok"
regions = ["mekong"]
url = "https://example.org"

[events.weekly]
title = { en = "Weekly", zh = "周会" }
start = 2027-03-28T09:00:00
end = 2027-03-28T10:00:00
timezone = "Australia/Sydney"
repeat = "FREQ=WEEKLY;COUNT=3"
url = "https://example.org"
sessions = [{ title = { en = "Talk", zh = "报告" }, start = 09:00:00, end = 10:00:00 }]

[events.untranslated]
title = { en = "Only in English" }
location = { en = "Suva", zh = "苏瓦" }
start = 2027-05-01T10:00:00
timezone = "Pacific/Fiji"
url = "https://example.org"
"""


def _zh_events(
    tmp_path: Path, write_catalogue: Callable[[str], Path]
) -> dict[str, icalendar.Component]:
    build(write_catalogue(BANGKOK), tmp_path / "out")
    data = (tmp_path / "out" / "zh" / "all.ics").read_bytes()
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return {str(e["UID"]).split(".")[0]: e for e in found}


def test_zones_cldr_names_alike_are_said_once(
    tmp_path: Path, write_catalogue: Callable[[str], Path]
) -> None:
    forum = _zh_events(tmp_path, write_catalogue)["forum"]
    # Bangkok and Ho Chi Minh City are both 中南半岛时间 at UTC+7 (10:00 there is 03:00Z).
    assert forum.decoded("DTSTART").astimezone(UTC) == datetime(2027, 3, 1, 3, 0, tzinfo=UTC)
    first_line = str(forum["DESCRIPTION"]).split("\n")[0]
    assert first_line == "2027年3月1日 星期一 10:00–11:00 中南半岛时间 (UTC+7)"
    page = (tmp_path / "out" / "zh" / "index.html").read_text(encoding="utf-8")
    assert page.count("中南半岛时间") == 1


def test_a_series_agenda_names_its_zone_for_the_whole_year(
    tmp_path: Path, write_catalogue: Callable[[str], Path]
) -> None:
    weekly = _zh_events(tmp_path, write_catalogue)["weekly"]
    # Sydney's summer time ends on 4 April 2027: the first occurrence is in AEDT, the
    # others in AEST, so the heading names neither.
    description = str(weekly["DESCRIPTION"])
    assert "议程（澳大利亚东部时间）：" in description
    assert "夏令时间）：" not in description


def test_a_text_shown_for_want_of_a_translation_says_the_language_it_is_in(
    tmp_path: Path, write_catalogue: Callable[[str], Path]
) -> None:
    build(write_catalogue(BANGKOK), tmp_path / "out")
    zh = (tmp_path / "out" / "zh" / "events" / "untranslated.ics").read_bytes().decode()
    assert "SUMMARY;LANGUAGE=en:Only in English\r\n" in zh
    assert "LOCATION;LANGUAGE=zh:苏瓦\r\n" in zh
    en = (tmp_path / "out" / "events" / "untranslated.ics").read_bytes().decode()
    assert "SUMMARY;LANGUAGE=en:Only in English\r\n" in en
