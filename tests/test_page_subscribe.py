"""The page's ways to subscribe, read back from its tree: links absolute under the published
address (or relative, for the script to finish), the region x audience picker exactly where
feeds exist, any combination through the feed service, QR codes of each feed's webcal
address, and per event "add to calendar" links at the instant the feeds have it.

What the script does with these is tested in a browser (`test_browser.py`); here is what
the build writes. Instants worked out by hand: Kolkata is UTC+5:30 all year, so 09:30 on
4 March 2026 is 04:00Z; New York is on EDT (UTC-4) on 1 July 2026, so 10:00 is 14:00Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.model import Catalogue
from calfeed.render.links import Publishing, webcal
from calfeed.render.page import render_index
from calfeed.selection import public_feeds
from tests.building import build, feeds
from tests.feed_readers import Times, read_icalendar
from tests.page_tree import Node, parse
from tests.shipped import EVENTS_TOML, SECRETS, SEED_TIMES

BASE = "https://example.org/gjn/"
SERVICE = "https://feeds.example.org/"


def catalogue_named(read_catalogue: Callable[[str], str], name: str) -> Catalogue:
    return parse_catalogue(read_catalogue(name).encode(), Path(f"{name}.toml"))


def page(catalogue: Catalogue, base: str | None = BASE, service: str | None = None) -> Node:
    return parse(render_index(catalogue, public_feeds(catalogue), Publishing(base, service)))


@pytest.fixture
def regional(read_catalogue: Callable[[str], str]) -> Catalogue:
    return catalogue_named(read_catalogue, "regions_with_few_audiences")


def shipped() -> Catalogue:
    return parse_catalogue(EVENTS_TOML.read_bytes(), EVENTS_TOML)


def feed_address(href: str) -> str:
    """The feed address a subscribe link leads to, whatever the app it is for."""
    parts = urlsplit(href)
    query = parse_qs(parts.query)
    if parts.netloc == "calendar.google.com":
        (cid,) = query["cid"]
        return "https://" + cid.removeprefix("webcal://")
    if parts.netloc.startswith("outlook."):
        (url,) = query["url"]
        return url
    return "https://" + href.removeprefix("webcal://") if href.startswith("webcal:") else href


def subscribe_hrefs(tree: Node) -> list[str]:
    """Every link of every feed and of the picker's list."""
    items = tree.all("li", "feed") + [li for li in tree.all("li") if "data-pair" in li.attrs]
    return [a.attr("href") for item in items for a in item.all("a")]


def test_with_a_base_url_every_subscribe_and_add_link_is_absolute_under_it() -> None:
    tree = page(shipped())
    hrefs = subscribe_hrefs(tree)
    assert len(hrefs) == 14 * 5 + 30  # five links per feed, one per region x audience pair
    assert all(feed_address(href).startswith(BASE) for href in hrefs)
    assert {feed_address(h) for h in hrefs} == {BASE + f.path for f in public_feeds(shipped())}
    files = [a.attr("href") for ul in tree.all("ul", "add") for a in ul.all("a")[:1]]
    # Every dated event, in order; the undated launch has no file and no links.
    assert files == [f"{BASE}events/{name}.ics" for name in SEED_TIMES]
    assert not tree.having("data-relative")


def test_without_a_base_url_links_are_relative_and_carry_the_name_for_the_script() -> None:
    catalogue = shipped()
    tree = page(catalogue, base=None)
    lists = tree.having("data-relative")
    named = {f.path: f.name for f in public_feeds(catalogue)}
    assert [(ul.one("a").attr("href"), ul.attr("data-name")) for ul in lists] == [
        (f.path, f.name) for f in public_feeds(catalogue) if f.path.count("/") < 2
    ]
    assert [ul.one("a").text() for ul in lists] == ["Download .ics"] * 14
    pairs = [li for li in tree.all("li") if "data-pair" in li.attrs]
    assert all(named[li.one("a").attr("href")] == li.attr("data-name") for li in pairs)
    assert not tree.all("svg")  # the script draws the codes once it knows the address
    files = [a.attr("href") for ul in tree.all("ul", "add") for a in ul.all("a")[:1]]
    assert files[0] == "events/gjn-ediscussion-15.ics"


