"""index.html, read back the way a browser builds its tree: the feeds with their subscribe
links, the agenda in each event's own zone, and nothing a catalogue could inject or leak."""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from calfeed.catalogue import parse_catalogue
from calfeed.model import Catalogue
from calfeed.render.links import resolve_publishing
from calfeed.render.page import SCRIPTS, STYLE, render_index
from calfeed.render.page.feeds import FROM_DISK_NOTE
from calfeed.selection import public_feeds
from tests.building import build
from tests.page_tree import Node, parse
from tests.shipped import EVENTS_TOML, SECRETS


def page_of(catalogue: Catalogue) -> bytes:
    """The page with the catalogue's own `url` as the published address (or none)."""
    return render_index(
        catalogue, public_feeds(catalogue), resolve_publishing(catalogue, environ={})
    )


def shipped(url: str | None = None) -> Catalogue:
    text = EVENTS_TOML.read_text(encoding="utf-8")
    if url is not None:
        text = text.replace('refresh = "PT12H"', f'url = "{url}"\nrefresh = "PT12H"', 1)
    return parse_catalogue(text.encode("utf-8"), EVENTS_TOML)


@pytest.fixture(scope="module")
def page() -> bytes:
    return page_of(shipped())


@pytest.fixture(scope="module")
def tree(page: bytes) -> Node:
    return parse(page)


def feed_rows(tree: Node) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """(name, count text, [(link text, href)]) of each listed feed."""
    return [
        (
            item.one(cls="feed-name").text(),
            item.one(cls="count").text(),
            [(a.text(), a.attr("href")) for a in item.one("ul", "links").all("a")],
        )
        for item in tree.all("li", "feed")
    ]


# Counted by hand from events.toml: nine public dated events (the undated CA4JI launch is in
# no feed). The two network meetings name the private network and un-partners; Humen names
# five public audiences and the network; the other six name no audience, so every public one.
COUNTS = [
    ("All events", "all.ics", "9 events"),
    ("Governments", "audiences/government.ics", "7 events"),  # all but the two meetings
    ("Workers' organisations", "audiences/workers.ics", "7 events"),
    ("Employers, enterprises and industry associations", "audiences/employers.ics", "7 events"),
    ("Academia and research", "audiences/academia.ics", "7 events"),
    ("UN, ILO and partner agencies", "audiences/un-partners.ics", "9 events"),  # every one
    ("The public", "audiences/public.ics", "6 events"),  # the six naming no audience
    ("Pacific", "regions/pacific.ics", "6 events"),
    ("South-East Asia", "regions/south-east-asia.ics", "4 events"),  # 2 meetings, IBC, Africa
    ("South Asia", "regions/south-asia.ics", "3 events"),  # 2 meetings, IBC
    ("East Asia", "regions/east-asia.ics", "4 events"),  # 2 meetings, IBC, Humen
    ("Global", "regions/global.ics", "5 events"),  # WG, Dialogue, IBC, Africa, Humen
    ("COP26 events", "cop26.ics", "6 events"),  # the six COP26 events
    ("Pacific governments", "pacific-governments.ics", "4 events"),  # Dialogue, IBC, ADB, mobility
]


def test_page_language_and_headings(tree: Node) -> None:
    assert tree.one("html").attrs["lang"] == "en"
    assert [h.text() for h in tree.all("h1")] == ["Green Jobs & Just Transition: Asia-Pacific"]
    assert [h.text() for h in tree.all("h2")] == ["Subscribe", "Agenda"]
    assert [h.text() for h in tree.all("h3")] == [
        "By region and audience",
        "Every feed",
        "Wed 27 Oct 2021",
        "Wed 3 Nov 2021",
        "Thu 4 Nov 2021",
        "Mon 8 Nov 2021",
        "Tue 9 Nov 2021",
        "Thu 11 Nov 2021",
        "Wed 1 Dec 2021",
        "Thu 17 Nov 2022",
        "To be scheduled",
    ]
    assert tree.one("title").text() == "Green Jobs & Just Transition: Asia-Pacific"
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in tree.all("meta")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert tree.all("meta")[0].attrs == {"charset": "utf-8"}


