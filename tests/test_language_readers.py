"""Every feed of every language, read by the four parsers (instants equal across languages)
and by Thunderbird's engine (each text in its language)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from calfeed.catalogue import load_catalogue
from tests.agreement import check_feeds, feed_uids, model_readings
from tests.building import build
from tests.changed_readers import (
    ChangedReader,
    icaljs_changed,
    libical_changed,
    with_ical,
    with_recurring_ical_events,
)
from tests.parsers import Reader, read_texts_with_icaljs
from tests.shipped import DOMAIN, EVENTS_TOML

pytestmark = pytest.mark.slow

SUMMIT_ZH = "可持续时尚产业绿色发展与责任转型国际峰会暨能力建设研讨会"
TIME_LINE_ZH = (
    "2022年11月17日 星期四 14:00–16:30 中国标准时间 (UTC+8) · "
    "14:00–16:30 乌兰巴托标准时间 (UTC+8) · 07:00–09:30 中欧标准时间 (UTC+1) · "
    "06:00–08:30 格林尼治标准时间 (UTC+0) · 06:00–08:30 UTC"
)


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("languages")
    build(EVENTS_TOML, out / "public", "--private-out", str(out / "private"))
    return out


def test_a_chinese_subscriber_of_governments_reads_the_summit_in_chinese(shipped: Path) -> None:
    (feed,) = read_texts_with_icaljs([shipped / "public" / "zh" / "audiences" / "government.ics"])
    assert feed["name"] == "绿色就业与公正转型：亚太地区: 政府"
    (summit,) = [e for e in feed["events"] if e["uid"] == f"humen-summit-2022.zh@{DOMAIN}"]
    assert summit["start"] == "2022-11-17T06:00:00Z"
    assert (summit["summary"], summit["summaryLanguage"]) == (SUMMIT_ZH, "zh")
    assert summit["descriptionLanguage"] == "zh"
    paragraphs = summit["description"].split("\n\n")
    assert paragraphs[0] == TIME_LINE_ZH
    assert (
        paragraphs[1] == "报名：https://us06web.zoom.us/webinar/register/WN_YYHOwK-0QQO6Aqa-YMwKGg"
    )
    assert paragraphs[-1].splitlines()[:2] == [
        "议程（中国标准时间）：",
        "14:00–14:30 欢迎致辞与开幕",
    ]
    assert summit["location"].startswith("中国广东省东莞市虎门镇")


def test_every_event_of_every_feed_says_its_language_to_icaljs(shipped: Path) -> None:
    paths = sorted((shipped / "public").rglob("*.ics"))
    for feed in read_texts_with_icaljs(paths):
        language = "zh" if "/public/zh/" in feed["file"] else "en"
        assert feed["events"], feed["file"]
        for event in feed["events"]:
            assert event["summaryLanguage"] == language, (feed["file"], event["uid"])
            assert event["descriptionLanguage"] == language, (feed["file"], event["uid"])
            assert event["uid"].endswith(f".zh@{DOMAIN}") == (language == "zh")


def test_every_language_reads_the_same_in_every_parser(
    shipped: Path, parsers: dict[str, Reader]
) -> None:
    catalogue = load_catalogue(EVENTS_TOML)
    expected = model_readings(catalogue)
    english = {u: r for u, r in expected.items() if ".zh@" not in u}
    assert {u.replace("@", ".zh@"): r for u, r in english.items()} == {
        u: r for u, r in expected.items() if ".zh@" in u
    }
    check_feeds(parsers, shipped / "public", expected, feed_uids(catalogue, private=False))
    check_feeds(parsers, shipped / "private", expected, feed_uids(catalogue, private=True))


CHANGED_READERS: dict[str, Callable[[Path], ChangedReader]] = {
    "recurring-ical-events": lambda _folder: with_recurring_ical_events,
    "ical": lambda _folder: with_ical,
    "ical.js": lambda _folder: icaljs_changed(),
    "libical": libical_changed,
}
TITLES_ZH = {
    "Just Transition webinar": "公正转型网络研讨会",
    "Webinar 8: with the Minister": "第8次研讨会：与部长对话",
}


@pytest.mark.parametrize("reader", CHANGED_READERS)
def test_a_series_changed_in_two_languages_reads_alike_but_for_its_words(
    write_catalogue: Callable[[str], Path],
    read_catalogue: Callable[[str], str],
    tmp_path: Path,
    reader: str,
) -> None:
    path = write_catalogue(read_catalogue("two_languages"))
    build(path, tmp_path / "out")
    read = CHANGED_READERS[reader](tmp_path)
    english = read(tmp_path / "out" / "events" / "webinar.ics")
    chinese = read(tmp_path / "out" / "zh" / "events" / "webinar.ics")
    assert len(english) == 10
    assert ("Webinar 8: with the Minister", "2027-05-05T14:00:00Z") in [
        (o[3], o[1]) for o in english
    ]
    assert chinese == [
        (uid.replace("@", ".zh@"), start, end, TITLES_ZH[title], status)
        for uid, start, end, title, status in english
    ]