def test_the_picker_offers_public_pairs_and_lists_exactly_the_feeds_that_exist(
    regional: Catalogue,
) -> None:
    tree = page(regional)
    options = {
        select.attr("id"): [(o.attr("value"), o.text()) for o in select.all("option")]
        for select in tree.one("div", "picker").all("select")
    }
    assert options == {
        "pick-region": [("pacific", "Pacific"), ("south-asia", "South Asia")],
        "pick-audience": [("government", "Governments"), ("workers", "Workers")],
    }
    assert "hidden" in tree.one("div", "picker").attrs  # the list below works without it
    pairs = [
        (li.attr("data-pair"), li.one("a").text(), li.one("a").attr("href"), li.text())
        for li in tree.all("li")
        if "data-pair" in li.attrs
    ]
    assert pairs == [
        ("pacific/government", "Governments", f"{BASE}regions/pacific/government.ics",
         "Governments 3 events"),
        ("pacific/workers", "Workers", f"{BASE}regions/pacific/workers.ics", "Workers 1 event"),
        ("south-asia/workers", "Workers", f"{BASE}regions/south-asia/workers.ics",
         "Workers 1 event"),
    ]  # fmt: skip
    assert [li.text() for li in tree.one("ul", "pairs").children if isinstance(li, Node)] == [
        "Pacific:Governments 3 eventsWorkers 1 event",
        "South Asia:Workers 1 event",
    ]
    assert b"network" not in render_index(regional, public_feeds(regional), Publishing(BASE))


def test_with_the_service_any_combination_of_public_filters_is_offered(
    regional: Catalogue,
) -> None:
    tree = page(regional, service=SERVICE)
    combine = tree.one("div", "combine")
    assert (combine.attr("data-service"), combine.attr("data-calendar")) == (
        f"{SERVICE}feed.ics",
        "Regional calls",
    )
    boxes = [
        (i.attr("data-filter"), i.attr("value"), i.attr("data-name")) for i in combine.all("input")
    ]
    assert boxes == [
        ("region", "pacific", "Pacific"),
        ("region", "south-asia", "South Asia"),
        ("audience", "government", "Governments"),
        ("audience", "workers", "Workers"),
        ("tag", "cop26", "At or around COP26"),
    ]
    example = tree.having("id", "combine-address")[0].one("a").attr("href")
    assert example == f"{SERVICE}feed.ics?region=pacific&audience=government"
    assert not page(regional).all("div", "combine")  # no service, no combinations


def test_each_feed_has_a_qr_code_of_its_webcal_address_drawn_at_build_time() -> None:
    catalogue = shipped()
    tree = page(catalogue)
    codes = [(item.one("svg"), item.all("a")[-1].attr("href")) for item in tree.all("li", "feed")]
    assert len(codes) == 14
    for svg, address in codes:
        assert svg.attr("aria-label") == f"QR code of {webcal(address)}"
        assert svg.attr("role") == "img"
        assert not [n for n in svg.all() if "style" in n.attrs or n.tag == "style"]
        assert svg.attr("viewbox") in {"0 0 37 37", "0 0 41 41"}  # versions 3 and 4


def instants_of(folder: Path, path: str) -> dict[str, Times]:
    return read_icalendar((folder / path).read_bytes())


@pytest.mark.parametrize(
    ("event_id", "start", "end"),
    [
        ("delhi-unions", "2026-03-04T04:00", "2026-03-04T05:30"),  # Kolkata, UTC+5:30
        ("new-york", "2026-07-01T14:00", "2026-07-01T15:30"),  # New York on EDT, UTC-4
    ],
)
def test_the_add_links_put_the_event_at_the_instant_the_feeds_do(
    read_catalogue: Callable[[str], str],
    write_catalogue: Callable[[str], Path],
    tmp_path: Path,
    event_id: str,
    start: str,
    end: str,
) -> None:
    out = tmp_path / "out"
    build(write_catalogue(read_catalogue("regions_with_few_audiences")), out, "--base-url", BASE)
    tree = parse((out / "index.html").read_bytes())
    uid = f"{event_id}@regional.calfeed.example"
    in_feeds = instants_of(out, "all.ics")[uid]
    expected = Times(utc(start), utc(end))
    assert in_feeds == expected
    (links,) = [
        ul
        for ul in tree.all("ul", "add")
        if ul.all("a")[0].attr("href").endswith(f"/{event_id}.ics")
    ]
    hrefs = {a.text(): a.attr("href") for a in links.all("a")}
    assert list(hrefs) == ["Add to calendar (.ics)", "Google Calendar", "Outlook.com", "Office 365"]
    own_file = hrefs["Add to calendar (.ics)"].removeprefix(BASE)
    assert instants_of(out, own_file) == {uid: expected}
    google = parse_qs(urlsplit(hrefs["Google Calendar"]).query)
    assert google["dates"] == [f"{stamp(start)}/{stamp(end)}"]
    outlook = parse_qs(urlsplit(hrefs["Outlook.com"]).query)
    assert (outlook["startdt"], outlook["enddt"]) == ([start + ":00Z"], [end + ":00Z"])
    assert "Register: https://example.org/" in google["details"][0]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def stamp(text: str) -> str:
    return utc(text).strftime("%Y%m%dT%H%M%SZ")


