"""The Chinese page in a real browser on a phone: in Chinese, `lang` right, nothing
scrolling sideways, no serious accessibility problem, and its links subscribing to the
Chinese feeds (`zh/audiences/government.ics`), with the English page one link away."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browsing import (
    PHONE,
    TIMEOUT,
    Served,
    browser_zone,
    console_problems,
    open_page,
    screenshot,
    serious_accessibility_violations,
    serving,
    visitors,
)
from tests.parsers import unavailable
from tests.shipped import EVENTS_TOML

pytestmark = pytest.mark.slow

SUMMIT = "可持续时尚产业绿色发展与责任转型国际峰会暨能力建设研讨会"


@pytest.fixture(scope="module", autouse=True)
def cjk_font() -> None:
    """Without a CJK font Chromium draws every Chinese character as a box, and the page
    would pass every test but be unreadable: `.ci/run` installs fonts-noto-cjk."""
    listed = shutil.which("fc-list")
    fonts = (
        subprocess.run([listed], capture_output=True, text=True, check=False).stdout
        if listed
        else ""
    )
    if "CJK" not in fonts:
        unavailable("the Chinese page needs a CJK font: apt-get install fonts-noto-cjk")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    folder = tmp_path_factory.mktemp("serve-languages")
    catalogue = folder / "events.toml"
    catalogue.write_bytes(EVENTS_TOML.read_bytes())
    with serving(catalogue, folder / "calendars") as site:
        yield site


browser = visitors()


def open_chinese(driver: webdriver.Chrome, served: Served) -> None:
    open_page(driver, f"{served.url}zh/", PHONE)
    controls = driver.find_element(By.ID, "controls")
    WebDriverWait(driver, TIMEOUT).until(lambda _d: controls.is_displayed())


def test_the_chinese_page_on_a_phone(browser: webdriver.Chrome, served: Served) -> None:
    open_chinese(browser, served)
    assert browser.execute_script("return document.documentElement.lang") == "zh"
    assert browser.title == "绿色就业与公正转型：亚太地区"
    assert browser.find_element(By.ID, "subscribe").text == "订阅"
    assert browser.find_element(By.ID, "agenda").text == "日程"
    assert browser.find_element(By.ID, "pick-heading").text == "按地区和对象"
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the page scrolls sideways"
    )
    zone = browser_zone(browser).replace("/", "-")
    screenshot(browser, f"index-zh-phone-{zone}.png")
    browser.find_element(By.ID, "show-past").click()
    summit = next(e for e in browser.find_elements(By.CSS_SELECTOR, ".event") if SUMMIT in e.text)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", summit)
    marker = browser.execute_script(
        "return getComputedStyle(arguments[0], '::after').content",
        summit.find_element(By.TAG_NAME, "h4"),
    )
    assert marker == '"（已结束）"'
    when = summit.find_element(By.CSS_SELECTOR, ".when").text
    assert when == "14:00–16:30 中国标准时间 (UTC+8)"
    assert summit.find_element(By.CSS_SELECTOR, ".yours").text.startswith(
        {"Pacific/Apia": "Pacific/Apia：", "Europe/Paris": "Europe/Paris："}[browser_zone(browser)]
    )
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the agenda scrolls sideways"
    )
    screenshot(browser, f"agenda-zh-phone-{zone}.png")
    assert serious_accessibility_violations(browser) == []
    assert console_problems(browser) == []


def test_the_chinese_page_subscribes_to_the_chinese_feeds(
    browser: webdriver.Chrome, served: Served
) -> None:
    open_chinese(browser, served)
    governments = next(
        item
        for item in browser.find_elements(By.CSS_SELECTOR, "li.feed")
        if item.find_element(By.CSS_SELECTOR, ".feed-name").text == "政府"
    )
    links = {
        a.text: a.get_attribute("href") for a in governments.find_elements(By.CSS_SELECTOR, "a")
    }
    host = served.url.split("://", 1)[1]
    assert (
        links["Apple 日历、Thunderbird（webcal）"] == f"webcal://{host}zh/audiences/government.ics"
    )
    assert links["下载 .ics"] == f"{served.url}zh/audiences/government.ics"
    assert governments.find_element(By.CSS_SELECTOR, ".feed-address").text == (
        f"订阅地址： {served.url}zh/audiences/government.ics"
    )


def test_each_page_links_the_other_in_its_own_language(
    browser: webdriver.Chrome, served: Served
) -> None:
    open_chinese(browser, served)
    english = browser.find_element(By.CSS_SELECTOR, "nav.languages a")
    assert (english.text, english.get_attribute("lang")) == ("English", "en")
    english.click()
    WebDriverWait(browser, TIMEOUT).until(
        lambda d: d.execute_script("return document.documentElement.lang") == "en"
    )
    chinese = browser.find_element(By.CSS_SELECTOR, "nav.languages a")
    assert (chinese.text, chinese.get_attribute("hreflang")) == ("中文", "zh")
    assert chinese.get_attribute("href") == f"{served.url}zh/index.html"
    assert browser.find_element(By.ID, "subscribe").text == "Subscribe"


def test_the_chinese_page_links_every_chinese_feed_and_no_other(
    browser: webdriver.Chrome, served: Served
) -> None:
    open_chinese(browser, served)
    hrefs: list[str] = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    feeds = {h.split("#")[0] for h in hrefs if h.startswith(served.url) and h.endswith(".ics")}
    built = {
        served.url + path.relative_to(served.output).as_posix()
        for path in (served.output / "zh").rglob("*.ics")
    }
    assert feeds == built
