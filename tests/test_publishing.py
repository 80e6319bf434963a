"""Where feeds are published and what they are called: the base URL from the option, the
environment or the catalogue; each feed's own address; region x audience feeds exactly
where events are; names that say the selection; one-event files and add-to-calendar links.

Expected instants are worked out by hand: Kolkata is UTC+5:30 all year, so 09:30 on
4 March 2026 is 04:00Z; New York is on EDT (UTC-4) on 1 July 2026, so 10:00 is 14:00Z;
London is on GMT until 29 March 2026, so the weekly call's first 09:00 is 09:00Z.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import icalendar
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.model import Event
from calfeed.render.links import add_event_links, query
from tests.building import EPOCH, build, feeds
from tests.feed_readers import Times, calendar_property, read_ical, read_icalendar


@pytest.fixture
def catalogue(read_catalogue: Callable[[str], str], write_catalogue: Callable[[str], Path]) -> Path:
    return write_catalogue(read_catalogue("regions_with_few_audiences"))


def test_region_by_audience_feeds_exist_exactly_where_events_do(
    catalogue: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(catalogue, out, "--private-out", str(tmp_path / "private"))
    written = feeds(out)
    # south-asia/government holds nothing (the weekly call is the Pacific's, the Delhi
    # unions are the workers'); the private network never gets one.
    assert sorted(p for p in written if p.startswith("regions/")) == [
        "regions/pacific.ics",
        "regions/pacific/government.ics",
        "regions/pacific/workers.ics",
        "regions/south-asia.ics",
        "regions/south-asia/workers.ics",
    ]
    held = {
        path: sorted(uid.split("@")[0] for uid in read_icalendar(data))
        for path, data in written.items()
        if path.startswith("regions/") and path.count("/") == 2
    }
    assert held == {
        "regions/pacific/government.ics": ["all-day", "fiji-ministers", "weekly-london"],
        "regions/pacific/workers.ics": ["weekly-london"],
        "regions/south-asia/workers.ics": ["delhi-unions"],
    }
    assert calendar_property(written["regions/pacific/government.ics"], "NAME") == (
        "Regional calls: Pacific · Governments"
    )
    assert calendar_property(written["regions/south-asia/workers.ics"], "X-WR-CALNAME") == (
        "Regional calls: South Asia · Workers"
    )
    assert "network" not in " ".join(written)


@pytest.mark.parametrize(
    ("option", "variable", "catalogue_url", "base"),
    [
        (
            "https://example.org/gjn",
            "https://env.example/x/",
            "https://toml.example/",
            "https://example.org/gjn/",
        ),
        (None, "https://env.example/x", "https://toml.example/", "https://env.example/x/"),
        (None, None, "https://toml.example/cal", "https://toml.example/cal/"),
    ],
    ids=["option-wins", "variable-next", "catalogue-last"],
)
def test_the_base_url_comes_from_the_option_then_the_variable_then_the_catalogue(
    catalogue: Path,
    tmp_path: Path,
    option: str | None,
    variable: str | None,
    catalogue_url: str,
    base: str,
) -> None:
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(
        text.replace('uid-domain = "', f'url = "{catalogue_url}"\nuid-domain = "', 1),
        encoding="utf-8",
    )
    env = {"SOURCE_DATE_EPOCH": EPOCH, "CALFEED_BASE_URL": variable}
    args = ["build", str(catalogue), "-o", str(tmp_path / "out")]
    result = CliRunner().invoke(cli, [*args, *(["--base-url", option] if option else [])], env=env)
    assert result.exit_code == 0, result.output
    for path, data in feeds(tmp_path / "out").items():
        assert calendar_property(data, "SOURCE") == base + path
        assert calendar_property(data, "URL") == base + path
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'href="{base}all.ics"' in page
    assert f'href="webcal://{base.split("://")[1]}all.ics"' in page


def test_a_base_url_that_is_no_web_address_is_a_usage_error(
    catalogue: Path, tmp_path: Path
) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(catalogue), "-o", str(tmp_path / "out"), "--base-url", "calendars/"]
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for --base-url: 'calendars/' is not the http(s) address of a "
        "folder (from --base-url, CALFEED_BASE_URL or the catalogue): write e.g. "
        "https://example.org/calendars/\n"
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("url", "said", "encoded"),
    [
        ("https://x.org/a b/", "a space", "https://x.org/a%20b/"),
        ('https://x.org/"cal"/', "'\"'", "https://x.org/%22cal%22/"),
    ],
)
def test_a_base_url_a_link_cannot_carry_raw_is_refused_with_its_encoded_form(
    catalogue: Path, tmp_path: Path, url: str, said: str, encoded: str
) -> None:
    # Written raw, the space would end every subscribe link and feed address there.
    result = CliRunner().invoke(
        cli, ["build", str(catalogue), "-o", str(tmp_path / "out"), "--base-url", url]
    )
    assert result.exit_code == 2
    assert result.stderr.endswith(
        f"Error: Invalid value for --base-url: {url!r} (from --base-url, CALFEED_BASE_URL or "
        f"the catalogue) holds {said}, which a link cannot carry raw: write it "
        f"percent-encoded, {encoded}\n"
    )
    assert not (tmp_path / "out").exists()


def test_feed_output_is_named_for_its_selection_and_says_when_it_is_empty(
    catalogue: Path,
) -> None:
    runner = CliRunner()
    both = runner.invoke(
        cli,
        [
            "feed",
            str(catalogue),
            "--region",
            "pacific",
            "--region",
            "south-asia",
            "--audience",
            "workers",
            "--tag",
            "cop26",
        ],
    )
    assert both.exit_code == 0
    assert calendar_property(both.stdout.encode(), "NAME") == (
        "Regional calls: Pacific, South Asia · Workers · At or around COP26"
    )
    assert both.stderr.endswith(
        f"{catalogue}: note: no event matches these filters: the feed is empty\n"
    )
    one = runner.invoke(cli, ["feed", str(catalogue), "--audience", "government"])
    assert calendar_property(one.stdout.encode(), "X-WR-CALNAME") == "Regional calls: Governments"
    assert "note:" not in one.stderr


@pytest.mark.parametrize("reader", [read_icalendar, read_ical])
def test_an_events_own_file_is_the_event_as_the_feeds_have_it(
    catalogue: Path, tmp_path: Path, reader: Callable[[bytes], dict[str, Times]]
) -> None:
    out = tmp_path / "out"
    build(catalogue, out)
    everything = icalendar.Calendar.from_ical((out / "all.ics").read_bytes())
    in_feeds = {str(e["UID"]): e.to_ical() for e in everything.events}
    zones_in_feed = {str(tz["TZID"]): tz.to_ical() for tz in everything.timezones}
    for name in ("delhi-unions", "new-york", "weekly-london", "all-day", "fiji-ministers"):
        data = (out / "events" / f"{name}.ics").read_bytes()
        own = icalendar.Calendar.from_ical(data)
        (event,) = own.events
        uid = str(event["UID"])
        assert uid == f"{name}@regional.calfeed.example"
        assert event.to_ical() == in_feeds[uid]  # same text, stamps and times
        for tz in own.timezones:
            assert tz.to_ical() == zones_in_feed[str(tz["TZID"])]
        assert reader(data) == {uid: reader((out / "all.ics").read_bytes())[uid]}
    delhi = reader((out / "events" / "delhi-unions.ics").read_bytes())
    assert delhi["delhi-unions@regional.calfeed.example"] == Times(
        datetime_z("2026-03-04T04:00"), datetime_z("2026-03-04T05:30")
    )


def datetime_z(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def event_named(catalogue: Path, event_id: str) -> Event:
    (event,) = (e for e in load_catalogue(catalogue).events if e.id == event_id)
    return event


def test_add_to_calendar_links_put_the_event_at_its_instant(catalogue: Path) -> None:
    links = dict(add_event_links(event_named(catalogue, "delhi-unions"), "Details", "F.ics"))
    assert links["Add to calendar (.ics)"] == "F.ics"
    google = parse_qs(urlsplit(links["Google Calendar"]).query)
    assert google == {
        "action": ["TEMPLATE"],
        "text": ["Delhi unions"],
        "dates": ["20260304T040000Z/20260304T053000Z"],
        "ctz": ["Asia/Kolkata"],
        "details": ["Details"],
    }
    outlook = urlsplit(links["Outlook.com"])
    assert (outlook.netloc, outlook.path) == ("outlook.live.com", "/calendar/0/deeplink/compose")
    assert parse_qs(outlook.query) == {
        "path": ["/calendar/action/compose"],
        "rru": ["addevent"],
        "subject": ["Delhi unions"],
        "startdt": ["2026-03-04T04:00:00Z"],
        "enddt": ["2026-03-04T05:30:00Z"],
        "body": ["Details"],
    }
    assert urlsplit(links["Office 365"]).netloc == "outlook.office.com"
    summer = dict(add_event_links(event_named(catalogue, "new-york"), "D", "F.ics"))
    summer_google = parse_qs(urlsplit(summer["Google Calendar"]).query)
    assert summer_google["dates"] == ["20260701T140000Z/20260701T153000Z"]
    assert summer_google["location"] == ["UN HQ, New York; Room 4"]
    assert parse_qs(urlsplit(summer["Outlook.com"]).query)["startdt"] == ["2026-07-01T14:00:00Z"]


def test_a_series_gets_a_google_recurrence_and_no_outlook_link(catalogue: Path) -> None:
    links = dict(add_event_links(event_named(catalogue, "weekly-london"), "D", "F.ics"))
    google = parse_qs(urlsplit(links["Google Calendar"]).query)
    assert google["dates"] == ["20260320T090000Z/20260320T094500Z"]
    assert google["ctz"] == ["Europe/London"]
    assert google["recur"] == ["RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=4"]
    assert list(links) == ["Add to calendar (.ics)", "Google Calendar"]
    day = dict(add_event_links(event_named(catalogue, "all-day"), "D", "F.ics"))
    assert parse_qs(urlsplit(day["Google Calendar"]).query)["dates"] == ["20260401/20260403"]
    assert parse_qs(urlsplit(day["Outlook.com"]).query)["allday"] == ["true"]


@pytest.mark.parametrize(
    "change",
    ["except = [2026-03-27T09:00:00]", "also = [2026-04-20T09:00:00]"],
)
def test_a_series_with_exceptions_or_added_dates_offers_its_file_alone(
    catalogue: Path, change: str
) -> None:
    # Google's template link takes an RRULE and nothing else: the excepted Friday would
    # come back in the subscriber's calendar, the added Monday would be missing.
    text = catalogue.read_text(encoding="utf-8")
    rule = 'repeat = "FREQ=WEEKLY;BYDAY=FR;COUNT=4"\n'
    catalogue.write_text(text.replace(rule, rule + change + "\n", 1), encoding="utf-8")
    links = add_event_links(event_named(catalogue, "weekly-london"), "D", "F.ics")
    assert links == (("Add to calendar (.ics)", "F.ics"),)


@given(st.dictionaries(st.text(), st.text(), max_size=6))
@settings(max_examples=300)
def test_a_query_is_encoded_as_urlencode_encodes_it(params: dict[str, str]) -> None:
    assert query(params) == urlencode(params, quote_via=quote)
