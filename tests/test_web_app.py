"""`calfeed.web:create_app` called as a WSGI server calls it: a WSGI environ in, status,
headers and body out. Every promise of `tests/http_contract.py`, and what only shows from
inside: the bytes of `calfeed build` without history and with a published address, feeds
assembled without rendering again, a bounded cache, nothing written.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import pytest

import calfeed.output.assemble
from calfeed.errors import StartError
from calfeed.web import FeedApp, Site, create_app, gunicorn_conf
from calfeed.web.app import max_age_for
from calfeed.web.cache import FeedCache
from calfeed.web.resource import Resource
from tests.building import EPOCH, build, feeds
from tests.http_contract import CHECKS, Check, Expected, expected_from
from tests.shipped import EVENTS_TOML
from tests.web_client import Fetch, wsgi_fetcher

DIALOGUE_TITLE = (
    "Invitation to a Pacific Dialogue: Just Transition in the Pacific and Climate Action for Jobs"
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped catalogue with its feeds built beside it, as in a repository."""
    where = tmp_path_factory.mktemp("site")
    (where / "events.toml").write_bytes(EVENTS_TOML.read_bytes())
    return where


@pytest.fixture(scope="module")
def expected(folder: Path) -> Expected:
    made = expected_from(folder / "events.toml", folder / "calendars")
    assert (folder / "calendars" / ".calfeed-manifest").exists()  # a file that is not served
    return made


@pytest.fixture(scope="module")
def app(folder: Path, expected: Expected) -> Iterator[FeedApp]:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield create_app(str(folder / "events.toml"))


@pytest.fixture(scope="module")
def fetch(app: FeedApp) -> Fetch:
    return wsgi_fetcher(app)


@pytest.mark.parametrize("check", CHECKS, ids=lambda check: check.__name__)
def test_the_app_keeps_the_http_contract(check: Check, fetch: Fetch, expected: Expected) -> None:
    check(fetch, expected)


def test_the_dialogue_is_in_the_pacific_governments_selection(fetch: Fetch) -> None:
    answer = fetch("/feed.ics?region=pacific&audience=government&tag=cop26")
    assert DIALOGUE_TITLE in [
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(answer.body).walk("VEVENT")
    ]


def test_a_request_target_that_is_not_a_path_gets_400(fetch: Fetch) -> None:
    answer = fetch("http://example.org/all.ics")
    assert answer.status == 400
    assert answer.body == b"bad request target 'http://example.org/all.ics'\n"


def test_head_answers_no_body_at_all(app: FeedApp) -> None:
    started: list[str] = []

    def start_response(
        status: str, headers: list[tuple[str, str]], *_: object
    ) -> Callable[[bytes], object]:
        started.append(status)
        return lambda _data: None

    environ = {"REQUEST_METHOD": "HEAD", "PATH_INFO": "/all.ics", "QUERY_STRING": ""}
    assert list(app(environ, start_response)) == []
    assert started == ["200 OK"]


@pytest.mark.parametrize(
    ("publishing", "options"),
    [
        ({}, []),
        (
            {"base_url": "https://example.org/cal", "service_url": "https://feeds.example.org/"},
            [
                "--base-url",
                "https://example.org/cal",
                "--service-url",
                "https://feeds.example.org/",
            ],
        ),
    ],
)
def test_without_history_the_bytes_are_a_first_build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    publishing: dict[str, str | None],
    options: list[str],
) -> None:
    catalogue = tmp_path / "events.toml"
    catalogue.write_bytes(EVENTS_TOML.read_bytes())
    build(catalogue, tmp_path / "built", *options)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    app = create_app(
        catalogue,
        history=tmp_path / "none",
        base_url=publishing.get("base_url"),
        service_url=publishing.get("service_url"),
    )
    fetch = wsgi_fetcher(app)
    built = {
        **feeds(tmp_path / "built"),
        "index.html": (tmp_path / "built/index.html").read_bytes(),
    }
    for path, data in built.items():
        assert fetch(f"/{path}").body == data, path
    assert not (tmp_path / "none").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["built", "events.toml"]


