"""Preconditions (RFC 9110 13.2.2) and content codings (12.5.3) decided from header values
alone: each row is one request's headers and what the answer must be."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TypedDict

import pytest

from calfeed.web.negotiation import Verdict, accepts_gzip, evaluate, http_date, http_time


class Preconditions(TypedDict, total=False):
    """A request's conditional headers, by `evaluate`'s names."""

    if_match: str
    if_unmodified_since: str
    if_none_match: str
    if_modified_since: str


TAG = '"3c2f"'
MODIFIED = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
AT = "Tue, 14 Nov 2023 22:13:20 GMT"
BEFORE = "Tue, 14 Nov 2023 22:13:19 GMT"
AFTER = "Tue, 14 Nov 2023 22:13:21 GMT"


@pytest.mark.parametrize(
    ("headers", "verdict"),
    [
        ({}, Verdict.SEND),
        ({"if_none_match": TAG}, Verdict.NOT_MODIFIED),
        ({"if_none_match": f'"x", W/{TAG}'}, Verdict.NOT_MODIFIED),
        ({"if_none_match": f'"a,b", {TAG}'}, Verdict.NOT_MODIFIED),
        ({"if_none_match": "*"}, Verdict.NOT_MODIFIED),
        ({"if_none_match": '"3c2"'}, Verdict.SEND),
        ({"if_none_match": "3c2f"}, Verdict.SEND),  # not quoted: not an entity tag
        ({"if_modified_since": AT}, Verdict.NOT_MODIFIED),
        ({"if_modified_since": AFTER}, Verdict.NOT_MODIFIED),
        ({"if_modified_since": BEFORE}, Verdict.SEND),
        ({"if_modified_since": "Sun Nov 14 22:13:20 2023"}, Verdict.NOT_MODIFIED),  # asctime
        ({"if_modified_since": "not a date"}, Verdict.SEND),
        ({"if_none_match": '"other"', "if_modified_since": AT}, Verdict.SEND),
        ({"if_none_match": TAG, "if_modified_since": BEFORE}, Verdict.NOT_MODIFIED),
        ({"if_match": TAG}, Verdict.SEND),
        ({"if_match": "*"}, Verdict.SEND),
        ({"if_match": '"other"'}, Verdict.PRECONDITION_FAILED),
        ({"if_match": f"W/{TAG}"}, Verdict.PRECONDITION_FAILED),
        ({"if_match": '"other"', "if_none_match": TAG}, Verdict.PRECONDITION_FAILED),
        ({"if_match": TAG, "if_none_match": TAG}, Verdict.NOT_MODIFIED),
        ({"if_unmodified_since": AT}, Verdict.SEND),
        ({"if_unmodified_since": BEFORE}, Verdict.PRECONDITION_FAILED),
        ({"if_unmodified_since": "garbage"}, Verdict.SEND),
        ({"if_match": TAG, "if_unmodified_since": BEFORE}, Verdict.SEND),
    ],
)
def test_preconditions_in_rfc_9110_order(headers: Preconditions, verdict: Verdict) -> None:
    assert evaluate(etag=TAG, last_modified=MODIFIED, **headers) is verdict


@pytest.mark.parametrize(
    ("headers", "verdict"),
    [
        ({"if_modified_since": AT}, Verdict.SEND),  # which of the second's versions?
        ({"if_modified_since": AFTER}, Verdict.NOT_MODIFIED),
        ({"if_none_match": TAG, "if_modified_since": AT}, Verdict.NOT_MODIFIED),
        ({"if_unmodified_since": AT}, Verdict.PRECONDITION_FAILED),
        ({"if_unmodified_since": AFTER}, Verdict.SEND),
    ],
)
def test_a_second_shared_by_two_versions_proves_nothing(
    headers: Preconditions, verdict: Verdict
) -> None:
    assert evaluate(etag=TAG, last_modified=MODIFIED, second_shared=True, **headers) is verdict


@pytest.mark.parametrize(
    ("header", "gzip"),
    [
        (None, False),
        ("gzip", True),
        ("deflate, gzip;q=1.0", True),
        (" gzip ; q=0.7 ", True),
        ("*;q=0.3", True),
        ("gzip;q=0.3, *;q=0.9", False),  # identity, not named, takes *'s q: higher
        ("gzip;q=0.3, identity;q=0.9", False),
        ("gzip;q=0", False),
        ("gzip;q=0, *", False),
        ("gzip;level=9", False),
        (",,,", False),
    ],
)
def test_gzip_only_when_preferred(header: str | None, gzip: bool) -> None:
    assert accepts_gzip(header) is gzip


def test_http_dates_round_trip() -> None:
    assert http_time(MODIFIED) == AT
    assert http_date(AT) == MODIFIED
    assert http_date("Tuesday, 14-Nov-23 22:13:20 GMT") == MODIFIED  # RFC 850
