"""`calfeed serve` in a real browser, as a visitor in Pacific/Apia and one in Europe/Paris
sees it (`tests/browsing.py`): the agenda in the visitor's zone, catalogue text that stays
text, the page on a phone and a desktop with nothing scrolling sideways and long addresses
wrapping at `/`, no serious accessibility problem (axe-core), and a broken catalogue's
error on the page.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import urlsplit
from urllib.request import urlopen

import icalendar
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.browsing import (
    DESKTOP,
    PHONE,
    TIMEOUT,
    ZONES,
    Served,
    browser_zone,
    open_page,
    screenshot,
    serious_accessibility_violations,
    serving,
    visitors,
)
from tests.shipped import EVENTS_TOML

pytestmark = pytest.mark.slow

DIALOGUE = "Invitation to a Pacific Dialogue"
HOSTILE_TITLE = "<script>window.calfeedInjected = 1</script> & <b>not bold</b>"
HOSTILE_EVENT = f"""
[events.escaping-check]
title = "{HOSTILE_TITLE}"
start = 2021-11-10T10:00:00
end = 11:00:00
timezone = "Europe/London"
location = "<img src=x onerror=\\"window.calfeedInjected = 2\\">"
tags = ["cop26"]
"""
BROKEN_KEY = '"<b>x</b>" = 1'


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The shipped catalogue and one event with markup in its text, served without a base
    URL: the page's script makes its links absolute."""
    folder = tmp_path_factory.mktemp("serve")
    catalogue = folder / "events.toml"
    text = EVENTS_TOML.read_text(encoding="utf-8")
    catalogue.write_text(text + HOSTILE_EVENT, encoding="utf-8")
    with serving(catalogue, folder / "calendars") as site:
        yield site


browser = visitors()


def open_index(driver: webdriver.Chrome, served: Served, size: tuple[int, int] = DESKTOP) -> None:
    """The index page once its script has run, with the zone picker shown."""
    open_page(driver, served.url, size)
    controls = driver.find_element(By.ID, "controls")
    WebDriverWait(driver, TIMEOUT).until(lambda _d: controls.is_displayed())


def show_past_events(driver: webdriver.Chrome) -> None:
    """The seeds' events are all over, and the page hides past events until asked."""
    toggle = driver.find_element(By.ID, "show-past")
    if not toggle.is_selected():
        toggle.click()
    WebDriverWait(driver, TIMEOUT).until(lambda _d: toggle.is_selected())


def event_item(driver: webdriver.Chrome, title_start: str) -> WebElement:
    found = driver.find_elements(
        By.XPATH,
        "//li[contains(concat(' ', normalize-space(@class), ' '), ' event ')]"
        f"[h4[starts-with(normalize-space(.), '{title_start}')]]",
    )
    assert len(found) == 1, f"{len(found)} events titled {title_start!r} on the page"
    return found[0]


def test_every_feed_link_answers_a_calendar(browser: webdriver.Chrome, served: Served) -> None:
    open_index(browser, served)
    hrefs: list[str] = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    ours = {href.split("#")[0] for href in hrefs if href.startswith(served.url)}
    feeds = {href for href in ours if urlsplit(href).path.endswith(".ics")}
    built = {
        served.url + path.relative_to(served.output).as_posix()
        for path in served.output.rglob("*.ics")
        if not path.relative_to(served.output).as_posix().startswith("zh/")
    }  # the Chinese feeds are the Chinese page's to link (test_browser_languages.py)
    assert feeds == built, "the page must link every built feed, and nothing else"
    for href in sorted(ours):
        with urlopen(href, timeout=TIMEOUT) as response:
            assert response.status == 200, href
            body = response.read()
            if href in feeds:
                assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
                calendar = icalendar.Calendar.from_ical(body)
                assert calendar.walk("VEVENT"), href


SHOWN = {
    "Europe/Paris": "In Europe/Paris: Thu 4 Nov 2021, 00:30 (UTC+1)",
    "Pacific/Apia": "In Pacific/Apia: Thu 4 Nov 2021, 12:30 (UTC+13)",
}


def test_the_dialogue_shows_in_the_visitors_zone(browser: webdriver.Chrome, served: Served) -> None:
    open_index(browser, served)
    zone = browser_zone(browser)
    assert zone in ZONES, "the browser's zone is its TZ"
    assert browser.find_element(By.ID, "zone").get_attribute("value") == zone
    show_past_events(browser)
    dialogue = event_item(browser, DIALOGUE)
    yours = dialogue.find_element(By.CLASS_NAME, "yours")
    WebDriverWait(browser, TIMEOUT).until(lambda _d: yours.is_displayed())
    assert yours.text == SHOWN[zone]
    # Its own zone, as announced, whatever the visitor's.
    assert "12:30" in dialogue.find_element(By.CLASS_NAME, "when").text


