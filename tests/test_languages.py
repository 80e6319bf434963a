"""Languages: a catalogue's texts by language, a tree of feeds per language with UIDs of its
own, and calfeed's own words and dates in each language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.errors import InvalidCatalogueError, Severity
from calfeed.language import in_language
from tests.building import build, feeds

ZH_TIME_LINE = "2022年11月17日 星期四 14:00–16:30 中国标准时间 (UTC+8) · 06:00–08:30 UTC"
EN_TIME_LINE = "Thu 17 Nov 2022: 14:00–16:30 Shanghai (UTC+8) · 06:00–08:30 UTC"


@pytest.fixture
def two_languages(
    write_catalogue: Callable[[str], Path], read_catalogue: Callable[[str], str]
) -> Path:
    return write_catalogue(read_catalogue("two_languages"))


def _events(data: bytes) -> list[icalendar.Event]:
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return [e for e in found if isinstance(e, icalendar.Event)]


def _key(event: icalendar.Event) -> tuple[str, str | None]:
    recurrence = event.get("RECURRENCE-ID")
    return (str(event["UID"]), None if recurrence is None else recurrence.dt.isoformat())


def test_every_language_has_the_default_tree_under_its_tag(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out")
    written = sorted(
        p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.ics")
    )
    default = [p for p in written if not p.startswith("zh/")]
    assert [p for p in written if p.startswith("zh/")] == [f"zh/{p}" for p in default]
    assert (tmp_path / "out" / "zh" / "index.html").is_file()
    assert "zh/audiences/government.ics" in written


def test_each_feed_says_its_language_and_holds_the_same_instants(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out")
    written = feeds(tmp_path / "out")
    for name, data in written.items():
        if name.startswith("zh/"):
            continue
        zh = written[f"zh/{name}"]
        assert b"\r\nNAME;LANGUAGE=en:" in data, name
        assert b"\r\nNAME;LANGUAGE=zh:" in zh, name
        en_events, zh_events = _events(data), _events(zh)
        assert len(en_events) == len(zh_events) > 0
        for en_event, zh_event in zip(en_events, zh_events, strict=True):
            assert en_event["SUMMARY"].params["LANGUAGE"] == "en"
            assert zh_event["SUMMARY"].params["LANGUAGE"] == "zh"
            assert zh_event["DESCRIPTION"].params["LANGUAGE"] == "zh"
            for prop in ("DTSTART", "DTEND"):
                assert en_event.decoded(prop).astimezone(UTC) == zh_event.decoded(prop).astimezone(
                    UTC
                )
            assert str(zh_event["UID"]) == str(en_event["UID"]).replace("@", ".zh@")


def test_the_summit_reads_in_chinese_in_the_chinese_feed(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out")
    (summit,) = [
        e
        for e in _events((tmp_path / "out" / "zh" / "audiences" / "government.ics").read_bytes())
        if str(e["UID"]) == "humen-summit-2022.zh@languages.calfeed.example"
    ]
    assert str(summit["SUMMARY"]) == "国际峰会暨能力建设研讨会"
    assert str(summit["LOCATION"]) == "东莞虎门"
    assert str(summit["DESCRIPTION"]).split("\n\n") == [
        ZH_TIME_LINE,
        "报名：https://example.org/register",
        "主办方：ILO、CNTAC",
        "纺织服装行业的公正转型。",
        "议程（中国标准时间）：\n14:00–14:30 欢迎致辞与开幕\n  主持人：Ms YAN Yan, CNTAC",
    ]
    assert summit.decoded("DTSTART").astimezone(UTC) == datetime(2022, 11, 17, 6, tzinfo=UTC)
    (english,) = [
        e
        for e in _events((tmp_path / "out" / "audiences" / "government.ics").read_bytes())
        if str(e["UID"]) == "humen-summit-2022@languages.calfeed.example"
    ]
    assert str(english["DESCRIPTION"]).split("\n\n")[0] == EN_TIME_LINE


def test_a_series_and_its_changed_occurrence_in_chinese(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out")
    events = _events((tmp_path / "out" / "zh" / "events" / "webinar.ics").read_bytes())
    series, changed = events
    assert str(series["UID"]) == str(changed["UID"]) == "webinar.zh@languages.calfeed.example"
    assert str(series["DESCRIPTION"]).split("\n\n")[1] == (
        "每星期三，共10次，至2027年5月19日 星期三；2027年5月5日 星期三 15:00。"
        "中国时间和UTC的时间随夏令时变更而变化。"
    )
    assert str(changed["SUMMARY"]) == "第8次研讨会：与部长对话"
    assert str(changed["LOCATION"]) == "Online"  # a plain string: the same in every language
    assert str(changed["DESCRIPTION"]).split("\n\n")[1] == (
        "原定于2027年5月5日 星期三 14:00（英国夏令时间），已改期。"
    )


def test_uids_of_two_languages_never_collide(
    write_catalogue: Callable[[str], Path], tmp_path: Path
) -> None:
    # An event whose id ends as another's language UID would: `a` in zh, and `a-zh`.
    path = write_catalogue(
        '[calendar]\nname = "C"\nuid-domain = "c.example.org"\nlanguages = ["en", "zh"]\n'
        '[events.a]\ntitle = "A"\nstart = 2030-01-01\nurl = "https://example.org"\n'
        '[events.a-zh]\ntitle = "B"\nstart = 2030-01-02\nurl = "https://example.org"\n'
    )
    build(path, tmp_path / "out")
    by_file = {
        name: [str(e["UID"]) for e in _events(d)] for name, d in feeds(tmp_path / "out").items()
    }
    assert by_file["all.ics"] == ["a@c.example.org", "a-zh@c.example.org"]
    assert by_file["zh/all.ics"] == ["a.zh@c.example.org", "a-zh.zh@c.example.org"]
    assert len(set(by_file["all.ics"]) | set(by_file["zh/all.ics"])) == 4


def _sequences(folder: Path) -> dict[tuple[str, str | None], set[int]]:
    found: dict[tuple[str, str | None], set[int]] = {}
    for data in feeds(folder).values():
        for event in _events(data):
            found.setdefault(_key(event), set()).add(int(str(event["SEQUENCE"])))
    return found


def test_a_chinese_title_changed_raises_the_chinese_sequence_alone(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out", epoch="1700000000")
    text = two_languages.read_text(encoding="utf-8")
    changed = text.replace('zh = "国际峰会暨能力建设研讨会"', 'zh = "国际峰会"')
    assert changed != text
    two_languages.write_text(changed, encoding="utf-8")
    build(two_languages, tmp_path / "out", epoch="1800000000")
    sequences = _sequences(tmp_path / "out")
    assert sequences[("humen-summit-2022.zh@languages.calfeed.example", None)] == {1}
    assert sequences[("humen-summit-2022@languages.calfeed.example", None)] == {0}
    assert {k: v for k, v in sequences.items() if "humen" not in k[0]} == {
        k: {0} for k in sequences if "humen" not in k[0]
    }


def test_a_new_time_raises_the_sequence_in_every_language(
    two_languages: Path, tmp_path: Path
) -> None:
    build(two_languages, tmp_path / "out", epoch="1700000000")
    text = two_languages.read_text(encoding="utf-8")
    moved = text.replace("start = 2022-11-17T14:00:00", "start = 2022-11-17T14:30:00")
    moved = moved.replace("07:00-09:30 CET", "07:30-09:30 CET")
    assert moved != text
    two_languages.write_text(moved, encoding="utf-8")
    build(two_languages, tmp_path / "out", epoch="1800000000")
    sequences = _sequences(tmp_path / "out")
    assert sequences[("humen-summit-2022.zh@languages.calfeed.example", None)] == {1}
    assert sequences[("humen-summit-2022@languages.calfeed.example", None)] == {1}


MISSING = """
[calendar]
name = { en = "Calendar", zh = "日历" }
uid-domain = "c.example.org"
languages = ["en", "zh", "fr"]

