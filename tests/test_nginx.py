"""The shipped proxy, for real: gunicorn with the shipped configuration module behind nginx
started from the shipped `deploy/nginx.conf` (only its ports and cache folder changed), on
loopback, inside an nginx.conf that turns gzip on as Debian's does.

Through the proxy a client gets exactly what the app sends (bytes, ETag, Content-Encoding,
Vary, Cache-Control), revalidation is answered 304 with the ETag, an expired entry is
revalidated with the app rather than fetched again, errors are never kept, and after a
reload the cache serves the new version once the app's max-age has passed. The shipped
file also passes `nginx -t` inside Debian's own nginx.conf, and the shipped systemd unit
runs the README's command with its reload wired to SIGHUP.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.building import EPOCH
from tests.serving import (
    CONFIG,
    SHIPPED_NGINX,
    SHIPPED_UNIT,
    Gunicorn,
    gunicorn,
    missing,
    nginx,
    nginx_binary,
    unit_lines,
)
from tests.shipped import EVENTS_TOML
from tests.web_client import Answer, Fetch, socket_fetcher

pytestmark = pytest.mark.slow

MAX_AGE = 2
"""Seconds the app lets caches keep a file here, so that expiry happens within the test."""
APP = f'calfeed.web:create_app("events.toml", max_age={MAX_AGE})'
GZIP = {"Accept-Encoding": "gzip, deflate, br"}
"""As a browser asks; the proxy must ask the app for gzip alone and key its cache on it."""
PASSED = ("ETag", "Last-Modified", "Cache-Control", "Vary", "Content-Type", "Content-Encoding")
"""The headers of the app's answer that the proxy must pass through as they are."""
TARGETS = ("/all.ics", "/feed.ics?region=pacific&tag=cop26", "/")


@dataclass(frozen=True)
class Edge:
    app: Fetch
    """Straight to gunicorn."""
    proxy: Fetch
    gunicorn: Gunicorn
    folder: Path


@pytest.fixture(scope="module")
def edge(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Edge]:
    nginx_binary()  # skip (or fail under CI) before starting anything
    folder = tmp_path_factory.mktemp("edge")
    (folder / "events.toml").write_bytes(EVENTS_TOML.read_bytes())
    with (
        gunicorn(folder, APP, "-w", "2", epoch=EPOCH) as app,
        nginx(folder / "nginx", upstream=app.port) as proxy,
    ):
        yield Edge(
            socket_fetcher("127.0.0.1", app.port),
            socket_fetcher("127.0.0.1", proxy.port),
            app,
            folder,
        )
        assert "Traceback" not in app.text()


def _same(got: Answer, want: Answer) -> None:
    assert (got.status, got.body) == (want.status, want.body)
    for name in PASSED:
        assert got.headers.get_all(name) == want.headers.get_all(name), name


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("headers", [GZIP, {}, {"Accept-Encoding": "gzip;q=0, identity"}])
def test_the_proxy_passes_the_apps_answer_through(
    edge: Edge, target: str, headers: dict[str, str]
) -> None:
    want = edge.app(target, headers=headers)
    assert want.status == 200
    gzipped = headers.get("Accept-Encoding", "").startswith("gzip,")
    assert want.headers.get("Content-Encoding") == ("gzip" if gzipped else None)
    first = edge.proxy(target, headers=headers)
    again = edge.proxy(target, headers=headers)
    _same(first, want)
    _same(again, want)  # from the cache, or fetched again after an expiry: the same
    assert not want.headers["ETag"].startswith("W/")
    assert want.headers["Cache-Control"] == (
        f"public, max-age={MAX_AGE}, stale-while-revalidate={MAX_AGE}"
    )
    assert "HIT" in {first.headers["X-Cache-Status"], again.headers["X-Cache-Status"]}


@pytest.mark.parametrize("headers", [GZIP, {}])
def test_a_poll_is_answered_304_with_the_etag(edge: Edge, headers: dict[str, str]) -> None:
    fresh = edge.proxy("/all.ics", headers=headers)
    etag = fresh.headers["ETag"]
    poll = edge.proxy("/all.ics", headers={**headers, "If-None-Match": etag})
    assert (poll.status, poll.body) == (304, b"")
    assert poll.headers["ETag"] == etag
    assert poll.headers["Cache-Control"] == fresh.headers["Cache-Control"]
    other = edge.proxy("/all.ics", headers={**headers, "If-None-Match": '"other"'})
    assert (other.status, other.body) == (200, fresh.body)


def _app_304s(edge: Edge) -> int:
    """How many of the app's answers to /all.ics were 304 (gunicorn's access log)."""
    return len(re.findall(r'"GET /all\.ics HTTP/1\.\d" 304 ', edge.gunicorn.text()))