def test_a_title_with_markup_shows_as_text(browser: webdriver.Chrome, served: Served) -> None:
    open_index(browser, served)
    show_past_events(browser)
    hostile = event_item(browser, "<script>")
    heading = hostile.find_element(By.TAG_NAME, "h4")
    assert heading.text == HOSTILE_TITLE
    assert not heading.find_elements(By.XPATH, ".//*"), "catalogue text became elements"
    assert "<img src=x" in hostile.text
    assert not hostile.find_elements(By.TAG_NAME, "img")
    assert browser.execute_script("return window.calfeedInjected === undefined")
    assert browser.title == "Green Jobs & Just Transition: Asia-Pacific"


@pytest.mark.parametrize(("name", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots(
    browser: webdriver.Chrome, served: Served, name: str, size: tuple[int, int]
) -> None:
    open_index(browser, served, size)
    zone = browser_zone(browser).replace("/", "-")
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the page scrolls sideways"
    )
    screenshot(browser, f"index-{name}-{zone}.png")
    show_past_events(browser)
    dialogue = event_item(browser, DIALOGUE)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", dialogue)
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the agenda scrolls sideways"
    )
    screenshot(browser, f"agenda-{name}-{zone}.png")


def _status(served: Served) -> str:
    with urlopen(f"{served.url}status", timeout=TIMEOUT) as response:
        status: str = json.load(response)["status"]
        return status


def _wait_for_status(served: Served, wanted: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while _status(served) != wanted:
        if time.monotonic() > deadline:
            pytest.fail(f"/status did not say {wanted!r} within {TIMEOUT}s")
        time.sleep(0.1)


def test_a_broken_catalogue_shows_its_error_on_the_page(
    browser: webdriver.Chrome, served: Served
) -> None:
    good = served.catalogue.read_text(encoding="utf-8")
    anchor = "[events.cop26-pacific-dialogue]\n"
    served.catalogue.write_text(good.replace(anchor, anchor + BROKEN_KEY + "\n", 1), "utf-8")
    try:
        _wait_for_status(served, "error")
        open_index(browser, served, PHONE)
        banner = browser.find_element(By.ID, "calfeed-serve-error")
        assert banner.is_displayed()
        assert "The catalogue could not be rebuilt." in banner.text
        assert "error: event cop26-pacific-dialogue: unknown key '<b>x</b>'" in banner.text
        assert not banner.find_elements(By.TAG_NAME, "b")
        assert browser.execute_script(
            "return document.documentElement.scrollWidth <= innerWidth"
        ), "the error scrolls sideways"
        screenshot(browser, "index-error-phone.png")
        show_past_events(browser)
        event_item(browser, DIALOGUE)  # the last good agenda is still there
    finally:
        served.catalogue.write_text(good, encoding="utf-8")
    _wait_for_status(served, "ok")
    open_index(browser, served)
    assert not browser.find_elements(By.ID, "calfeed-serve-error")


ADDRESS_LINES = """
return Array.from(document.querySelectorAll(".feed-address code"), (code) => {
  const lines = [];
  let top = null;
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i += 1) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (!rect) { continue; }
      if (top === null || rect.top > top + 2) { lines.push(""); top = rect.top; }
      lines[lines.length - 1] += node.data[i];
    }
  }
  return {lines: lines, right: code.getBoundingClientRect().right};
});
"""


def test_on_a_phone_long_feed_addresses_wrap_after_a_slash(
    browser: webdriver.Chrome, served: Served
) -> None:
    open_index(browser, served, PHONE)
    addresses: list[dict[str, object]] = browser.execute_script(ADDRESS_LINES)
    assert len(addresses) == 14 + 1  # every feed, and the picker's choice
    width = PHONE[0]
    wrapped = 0
    for address in addresses:
        lines = address["lines"]
        assert isinstance(lines, list)
        assert "".join(lines).startswith(served.url)
        assert all(line.endswith("/") for line in lines[:-1]), lines
        assert isinstance(address["right"], int | float)
        assert address["right"] <= width, lines
        wrapped += len(lines) > 1
    assert wrapped == len(addresses), "at 360px every served address is longer than a line"
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth")


@pytest.mark.parametrize(("name", "size"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_axe_finds_no_serious_accessibility_problem(
    browser: webdriver.Chrome, served: Served, name: str, size: tuple[int, int]
) -> None:
    open_index(browser, served, size)
    assert serious_accessibility_violations(browser) == [], name
    show_past_events(browser)
    for summary in browser.find_elements(By.CSS_SELECTOR, ".feed summary")[:2]:
        summary.click()  # a QR code shown
    assert serious_accessibility_violations(browser) == [], name
