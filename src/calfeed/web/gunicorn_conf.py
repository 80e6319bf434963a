"""calfeed's gunicorn configuration, for production:

    gunicorn -c python:calfeed.web.gunicorn_conf 'calfeed.web:create_app("events.toml")'

Every setting here can be overridden on the command line (`-w 8`, `-b 0.0.0.0:8080`),
which gunicorn reads after this module.

What makes it correct rather than fast is `preload_app`: the master builds the site once,
before it forks, so every worker serves the same bytes with the same ETags, and a worker
that dies or is recycled is forked again from the master with the same build, whatever
has happened to the catalogue file since. A new version comes only with SIGHUP, gunicorn's
reload signal: the master builds the catalogue again (`on_reload`) before it forks the new
workers and stops the old ones; a catalogue that does not build is logged with its
findings, and the workers are forked with the last good build again.
"""

from __future__ import annotations

import logging
import os
from typing import Protocol

from gunicorn.glogging import Logger

from calfeed.web.app import FeedApp
from calfeed.web.private import redact

bind = "127.0.0.1:8000"
"""Loopback: a proxy or CDN in front answers the world (`deploy/nginx.conf`)."""
workers = 2 * (os.cpu_count() or 1) + 1
"""gunicorn's own rule of thumb; each worker shares the master's build until it writes."""
preload_app = True
timeout = 30
"""Seconds a worker may take over one request before the master replaces it."""
graceful_timeout = 30
"""Seconds old workers have to finish their requests after a reload or a stop."""
keepalive = 5
max_requests = 10_000
max_requests_jitter = 1_000
"""Workers are recycled now and then (never all at once); each comes back with the
master's build."""
accesslog = "-"
errorlog = "-"
loglevel = "info"
logger_class = "calfeed.web.gunicorn_conf.RedactingLogger"
"""Logs `/private/<token>` paths without their token (`RedactingLogger`)."""
proc_name = "calfeed"


class _RedactTokens(logging.Filter):
    """Rewrites each record, its arguments and its traceback included, with every
    member's token replaced: gunicorn logs request lines and, on an error, the path."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


_REDACT = _RedactTokens()


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn has no type hints
    """gunicorn's logger, with `/private/<token>` redacted from its access and error logs."""

    def setup(self, cfg: object) -> None:
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_REDACT)  # once: a filter already there is not added again


class _Application(Protocol):
    def wsgi(self) -> object: ...


class _Arbiter(Protocol):
    """What `on_reload` uses of gunicorn's master (gunicorn has no type hints)."""

    @property
    def app(self) -> _Application: ...


def on_reload(server: _Arbiter) -> None:
    """SIGHUP: build the catalogue again in the master, before gunicorn forks the new
    workers, so each of them starts with the new build (or the last good one)."""
    app = server.app.wsgi()
    if isinstance(app, FeedApp):
        app.reload()
