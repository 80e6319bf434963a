"""`calfeed.web:create_app`, the WSGI application (PEP 3333) that answers every public file
of a build and any filtered feed, for any WSGI server to run:

    gunicorn -c python:calfeed.web.gunicorn_conf 'calfeed.web:create_app("events.toml")'

Standard library only. Each copy builds the site in memory when it starts (under that
configuration, once in gunicorn's master for all its workers) and keeps no other state, so
any number of copies can run behind a load balancer or a CDN. HTTP is
answered as a cache in front expects: GET and HEAD, strong ETags and Last-Modified with
304s, gzip when the client prefers it, and a `Cache-Control` no longer than the
catalogue's `refresh`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from datetime import timedelta
from http import HTTPStatus
from pathlib import Path
from wsgiref.types import StartResponse, WSGIEnvironment

from calfeed.errors import CalfeedError, InvalidCatalogueError, Severity, StartError
from calfeed.members import members_path
from calfeed.output.assemble import FILTERED_PATH
from calfeed.report import format_text, summary
from calfeed.web.negotiation import Verdict, accepts_gzip, evaluate, http_time
from calfeed.web.private import PREFIX as PRIVATE_PREFIX
from calfeed.web.query import QueryError, split_query
from calfeed.web.resource import Resource
from calfeed.web.site import INDEX, Site

STATUS_PATH = "status"
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json"
ALLOWED = "GET, HEAD"
MAX_AGE = 3600
"""The longest a cache may keep a file by default (the catalogue's `refresh` if shorter):
an edit reaches a CDN's edge within the hour, and 100,000 subscribers still cost the origin
one request per feed, per edge, per hour."""
DEFAULT_HISTORY = "calendars"
"""The folder beside the catalogue that `calfeed build` writes by default."""

Headers = list[tuple[str, str]]


def create_app(
    catalogue: str | os.PathLike[str],
    *,
    base_url: str | None = None,
    service_url: str | None = None,
    history: str | os.PathLike[str] | None = None,
    max_age: int | None = None,
    members: str | os.PathLike[str] | None = None,
) -> FeedApp:
    """A WSGI application serving `catalogue`'s public files and filtered feeds, built now.

    `base_url` and `service_url` say where the files and `/feed.ics` are published, as
    `calfeed build --base-url/--service-url` (else `CALFEED_BASE_URL` and
    `CALFEED_SERVICE_URL`, else the catalogue), so each file has the bytes `calfeed build`
    writes. Events keep their stamps from the feeds in `history` (default: the `calendars`
    folder beside the catalogue, if there is one); new ones are stamped with
    `SOURCE_DATE_EPOCH`, else the time of the build. Nothing is written.

    `max_age` is how long caches may keep a file, in seconds (default: the catalogue's
    `refresh`, at most an hour; never longer than the `refresh`). With no good build to
    serve (an invalid catalogue, a bad option, no catalogue file) each error is printed
    to standard error and `StartError` raised.

    `members` is the members file of private audiences (default: `CALFEED_MEMBERS`, else
    `members.toml` beside the catalogue): each member's secret address answers their
    feed, with the private details, and their page.

    The app never rebuilds by itself: `reload()` (gunicorn's SIGHUP, through
    `calfeed.web.gunicorn_conf`) builds the catalogue again, and only a good build
    replaces the one served.
    """
    path = Path(catalogue)
    folder = Path(history) if history is not None else path.parent / DEFAULT_HISTORY
    try:
        site = Site(
            path,
            history=folder,
            base_url=base_url,
            service_url=service_url,
            log=_stderr,
            banner=False,
            members=members_path(path, Path(members) if members is not None else None, os.environ),
        )
    except InvalidCatalogueError as invalid:
        for finding in invalid.findings:
            if finding.severity is Severity.ERROR:
                _stderr(format_text(finding))
        raise StartError(f"no feeds to serve: {summary(invalid.findings, path)}") from None
    except CalfeedError as problem:
        raise StartError(f"no feeds to serve: {problem}") from None
    except OSError as problem:
        raise StartError(
            f"no feeds to serve: cannot read {problem.filename or path}: "
            f"{problem.strerror or problem}"
        ) from None
    return FeedApp(site, max_age=max_age)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class FeedApp:
    """The WSGI callable over a `Site`. `refresh` (for `calfeed serve`) checks the
    catalogue for a change before each answer; copies in production never do, so every
    answer of a copy comes from the one build it made at start."""

    def __init__(self, site: Site, *, max_age: int | None = None, refresh: bool = False) -> None:
        self.site = site
        self.max_age = max_age
        self.refresh = refresh

    def reload(self) -> None:
        """Build the catalogue again; keep serving the last good build if it fails."""
        self.site.reload()

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        method = str(environ.get("REQUEST_METHOD", "GET")).upper()
        answer = self._answer(environ, method)
        status, headers, body = answer
        start_response(f"{status.value} {status.phrase}", headers)
        return [body] if body and method != "HEAD" else []

    def _answer(self, environ: WSGIEnvironment, method: str) -> tuple[HTTPStatus, Headers, bytes]:
        if method not in {"GET", "HEAD"}:
            return _plain(HTTPStatus.METHOD_NOT_ALLOWED, "only GET and HEAD are answered")
        target = str(environ.get("PATH_INFO", "")) or "/"
        query = str(environ.get("QUERY_STRING", ""))
        if not target.startswith("/"):
            return _plain(HTTPStatus.BAD_REQUEST, f"bad request target {target!r}")
        try:
            path = target.encode("latin-1").decode("utf-8")  # PEP 3333: bytes as latin-1
        except UnicodeError:
            path = target  # names no file: a 404 below
        try:
            split_query(query)
        except QueryError as bad:
            return _plain(HTTPStatus.BAD_REQUEST, str(bad))
        if self.refresh:
            self.site.refresh()
        rel = path[1:]
        if rel == "" or rel.endswith("/"):
            rel += INDEX
        if rel.startswith(PRIVATE_PREFIX):
            private = None if query else self.site.private(rel)
            if private is None:
                return _not_found()
            return self._file(private, environ, private=True)
        if query and rel != FILTERED_PATH:
            return _plain(
                HTTPStatus.BAD_REQUEST,
                f"{path} takes no query (got {query!r}): a filtered feed is "
                f"/{FILTERED_PATH}?{query}",
            )
        if rel == STATUS_PATH:
            status = json.dumps(self.site.status(), indent=2) + "\n"
            return _plain(HTTPStatus.OK, status, content_type=JSON_TYPE)
        files = self.site.state.files
        if rel == FILTERED_PATH and (query or rel not in files):
            try:
                resource = self.site.filtered(query)
            except QueryError as bad:
                return _plain(HTTPStatus.BAD_REQUEST, str(bad))
        elif rel in files:
            resource = files[rel]
        else:
            return _not_found()
        return self._file(resource, environ)

    def _file(
        self, resource: Resource, environ: WSGIEnvironment, *, private: bool = False
    ) -> tuple[HTTPStatus, Headers, bytes]:
        """The file's bytes, or a 304; `private` for a member's feed or page, which no
        shared cache may keep and no link from it may name in a Referer."""
        chosen = resource.representation(gzip=accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING")))
        verdict = evaluate(
            etag=chosen.etag,
            last_modified=resource.last_modified,
            if_match=environ.get("HTTP_IF_MATCH"),
            if_unmodified_since=environ.get("HTTP_IF_UNMODIFIED_SINCE"),
            if_none_match=environ.get("HTTP_IF_NONE_MATCH"),
            if_modified_since=environ.get("HTTP_IF_MODIFIED_SINCE"),
            second_shared=resource.second_shared,
        )
        if verdict is Verdict.PRECONDITION_FAILED:
            return _plain(HTTPStatus.PRECONDITION_FAILED, "the file has changed")
        # RFC 9110 15.4.5: a 304 carries the validators and caching headers of the 200.
        headers: Headers = [
            ("ETag", chosen.etag),
            ("Last-Modified", http_time(resource.last_modified)),
            ("Cache-Control", self.cache_control(private=private)),
            ("Vary", "Accept-Encoding"),
        ]
        if private:
            headers.append(("Referrer-Policy", "no-referrer"))
        if verdict is Verdict.NOT_MODIFIED:
            return HTTPStatus.NOT_MODIFIED, headers, b""
        headers += [
            ("Content-Type", resource.content_type),
            ("Content-Length", str(len(chosen.body))),
            ("X-Content-Type-Options", "nosniff"),
        ]
        if chosen.encoding is not None:
            headers.append(("Content-Encoding", chosen.encoding))
        return HTTPStatus.OK, headers, chosen.body

    def cache_control(self, *, private: bool = False) -> str:
        """`public, max-age=N, stale-while-revalidate=N` with N no longer than the
        catalogue's `refresh` (calendar apps would not look sooner anyway); `no-cache`
        for a max-age of 0, as `calfeed serve` asks while the catalogue is edited; and
        `private, max-age=N` for a member's feed, which only the member's app may keep."""
        refresh = self.site.state.good.catalogue.calendar.refresh
        seconds = max_age_for(refresh, self.max_age)
        if private:
            return f"private, max-age={seconds}" if seconds else "private, no-cache"
        if seconds == 0:
            return "no-cache"
        return f"public, max-age={seconds}, stale-while-revalidate={seconds}"


def max_age_for(refresh: timedelta, asked: int | None) -> int:
    """The max-age to send: the one asked for, else `MAX_AGE`; never above `refresh`."""
    ceiling = int(refresh.total_seconds())
    wanted = MAX_AGE if asked is None else asked
    return max(0, min(wanted, ceiling))


def _not_found() -> tuple[HTTPStatus, Headers, bytes]:
    """The one 404, whatever was asked: it repeats no part of the path, which may hold a
    member's token."""
    return _plain(HTTPStatus.NOT_FOUND, "not found: the feeds are listed at /")


def _plain(
    status: HTTPStatus, message: str, *, content_type: str = TEXT_TYPE
) -> tuple[HTTPStatus, Headers, bytes]:
    """A small answer that no cache keeps: an error, or `/status`."""
    data = (message if message.endswith("\n") else message + "\n").encode("utf-8")
    headers: Headers = [
        ("Content-Type", content_type),
        ("Content-Length", str(len(data))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
    ]
    if status == HTTPStatus.METHOD_NOT_ALLOWED:
        headers.append(("Allow", ALLOWED))
    return status, headers, data