def test_without_url_every_feed_has_its_count_a_relative_download_and_a_note(
    tree: Node,
) -> None:
    assert feed_rows(tree) == [
        (name, count, [("Download .ics", path)]) for name, path, count in COUNTS
    ]
    note, from_disk = tree.all(cls="note")
    assert note.attrs["id"] == "no-url"
    # The script shows this one instead on a page opened from disk.
    assert (from_disk.attrs["id"], "hidden" in from_disk.attrs) == ("from-disk", True)
    assert from_disk.text() == FROM_DISK_NOTE
    assert note.text().startswith(
        "Subscribe links for calendar apps need the web address where these calendars are "
        "published, and the organiser has not set it yet (url in the [calendar] table of "
        "events.toml)."
    )
    assert not tree.all(cls="feed-address")
    assert all("://" not in href for _n, _c, links in feed_rows(tree) for _t, href in links)


def test_with_url_every_feed_has_all_five_links_built_by_hand() -> None:
    tree = parse(page_of(shipped("https://example.org/cal")))  # calfeed adds the slash
    assert not tree.all(cls="note")
    rows = feed_rows(tree)
    assert [(name, count) for name, count, _links in rows] == [(n, c) for n, _p, c in COUNTS]
    by_name = {name: links for name, _count, links in rows}
    assert by_name["Pacific governments"] == [
        (
            "Apple Calendar, Thunderbird (webcal)",
            "webcal://example.org/cal/pacific-governments.ics",
        ),
        (
            "Google Calendar",
            "https://calendar.google.com/calendar/r?cid="
            "webcal%3A%2F%2Fexample.org%2Fcal%2Fpacific-governments.ics",
        ),
        (
            "Outlook.com",
            "https://outlook.live.com/calendar/0/addfromweb?"
            "url=https%3A%2F%2Fexample.org%2Fcal%2Fpacific-governments.ics"
            "&name=Pacific%20governments",
        ),
        (
            "Office 365",
            "https://outlook.office.com/calendar/0/addfromweb?"
            "url=https%3A%2F%2Fexample.org%2Fcal%2Fpacific-governments.ics"
            "&name=Pacific%20governments",
        ),
        ("Download .ics", "https://example.org/cal/pacific-governments.ics"),
    ]
    # The calendar app gets the feed's full name; "&" and ":" are encoded, not cut.
    assert by_name["All events"][2] == (
        "Outlook.com",
        "https://outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fexample.org%2Fcal%2F"
        "all.ics&name=Green%20Jobs%20%26%20Just%20Transition%3A%20Asia-Pacific",
    )
    for name, _path, _count in COUNTS:
        assert [label for label, _href in by_name[name]] == [
            "Apple Calendar, Thunderbird (webcal)",
            "Google Calendar",
            "Outlook.com",
            "Office 365",
            "Download .ics",
        ]
    addresses = [p.one("code").text() for p in tree.all("p") if p.text().startswith("Feed ")]
    assert addresses == [f"https://example.org/cal/{path}" for _n, path, _c in COUNTS]


def agenda(tree: Node) -> list[tuple[str, str, str, str | None]]:
    """(day, title, time text, <time datetime>) of each listed event, in page order."""
    rows = []
    for day in tree.all("section", "day") + tree.all("section", "undated"):
        for event in day.all("li", "event"):
            when = event.one("p", "when")
            times = when.all("time")
            rows.append(
                (
                    day.one("h3").text(),
                    event.one("h4").text(),
                    when.text(),
                    times[0].attrs["datetime"] if times else None,
                )
            )
    return rows


