"""Private audiences' feeds at each member's secret address, served by the app: the
member's feed holds the private details and exactly their audiences' events; any other
token is the one plain 404; no public answer, status or log line holds a token or a
private detail; a revoked address is gone after a reload, on every worker."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from calfeed.cli import cli
from calfeed.web import FeedApp, create_app
from tests.building import EPOCH
from tests.parsers import Reader
from tests.web_client import Fetch, socket_fetcher, wsgi_fetcher

PASSCODE = "ejd4i=k+"
"""The shipped catalogue's one private detail: the network meeting's passcode."""
SERVICE = "https://feeds.example.org/"
NOT_FOUND = b"not found: the feeds are listed at /\n"


def run(*args: str) -> str:
    return run_bytes(*args).decode("utf-8")


def run_bytes(*args: str) -> bytes:
    result = CliRunner().invoke(cli, list(args), env={"SOURCE_DATE_EPOCH": EPOCH})
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def add(catalogue: Path, name: str, *audiences: str) -> str:
    said = run(
        "members", "add", name, *(f"--audience={a}" for a in audiences),
        "--catalogue", str(catalogue), "--service-url", SERVICE,
    )  # fmt: skip
    found = re.search(r"private/([A-Za-z0-9_-]+)\.ics", said)
    assert found is not None
    return found.group(1)


@pytest.fixture
def members_catalogue(shipped_copy: Path) -> Path:
    """The shipped catalogue with a second private audience and an event for it alone, so
    two members can receive different feeds."""
    with shipped_copy.open("a", encoding="utf-8") as file:
        file.write(
            '\n[audiences.board]\nname = "Board"\nprivate = true\n'
            '\n[events.board-retreat]\ntitle = "Board retreat"\n'
            'start = 2022-03-02T09:00:00\nduration = "PT2H"\ntimezone = "Asia/Bangkok"\n'
            'audiences = ["board"]\nregions = ["south-east-asia"]\n'
            'registration = "https://example.org/board"\n'
            '[events.board-retreat.private]\nroom = "Room 12 code 4471"\n'
        )
    return shipped_copy


@pytest.fixture
def app(members_catalogue: Path, monkeypatch: pytest.MonkeyPatch) -> FeedApp:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.delenv("CALFEED_MEMBERS", raising=False)
    return create_app(members_catalogue)


def summaries(feed: bytes) -> set[str]:
    return {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}


def test_a_members_feed_is_what_calfeed_feed_prints_with_private_details(
    members_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = add(members_catalogue, "Ana", "network")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    fetch = wsgi_fetcher(create_app(members_catalogue))
    answer = fetch(f"/private/{token}.ics")
    assert answer.status == 200
    printed = run_bytes(
        "feed", str(members_catalogue), "--audience", "network", "--include-private"
    )
    assert answer.body == printed
    assert PASSCODE.encode() in answer.body
    assert "Board retreat" not in summaries(answer.body)
    calendar = icalendar.Calendar.from_ical(answer.body)
    assert str(calendar["NAME"]).endswith("(personal feed with private details: do not share)")
    assert answer.headers["Cache-Control"] == "private, max-age=3600"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    again = fetch(f"/private/{token}.ics", headers={"If-None-Match": answer.headers["ETag"]})
    assert again.status == 304


def test_each_member_gets_exactly_their_audiences(members_catalogue: Path, app: FeedApp) -> None:
    network = add(members_catalogue, "Ana", "network")
    board = add(members_catalogue, "Bo", "board")
    both = add(members_catalogue, "Cy", "board", "network")
    app.reload()
    fetch = wsgi_fetcher(app)
    feeds = {t: fetch(f"/private/{t}.ics").body for t in (network, board, both)}
    assert "Board retreat" in summaries(feeds[board])
    assert b"Room 12 code 4471" in feeds[board]
    assert PASSCODE.encode() not in feeds[board]
    assert summaries(feeds[both]) == summaries(feeds[network]) | summaries(feeds[board])
    assert "Board retreat" not in summaries(feeds[network])


def test_any_other_token_is_the_plain_404(members_catalogue: Path, app: FeedApp) -> None:
    token = add(members_catalogue, "Ana", "network")
    revoked = add(members_catalogue, "Bo", "network")
    run("members", "revoke", "Bo", "--catalogue", str(members_catalogue))
    app.reload()
    fetch = wsgi_fetcher(app)
    changed = token[:-1] + ("A" if token[-1] != "A" else "B")
    targets = [
        f"/private/{revoked}.ics",
        f"/private/{changed}.ics",
        f"/private/{changed}/",
        "/private/.ics",
        "/private/",
        "/private/../all.ics",
        "/private/%2e%2e/all.ics",
        f"/private/{token}.ics/../../all.ics",
        f"/private/{token}/../{token}.ics",
        f"/private/{token}.ics?x=1",
        "/no-such-file.ics",
    ]
    for target in targets:
        answer = fetch(target)
        assert (answer.status, answer.body) == (404, NOT_FOUND), target
        assert token not in answer.body.decode(), target
    assert fetch(f"/private/{token}.ics").status == 200


def test_a_members_page_offers_every_way_to_subscribe(
    members_catalogue: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = add(members_catalogue, "Ana", "network")
    monkeypatch.setenv("CALFEED_SERVICE_URL", SERVICE)
    page = wsgi_fetcher(create_app(members_catalogue))(f"/private/{token}/")
    assert page.status == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"].startswith("private, ")
    html = page.body.decode()
    address = f"{SERVICE}private/{token}.ics"
    assert f'href="webcal://feeds.example.org/private/{token}.ics"' in html
    assert "calendar.google.com" in html
    assert "outlook.live.com" in html
    assert f'aria-label="QR code of webcal://feeds.example.org/private/{token}.ics"' in html
    assert address in html
    assert "This address is yours alone" in html
    assert "ask the organiser" in html


def test_no_public_answer_holds_a_token_or_a_private_detail(
    members_catalogue: Path, app: FeedApp
) -> None:
    token = add(members_catalogue, "Ana", "network", "board")
    app.reload()
    fetch = wsgi_fetcher(app)
    public = [f"/{rel}" for rel in app.site.state.files]
    queries = [
        f"/feed.ics?{q}"
        for q in (
            "", "audience=network", "audience=board", "audience=government", "tag=network-meeting",
            "region=pacific", "audience=network&include-private=1", "region=south-east-asia",
        )
    ]  # fmt: skip
    for target in [*public, *queries, "/status", "/nothing", "/private/x.ics"]:
        body = fetch(target).body
        for secret in (token, PASSCODE, "Room 12 code 4471", "Board retreat"):
            assert secret.encode() not in body, (target, secret)
    for query, audience in (("audience=network", "network"), ("audience=board", "board")):
        refused = fetch(f"/feed.ics?{query}")
        assert refused.status == 400
        assert refused.body.decode() == (
            f"audience '{audience}' is not declared in events.toml (declared: academia, "
            "employers, government, public, un-partners, workers)\n"
        )
    assert json.loads(fetch("/status").body)["members"] == 1


@pytest.mark.slow
def test_icaljs_reads_a_members_feed(
    members_catalogue: Path, app: FeedApp, icaljs: Reader, tmp_path: Path
) -> None:
    token = add(members_catalogue, "Ana", "network")
    app.reload()
    feed = wsgi_fetcher(app)(f"/private/{token}.ics").body
    path = tmp_path / "member.ics"
    path.write_bytes(feed)
    read = icaljs([path])[path]
    uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")}
    assert set(read) == uids
    assert any(
        PASSCODE in str(e.get("DESCRIPTION"))
        for e in icalendar.Calendar.from_ical(feed).walk("VEVENT")
    )


# --- under gunicorn, with the shipped configuration -----------------------------------


def _start(folder: Path, log: Path) -> tuple[subprocess.Popen[bytes], Fetch]:
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH}
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "-c", "python:calfeed.web.gunicorn_conf",
                "-w", "3", "--bind", "127.0.0.1:0", 'calfeed.web:create_app("events.toml")',
            ],
            cwd=folder, env=env, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", log.read_text())
        if found:
            fetch = socket_fetcher("127.0.0.1", int(found.group(1)))
            try:
                if fetch("/status").status == 200:
                    return process, fetch
            except OSError:
                pass
        if process.poll() is not None:
            pytest.fail(log.read_text())
        time.sleep(0.2)
    pytest.fail(f"gunicorn did not start:\n{log.read_text()}")


@pytest.mark.slow
def test_under_gunicorn_a_revoked_address_is_gone_on_every_worker_and_no_log_holds_a_token(
    members_catalogue: Path, tmp_path: Path
) -> None:
    folder = members_catalogue.parent
    token = add(members_catalogue, "Ana", "network")
    other = add(members_catalogue, "Bo", "network")
    log = tmp_path / "gunicorn.log"
    process, fetch = _start(folder, log)
    try:
        for _ in range(12):  # enough requests to reach every worker
            answer = fetch(f"/private/{token}.ics")
            assert answer.status == 200
            assert PASSCODE.encode() in answer.body
            assert fetch(f"/private/{token}x.ics").status == 404
        run("members", "revoke", "Ana", "--catalogue", str(members_catalogue))
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while fetch(f"/private/{token}.ics").status != 404 and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)  # the old workers' graceful stop
        assert [fetch(f"/private/{token}.ics").status for _ in range(12)] == [404] * 12
        assert [fetch(f"/private/{other}.ics").status for _ in range(12)] == [200] * 12
    finally:
        process.terminate()
        process.wait(timeout=60)
    written = log.read_text()
    assert "GET /private/<token>.ics" in written
    for secret in (token, other, PASSCODE):
        assert secret not in written, secret
    assert "Traceback" not in written
