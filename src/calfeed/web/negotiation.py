"""What a request's headers decide about the answer: which content coding it accepts
(`Accept-Encoding`, RFC 9110 12.5.3) and whether its preconditions hold (RFC 9110 13).

Pure functions of header values, so every case is a one-line test.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from enum import Enum

_QVALUE = re.compile(r"\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*", re.IGNORECASE)
_ENTITY_TAG = re.compile(r'\s*(W/)?("[\x21\x23-\x7e\x80-\xff]*")\s*(?:,|$)')


def accepts_gzip(header: str | None) -> bool:
    """True when the client prefers gzip to the bytes as they are.

    No header means the client said nothing: the bytes as they are (RFC 9110 12.5.3 allows
    any coding, but old clients that send nothing rarely decode). Otherwise gzip needs a
    q-value above 0, from `gzip` (or its alias `x-gzip`) or else from `*`, and at least as
    high as the one `identity` gets by name or from `*`; an `identity` the client does not
    weigh at all is the fallback, never preferred to a coding it asked for.
    """
    if header is None:
        return False
    weights: dict[str, float] = {}
    for member in header.split(","):
        coding, _, params = member.partition(";")
        name = coding.strip().lower()
        if not name:
            continue
        weight = 1.0
        if params.strip():
            found = _QVALUE.fullmatch(params)
            if found is None:
                continue  # a member we cannot read says nothing
            weight = float(found.group(1))
        if name == "x-gzip":
            name = "gzip"
        weights[name] = max(weight, weights.get(name, weight))
    anything = weights.get("*")
    gzip = weights.get("gzip", anything if anything is not None else 0.0)
    identity = weights.get("identity", anything if anything is not None else 0.0)
    return gzip > 0 and gzip >= identity


class Verdict(Enum):
    """What the preconditions of a GET or HEAD decide."""

    SEND = 200
    NOT_MODIFIED = 304
    PRECONDITION_FAILED = 412


def evaluate(
    *,
    etag: str,
    last_modified: datetime,
    if_match: str | None = None,
    if_unmodified_since: str | None = None,
    if_none_match: str | None = None,
    if_modified_since: str | None = None,
    second_shared: bool = False,
) -> Verdict:
    """RFC 9110 13.2.2, in its order, for a GET or HEAD of a representation that exists:
    If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since (a
    client that sends both validators gets the date ignored: the tag is exact, the date
    only to the second). When other bytes had the same `last_modified` second
    (`second_shared`), a date equal to it cannot tell which of them the client holds: it
    gets the bytes (If-Modified-Since), or a refusal (If-Unmodified-Since)."""
    if if_match is not None:
        if not _listed(if_match, etag, weak=False):
            return Verdict.PRECONDITION_FAILED
    elif if_unmodified_since is not None:
        since = http_date(if_unmodified_since)
        if since is not None and _later(last_modified, since, second_shared):
            return Verdict.PRECONDITION_FAILED
    if if_none_match is not None:
        return Verdict.NOT_MODIFIED if _listed(if_none_match, etag, weak=True) else Verdict.SEND
    if if_modified_since is not None:
        since = http_date(if_modified_since)
        if since is not None and not _later(last_modified, since, second_shared):
            return Verdict.NOT_MODIFIED
    return Verdict.SEND


def _later(last_modified: datetime, since: datetime, second_shared: bool) -> bool:
    """Whether the representation may have changed after the date `since`."""
    return last_modified > since or (second_shared and last_modified == since)


def _listed(header: str, etag: str, *, weak: bool) -> bool:
    """Whether `etag` (strong) is in an If-Match or If-None-Match list, or the list is `*`.
    Weak comparison ignores `W/`; strong comparison never matches a weak tag."""
    if header.strip() == "*":
        return True
    position = 0
    while position < len(header):
        found = _ENTITY_TAG.match(header, position)
        if found is None:
            return False  # not a list of entity tags: nothing in it matches
        position = found.end()
        if found.group(2) == etag and (weak or not found.group(1)):
            return True
    return False


def http_date(text: str) -> datetime | None:
    """An HTTP-date in UTC, or None when it is not one (then the header is ignored, as
    RFC 9110 13.1.3 says). HTTP dates are always GMT, so one without a zone is read as
    GMT."""
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def http_time(when: datetime) -> str:
    """`when` as an HTTP-date (IMF-fixdate, GMT)."""
    return format_datetime(when.astimezone(UTC), usegmt=True)