def test_every_public_event_in_order_in_its_own_zone_with_the_utc_instant(tree: Node) -> None:
    assert agenda(tree) == [
        (
            "Wed 27 Oct 2021",
            "ILO Asia-Pacific Green Jobs Network: 15th e-Discussion and Knowledge sharing",
            "All day",
            "2021-10-27",
        ),
        (
            "Wed 3 Nov 2021",
            "COP26 informal working group meeting on Just Transition and Decent Work",
            "10:00–11:15 Paris (UTC+1)",  # "10.00-11.15 CET" = 09:00Z
            "2021-11-03T09:00:00Z",
        ),
        (
            "Thu 4 Nov 2021",
            "Invitation to a Pacific Dialogue: Just Transition in the Pacific and Climate Action "
            "for Jobs",
            "12:30 Apia (UTC+13)",  # "12:30 Samoa / 00:30 CET": 23:30Z the day before
            "2021-11-03T23:30:00Z",
        ),
        (
            "Mon 8 Nov 2021",
            "IBC on Climate Change: 1.5 degrees within reach for AP?",
            "11:00–13:45 London (UTC+0)",
            "2021-11-08T11:00:00Z",
        ),
        (
            "Tue 9 Nov 2021",
            "Opportunities and Challenges for a Just Transition in the Pacific",
            "10:00–11:30 Fiji (UTC+12)",
            "2021-11-08T22:00:00Z",
        ),
        (
            "Tue 9 Nov 2021",
            "Pacific Climate Change Mobility and Human Security COP26 Side Event",
            "11:00–12:30 Fiji (UTC+12)",
            "2021-11-08T23:00:00Z",
        ),
        (
            "Thu 11 Nov 2021",
            "Achieving a JT toward net zero: challenges and opportunity with focus on Africa",
            "11:30–12:45 London (UTC+0)",
            "2021-11-11T11:30:00Z",
        ),
        (
            "Wed 1 Dec 2021",
            "ILO Asia-Pacific Green Jobs Network meeting",
            "All day",
            "2021-12-01",
        ),
        (
            "Thu 17 Nov 2022",
            "International Summit and Capacity Building Workshop on Green Development and "
            "Responsible Transformation of the Sustainable Fashion Industry",
            "14:00–16:30 Shanghai (UTC+8)",  # "14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)"
            "2022-11-17T06:00:00Z",
        ),
        (
            "To be scheduled",
            "Climate Action for Jobs Initiative (CA4JI): Asia-Pacific launch",
            "Date to be announced",
            None,
        ),
    ]


def event_named(tree: Node, start: str) -> Node:
    (event,) = [e for e in tree.all("li", "event") if e.one("h4").text().startswith(start)]
    return event


def test_each_event_has_its_instants_other_zones_links_hosts_and_place(tree: Node) -> None:
    dialogue = event_named(tree, "Invitation to a Pacific Dialogue")
    assert dialogue.attrs["data-start"] == "2021-11-03T23:30:00Z"
    assert "data-end" not in dialogue.attrs  # the seed states no end
    assert dialogue.one("p", "also").text() == (
        "Also: 11:30 Fiji (UTC+12) · 00:30 Paris (UTC+1) · Wed 3 Nov 23:30 London (UTC+0) · "
        "Wed 3 Nov 23:30 UTC"
    )
    texts = [p.text() for p in dialogue.all("p")]
    assert "Hosts: ILO, Government of Samoa" in texts
    assert "Location: Pacific Regional Resilience Hub, COP26" in texts

    summit = event_named(tree, "International Summit")
    assert (summit.attrs["data-start"], summit.attrs["data-end"]) == (
        "2022-11-17T06:00:00Z",
        "2022-11-17T08:30:00Z",
    )
    links = [(a.text(), a.attr("href")) for a in summit.all("ul", "links")[0].all("a")]
    assert links == [
        ("Register", "https://us06web.zoom.us/webinar/register/WN_YYHOwK-0QQO6Aqa-YMwKGg")
    ]
    texts = [p.text() for p in summit.all("p")]
    assert (
        "Hosts: ILO, China National Textile and Apparel Council (CNTAC), Humen Township "
        "Government" in texts
    )
    assert "Languages: English, Chinese" in texts
    sessions = [li.text().split("Moderator")[0] for li in summit.one("ul", "sessions").all("li")]
    assert sessions[0] == "14:00–14:30 Welcome and opening"

    africa = event_named(tree, "Achieving a JT")
    assert "The announcement names no time zone: Europe/London is assumed." in [
        p.text() for p in africa.all("p")
    ]

    launch = event_named(tree, "Climate Action for Jobs Initiative")
    assert launch.attrs == {"class": "event"}  # no instant for the script to work with
    assert "Location: Samoa" in [p.text() for p in launch.all("p")]


