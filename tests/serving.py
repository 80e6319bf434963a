"""Real server processes for the production tests (`test_nginx.py`, `test_faults.py`):
gunicorn run with calfeed's shipped configuration module, and nginx run unprivileged from
the shipped `deploy/nginx.conf`, changed only in what must differ on a test machine.

Both are started as a person starts them, on loopback, with their own logs in the test's
folder, and stopped at the end (gunicorn gracefully: its exit code is checked).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest

from tests.shipped import ROOT

CONFIG = ("-c", "python:calfeed.web.gunicorn_conf")
"""The README's command line after `gunicorn`, up to the app."""
START_TIMEOUT = 120.0
"""Seconds for a start: the master builds the catalogue first (a big one takes seconds)."""
SHIPPED_NGINX = ROOT / "deploy" / "nginx.conf"
SHIPPED_UNIT = ROOT / "deploy" / "calfeed.service"


def missing(reason: str) -> NoReturn:
    """Skip and say why; under CI (the CI variable set), where .ci/run installs nginx, a
    missing one is a failure."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI is set, where the proxy tests must run")
    pytest.skip(reason)


def free_port() -> int:
    """A loopback port nothing listens on now (for nginx, which cannot report one)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Gunicorn:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def workers(self) -> set[int]:
        """The master's children now: its workers (Linux's /proc)."""
        children: set[int] = set()
        tasks = Path(f"/proc/{self.process.pid}/task")
        for task in tasks.iterdir():
            try:
                children |= {int(pid) for pid in (task / "children").read_text().split()}
            except OSError:
                continue  # a thread that ended meanwhile
        return children

    def hup(self) -> None:
        self.process.send_signal(signal.SIGHUP)


def _wait_for_port(log: Path, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        text = log.read_text(encoding="utf-8", errors="replace")
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{text}")
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not listen within {START_TIMEOUT}s:\n{log.read_text()}")


@contextmanager
def gunicorn(folder: Path, app: str, *options: str, epoch: str) -> Iterator[Gunicorn]:
    """`gunicorn -c python:calfeed.web.gunicorn_conf <options> <app>` in `folder`, bound to
    a free loopback port, until the block ends; then a graceful stop that must exit 0."""
    log = folder / "gunicorn.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", *CONFIG, "-b", "127.0.0.1:0", *options, app],
            cwd=folder,
            env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    try:
        running = Gunicorn(process, _wait_for_port(log, process), log)
        _wait_for_workers(running)
        yield running
    finally:
        process.terminate()  # gunicorn's graceful stop
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=60)
    assert process.returncode == 0, log.read_text(encoding="utf-8", errors="replace")


def _wait_for_workers(running: Gunicorn) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", running.port), timeout=5) as s:
                s.sendall(b"GET /status HTTP/1.0\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1.0 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer within {START_TIMEOUT}s:\n{running.text()}")


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if found is None:
        missing("nginx is not installed (apt-get install nginx)")
    return found


def _replace_once(text: str, old: str, new: str) -> str:
    """`text` with its one `old` replaced: a shipped file that no longer says `old` fails
    here, rather than being tested with something else."""
    assert text.count(old) == 1, f"deploy/nginx.conf should say {old!r} once"
    return text.replace(old, new)


def edge_config(shipped: str, *, port: int, upstream: int, cache: Path) -> str:
    """The shipped server configuration with only what must differ here changed: where
    it listens, where gunicorn listens, and the cache's folder."""
    text = _replace_once(shipped, "listen 80;", f"listen 127.0.0.1:{port};")
    text = _replace_once(text, "listen [::]:80;", "")
    text = _replace_once(text, "server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    return _replace_once(text, "/var/cache/nginx/calfeed", str(cache))


def main_config(prefix: Path, include: str) -> str:
    """An nginx.conf around `include` that runs unprivileged in `prefix`, with what
    Debian's own turns on that concerns the feeds (gzip, and more of it than Debian's),
    so the shipped file is shown to keep the app's representations anyway."""
    user = "user root;" if os.geteuid() == 0 else ""  # as root, workers would be nobody
    temp = " ".join(
        f"{name}_temp_path {prefix / name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
{user}
worker_processes 1;
pid {prefix / "nginx.pid"};
error_log {prefix / "error.log"} info;
events {{ worker_connections 512; }}
http {{
    access_log {prefix / "access.log"};
    {temp}
    gzip on;
    gzip_proxied any;
    gzip_types text/calendar text/plain application/json;
    gzip_min_length 1;
    include {include};
}}
"""


@dataclass
class Nginx:
    process: subprocess.Popen[bytes]
    port: int
    prefix: Path


@contextmanager
def nginx(prefix: Path, *, upstream: int, shipped: Path = SHIPPED_NGINX) -> Iterator[Nginx]:
    """nginx from the shipped `deploy/nginx.conf` in front of gunicorn at `upstream`,
    on a free loopback port, until the block ends."""
    binary = nginx_binary()
    prefix.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = prefix / "calfeed.conf"
    conf.write_text(
        edge_config(shipped.read_text(), port=port, upstream=upstream, cache=prefix / "cache"),
        encoding="utf-8",
    )
    main = prefix / "nginx.conf"
    main.write_text(main_config(prefix, str(conf)), encoding="utf-8")
    output = prefix / "nginx.out"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [binary, "-p", str(prefix), "-c", str(main)], stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        _wait_for_nginx(process, port, prefix)
        yield Nginx(process, port, prefix)
    finally:
        process.send_signal(signal.SIGQUIT)  # nginx's graceful stop
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_for_nginx(process: subprocess.Popen[bytes], port: int, prefix: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            logs = [(prefix / n) for n in ("nginx.out", "error.log")]
            text = "\n".join(p.read_text() for p in logs if p.exists())
            pytest.fail(f"nginx exited with {process.returncode}:\n{text}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail("nginx did not listen within 30 s")


def unit_lines(text: str) -> dict[str, list[str]]:
    """A systemd unit's settings, each name with its values in order (a name may repeat)."""
    settings: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith(("#", "[")) or "=" not in line:
            continue
        name, _, value = line.partition("=")
        settings.setdefault(name.strip(), []).append(value.strip())
    return settings
