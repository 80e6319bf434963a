"""The shipped catalogue, built as a user builds it, read back by independent parsers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pytest
from click.testing import CliRunner

import calfeed
from calfeed.cli import cli
from tests.building import build, feeds
from tests.feed_readers import Times, read_ical, read_icalendar
from tests.shipped import DOMAIN, EVENTS_TOML, SECRETS, SEED_TIMES, event_of, z


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calendars")
    build(EVENTS_TOML, out / "public", "--private-out", str(out / "private"))
    return out


def test_build_writes_the_spec_layout(built: Path) -> None:
    default = sorted(
        [
            "all.ics",
            "audiences/academia.ics",
            "audiences/employers.ics",
            "audiences/government.ics",
            "audiences/public.ics",
            "audiences/un-partners.ics",
            "audiences/workers.ics",
            "cop26.ics",
            "pacific-governments.ics",
            *(f"events/{event}.ics" for event in sorted(SEED_TIMES)),
            *(
                f"regions/{region}{audience}.ics"
                for region in ("east-asia", "global", "pacific", "south-asia", "south-east-asia")
                for audience in (
                    "",
                    "/academia",
                    "/employers",
                    "/government",
                    "/public",
                    "/un-partners",
                    "/workers",
                )
            ),
        ]
    )
    # Chinese, the catalogue's second language, has the same tree under zh/.
    assert sorted(feeds(built / "public")) == sorted([*default, *(f"zh/{f}" for f in default)])
    assert sorted(feeds(built / "private")) == ["audiences/network.ics", "zh/audiences/network.ics"]


@pytest.mark.parametrize("reader", [read_icalendar, read_ical])
def test_every_seed_event_starts_when_the_seed_says(built: Path, reader: object) -> None:
    assert callable(reader)
    times = reader((built / "public" / "all.ics").read_bytes())
    assert times == {f"{key}@{DOMAIN}": value for key, value in SEED_TIMES.items()}


@pytest.mark.parametrize("reader", [read_icalendar, read_ical])
def test_every_feed_agrees_with_all_ics(built: Path, reader: object) -> None:
    assert callable(reader)
    everything = reader((built / "public" / "all.ics").read_bytes())
    everything |= reader((built / "public" / "zh" / "all.ics").read_bytes())
    for folder in ("public", "private"):
        for name, data in feeds(built / folder).items():
            for uid, times in reader(data).items():
                assert times == everything[uid], (name, uid)
                # The same event in the other language, at the same instants.
                other = uid.replace(".zh@", "@") if ".zh@" in uid else uid.replace("@", ".zh@")
                assert times == everything[other], (name, uid)


def test_region_feed_holds_exactly_its_events(built: Path) -> None:
    pacific = read_icalendar((built / "public" / "regions" / "pacific.ics").read_bytes())
    assert sorted(pacific) == sorted(
        f"{k}@{DOMAIN}"
        for k in (
            "gjn-ediscussion-15",
            "cop26-pacific-dialogue",
            "ibc-climate-change-1-5-degrees-ap",
            "adb-just-transition-pacific",
            "cop26-pacific-mobility-human-security",
            "gjn-meeting-2021-12-01",
        )
    )


def unfolded(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def test_content_lines_are_crlf_and_folded_at_75_octets(built: Path) -> None:
    for folder in ("public", "private"):
        for name, data in feeds(built / folder).items():
            assert data.endswith(b"END:VCALENDAR\r\n"), name
            assert b"\n" not in data.replace(b"\r\n", b""), name
            assert b"\r" not in data.replace(b"\r\n", b""), name
            for line in data.split(b"\r\n"):
                assert len(line) <= 75, (name, line)
                line.decode("utf-8")  # no UTF-8 character split across a fold


def test_calendar_properties(built: Path) -> None:
    lines = unfolded((built / "public" / "regions" / "pacific.ics").read_bytes())
    head = lines[: lines.index("BEGIN:VTIMEZONE")]
    assert head == [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//calfeed//calfeed {calfeed.__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "DESCRIPTION;LANGUAGE=en:Pacific island countries\\, among them Samoa and Fiji.",
        "X-WR-CALDESC:Pacific island countries\\, among them Samoa and Fiji.",
        "NAME;LANGUAGE=en:Green Jobs & Just Transition: Asia-Pacific: Pacific",
        "X-WR-CALNAME:Green Jobs & Just Transition: Asia-Pacific: Pacific",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]


def test_every_tzid_has_its_vtimezone_and_utc_has_none(built: Path) -> None:
    for name, data in feeds(built / "public").items():
        text = "\n".join(unfolded(data))
        used = set(re.findall(r";TZID=([^:;]+)", text))
        defined = set(re.findall(r"^TZID:(.+)$", text, flags=re.M))
        assert used == defined, name
        assert not used & {"UTC", "Etc/UTC"}, name
    everything = "\n".join(unfolded((built / "public" / "all.ics").read_bytes()))
    assert set(re.findall(r"^TZID:(.+)$", everything, flags=re.M)) == {
        "Asia/Shanghai",
        "Europe/London",
        "Europe/Paris",
        "Pacific/Apia",
        "Pacific/Fiji",
    }


def test_all_day_events_are_dates_with_exclusive_end(built: Path) -> None:
    text = "\n".join(unfolded((built / "public" / "all.ics").read_bytes()))
    (block,) = (b for b in text.split("BEGIN:VEVENT") if "UID:gjn-meeting-2021-12-01@" in b)
    event_lines = block.splitlines()
    assert "DTSTART;VALUE=DATE:20211201" in event_lines
    assert "DTEND;VALUE=DATE:20211202" in event_lines


def test_description_opens_with_the_time_in_each_zone(built: Path) -> None:
    data = (built / "public" / "all.ics").read_bytes()
    dialogue = str(event_of(data, "cop26-pacific-dialogue")["DESCRIPTION"])
    assert dialogue.splitlines()[0] == (
        # Apia UTC+13, Fiji UTC+12, Paris UTC+1 (the seed's "00:30 CET"), London UTC+0.
        "Thu 4 Nov 2021: 12:30 Apia (UTC+13) \u00b7 11:30 Fiji (UTC+12) \u00b7 "
        "00:30 Paris (UTC+1) \u00b7 Wed 3 Nov 23:30 London (UTC+0) \u00b7 "
        "Wed 3 Nov 23:30 UTC"
    )
    summit = str(event_of(data, "humen-summit-2022")["DESCRIPTION"])
    assert summit.splitlines()[0] == (
        "Thu 17 Nov 2022: 14:00\u201316:30 Shanghai (UTC+8) \u00b7 "
        "14:00\u201316:30 Ulaanbaatar (UTC+8) \u00b7 07:00\u201309:30 Paris (UTC+1) \u00b7 "
        "06:00\u201308:30 London (UTC+0) \u00b7 06:00\u201308:30 UTC"
    )
    africa = str(event_of(data, "cop26-africa-net-zero-side-event")["DESCRIPTION"])
    assert "The announcement names no time zone: Europe/London is assumed." in africa


def test_event_properties(built: Path) -> None:
    summit = event_of((built / "public" / "all.ics").read_bytes(), "humen-summit-2022")
    assert str(summit["SUMMARY"]).startswith("International Summit and Capacity Building")
    assert (
        str(summit["URL"]) == "https://us06web.zoom.us/webinar/register/WN_YYHOwK-0QQO6Aqa-YMwKGg"
    )
    assert str(summit["STATUS"]) == "CONFIRMED"
    assert summit.categories == ["just-transition", "textile", "workshop"]
    assert datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC) == summit.DTSTAMP
    assert summit.sequence == 0


def test_private_details_stay_private(built: Path) -> None:
    for name, data in feeds(built / "public").items():
        for secret in SECRETS:
            assert secret.encode() not in data, (name, secret)
    network = (built / "private" / "audiences" / "network.ics").read_bytes()
    text = "".join(unfolded(network))
    for secret in SECRETS:
        assert secret in text.replace("\\,", ",").replace("\\;", ";"), secret


def test_feed_command_keeps_private_details_unless_asked(runner: CliRunner, epoch: str) -> None:
    catalogue = str(EVENTS_TOML)
    env = {"SOURCE_DATE_EPOCH": epoch}
    for args in ([], ["--audience", "network"], ["--region", "pacific"]):
        result = runner.invoke(cli, ["feed", catalogue, *args], env=env)
        assert result.exit_code == 0, result.output
        assert all(s not in result.stdout for s in SECRETS), args
    result = runner.invoke(
        cli, ["feed", catalogue, "--audience", "network", "--include-private"], env=env
    )
    assert result.exit_code == 0
    assert "ejd4i=k+" in result.stdout
    result = runner.invoke(cli, ["feed", catalogue, "--include-private"], env=env)
    assert result.exit_code == 2
    assert "--include-private needs --audience of a private audience (network)" in result.output


def test_feed_command_filters(tmp_path: Path, runner: CliRunner, epoch: str) -> None:
    result = runner.invoke(
        cli,
        [
            "feed",
            str(EVENTS_TOML),
            "--region",
            "pacific",
            "--tag",
            "cop26",
            "--audience",
            "government",
            "-o",
            str(tmp_path / "f.ics"),
        ],
        env={"SOURCE_DATE_EPOCH": epoch},
    )
    assert result.exit_code == 0, result.output
    got = read_icalendar((tmp_path / "f.ics").read_bytes())
    assert sorted(got) == sorted(
        f"{k}@{DOMAIN}"
        for k in (
            "cop26-pacific-dialogue",
            "ibc-climate-change-1-5-degrees-ap",
            "adb-just-transition-pacific",
            "cop26-pacific-mobility-human-security",
        )
    )


@pytest.mark.parametrize("reader", [read_icalendar, read_ical])
def test_times_come_from_the_pinned_tzdata_not_the_machine(
    tmp_path: Path,
    reader: object,
    read_catalogue: Callable[[str], str],
    write_catalogue: Callable[[str], Path],
) -> None:
    # tzdata 2026 moved British Columbia to permanent UTC-7 from November 2026: 10:00 on
    # 1 Dec 2026 is 17:00Z. Zone data from before that change says 18:00Z (PST, UTC-8).
    assert callable(reader)
    catalogue = write_catalogue(read_catalogue("zones_tzdata_2026"))
    build(catalogue, tmp_path / "out")
    times = reader((tmp_path / "out" / "all.ics").read_bytes())
    assert times == {
        "vancouver-workshop@zones.calfeed.example": Times(
            z("2026-12-01T17:00"), z("2026-12-01T18:30")
        ),
        "london-winter@zones.calfeed.example": Times(z("2026-12-01T10:00"), z("2026-12-01T11:00")),
        "utc-call@zones.calfeed.example": Times(z("2026-12-01T10:00"), z("2026-12-01T11:00")),
    }
    text = (tmp_path / "out" / "all.ics").read_bytes().decode("utf-8")
    assert "DTSTART:20261201T100000Z\r\n" in text  # UTC in the Z form, never TZID=UTC
    assert "TZID:UTC" not in text


def test_the_machines_own_zoneinfo_may_disagree() -> None:
    """Shows why the pinned package matters; skipped where the machine is up to date."""
    try:
        system = ZoneInfo("America/Vancouver")  # the machine's TZPATH first
    except ZoneInfoNotFoundError:
        pytest.skip("this machine has no zoneinfo of its own")
    local = datetime(2026, 12, 1, 10, tzinfo=system)
    if local.utcoffset() == timedelta(hours=-7):
        pytest.skip("this machine's zoneinfo already has British Columbia's 2026 change")
    assert local.astimezone(UTC) == z("2026-12-01T18:00")
