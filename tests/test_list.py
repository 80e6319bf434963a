"""`calfeed list`: the agenda in the terminal, asserted as the exact text a person reads.

Every time below is worked out by hand from the seeds' own words (../shared/seeds/) and
tzdata's offsets for those dates, never by asking calfeed:
- Samoa (Pacific/Apia) dropped DST in 2021: UTC+13 all of November 2021 and 2022.
- Fiji (Pacific/Fiji) kept standard time in 2021-22: UTC+12 ("Fiji Time (GMT+12)").
- Paris (CET) and London left summer time on 31 October 2021: UTC+1 and UTC+0 in November.
- China (Asia/Shanghai, "Beijing time") is UTC+8 with no DST.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from calfeed.cli import cli
from calfeed.listing.query import local_zone_name
from tests.shipped import EVENTS_TOML

EVENTS = str(EVENTS_TOML)
APIA_PARIS = ["--zone", "Pacific/Apia", "--zone", "Europe/Paris"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["list", *args])


def listed(*args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


# The whole agenda in Apia and Paris, checked line by line against the seeds:
# - e-Discussion "Wednesday 27 October 2021", no time: all day, the same date everywhere.
# - "November 3, 10.00-11.15 CET" = 09:00-10:15Z = 22:00-23:15 Apia, still 3 Nov there.
# - "November 4, 12:30 Samoa/ 00:30 CET": 23:30Z on 3 Nov, so 4 Nov in both zones; the
#   seed gives no end, so a single time.
# - "8 November 11-13:45 UK time" = 11:00-13:45Z: 00:00-02:45 on 9 Nov in Apia, 12:00-14:45
#   on 8 Nov in Paris, a day behind the header (-1).
# - ADB "9 November 10:00 – 11:30 Fiji Time (GMT+12)" = 22:00-23:30Z on 8 Nov: 11:00-12:30
#   on 9 Nov in Apia, 23:00-00:30 starting on 8 Nov in Paris (-1).
# - "9 November 11:00 to 12:30 Fiji Time" = 23:00Z 8 Nov-00:30Z 9 Nov: 12:00-13:30 Apia and
#   00:00-01:30 Paris, both on 9 Nov (no mark).
# - "11 November 11:30 – 12:45", UK time assumed = 11:30-12:45Z: 00:30-01:45 on Fri 12 Nov
#   in Apia, 12:30-13:45 on 11 Nov in Paris (-1).
# - "Wed 1. Dec.": all day.
# - Humen "14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)" = 06:00-08:30Z: 19:00-21:30 Apia,
#   07:00-09:30 Paris; its four sessions (14:00, 14:30, 15:20, 16:10, 16:30 Beijing) move by
#   the same +5 and -7 hours.
# - The undated CA4JI launch comes last, under its own header.
# Columns: Apia's widest cell is 11 wide, Paris's 14 ("12:00–14:45 -1"), two spaces after
# each, which leaves 80 - 13 - 16 = 51 columns for titles, cut with "…".
APIA_PARIS_TABLE = """\
Apia         Paris           Event

Wed 27 Oct 2021
all day      all day         ILO Asia-Pacific Green Jobs Network: 15th e-Discus…

Wed 3 Nov 2021
22:00–23:15  10:00–11:15     COP26 informal working group meeting on Just Trans…

Thu 4 Nov 2021
12:30        00:30           Invitation to a Pacific Dialogue: Just Transition…

Tue 9 Nov 2021
00:00–02:45  12:00–14:45 -1  IBC on Climate Change: 1.5 degrees within reach fo…
11:00–12:30  23:00–00:30 -1  Opportunities and Challenges for a Just Transition…
12:00–13:30  00:00–01:30     Pacific Climate Change Mobility and Human Security…

Fri 12 Nov 2021
00:30–01:45  12:30–13:45 -1  Achieving a JT toward net zero: challenges and opp…

Wed 1 Dec 2021
all day      all day         ILO Asia-Pacific Green Jobs Network meeting

Thu 17 Nov 2022
19:00–21:30  07:00–09:30     International Summit and Capacity Building Worksho…
19:00–19:30  07:00–07:30       Welcome and opening
19:30–20:20  07:30–08:20       Session I: Just transition in the Textile and Ga…
20:20–21:10  08:20–09:10       Session II – Local and enterprise level policies…
21:10–21:30  09:10–09:30       Closing and next-steps

