"""Subscribing from the page in a real browser (`tests/browsing.py`), in two visitor zones:
links that work wherever the page is published, the region x audience picker, any
combination through the feed service, and QR codes that a real decoder (zxing-cpp) reads
back from a screenshot as exactly the feed's webcal address, both the ones drawn at build
time (segno) and the ones the page's script draws (qr.js).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

import icalendar
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select

from calfeed.catalogue import load_catalogue
from calfeed.render.links import subscribe_links, webcal
from calfeed.render.page.feeds import FROM_DISK_NOTE
from calfeed.selection import public_feeds
from tests.browsing import (
    PHONE,
    TIMEOUT,
    Served,
    browser_zone,
    console_problems,
    open_page,
    read_qr_codes,
    serving,
    visitors,
)
from tests.building import build
from tests.feed_readers import calendar_property
from tests.shipped import EVENTS_TOML

pytestmark = pytest.mark.slow

BASE = "https://example.org/gjn/"
CATALOGUES = Path(__file__).parent / "catalogues"


browser = visitors()


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The shipped catalogue served with no base URL: the script makes the links."""
    folder = tmp_path_factory.mktemp("shipped")
    catalogue = folder / "events.toml"
    catalogue.write_bytes(EVENTS_TOML.read_bytes())
    with serving(catalogue, folder / "calendars") as site:
        yield site


@pytest.fixture(scope="module")
def regional(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """Two regions where not every audience has events, served as its own feed service
    (`--service-url` is the server's own address), so a combination's feed answers."""
    folder = tmp_path_factory.mktemp("regional")
    catalogue = folder / "events.toml"
    catalogue.write_bytes((CATALOGUES / "regions_with_few_audiences.toml").read_bytes())
    port = free_port()
    service = f"http://127.0.0.1:{port}/"
    with serving(catalogue, folder / "calendars", "--service-url", service, port=port) as site:
        assert site.url == service
        yield site


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Built:
    page: str
    """The file: URL of index.html."""
    folder: Path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str | None, Built]:
    """The shipped catalogue built with and without a base URL, to open from disk."""
    folder = tmp_path_factory.mktemp("built")
    catalogue = folder / "events.toml"
    catalogue.write_bytes(EVENTS_TOML.read_bytes())
    pages: dict[str | None, Built] = {}
    for base in (BASE, None):
        out = folder / ("with-base" if base else "without-base")
        build(catalogue, out, *(["--base-url", base] if base else []))
        pages[base] = Built((out / "index.html").as_uri(), out)
    return pages


def links_of(element: WebElement) -> list[tuple[str, str]]:
    """(text, href) of the first list of links in `element`, as the browser has them."""
    anchors = element.find_element(By.CSS_SELECTOR, "ul.links").find_elements(By.TAG_NAME, "a")
    return [(a.text, a.get_attribute("href") or "") for a in anchors]


def feed_items(browser: webdriver.Chrome) -> list[WebElement]:
    return browser.find_elements(By.CSS_SELECTOR, "li.feed")


def zone_tag(browser: webdriver.Chrome) -> str:
    return browser_zone(browser).replace("/", "-")


def test_served_without_a_base_url_every_subscribe_link_is_made_absolute(
    browser: webdriver.Chrome, shipped: Served
) -> None:
    console_problems(browser)  # read what earlier pages left
    open_page(browser, shipped.url)
    assert console_problems(browser) == []  # nothing refused by the policy, no error
    assert browser.execute_script("return document.querySelectorAll('[style]').length") == 0
    feeds = [f for f in public_feeds(load_catalogue(shipped.catalogue)) if f.path.count("/") < 2]
    items = feed_items(browser)
    assert len(items) == len(feeds) == 14
    for item, feed in zip(items, feeds, strict=True):
        address = shipped.url + feed.path
        assert links_of(item) == list(subscribe_links(address, feed.name)), feed.path
        shown = item.find_element(By.CSS_SELECTOR, ".feed-address code").text
        assert shown.replace("\n", "") == address
    assert not browser.find_element(By.ID, "no-url").is_displayed()
    assert not browser.find_element(By.ID, "from-disk").is_displayed()


@pytest.mark.parametrize("path", ["all.ics", "audiences/un-partners.ics"])
def test_a_script_drawn_qr_code_reads_back_as_the_feeds_webcal_address(
    browser: webdriver.Chrome, shipped: Served, path: str
) -> None:
    open_page(browser, shipped.url, PHONE)
    (item,) = [i for i in feed_items(browser) if links_of(i)[-1][1] == shipped.url + path]
    item.find_element(By.TAG_NAME, "summary").click()
    code = item.find_element(By.CSS_SELECTOR, "svg.qr-code")
    name = f"qr-script-{path.replace('/', '-')}-{zone_tag(browser)}.png"
    assert read_qr_codes(browser, code, name) == [webcal(shipped.url + path)]


