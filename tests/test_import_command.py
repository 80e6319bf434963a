"""`calfeed import`: catalogue entries from an invitation's text.

On the two seeds it finds every dated event and agenda row, at the instants the shipped
catalogue has; on invitations of other shapes (12-hour times, day-first dates in French, a
Chinese date and zone, AEDT, an ambiguous IST) it prints what `<name>.expected.toml`
holds. Each instant is worked out again here with zoneinfo over the pinned tzdata
package's own files, never with calfeed's code, and the output appended to the shipped
catalogue passes `check`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from tests.shipped import EVENTS_TOML, SEED_TIMES, z

OWN = ["webinar-us-12-hour", "atelier-fr-day-first", "seminar-zh-and-pacific"]
SEEDS = ["seed-meeting-summary-2021", "seed-concept-note-2022"]


def pinned(zone: str) -> ZoneInfo:
    """The zone from the tzdata package's files (not the machine's, not calfeed's)."""
    node = resources.files("tzdata.zoneinfo").joinpath(*zone.split("/"))
    with node.open("rb") as data:
        return ZoneInfo.from_file(data, key=zone)


def imported(runner: CliRunner, text: str) -> str:
    result = runner.invoke(cli, ["import", "-"], input=text)
    assert result.exit_code == 0, result.output
    return result.output


def instants(entry: dict[str, object]) -> tuple[datetime, datetime | None]:
    """An entry's start and end in UTC, from its own TOML and the pinned zone."""
    zone = pinned(str(entry["timezone"]))
    start = entry["start"]
    assert isinstance(start, datetime)
    begin = start.replace(tzinfo=zone).astimezone(UTC)
    end = entry.get("end")
    if isinstance(end, time):
        end = datetime.combine(start.date(), end)
    if isinstance(end, datetime):
        return begin, end.replace(tzinfo=zone).astimezone(UTC)
    return begin, None


@pytest.mark.parametrize("name", OWN)
def test_import_prints_the_expected_entries(
    runner: CliRunner, read_invitation: Callable[[str], str], name: str
) -> None:
    output = imported(runner, read_invitation(f"{name}.txt"))
    assert output == read_invitation(f"{name}.expected.toml")


@pytest.mark.parametrize("name", OWN + SEEDS)
def test_import_output_appended_to_the_catalogue_passes_check(
    runner: CliRunner, read_invitation: Callable[[str], str], shipped_copy: Path, name: str
) -> None:
    output = imported(runner, read_invitation(f"{name}.txt"))
    with shipped_copy.open("a", encoding="utf-8") as catalogue:
        catalogue.write("\n" + output)
    result = runner.invoke(cli, ["check", str(shipped_copy)])
    assert result.exit_code == 0, result.output
    assert " error: " not in result.output


# Worked out by hand from tzdata's offsets, then checked with `pinned` below.
OWN_INSTANTS = {
    # 2-4pm EST on 14 January 2027: New York is UTC-5 in January.
    "webinar-us-12-hour": [(z("2027-01-14T19:00"), z("2027-01-14T21:00"))],
    # 19h00-20h30 Paris time on 17 June 2027: Paris is on CEST, UTC+2.
    "atelier-fr-day-first": [(z("2027-06-17T17:00"), z("2027-06-17T18:30"))],
    "seminar-zh-and-pacific": [
        # 14:00-16:30 Beijing time, UTC+8.
        (z("2022-11-17T06:00"), z("2022-11-17T08:30")),
        # 10:00-11:30 AEDT (UTC+11) on 15 January 2027: the 14th in UTC.
        (z("2027-01-14T23:00"), z("2027-01-15T00:30")),
        # 09:00-10:00 Fiji Time, UTC+12 (Fiji keeps no summer time since 2022).
        (z("2027-01-24T21:00"), z("2027-01-24T22:00")),
    ],
}


@pytest.mark.parametrize("name", OWN)
def test_own_invitations_land_on_the_instants_they_announce(
    runner: CliRunner, read_invitation: Callable[[str], str], name: str
) -> None:
    entries = tomllib.loads(imported(runner, read_invitation(f"{name}.txt")))["events"]
    assert [instants(e) for e in entries.values()] == OWN_INSTANTS[name]