def test_zone_picker_and_past_toggle_wait_for_the_script(tree: Node) -> None:
    controls = tree.one("div", "controls")
    assert "hidden" in controls.attrs
    options = [o.attr("value") for o in controls.one("select").all("option")]
    assert options[0] == "UTC"
    assert options[1:6] == [  # the events' zones, then each region's
        "Asia/Shanghai",
        "Europe/London",
        "Europe/Paris",
        "Pacific/Apia",
        "Pacific/Fiji",
    ]
    assert {"Asia/Jakarta", "Asia/Ho_Chi_Minh", "Asia/Dhaka", "Asia/Ulaanbaatar"} <= set(options)
    assert [g.attr("label") for g in controls.all("optgroup")] == [
        "Zones of these events",
        "Pacific",
        "South-East Asia",
        "South Asia",
        "East Asia",
        "Global",
    ]
    assert controls.one("input").attrs["type"] == "checkbox"


@pytest.fixture
def hostile(read_catalogue: Callable[[str], str]) -> Catalogue:
    """Markup in every text a catalogue has, and a private audience with its own event."""
    return parse_catalogue(read_catalogue("hostile_markup").encode(), Path("hostile_markup.toml"))


def test_catalogue_text_is_escaped_and_injects_no_element(hostile: Catalogue) -> None:
    page = page_of(hostile)
    tree = parse(page)
    title = '<script>alert(1)</script> "quotes" & ampersands'
    assert tree.one("h4").text() == title
    assert tree.one("h1").text() == 'Evil <b>bold</b> & "calendar"'
    assert tree.one("title").text() == 'Evil <b>bold</b> & "calendar"'
    assert tree.one("header").all("p")[0].text() == "<img src=x onerror=alert(0)>"
    assert [n.text() for n in tree.all(cls="feed-name")] == [
        "All events",
        "<i>Public</i>",
        "</optgroup><script>alert(2)</script>",
    ]
    event = tree.one("li", "event")
    assert "Hosts: <em>Host</em>" in [p.text() for p in event.all("p")]
    assert "Location: 'single' <quotes>" in [p.text() for p in event.all("p")]
    assert event.one("details").all("p")[0].text() == "</details><script>alert(3)</script>"
    assert event.all("ul", "links")[0].one("a").attr("href") == "https://example.org/r?a=1&b=<2>"
    assert [g.attr("label") for g in tree.all("optgroup")][-1] == (
        "</optgroup><script>alert(2)</script>"
    )
    # Only calfeed's own elements exist: the injected ones stayed text.
    tags = {n.tag for n in tree.all()}
    assert not tags & {"b", "i", "em", "img", "only", "quotes", "2"}
    scripts = tree.all("script")
    assert [script.attrs for script in scripts] == [{}] * len(SCRIPTS)
    assert tuple(script.text() for script in scripts) == SCRIPTS
    assert not [n for n in tree.all() for name in n.attrs if name.startswith("on")]
    assert b"<script>alert" not in page


def test_a_non_http_link_never_becomes_an_href(hostile: Catalogue) -> None:
    catalogue = hostile
    (evil, *rest) = catalogue.events
    bad = replace(evil, registration="javascript:alert(1)", url="data:text/html,x")
    tree = parse(page_of(replace(catalogue, events=(bad, *rest))))
    hrefs = [a.attr("href") for a in tree.all("a")]
    assert not [h for h in hrefs if h.startswith(("javascript:", "data:"))]


def test_no_private_detail_and_no_private_audience(page: bytes, hostile: Catalogue) -> None:
    for secret in SECRETS:
        assert secret.encode() not in page
    assert b"Green Jobs Network members" not in page  # the private audience's feed name
    assert b"audiences/network.ics" not in page
    hostile_page = page_of(hostile)
    for text in (b"evil-private-passcode", b"Members-only meeting", b"Members &lt;only&gt;"):
        assert text not in hostile_page
    assert len(parse(hostile_page).all("li", "event")) == 1