To be scheduled
Climate Action for Jobs Initiative (CA4JI): Asia-Pacific launch
"""


def test_whole_agenda_in_apia_and_paris() -> None:
    output = listed(EVENTS, *APIA_PARIS)
    assert output == APIA_PARIS_TABLE
    assert max(len(line) for line in output.splitlines()) <= 80


def test_pacific_dialogue_is_on_4_november_in_apia_and_paris() -> None:
    # 12:30 Apia (UTC+13) = 23:30Z on 3 Nov = 00:30 Paris (UTC+1) on 4 Nov: same date.
    lines = listed(EVENTS, *APIA_PARIS).splitlines()
    row = lines.index("Thu 4 Nov 2021") + 1
    assert lines[row].startswith("12:30        00:30           Invitation to a Pacific")
    [dialogue] = [
        e
        for e in json.loads(listed(EVENTS, *APIA_PARIS, "--format", "json"))
        if e["id"] == "cop26-pacific-dialogue"
    ]
    assert dialogue["start"] == "2021-11-03T23:30:00Z"
    assert dialogue["end"] is None
    assert dialogue["times"] == {
        "Pacific/Apia": "2021-11-04T12:30:00+13:00",
        "Europe/Paris": "2021-11-04T00:30:00+01:00",
    }


def test_fiji_event_is_a_day_behind_in_paris() -> None:
    # 10:00 Fiji (UTC+12) on 9 Nov = 22:00Z on 8 Nov = 11:00 Apia on 9 Nov (the header's
    # date) = 23:00 Paris on 8 Nov, one day behind: "-1".
    lines = listed(EVENTS, *APIA_PARIS).splitlines()
    [row] = [line for line in lines if "Opportunities and Challenges" in line]
    assert row.startswith("11:00–12:30  23:00–00:30 -1  ")
    assert lines[lines.index(row) - 2] == "Tue 9 Nov 2021"
    csv_rows = listed(EVENTS, *APIA_PARIS, "--format", "csv").splitlines()
    assert (
        "adb-just-transition-pacific,Opportunities and Challenges for a Just Transition in "
        "the Pacific,2021-11-09,no,2021-11-08T22:00:00Z,2021-11-08T23:30:00Z,"
        "2021-11-09T11:00:00+13:00,2021-11-09T12:30:00+13:00,"
        "2021-11-08T23:00:00+01:00,2021-11-09T00:30:00+01:00,confirmed," in csv_rows
    )


def test_humen_summit_in_beijing_and_paris_time() -> None:
    # "14:00 – 16:30 (Beijing time) 07:00-09:30 (CET)": UTC+8 and UTC+1, seven hours apart;
    # the sessions (14:00, 14:30, 15:20, 16:10 to 16:30 Beijing) follow. 80 - 13 - 13 = 54
    # columns remain for titles.
    assert listed(
        EVENTS, "--zone", "Asia/Shanghai", "--zone", "Europe/Paris", "--tag", "textile"
    ) == (
        "Shanghai     Paris        Event\n"
        "\n"
        "Thu 17 Nov 2022\n"
        "14:00–16:30  07:00–09:30  International Summit and Capacity Building Workshop o…\n"
        "14:00–14:30  07:00–07:30    Welcome and opening\n"
        "14:30–15:20  07:30–08:20    Session I: Just transition in the Textile and Garme…\n"
        "15:20–16:10  08:20–09:10    Session II – Local and enterprise level policies an…\n"
        "16:10–16:30  09:10–09:30    Closing and next-steps\n"
    )


def test_region_filter() -> None:
    # east-asia: both network meetings (all day), the IBC (11:00Z = 19:00 Beijing) and
    # Humen; the Humen sessions are indented under it.
    assert listed(EVENTS, "--zone", "Asia/Shanghai", "--region", "east-asia") == (
        "Shanghai     Event\n"
        "\n"
        "Wed 27 Oct 2021\n"
        "all day      ILO Asia-Pacific Green Jobs Network: 15th e-Discussion and Knowled…\n"
        "\n"
        "Mon 8 Nov 2021\n"
        "19:00–21:45  IBC on Climate Change: 1.5 degrees within reach for AP?\n"
        "\n"
        "Wed 1 Dec 2021\n"
        "all day      ILO Asia-Pacific Green Jobs Network meeting\n"
        "\n"
        "Thu 17 Nov 2022\n"
        "14:00–16:30  International Summit and Capacity Building Workshop on Green Devel…\n"
        "14:00–14:30    Welcome and opening\n"
        "14:30–15:20    Session I: Just transition in the Textile and Garment Sector (TA…\n"
        "15:20–16:10    Session II – Local and enterprise level policies and practices o…\n"
        "16:10–16:30    Closing and next-steps\n"
    )


def test_tag_and_word_dates_filter_in_the_first_zone() -> None:
    # cop26 events from 1 to 9 November, in Fiji's dates: the Africa event (11 Nov) is out,
    # and the Pacific Dialogue (23:30Z on 3 Nov) is 11:30 on 4 Nov in Fiji but 23:30 on
    # 3 Nov in London (-1). The IBC's 13:45Z end is 01:45 the next day in Fiji.
    output = listed(
        EVENTS,
        "--zone",
        "Pacific/Fiji",
        "--zone",
        "Europe/London",
        "--tag",
        "cop26",
        "--from",
        "1 Nov 2021",
        "--until",
        "November 9, 2021",
    )
    assert output == (
        "Fiji         London          Event\n"
        "\n"
        "Wed 3 Nov 2021\n"
        "21:00–22:15  09:00–10:15     COP26 informal working group meeting on Just Trans…\n"
        "\n"
        "Thu 4 Nov 2021\n"
        "11:30        23:30 -1        Invitation to a Pacific Dialogue: Just Transition…\n"
        "\n"
        "Mon 8 Nov 2021\n"
        "23:00–01:45  11:00–13:45     IBC on Climate Change: 1.5 degrees within reach fo…\n"
        "\n"
        "Tue 9 Nov 2021\n"
        "10:00–11:30  22:00–23:30 -1  Opportunities and Challenges for a Just Transition…\n"
        "11:00–12:30  23:00–00:30 -1  Pacific Climate Change Mobility and Human Security…\n"
    )


def test_dates_are_inclusive_and_in_the_first_zone() -> None:
    # In UTC the Pacific Dialogue is on 3 Nov (23:30Z), so --from 4 Nov leaves it out,
    # while in Apia it is on 4 Nov and --until 4 Nov keeps it.
    utc = listed(EVENTS, "--zone", "UTC", "--from", "2021-11-04", "--until", "2021-11-08")
    assert "Pacific Dialogue" not in utc
    assert "IBC on Climate Change" in utc
    apia = listed(EVENTS, "--zone", "Pacific/Apia", "--from", "4 Nov 2021", "--until", "4 Nov 2021")
    assert apia.splitlines()[2:] == [
        "Thu 4 Nov 2021",
        # The only cell is "12:30": 80 - 7 = 73 columns for the title.
        "12:30  Invitation to a Pacific Dialogue: Just Transition in the Pacific and Cli…",
        "",
        "To be scheduled",
        "Climate Action for Jobs Initiative (CA4JI): Asia-Pacific launch",
    ]


def test_json_structure() -> None:
    events = json.loads(
        listed(EVENTS, "--zone", "Asia/Shanghai", "--zone", "Europe/Paris", "--format", "json")
    )
    assert [e["id"] for e in events] == [
        "gjn-ediscussion-15",
        "cop26-wg-just-transition-decent-work",
        "cop26-pacific-dialogue",
        "ibc-climate-change-1-5-degrees-ap",
        "adb-just-transition-pacific",
        "cop26-pacific-mobility-human-security",
        "cop26-africa-net-zero-side-event",
        "gjn-meeting-2021-12-01",
        "humen-summit-2022",
        "ca4ji-asia-pacific-launch",
    ]
    humen = events[8]
    assert {k: v for k, v in humen.items() if k != "sessions"} == {
        "id": "humen-summit-2022",
        "title": "International Summit and Capacity Building Workshop on Green Development "
        "and Responsible Transformation of the Sustainable Fashion Industry",
        "start": "2022-11-17T06:00:00Z",
        "end": "2022-11-17T08:30:00Z",
        "all_day": False,
        "zone": "Asia/Shanghai",
        "times": {
            "Asia/Shanghai": "2022-11-17T14:00:00+08:00",
            "Europe/Paris": "2022-11-17T07:00:00+01:00",
        },
        "status": "confirmed",
        "location": "Hotel Mels Weldon Dongguan Humen (Meeting Room: Asia Hall), Humen "
        "Township, Dongguan City, Guangdong Province, China",
    }
    assert humen["sessions"][-1] == {
        "title": "Closing and next-steps",
        "start": "2022-11-17T08:10:00Z",
        "end": "2022-11-17T08:30:00Z",
        "times": {
            "Asia/Shanghai": "2022-11-17T16:10:00+08:00",
            "Europe/Paris": "2022-11-17T09:10:00+01:00",
        },
    }
    # All day: dates, and no zone to show a local time in; the end is the last day.
    assert events[0] | {"title": ""} == {
        "id": "gjn-ediscussion-15",
        "title": "",
        "start": "2021-10-27",
        "end": "2021-10-27",
        "all_day": True,
        "zone": None,
        "times": {},
        "status": "confirmed",
        "location": None,
        "sessions": [],
    }
    # Undated and tentative: start null, listed last.
    assert events[-1]["start"] is None
    assert events[-1]["status"] == "tentative"
    assert events[-1]["location"] == "Samoa"


def test_csv_exact() -> None:
    # The pacific region in Apia and Paris: the same cells as the table, the date in the
    # first zone, and the undated launch last with empty date and times.
    assert listed(EVENTS, *APIA_PARIS, "--region", "pacific", "--format", "csv") == (
        "id,title,date,all_day,start,end,Pacific/Apia start,Pacific/Apia end,"
        "Europe/Paris start,Europe/Paris end,status,location\n"
        "gjn-ediscussion-15,ILO Asia-Pacific Green Jobs Network: 15th e-Discussion and "
        "Knowledge sharing,2021-10-27,yes,2021-10-27,2021-10-27,,,,,confirmed,\n"
        "cop26-pacific-dialogue,Invitation to a Pacific Dialogue: Just Transition in the "
        "Pacific and Climate Action for Jobs,2021-11-04,no,2021-11-03T23:30:00Z,,"
        "2021-11-04T12:30:00+13:00,,2021-11-04T00:30:00+01:00,,confirmed,"
        '"Pacific Regional Resilience Hub, COP26"\n'
        "ibc-climate-change-1-5-degrees-ap,IBC on Climate Change: 1.5 degrees within reach "
        "for AP?,2021-11-09,no,2021-11-08T11:00:00Z,2021-11-08T13:45:00Z,"
        "2021-11-09T00:00:00+13:00,2021-11-09T02:45:00+13:00,"
        "2021-11-08T12:00:00+01:00,2021-11-08T14:45:00+01:00,confirmed,\n"
        "adb-just-transition-pacific,Opportunities and Challenges for a Just Transition in "
        "the Pacific,2021-11-09,no,2021-11-08T22:00:00Z,2021-11-08T23:30:00Z,"
        "2021-11-09T11:00:00+13:00,2021-11-09T12:30:00+13:00,"
        "2021-11-08T23:00:00+01:00,2021-11-09T00:30:00+01:00,confirmed,\n"
        "cop26-pacific-mobility-human-security,Pacific Climate Change Mobility and Human "
        "Security COP26 Side Event,2021-11-09,no,2021-11-08T23:00:00Z,2021-11-09T00:30:00Z,"
        "2021-11-09T12:00:00+13:00,2021-11-09T13:30:00+13:00,"
        "2021-11-09T00:00:00+01:00,2021-11-09T01:30:00+01:00,confirmed,\n"
        "gjn-meeting-2021-12-01,ILO Asia-Pacific Green Jobs Network meeting,2021-12-01,"
        "yes,2021-12-01,2021-12-01,,,,,confirmed,\n"
        "ca4ji-asia-pacific-launch,Climate Action for Jobs Initiative (CA4JI): Asia-Pacific "
        "launch,,,,,,,,,tentative,Samoa\n"
    )


def test_default_columns_follow_tz(monkeypatch: pytest.MonkeyPatch) -> None:
    # Default: each event in its own zone, then the machine's zone (TZ). With TZ in Apia
    # the Pacific Dialogue reads 12:30 twice.
    monkeypatch.setenv("TZ", "Pacific/Apia")
    assert listed(EVENTS, "--tag", "ca4ji") == (
        "event zone  Apia (local)  Event\n"
        "\n"
        "Thu 4 Nov 2021\n"
        "12:30 Apia  12:30         Invitation to a Pacific Dialogue: Just Transition in…\n"
        "\n"
        "To be scheduled\n"
        "Climate Action for Jobs Initiative (CA4JI): Asia-Pacific launch\n"
    )
    # In Paris the second column moves: 23:30Z on 3 Nov is 00:30 on 4 Nov, and the Fiji
    # events, on 9 Nov in their own zone, are on 8 Nov in Paris (-1).
    monkeypatch.setenv("TZ", "Europe/Paris")
    output = listed(EVENTS, "--tag", "cop26", "--until", "2021-11-09")
    assert output.splitlines()[0] == "event zone          Paris (local)   Event"
    assert "12:30 Apia          00:30           Invitation" in output
    assert "10:00–11:30 Fiji    23:00–00:30 -1  Opportunities" in output


def test_local_zone_name_sources(tmp_path: Path) -> None:
    link = tmp_path / "localtime"
    os.symlink("/usr/share/zoneinfo/Pacific/Fiji", link)
    assert local_zone_name({}, link) == "Pacific/Fiji"
    assert local_zone_name({"TZ": ":Asia/Shanghai"}, link) == "Asia/Shanghai"
    # A POSIX rule names no tzdata zone: UTC, and the column header says so.
    assert local_zone_name({"TZ": "CET-1CEST,M3.5.0,M10.5.0/3"}, link) == "UTC"
    assert local_zone_name({}, tmp_path / "missing") == "UTC"


def test_bad_zone_is_a_usage_error_with_a_suggestion() -> None:
    result = run(EVENTS, "--zone", "Samoa")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.endswith(
        "Error: Invalid value for --zone: unknown zone 'Samoa': did you mean Pacific/Apia?\n"
    )


@pytest.mark.parametrize(
    ("zone", "message"),
    [
        (
            "IST",
            "'IST' is ambiguous: it can mean Europe/Dublin (UTC+1), Asia/Jerusalem (UTC+2) "
            "or Asia/Kolkata (UTC+5:30); give the IANA name of the one meant",
        ),
        ("Mumbai", "unknown zone 'Mumbai': did you mean Asia/Kolkata?"),
        (
            "GST",
            "'GST' is ambiguous: it can mean Asia/Dubai (UTC+4) or "
            "Atlantic/South_Georgia (UTC-2); give the IANA name of the one meant",
        ),
    ],
)
def test_zone_words_get_what_they_may_mean(zone: str, message: str) -> None:
    result = run(EVENTS, "--zone", zone)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for --zone: {message}\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--region", "pacifc"],
            "--region: 'pacifc' is not declared in events.toml: did you mean 'pacific'? "
            "(declared: east-asia, global, pacific, south-asia, south-east-asia)",
        ),
        (
            ["--tag", "cop27"],
            "--tag: 'cop27' is not declared in events.toml: did you mean 'cop26'? "
            "(declared: ca4ji, cop26, just-transition, network-meeting, side-event, textile, "
            "workshop)",
        ),
        (
            ["--from", "9/11/2021"],
            "--from: '9/11/2021' is ambiguous: write 2021-11-01 or 1 Nov 2021",
        ),
        (
            ["--from", "2021-11-09", "--until", "1 Nov 2021"],
            "--until: 2021-11-01 is before --from 2021-11-09",
        ),
    ],
)
def test_bad_filters_are_usage_errors(args: list[str], message: str) -> None:
    result = run(EVENTS, "--zone", "UTC", *args)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for {message}\n")


@pytest.fixture
def series(read_catalogue: Callable[[str], str], write_catalogue: Callable[[str], Path]) -> str:
    """Weekly and daily series with `except` and `also`, across a DST change, and an event
    for a private audience only."""
    return str(write_catalogue(read_catalogue("series_except_also_private")))


def test_recurrence_expanded_in_range(series: str) -> None:
    # Weekly on Wednesdays at 18:00 Paris from 20 Mar 2024, six times (to 24 Apr), 3 Apr
    # skipped, plus 5 Apr at 09:00. New York moved to UTC-4 on 10 Mar; Paris goes from
    # UTC+1 to UTC+2 on 31 Mar, so the gap is 5 hours on 27 Mar (18:00 = 17:00Z = 13:00)
    # and 6 hours after: 5 Apr 09:00 = 07:00Z = 03:00, 10 Apr 18:00 = 16:00Z = 12:00.
    output = listed(
        series,
        "--zone",
        "Europe/Paris",
        "--zone",
        "America/New_York",
        "--tag",
        "call",
        "--from",
        "25 March 2024",
        "--until",
        "2024-04-12",
    )
    assert output == (
        "Paris        New York     Event\n"
        "\n"
        "Wed 27 Mar 2024\n"
        "18:00–19:00  13:00–14:00  Weekly call\n"
        "\n"
        "Fri 5 Apr 2024\n"
        "09:00–10:00  03:00–04:00  Weekly call\n"
        "\n"
        "Wed 10 Apr 2024\n"
        "18:00–19:00  12:00–13:00  Weekly call\n"
    )


def test_recurrence_without_range(series: str) -> None:
    # The whole weekly series: 20 Mar, 27 Mar, 5 Apr (also), 10, 17 and 24 Apr; 3 Apr is
    # excepted. All instants in UTC: 17:00Z before Paris's DST, 16:00Z after.
    weekly = json.loads(listed(series, "--zone", "UTC", "--tag", "call", "--format", "json"))
    assert [(e["start"], e["end"]) for e in weekly] == [
        ("2024-03-20T17:00:00Z", "2024-03-20T18:00:00Z"),
        ("2024-03-27T17:00:00Z", "2024-03-27T18:00:00Z"),
        ("2024-04-05T07:00:00Z", "2024-04-05T08:00:00Z"),
        ("2024-04-10T16:00:00Z", "2024-04-10T17:00:00Z"),
        ("2024-04-17T16:00:00Z", "2024-04-17T17:00:00Z"),
        ("2024-04-24T16:00:00Z", "2024-04-24T17:00:00Z"),
    ]
    # An endless daily rule: its first ten days.
    daily = json.loads(listed(series, "--zone", "UTC", "--tag", "daily", "--format", "json"))
    assert [e["start"] for e in daily] == [f"2024-03-{d:02d}" for d in range(1, 11)]


def test_occurrence_keeps_the_exact_duration_across_dst(series: str) -> None:
    # 01:30-03:30 Paris on 24 Mar 2024 is two hours (00:30-02:30Z). Paris skips 02:00-03:00
    # on 31 Mar, so that occurrence, two real hours long (RFC 5545 3.8.5.3), runs
    # 01:30 CET (00:30Z) to 04:30 CEST (02:30Z), not to 03:30 on the wall clock.
    assert listed(series, "--zone", "Europe/Paris", "--zone", "UTC", "--tag", "night") == (
        "Paris        UTC          Event\n"
        "\n"
        "Sun 24 Mar 2024\n"
        "01:30–03:30  00:30–02:30  Night maintenance\n"
        "\n"
        "Sun 31 Mar 2024\n"
        "01:30–04:30  00:30–02:30  Night maintenance\n"
    )


def test_list_says_how_many_private_only_events_it_left_out(series: str) -> None:
    result = run(series, "--zone", "UTC", "--until", "2024-04-30")
    assert result.exit_code == 0
    assert result.stderr == (
        "1 private-only event(s) left out: add --audience network to list them\n"
    )
    named = run(series, "--zone", "UTC", "--audience", "network")
    assert named.stderr == ""


def test_private_only_event_needs_its_audience(series: str) -> None:
    # network-only is for the private "network" audience alone: never listed by default.
    assert "Network members' meeting" not in listed(
        series, "--zone", "UTC", "--until", "2024-04-30"
    )
    assert listed(series, "--zone", "UTC", "--audience", "network") == (
        "UTC          Event\n\nThu 28 Mar 2024\n08:00–09:00  Network members' meeting\n"
    )