def test_the_meeting_summary_gives_every_timed_event_of_the_catalogue(
    runner: CliRunner, read_invitation: Callable[[str], str]
) -> None:
    output = imported(runner, read_invitation("seed-meeting-summary-2021.txt"))
    entries = tomllib.loads(output)["events"]
    timed = [
        "cop26-wg-just-transition-decent-work",
        "cop26-pacific-dialogue",
        "ibc-climate-change-1-5-degrees-ap",
        "adb-just-transition-pacific",
        "cop26-pacific-mobility-human-security",
    ]
    assert [instants(e) for e in entries.values()] == [
        (SEED_TIMES[e].start, SEED_TIMES[e].end) for e in timed
    ]
    shipped = tomllib.loads(EVENTS_TOML.read_text(encoding="utf-8"))["events"]
    assert [e["announced"] for e in entries.values()] == [shipped[e]["announced"] for e in timed]


def test_the_meeting_summary_events_without_a_time_or_zone_are_commented_out(
    runner: CliRunner, read_invitation: Callable[[str], str]
) -> None:
    output = imported(runner, read_invitation("seed-meeting-summary-2021.txt"))
    reasons = [line for line in output.splitlines() if line.startswith("# Not imported: ")]
    starts = [line for line in output.splitlines() if line.startswith("# start = ")]
    assert reasons == [
        "# Not imported: no time given: an all-day event? then start = end = the date",
        "# Not imported: no zone given for '11:30 – 12:45': add timezone = ...",
        "# Not imported: no time given: an all-day event? then start = end = the date",
        "# Not imported: no time given: an all-day event? then start = end = the date",
    ]
    # The two network meetings of the catalogue (all day), the Africa side event (no
    # zone: the catalogue assumes Glasgow's), and the RCO's briefing of 29 October.
    assert starts == [
        "# start = 2021-10-27",
        "# start = 2021-11-11T11:30:00",
        "# start = 2021-10-29",
        "# start = 2021-12-01",
    ]


def test_the_concept_note_gives_the_summit_and_its_agenda(
    runner: CliRunner, read_invitation: Callable[[str], str]
) -> None:
    output = imported(runner, read_invitation("seed-concept-note-2022.txt"))
    (entry,) = tomllib.loads(output)["events"].values()
    summit = tomllib.loads(EVENTS_TOML.read_text(encoding="utf-8"))["events"]["humen-summit-2022"]
    assert instants(entry) == (
        SEED_TIMES["humen-summit-2022"].start,
        SEED_TIMES["humen-summit-2022"].end,
    )
    assert entry["announced"] == summit["announced"]
    assert entry["registration"] == summit["registration"]
    day = date(2022, 11, 17)
    beijing = pinned("Asia/Shanghai")

    def at(session: dict[str, time]) -> tuple[datetime, datetime]:
        return (
            datetime.combine(day, session["start"], beijing).astimezone(UTC),
            datetime.combine(day, session["end"], beijing).astimezone(UTC),
        )

    assert [at(s) for s in entry["sessions"]] == [at(s) for s in summit["sessions"]]
    assert [s["title"] for s in entry["sessions"]] == [
        "Welcome and opening",
        "Session I: Just transition in the Textile and Garment Sector (TAGS)",
        "Session II – Local and enterprise level policies and practices on promoting Just "
        "Transition in",
        "Closing and next-steps",
    ]


def test_import_of_a_text_without_a_date_is_an_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", "-"], input="Agenda to follow.\n")
    assert result.exit_code == 1
    assert result.output == "standard input: no date found, so no event to import\n"


def test_import_reads_a_file_and_names_it(runner: CliRunner, tmp_path: Path) -> None:
    invitation = tmp_path / "invitation.txt"
    invitation.write_text("4 November 2021, 12:30 Samoa: Pacific Dialogue\n", encoding="utf-8")
    result = runner.invoke(cli, ["import", str(invitation)])
    assert result.exit_code == 0
    assert result.output == (
        f"# calfeed import of {invitation}: 1 event(s) with 0 session(s), 0 left commented "
        "out (incomplete)\n"
        "\n"
        "# Line 1: 4 November 2021, 12:30 Samoa: Pacific Dialogue\n"
        "[events.pacific-dialogue-2021-11-04]\n"
        'title = "Pacific Dialogue"\n'
        "start = 2021-11-04T12:30:00\n"
        'timezone = "Pacific/Apia"\n'
        'announced = ["4 November 2021, 12:30 Samoa"]\n'
    )
