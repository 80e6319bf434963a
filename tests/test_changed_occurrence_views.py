"""Changed occurrences where people read them: the series in words, `calfeed list` and
the page's agenda each show a changed occurrence at its own time with its own title.

The catalogue is `tests/catalogues/series_changed_occurrences.toml`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from calfeed.catalogue import load_catalogue
from calfeed.cli import cli
from calfeed.render.series import series_text
from tests.building import build

NAME = "series_changed_occurrences"


def _catalogue(tmp_path: Path, read_catalogue: Callable[[str], str]) -> Path:
    path = tmp_path / "events.toml"
    path.write_text(read_catalogue(NAME), encoding="utf-8")
    return path


def test_the_series_in_words_names_each_moved_and_cancelled_occurrence(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    events = {e.id: e for e in load_catalogue(_catalogue(tmp_path, read_catalogue)).events}
    assert series_text(events["webinar"]) == (
        "Every Wednesday, 10 times, until Wed 19 May 2027; not on Wed 7 Apr 2027; "
        "Wed 24 Mar 2027 moved to Thu 25 Mar 2027 at 23:30; "
        "Wed 14 Apr 2027 moved to Thu 15 Apr 2027 at 00:30; "
        "Wed 5 May 2027 at 15:00; Wed 19 May 2027 cancelled."
    )
    assert series_text(events["sydney-call"]) == (
        "Every Tuesday, 6 times, until Tue 27 Apr 2027; Tue 30 Mar 2027 cancelled; "
        "Tue 6 Apr 2027 moved to Wed 7 Apr 2027 at 09:00."
    )


def test_list_shows_a_changed_occurrence_at_its_own_time_with_its_own_title(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    catalogue = _catalogue(tmp_path, read_catalogue)
    result = CliRunner().invoke(
        cli,
        [
            "list",
            str(catalogue),
            "--from",
            "2027-04-13",
            "--until",
            "2027-05-20",
            "--zone",
            "Europe/London",
            "--zone",
            "Europe/Paris",
            "--tag",
            "webinar",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "London       Paris        Event",
        "",
        "Thu 15 Apr 2027",
        "00:30–01:15  01:30–02:15  Webinar",
        "",
        "Wed 21 Apr 2027",
        "14:00–15:00  15:00–16:00  Webinar",
        "",
        "Wed 28 Apr 2027",
        "14:00–15:00  15:00–16:00  Webinar",
        "",
        "Wed 5 May 2027",
        "15:00–16:00  16:00–17:00  Webinar 8: with the Minister",
        "",
        "Wed 12 May 2027",
        "14:00–15:00  15:00–16:00  Webinar",
        "",
        "Wed 19 May 2027",
        "14:00–15:00  15:00–16:00  [cancelled] Webinar",
    ]


def test_the_page_shows_a_changed_occurrence_with_its_series_file_alone(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    build(_catalogue(tmp_path, read_catalogue), tmp_path / "out")
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    start = page.index('<li class="event" data-start="2027-05-05T14:00:00Z"')
    item = page[start : page.index("</li>\n", start)].splitlines()
    assert item == [
        '<li class="event" data-start="2027-05-05T14:00:00Z" data-end="2027-05-05T15:00:00Z">',
        "<h4>Webinar 8: with the Minister</h4>",
        '<p class="when"><time datetime="2027-05-05T14:00:00Z">15:00–16:00 London (UTC+1)'
        "</time></p>",
        '<p class="muted">Every Wednesday, 10 times, until Wed 19 May 2027; not on Wed 7 Apr '
        "2027; Wed 24 Mar 2027 moved to Thu 25 Mar 2027 at 23:30; Wed 14 Apr 2027 moved to "
        "Thu 15 Apr 2027 at 00:30; Wed 5 May 2027 at 15:00; Wed 19 May 2027 cancelled.</p>",
        '<ul class="links"><li><a href="https://example.org/webinar">Event page</a></li></ul>',
        "<p>Location: Room B</p>",
        '<ul class="links add"><li><a href="events/webinar.ics">Add to calendar (.ics)</a>'
        "</li></ul>",
    ]


def test_diff_names_a_moved_occurrence_by_its_date_in_every_zone(
    tmp_path: Path, read_catalogue: Callable[[str], str]
) -> None:
    new = _catalogue(tmp_path, read_catalogue)
    old = tmp_path / "old.toml"
    old.write_text(
        new.read_text(encoding="utf-8").replace(
            "[events.webinar.occurrences.2027-05-05]\nstart = 15:00:00\n",
            "[events.webinar.occurrences.2027-05-05]\n",
        ),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["diff", str(new), "--against", str(old)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "updated: webinar (Webinar)",
        "    repeat line changed",
        "    feeds: all.ics, events/webinar.ics",
        "moved: webinar (Webinar 8: with the Minister)",
        "    Wed 5 May 2027: moved 1 h later: 14:00 → 15:00 London, 13:00 → 14:00 UTC",
        "    feeds: all.ics, events/webinar.ics",
    ]
