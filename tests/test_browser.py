"""`calfeed serve` in a real browser: headless Chromium from Debian's packages, driven by
Selenium through Debian's chromedriver (a browser download by a test tool fails here).

Each test loads the index page from a `calfeed serve` process on a free loopback port. The
tests are skipped, with the reason, where Chromium is not installed, unless the environment
variable CI is set: in CI a missing browser is a failure. Screenshots go to
`test-artefacts/` at the repository root. Every wait has a timeout.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import urlopen

import icalendar
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.shipped import EVENTS_TOML, ROOT

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ARTEFACTS = ROOT / "test-artefacts"
TIMEOUT = 10.0
"""Seconds for any one wait: the server starting, a page loading, a script running."""
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
PHONE = (360, 800)
DESKTOP = (1280, 900)


def _require_chromium() -> None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if not missing:
        return
    reason = (
        "the browser tests need Debian's chromium and chromium-driver packages; missing: "
        f"{', '.join(missing)} (apt-get install chromium chromium-driver)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, where the browser tests must run")
    pytest.skip(reason)


@dataclass(frozen=True)
class Served:
    url: str
    catalogue: Path
    output: Path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """`calfeed serve` as a user starts it, on a port the system picks, stopped by Ctrl-C."""
    folder = tmp_path_factory.mktemp("serve")
    catalogue = folder / "events.toml"
    text = EVENTS_TOML.read_text(encoding="utf-8")
    catalogue.write_text(text + HOSTILE_EVENT, encoding="utf-8")
    output = folder / "calendars"
    log = (folder / "serve.log").open("wb")
    command = [sys.executable, "-m", "calfeed", "serve", str(catalogue), "-o", str(output)]
    process = subprocess.Popen(
        [*command, "--port", "0"], cwd=folder, stdout=subprocess.PIPE, stderr=log
    )
    lines: queue.Queue[bytes] = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(process, lines), daemon=True)
    reader.start()  # ends when calfeed serve exits
    try:
        yield Served(_served_url(lines), catalogue, output)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=TIMEOUT)
        log.close()
        reader.join(timeout=TIMEOUT)
        if process.stdout is not None:
            process.stdout.close()
    assert process.returncode == 0, (folder / "serve.log").read_text(encoding="utf-8")


def _read_lines(process: subprocess.Popen[bytes], lines: queue.Queue[bytes]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        lines.put(line)


def _served_url(lines: queue.Queue[bytes]) -> str:
    """The URL `calfeed serve` prints once it listens."""
    try:
        first = lines.get(timeout=TIMEOUT).decode()
    except queue.Empty:
        pytest.fail(f"calfeed serve printed no URL within {TIMEOUT}s")
    found = re.search(r"http://127\.0\.0\.1:\d+/", first)
    assert found, first
    return found.group()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    _require_chromium()
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(TIMEOUT)
    driver.set_script_timeout(TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def open_index(
    driver: webdriver.Chrome, served: Served, zone: str, size: tuple[int, int] = DESKTOP
) -> None:
    """Load the page as a visitor in `zone` with a `size` viewport (a phone below 600px
    wide) sees it, once its script has run."""
    width, height = size
    driver.execute_cdp_cmd("Emulation.setTimezoneOverride", {"timezoneId": zone})
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600},
    )
    driver.get(served.url)
    WebDriverWait(driver, TIMEOUT).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    seen = driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")
    assert seen == zone, "the browser's zone was not set"
    assert driver.execute_script("return [innerWidth, innerHeight]") == [width, height]
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


def screenshot(driver: webdriver.Chrome, name: str) -> Path:
    ARTEFACTS.mkdir(exist_ok=True)
    path = ARTEFACTS / name
    assert driver.save_screenshot(str(path)), path
    assert path.stat().st_size > 0
    return path


def test_every_feed_link_answers_a_calendar(browser: webdriver.Chrome, served: Served) -> None:
    open_index(browser, served, "Europe/Paris")
    hrefs: list[str] = browser.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.href)"
    )
    ours = {href.split("#")[0] for href in hrefs if href.startswith(served.url)}
    feeds = {href for href in ours if urlsplit(href).path.endswith(".ics")}
    built = {
        served.url + path.relative_to(served.output).as_posix()
        for path in served.output.rglob("*.ics")
    }
    assert feeds == built, "the page must link every built feed, and nothing else"
    for href in sorted(ours):
        with urlopen(href, timeout=TIMEOUT) as response:
            assert response.status == 200, href
            body = response.read()
            if href in feeds:
                assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
                calendar = icalendar.Calendar.from_ical(body)
                assert calendar.walk("VEVENT"), href


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("Europe/Paris", "In Europe/Paris: Thu 4 Nov 2021, 00:30 (UTC+1)"),
        ("Pacific/Apia", "In Pacific/Apia: Thu 4 Nov 2021, 12:30 (UTC+13)"),
    ],
)
def test_the_dialogue_shows_in_the_visitors_zone(
    browser: webdriver.Chrome, served: Served, zone: str, shown: str
) -> None:
    open_index(browser, served, zone)
    assert browser.find_element(By.ID, "zone").get_attribute("value") == zone
    show_past_events(browser)
    dialogue = event_item(browser, DIALOGUE)
    yours = dialogue.find_element(By.CLASS_NAME, "yours")
    WebDriverWait(browser, TIMEOUT).until(lambda _d: yours.is_displayed())
    assert yours.text == shown
    # Its own zone, as announced, whatever the visitor's.
    assert "12:30" in dialogue.find_element(By.CLASS_NAME, "when").text


def test_a_title_with_markup_shows_as_text(browser: webdriver.Chrome, served: Served) -> None:
    open_index(browser, served, "Europe/London")
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
    open_index(browser, served, "Europe/Paris", size)
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the page scrolls sideways"
    )
    screenshot(browser, f"index-{name}.png")
    show_past_events(browser)
    dialogue = event_item(browser, DIALOGUE)
    browser.execute_script("arguments[0].scrollIntoView({block: 'start'})", dialogue)
    assert browser.execute_script("return document.documentElement.scrollWidth <= innerWidth"), (
        "the agenda scrolls sideways"
    )
    screenshot(browser, f"agenda-{name}.png")


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
        open_index(browser, served, "Europe/Paris", PHONE)
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
    open_index(browser, served, "Europe/Paris")
    assert not browser.find_elements(By.ID, "calfeed-serve-error")