def test_an_expired_entry_is_revalidated_with_the_app(edge: Edge) -> None:
    want = edge.app("/all.ics", headers=GZIP)
    edge.proxy("/all.ics", headers=GZIP)
    before = _app_304s(edge)
    time.sleep(MAX_AGE + 1)
    # The client asks without a validator; the proxy asks the app with its own.
    _same(edge.proxy("/all.ics", headers=GZIP), want)
    deadline = time.monotonic() + 10
    while _app_304s(edge) == before and time.monotonic() < deadline:
        time.sleep(0.1)  # a background update is logged when it is done
    assert _app_304s(edge) > before, edge.gunicorn.text()[-2000:]
    _same(edge.proxy("/all.ics", headers=GZIP), want)


@pytest.mark.parametrize(
    ("target", "status"),
    [("/nothing-here.ics", 404), ("/all.ics?region=pacific", 400), ("/status", 200)],
)
def test_errors_pass_through_and_are_never_kept(edge: Edge, target: str, status: int) -> None:
    """The app's small answers are not gzipped and say no-store: the proxy neither gzips
    them (the nginx.conf around it would) nor keeps them."""
    want = edge.app(target, headers=GZIP)
    assert want.status == status
    for _ in range(2):
        got = edge.proxy(target, headers=GZIP)
        _same(got, want)
        assert got.headers["Cache-Control"] == "no-store"
        assert got.headers["X-Cache-Status"] == "MISS"


def test_after_a_reload_the_cache_serves_the_new_version(edge: Edge) -> None:
    catalogue = edge.folder / "events.toml"
    old = {name: edge.app("/all.ics", headers=h) for name, h in (("gzip", GZIP), ("plain", {}))}
    for name, headers in (("gzip", GZIP), ("plain", {})):
        _same(edge.proxy("/all.ics", headers=headers), old[name])  # in the cache now
    text = catalogue.read_text(encoding="utf-8")
    changed = re.sub(r'^title = "', 'title = "Moved: ', text, count=1, flags=re.MULTILINE)
    assert changed != text
    catalogue.write_text(changed, encoding="utf-8")
    edge.gunicorn.hup()
    deadline = time.monotonic() + 60
    while edge.app("/all.ics").body == old["plain"].body:
        assert time.monotonic() < deadline, edge.gunicorn.text()[-3000:]
        time.sleep(0.2)
    new = {name: edge.app("/all.ics", headers=h) for name, h in (("gzip", GZIP), ("plain", {}))}
    assert b"SUMMARY;LANGUAGE=en:Moved: " in new["plain"].body
    switched = time.monotonic()
    for name, headers in (("gzip", GZIP), ("plain", {})):
        # Fresh for max-age, then one stale answer while the update is fetched at most.
        deadline = switched + 2 * MAX_AGE + 5
        while (got := edge.proxy("/all.ics", headers=headers)).body == old[name].body:
            assert time.monotonic() < deadline, f"{name}: the proxy kept the old version"
            time.sleep(0.2)
        _same(got, new[name])
        for _ in range(5):  # and never the old one again
            _same(edge.proxy("/all.ics", headers=headers), new[name])
            time.sleep(0.2)


def test_the_shipped_file_fits_debians_nginx_conf(tmp_path: Path) -> None:
    binary = nginx_binary()
    debian = Path("/etc/nginx")
    if not (debian / "nginx.conf").is_file():
        missing("no /etc/nginx/nginx.conf: not Debian's nginx package")
    prefix = tmp_path / "etc"
    shutil.copytree(debian, prefix, symlinks=True)
    shipped = SHIPPED_NGINX.read_text(encoding="utf-8")
    (prefix / "conf.d" / "calfeed.conf").write_text(
        shipped.replace("/var/cache/nginx/calfeed", str(tmp_path / "cache")), encoding="utf-8"
    )
    main = prefix / "nginx.conf"
    text = main.read_text(encoding="utf-8").replace("/etc/nginx/", f"{prefix}/")
    text = text.replace("/var/log/nginx/", f"{tmp_path}/")
    main.write_text(text, encoding="utf-8")
    assert f"include {prefix}/conf.d/*.conf;" in text
    checked = subprocess.run(
        [binary, "-t", "-p", str(prefix), "-c", str(main)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert checked.returncode == 0, checked.stderr


def test_the_unit_runs_the_readme_command_and_reloads_with_hup() -> None:
    settings = unit_lines(SHIPPED_UNIT.read_text(encoding="utf-8"))
    (start,) = settings["ExecStart"]
    words = shlex.split(start)
    assert Path(words[0]).name == "gunicorn"
    assert words[1:] == [*CONFIG, 'calfeed.web:create_app("events.toml")']
    assert settings["ExecReload"] == ["/bin/kill -s HUP $MAINPID"]
    assert settings["WorkingDirectory"]
    assert settings["NoNewPrivileges"] == ["yes"]
    assert settings["ProtectSystem"] == ["strict"]