def test_a_cancelled_event_offers_nothing_to_add_and_nothing_to_join(
    read_catalogue: Callable[[str], str],
) -> None:
    text = read_catalogue("series_all_day_span_cancelled").replace(
        'status = "cancelled"', 'status = "cancelled"\nonline = "https://example.org/join"', 1
    )
    tree = page(parse_catalogue(text.encode(), Path("series.toml")))
    (late,) = [e for e in tree.all("li", "event") if e.one("h4").text().startswith("Late call")]
    assert not late.all("ul", "add")
    assert not late.all("a")  # no registration, no join link: nothing to act on
    weekly = tree.all("li", "event")[0]
    labels = [a.text() for a in weekly.one("ul", "add").all("a")]
    assert labels == ["Add to calendar (.ics)", "Google Calendar"]  # Outlook cannot repeat


def test_no_private_detail_in_any_new_file_or_page_part(
    read_catalogue: Callable[[str], str], tmp_path: Path
) -> None:
    hostile = catalogue_named(read_catalogue, "hostile_markup")
    tree = page(hostile, service=SERVICE)
    text = render_index(hostile, public_feeds(hostile), Publishing(BASE, SERVICE)).decode()
    for secret in ("evil-private-passcode", "Members", "members", "Members-only meeting"):
        assert secret not in text
    assert {i.attr("value") for i in tree.all("input") if i.attrs.get("data-filter")} == {
        "r",
        "public",
    }
    source = tmp_path / "events.toml"
    source.write_bytes(EVENTS_TOML.read_bytes())
    out = tmp_path / "out"
    build(source, out, "--base-url", BASE, "--private-out", str(tmp_path / "private"))
    published = {
        p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()
    }
    new = [p for p in published if p.startswith(("events/", "regions/")) or p == "index.html"]
    assert len(new) > 40
    for path in new:
        for secret in SECRETS:
            assert secret.encode() not in published[path], path
    assert not [p for p in feeds(out) if p.endswith("/network.ics")]
    assert (tmp_path / "private" / "audiences" / "network.ics").exists()
    assert unquote(text).count("members") == 0


def test_the_page_is_the_same_bytes_for_the_same_catalogue_and_publishing() -> None:
    catalogue = shipped()
    first = render_index(catalogue, public_feeds(catalogue), Publishing(BASE, SERVICE))
    again = render_index(shipped(), public_feeds(shipped()), Publishing(BASE, SERVICE))
    assert first == again
    assert first != render_index(catalogue, public_feeds(catalogue), Publishing(BASE))


def test_each_module_of_the_page_is_small_enough_to_read_whole() -> None:
    folder = Path(__file__).parent.parent / "src" / "calfeed" / "render" / "page"
    sizes = {p.name: len(p.read_text().splitlines()) for p in folder.iterdir() if p.is_file()}
    assert {"agenda.py", "assets.py", "feeds.py", "picker.py", "qr.py", "qr.js"} <= set(sizes)
    assert max(sizes.values()) < 400, sizes


def test_no_inline_style_or_event_handler_anywhere_on_the_page() -> None:
    """The policy admits the page's one `<style>` and its scripts by hash, nothing else:
    a `style` or `on...` attribute (segno's SVG included) would be refused or a hole."""
    tree = page(shipped(), service=SERVICE)
    assert len(tree.all("svg")) == 14
    assert not [n.tag for n in tree.all() for a in n.attrs if a == "style" or a.startswith("on")]
    assert len(tree.all("style")) == 1