def test_a_build_time_qr_code_reads_back_as_the_feeds_webcal_address(
    browser: webdriver.Chrome, built: dict[str | None, Built]
) -> None:
    page = built[BASE]
    console_problems(browser)
    open_page(browser, page.page)
    assert console_problems(browser) == []
    source = (page.folder / "index.html").read_text(encoding="utf-8")
    assert 'aria-label="QR code of webcal://example.org/gjn/all.ics"' in source  # segno's
    item = feed_items(browser)[0]
    item.find_element(By.TAG_NAME, "summary").click()
    code = item.find_element(By.CSS_SELECTOR, "svg.qr-code")
    name = f"qr-build-all-{zone_tag(browser)}.png"
    assert read_qr_codes(browser, code, name) == ["webcal://example.org/gjn/all.ics"]
    hrefs = [href for item in feed_items(browser) for _text, href in links_of(item)]
    assert len(hrefs) == 14 * 5
    assert all(BASE.split("://")[1] in href.replace("%2F", "/") for href in hrefs)


def test_opened_from_disk_without_a_base_url_it_says_how_to_publish(
    browser: webdriver.Chrome, built: dict[str | None, Built]
) -> None:
    page = built[None]
    open_page(browser, page.page)
    note = browser.find_element(By.ID, "from-disk")
    assert note.is_displayed()
    assert note.text == FROM_DISK_NOTE
    assert not browser.find_element(By.ID, "no-url").is_displayed()
    for item in feed_items(browser):
        ((text, href),) = links_of(item)  # only the download: no address to subscribe to
        assert text == "Download .ics"
        assert href.startswith("file://")
        assert Path(href.removeprefix("file://")).is_file()
    result = browser.find_element(By.ID, "pick-result")
    assert [text for text, _href in links_of(result)] == ["Download .ics"]
    assert not browser.find_elements(By.CSS_SELECTOR, "svg")


def test_with_scripts_off_every_link_still_works(
    browser: webdriver.Chrome, shipped: Served
) -> None:
    open_page(browser, shipped.url, scripts=False)
    try:
        assert browser.find_element(By.ID, "no-url").is_displayed()
        assert not browser.find_element(By.ID, "picker").is_displayed()
        pairs = browser.find_element(By.ID, "pairs")
        assert pairs.is_displayed()
        hrefs = [href for item in feed_items(browser) for _text, href in links_of(item)]
        hrefs += [a.get_attribute("href") or "" for a in pairs.find_elements(By.TAG_NAME, "a")]
        assert len(hrefs) == 14 + 30
        for href in hrefs:
            assert href.startswith(shipped.url)
            with urlopen(href, timeout=TIMEOUT) as response:
                assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    finally:
        open_page(browser, "about:blank")  # scripts back on for the next test


def choose(browser: webdriver.Chrome, region: str, audience: str) -> WebElement:
    Select(browser.find_element(By.ID, "pick-region")).select_by_value(region)
    Select(browser.find_element(By.ID, "pick-audience")).select_by_value(audience)
    return browser.find_element(By.ID, "pick-result")


def feed_name(url: str) -> str | None:
    with urlopen(url, timeout=TIMEOUT) as response:
        return calendar_property(response.read(), "X-WR-CALNAME")


def test_the_picker_shows_exactly_the_chosen_pairs_feed_or_says_it_has_none(
    browser: webdriver.Chrome, regional: Served
) -> None:
    open_page(browser, regional.url, PHONE)
    assert not browser.find_element(By.ID, "pairs").is_displayed()
    result = choose(browser, "pacific", "government")
    address = regional.url + "regions/pacific/government.ics"
    name = "Regional calls: Pacific · Governments"
    assert result.find_element(By.TAG_NAME, "p").text == "Pacific · Governments 3 events"
    assert links_of(result) == list(subscribe_links(address, name))
    assert feed_name(address) == name
    code = result.find_element(By.CSS_SELECTOR, "svg.qr-code")
    assert read_qr_codes(browser, code, f"qr-picker-{zone_tag(browser)}.png") == [webcal(address)]
    result = choose(browser, "south-asia", "government")
    assert result.text == (
        "There are no events for Governments in South Asia yet: choose another region or "
        "audience, or a feed below."
    )
    assert not result.find_elements(By.TAG_NAME, "a")


def test_any_combination_is_subscribed_to_through_the_feed_service(
    browser: webdriver.Chrome, regional: Served
) -> None:
    open_page(browser, regional.url)
    result = browser.find_element(By.ID, "combine-result")
    assert result.text == "Tick at least one region, audience or topic."
    for value in ("pacific", "south-asia", "workers"):
        browser.find_element(By.CSS_SELECTOR, f'#combine input[value="{value}"]').click()
    address = f"{regional.url}feed.ics?region=pacific&region=south-asia&audience=workers"
    name = "Regional calls: Pacific, South Asia · Workers"
    assert links_of(result) == list(subscribe_links(address, name))
    assert feed_name(address) == name  # the service names it as the page did
    with urlopen(address, timeout=TIMEOUT) as response:
        held = icalendar.Calendar.from_ical(response.read())
    assert sorted(str(e["UID"]).split("@")[0] for e in held.events) == [
        "delhi-unions",
        "weekly-london",
    ]
    code = result.find_element(By.CSS_SELECTOR, "svg.qr-code")
    assert read_qr_codes(browser, code, f"qr-combination-{zone_tag(browser)}.png") == [
        webcal(address)
    ]