def test_nothing_is_loaded_from_anywhere(tree: Node) -> None:
    elements = tree.all()
    assert not [n.tag for n in elements if "src" in n.attrs or "srcset" in n.attrs]
    assert not tree.all("link")
    assert not [n for n in elements if n.tag in {"iframe", "img", "object", "embed", "audio"}]
    (style,) = tree.all("style")
    assert style.text() == STYLE
    assert "url(" not in STYLE
    assert "@import" not in STYLE
    assert "http" not in STYLE
    for script in SCRIPTS:  # no fetch, no beacon: they only read the page
        for call in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "import(", "eval("):
            assert call not in script
        # The only addresses: where subscribe links go (as in render/links.py), and the
        # SVG namespace's name, which is never fetched.
        assert set(re.findall(r"https?://[^/\"]*", script)) <= {
            "http://www.w3.org",
            "https://calendar.google.com",
            "https://outlook.live.com",
            "https://outlook.office.com",
        }


def test_the_policy_admits_exactly_the_inline_script_and_style(tree: Node) -> None:
    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    (policy,) = [m for m in tree.all("meta") if m.attrs.get("http-equiv")]
    assert policy.attrs["http-equiv"] == "Content-Security-Policy"
    scripts = " ".join(f"'sha256-{digest(script.text())}'" for script in tree.all("script"))
    assert len(tree.all("script")) == 3
    assert policy.attr("content") == (
        f"default-src 'none'; script-src {scripts}; "
        f"style-src 'sha256-{digest(tree.one('style').text())}'; "
        "base-uri 'none'; form-action 'none'"
    )


def test_build_writes_the_same_bytes_whatever_the_build_time(
    tmp_path: Path, shipped_copy: Path
) -> None:
    catalogue = shipped_copy
    build(catalogue, tmp_path / "first", epoch="1795392000")
    build(catalogue, tmp_path / "second", epoch="1900000000")
    first = (tmp_path / "first" / "index.html").read_bytes()
    assert first == (tmp_path / "second" / "index.html").read_bytes()
    assert first == page_of(shipped())
    build(catalogue, tmp_path / "first", epoch="1900000000")
    assert (tmp_path / "first" / "index.html").read_bytes() == first
    assert "index.html" in (tmp_path / "first" / ".calfeed-manifest").read_text().split("\n")


def test_series_all_day_spans_and_status_are_shown_as_calendar_apps_would(
    read_catalogue: Callable[[str], str],
) -> None:
    series = read_catalogue("series_all_day_span_cancelled")
    tree = parse(page_of(parse_catalogue(series.encode(), Path("series.toml"))))
    # New York is on summer time (UTC-4) from 10 March 2030: 18:00 there is 22:00Z.
    assert agenda(tree) == [
        (f"Wed {day}", "Weekly call", "18:00–19:00 New York (UTC-4)", f"2030-{iso}T22:00:00Z")
        for day, iso in (
            ("20 Mar 2030", "03-20"),
            ("27 Mar 2030", "03-27"),
            ("3 Apr 2030", "04-03"),
        )
    ] + [
        ("Sat 4 May 2030", "Two-day meeting", "All day to Sun 5 May 2030", "2030-05-04"),
        (
            "Sat 4 May 2030",
            "Late call Cancelled",
            "23:30–Sun 5 May 01:30 UTC",
            "2030-05-04T23:30:00Z",
        ),
    ]
    two_days = event_named(tree, "Two-day meeting")
    assert two_days.attrs["data-last-day"] == "2030-05-05"
    assert event_named(tree, "Late call").one("span", "mark").text() == "Cancelled"
    weekly = tree.all("li", "event")[:3]
    # 20 March 2030 is a Wednesday; three weeks later, 3 April.
    assert [e.one("p", "muted").text() for e in weekly] == [
        "Every Wednesday, 3 times, until Wed 3 Apr 2030."
    ] * 3


@pytest.mark.parametrize(("name", "index"), [("qr.js", 0), ("subscribe.js", 1), ("page.js", 2)])
def test_each_page_script_is_valid_javascript_that_node_parses(name: str, index: int) -> None:
    """Each script is a file of its own so tools can read it: node parses it without
    running, and the page inlines it unchanged."""
    node = shutil.which("node")
    assert node is not None, "node is needed (installed by .ci/run)"
    folder = resources.files("calfeed.render.page")
    script = Path(str(folder.joinpath(name)))
    checked = subprocess.run(
        [node, "--check", str(script)], check=False, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    assert "\n" + script.read_text(encoding="utf-8") == SCRIPTS[index]