[audiences.government]
name = { en = "Governments", fr = "Gouvernements" }

[events.a]
title = { en = "A", zh = "甲" }
start = 2030-01-01
url = "https://example.org"

[events.b]
title = { en = "B", zh = "乙", fr = "B" }
description = { en = "More.", fr = "Plus." }
start = 2030-01-02
url = "https://example.org"
"""


def test_a_missing_translation_warns_once_per_language_and_falls_back(
    write_catalogue: Callable[[str], Path], runner: CliRunner
) -> None:
    path = write_catalogue(MISSING)
    catalogue = load_catalogue(path)
    assert [(w.code, w.line, w.message) for w in catalogue.warnings] == [
        (
            "missing-translation",
            5,
            "no 'zh' text for audiences.government, b: its zh feeds show the 'en' text there",
        ),
        (
            "missing-translation",
            5,
            "no 'fr' text for calendar, a: its fr feeds show the 'en' text there",
        ),
    ]
    chinese = in_language(catalogue, "zh")
    assert chinese.audiences["government"].name == "Governments"
    assert [e.description for e in chinese.events] == ["", "More."]
    french = in_language(catalogue, "fr")
    assert (french.calendar.name, [e.title for e in french.events]) == ("Calendar", ["A", "B"])
    result = runner.invoke(cli, ["check", "--strict", str(path)])
    assert result.exit_code == 1
    assert "2 warnings (--strict: warnings fail the check)" in result.output


@pytest.mark.parametrize(
    ("title", "message", "hint"),
    [
        (
            '{ en = "A", "zh-cn" = "甲" }',
            "event a: 'title': language 'zh-cn' is not declared in [calendar] languages",
            "did you mean 'zh'?",
        ),
        (
            '{ en = "A", de = "A" }',
            "event a: 'title': language 'de' is not declared in [calendar] languages",
            "declare it in [calendar] languages, or use one of: en, zh",
        ),
        (
            '{ en = "A", "zh_CN" = "甲" }',
            "event a: 'title': 'zh_CN' is not a BCP 47 language tag",
            'write e.g. "en" or "zh"',
        ),
        (
            '{ zh = "甲" }',
            "event a: 'title' has no text in 'en', the default language",
            'add en = "...": every language without a text of its own shows it',
        ),
    ],
)
def test_a_text_in_a_language_not_declared_is_an_error_with_a_hint(
    write_catalogue: Callable[[str], Path], title: str, message: str, hint: str
) -> None:
    path = write_catalogue(
        '[calendar]\nname = "C"\nuid-domain = "c.example.org"\nlanguages = ["en", "zh"]\n'
        f'[events.a]\ntitle = {title}\nstart = 2030-01-01\nurl = "https://example.org"\n'
    )
    with pytest.raises(InvalidCatalogueError) as raised:
        load_catalogue(path)
    errors = [f for f in raised.value.findings if f.severity is Severity.ERROR]
    assert [(f.line, f"event {f.event_id}: {f.message}", f.hint) for f in errors] == [
        (6, message, hint)
    ]


@pytest.mark.parametrize(
    ("languages", "message"),
    [
        ('["en", "xx"]', "calfeed has no dates or zone names in 'xx' (CLDR has no such locale)"),
        ('["en", "en"]', "language 'en' is listed twice"),
        ('["en", "zh CN"]', "'zh CN' is not a BCP 47 language tag"),
    ],
)
def test_a_declared_language_must_be_a_tag_cldr_knows(
    write_catalogue: Callable[[str], Path], languages: str, message: str
) -> None:
    path = write_catalogue(
        f'[calendar]\nname = "C"\nuid-domain = "c.example.org"\nlanguages = {languages}\n'
        '[events.a]\ntitle = "A"\nstart = 2030-01-01\nurl = "https://example.org"\n'
    )
    with pytest.raises(InvalidCatalogueError) as raised:
        load_catalogue(path)
    assert [(f.code, f.line, f.message) for f in raised.value.findings] == [
        ("bad-language", 4, message)
    ]


def test_a_text_by_language_without_declared_languages_is_an_error(
    write_catalogue: Callable[[str], Path],
) -> None:
    path = write_catalogue(
        '[calendar]\nname = "C"\nuid-domain = "c.example.org"\n'
        '[events.a]\ntitle = { en = "A" }\nstart = 2030-01-01\nurl = "https://example.org"\n'
    )
    with pytest.raises(InvalidCatalogueError) as raised:
        load_catalogue(path)
    assert [(f.code, f.message, f.hint) for f in raised.value.findings] == [
        (
            "undeclared-language",
            "'title': a text in 'en', but [calendar] declares no languages",
            'add languages = ["<default>", "en"] to [calendar], the default first',
        )
    ]


def test_diff_says_a_change_of_one_language_for_its_subscribers_alone(
    two_languages: Path, tmp_path: Path, runner: CliRunner
) -> None:
    before = tmp_path / "before.toml"
    before.write_bytes(two_languages.read_bytes())
    text = two_languages.read_text(encoding="utf-8")
    two_languages.write_text(
        text.replace('zh = "东莞虎门"', 'zh = "广东东莞虎门"'), encoding="utf-8"
    )
    result = runner.invoke(cli, ["diff", str(two_languages), "--against", str(before)])
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "relocated [zh]: humen-summit-2022 (国际峰会暨能力建设研讨会)\n"
        "    东莞虎门 → 广东东莞虎门\n"
        "    feeds: zh/all.ics, zh/audiences/government.ics, zh/regions/asia.ics, "
        "zh/regions/asia/government.ics, zh/events/humen-summit-2022.ics\n"
    )


def test_french_the_third_shipped_language_writes_its_own_words_and_cldr_dates(
    write_catalogue: Callable[[str], Path], read_catalogue: Callable[[str], str], tmp_path: Path
) -> None:
    text = read_catalogue("two_languages").replace('["en", "zh"]', '["en", "zh", "fr"]')
    path = write_catalogue(text)
    build(path, tmp_path / "out")
    summit, series, _changed = _events((tmp_path / "out" / "fr" / "all.ics").read_bytes())
    assert str(summit["UID"]) == "humen-summit-2022.fr@languages.calfeed.example"
    assert str(summit["DESCRIPTION"]).split("\n\n")[0] == (
        "jeu. 17 nov. 2022 : 14:00–16:30 heure normale de la Chine (UTC+8) · 06:00–08:30 UTC"
    )
    assert str(series["DESCRIPTION"]).split("\n\n")[1] == (
        "Chaque mercredi, 10 fois, jusqu’au mer. 19 mai 2027 ; mer. 5 mai 2027 à 15:00. "
        "Les heures (heure de la Chine et UTC) se décalent au changement d’heure."
    )


def test_a_language_calfeed_has_no_words_in_is_said(write_catalogue: Callable[[str], Path]) -> None:
    path = write_catalogue(
        '[calendar]\nname = "C"\nuid-domain = "c.example.org"\nlanguages = ["en", "th"]\n'
        '[events.a]\ntitle = "A"\nstart = 2030-01-01\nurl = "https://example.org"\n'
    )
    catalogue = load_catalogue(path)
    assert [(w.code, w.line, w.message) for w in catalogue.warnings] == [
        (
            "english-words",
            4,
            "calfeed has no words of its own in 'th' yet: its time lines, series in words and "
            "page are in English, with CLDR's dates and zone names",
        )
    ]
    thai = in_language(catalogue, "th")
    assert thai.language == "th"