def test_a_filtered_feed_names_its_own_address_when_the_service_is_known(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CALFEED_SERVICE_URL", "https://feeds.example.org/gjn")
    fetch = wsgi_fetcher(create_app(shipped_copy))
    answer = fetch("/feed.ics?tag=cop26&region=pacific&region=global&audience=government")
    calendar = icalendar.Calendar.from_ical(answer.body)
    address = (
        "https://feeds.example.org/gjn/feed.ics"
        "?region=global&region=pacific&audience=government&tag=cop26"
    )
    assert str(calendar["SOURCE"]) == address
    assert str(calendar["URL"]) == address


def test_filtered_feeds_are_assembled_from_events_rendered_at_start(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fetch = wsgi_fetcher(create_app(shipped_copy))

    def no_rendering(*_args: object, **_kwargs: object) -> object:
        raise AssertionError("an event was rendered again for a request")

    monkeypatch.setattr(calfeed.output.assemble, "render_event", no_rendering)
    for query in ("region=pacific", "tag=workshop&audience=workers", "region=global&tag=cop26"):
        answer = fetch(f"/feed.ics?{query}")
        assert answer.status == 200, query
        assert b"BEGIN:VEVENT" in answer.body, query


def test_the_cache_of_filtered_feeds_is_bounded(shipped_copy: Path) -> None:
    site = Site(shipped_copy, cache=lambda: FeedCache(max_entries=5, max_bytes=60_000))
    fetch = wsgi_fetcher(FeedApp(site))
    regions = ["east-asia", "global", "pacific", "south-asia", "south-east-asia"]
    tags = ["cop26", "just-transition", "side-event", "textile", "workshop"]
    for region in regions:  # a crawler walking every combination
        for tag in tags:
            for headers in ({}, {"Accept-Encoding": "gzip"}):
                assert fetch(f"/feed.ics?region={region}&tag={tag}", headers=headers).status == 200
            cache = site.state.good.filtered
            assert len(cache) <= 5
            assert cache.bytes_held <= 60_000
    assert len(site.state.good.filtered) == 5


def test_the_least_recently_used_feed_is_dropped_first() -> None:
    cache = FeedCache(max_entries=2)
    feeds = {key: Resource(key.encode(), "text/plain", datetime.now(UTC)) for key in "abc"}
    cache.put("a", feeds["a"])
    cache.put("b", feeds["b"])
    assert cache.get("a") is feeds["a"]  # now the most recently used
    cache.put("c", feeds["c"])
    assert cache.get("b") is None
    assert cache.get("a") is feeds["a"]
    assert cache.get("c") is feeds["c"]


def test_a_feed_larger_than_the_cache_is_answered_but_not_kept(shipped_copy: Path) -> None:
    site = Site(shipped_copy, cache=lambda: FeedCache(max_bytes=1000))
    answer = wsgi_fetcher(FeedApp(site))("/feed.ics?region=pacific", headers={})
    assert answer.status == 200
    assert len(answer.body) > 1000
    assert len(site.state.good.filtered) == 0


@pytest.mark.parametrize(
    ("refresh", "asked", "sent"),
    [
        (12 * 3600, None, 3600),
        (1800, None, 1800),
        (12 * 3600, 60, 60),
        (1800, 86400, 1800),
        (1800, 0, 0),
        (1800, -5, 0),
    ],
)
def test_max_age_is_never_longer_than_refresh(refresh: int, asked: int | None, sent: int) -> None:
    assert max_age_for(timedelta(seconds=refresh), asked) == sent


def test_max_age_is_chosen_by_the_operator(shipped_copy: Path) -> None:
    fetch = wsgi_fetcher(create_app(shipped_copy, max_age=120))
    assert fetch("/all.ics").headers["Cache-Control"] == (
        "public, max-age=120, stale-while-revalidate=120"
    )


def test_an_invalid_catalogue_is_refused_with_its_errors(
    shipped_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = shipped_copy.read_text(encoding="utf-8")
    anchor = "[events.cop26-pacific-dialogue]\n"
    shipped_copy.write_text(text.replace(anchor, anchor + "colour = 1\n"), encoding="utf-8")
    with pytest.raises(StartError) as refused:
        create_app(shipped_copy)
    assert isinstance(refused.value, RuntimeError)  # what gunicorn prints as one line
    assert str(refused.value) == f"no feeds to serve: {shipped_copy}: 1 error, 9 warnings"
    assert "error: event cop26-pacific-dialogue: unknown key 'colour'" in capsys.readouterr().err


def test_a_missing_catalogue_is_refused_in_one_line(tmp_path: Path) -> None:
    with pytest.raises(StartError) as refused:
        create_app(tmp_path / "events.toml")
    assert str(refused.value) == (
        f"no feeds to serve: cannot read {tmp_path / 'events.toml'}: No such file or directory"
    )


@pytest.mark.parametrize(
    "target", ["/all.ics?region=pacific", "/?x=1", "/index.html?v=2", "/status?verbose=1"]
)
def test_a_query_on_a_file_is_refused_naming_the_filtered_feed(fetch: Fetch, target: str) -> None:
    path, _, query = target.partition("?")
    answer = fetch(target)
    assert answer.status == 400
    assert answer.body.decode() == (
        f"{path} takes no query (got {query!r}): a filtered feed is /feed.ics?{query}\n"
    )


def _titles(fetch: Fetch) -> set[str]:
    calendar = icalendar.Calendar.from_ical(fetch("/all.ics").body)
    return {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_a_reload_serves_a_good_catalogue_and_refuses_a_bad_one(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    app = create_app(shipped_copy)
    fetch = wsgi_fetcher(app)
    index = fetch("/")
    text = shipped_copy.read_text(encoding="utf-8")
    shipped_copy.write_text(text.replace(DIALOGUE_TITLE, "Renamed"), encoding="utf-8")
    assert DIALOGUE_TITLE in _titles(fetch)  # never rebuilt by itself
    app.reload()
    assert "Renamed" in _titles(fetch)
    assert DIALOGUE_TITLE not in _titles(fetch)
    good = fetch("/all.ics")
    status = json.loads(fetch("/status").body)
    assert (status["build"], status["error"]) == (2, None)
    capsys.readouterr()
    shipped_copy.write_text(text + "\nbroken = [\n", encoding="utf-8")
    app.reload()
    assert fetch("/all.ics").body == good.body  # the last good build stays
    status = json.loads(fetch("/status").body)
    assert status["status"] == "error"
    assert status["build"] == 2
    assert status["error"]["message"].startswith(f"{shipped_copy}:")
    assert 'needs a "," between values' in status["error"]["message"]
    logged = capsys.readouterr().err
    assert 'needs a "," between values' in logged
    assert "Still serving the last good feeds (build 2)." in logged
    assert "Traceback" not in logged
    assert b"calfeed-serve-error" not in fetch("/").body  # visitors see no error in production
    assert fetch("/").body != index.body  # the page of build 2


def test_gunicorns_reload_hook_reloads_the_app_in_the_master(shipped_copy: Path) -> None:
    app = create_app(shipped_copy)

    class Preloaded:  # what gunicorn's master holds: the app it loaded before forking
        def wsgi(self) -> object:
            return app

    class Master:
        app = Preloaded()

    shipped_copy.write_text(
        shipped_copy.read_text(encoding="utf-8").replace(DIALOGUE_TITLE, "Renamed"),
        encoding="utf-8",
    )
    gunicorn_conf.on_reload(Master())
    assert "Renamed" in _titles(wsgi_fetcher(app))
    assert gunicorn_conf.preload_app is True


def test_gzip_bytes_are_the_same_in_every_copy(
    shipped_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    one, two = (wsgi_fetcher(create_app(shipped_copy)) for _ in range(2))
    packed = [f("/all.ics", headers={"Accept-Encoding": "gzip"}) for f in (one, two)]
    assert packed[0].body == packed[1].body
    assert packed[0].headers["ETag"] == packed[1].headers["ETag"]
    assert gzip.decompress(packed[0].body) == one("/all.ics").body


def test_status_names_the_catalogue_and_its_digest(shipped_copy: Path) -> None:
    status = json.loads(wsgi_fetcher(create_app(shipped_copy))("/status").body)
    assert status["catalogue"] == {
        "path": str(shipped_copy),
        "sha256": hashlib.sha256(shipped_copy.read_bytes()).hexdigest(),
    }
    assert status["build"] == 1
