"""Private audiences' feeds at each member's secret address: `/private/<token>.ics` and
the member's own page `/private/<token>/`.

A request's token is looked up by its SHA-256 in a dictionary, as the members file keeps
it: no comparison of the token itself, so an unknown token costs what any other does,
and a token appears in no answer but the member's own page. Each member's feed is the
bytes `calfeed feed --audience A --include-private` prints for their audiences, rendered
when the site is built (members with the same audiences share one).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from calfeed.members import Member, is_token, read_members, token_digest
from calfeed.model import Catalogue
from calfeed.output.assemble import FILTERED_PATH, render_selection
from calfeed.render.page.member import member_page
from calfeed.selection import Selection
from calfeed.selection.feeds import FeedKind, selection_feed
from calfeed.web.resource import FEED_TYPE, HTML_TYPE, Resource

PREFIX = "private/"
_TOKEN_IN_PATH = re.compile(r"(/private/)[^/?#.\s\"'<>]+")


@dataclass(frozen=True)
class PrivateFeeds:
    """The members of one build and the feed of each set of audiences they receive."""

    members: Mapping[str, Member]
    """By the SHA-256 of their token."""
    feeds: Mapping[frozenset[str], Resource]
    names: Mapping[frozenset[str], str]
    """Each feed's name (what the member's page and calendar app call it)."""

    def member(self, token: str) -> Member | None:
        """The member whose address holds `token`, or None for any other string."""
        if not is_token(token):
            return None
        return self.members.get(token_digest(token))


NONE = PrivateFeeds({}, {}, {})


def private_feeds(
    catalogue: Catalogue, members: Path | None, history: Path | None, now: datetime
) -> PrivateFeeds:
    """The members in the file `members` (none without one) and their feeds, rendered
    with the private details; an invalid file raises what `read_members` raises."""
    if members is None:
        return NONE
    found = read_members(members, catalogue)
    feeds: dict[frozenset[str], Resource] = {}
    names: dict[frozenset[str], str] = {}
    for member in found:
        if member.audiences in feeds:
            continue
        selection = Selection(audiences=member.audiences)
        body = render_selection(catalogue, selection, private=True, history=history, now=now)
        feeds[member.audiences] = Resource(body, FEED_TYPE, now)
        named = selection_feed(catalogue, selection, FILTERED_PATH, FeedKind.FILTERED, private=True)
        names[member.audiences] = named.name
    return PrivateFeeds({m.token_sha256: m for m in found}, feeds, names)


def answer(
    private: PrivateFeeds,
    catalogue: Catalogue,
    rel: str,
    service_url: str | None,
    now: datetime,
) -> Resource | None:
    """The member's feed or page a path under `private/` names, or None (a 404)."""
    rest = rel.removeprefix(PREFIX)
    if rest.endswith(".ics") and "/" not in rest:
        member = private.member(rest.removesuffix(".ics"))
        return None if member is None else private.feeds.get(member.audiences)
    token, slash, page = rest.partition("/")
    if not slash or page != "index.html":
        return None
    member = private.member(token)
    if member is None:
        return None
    name = private.names.get(member.audiences, "Private feed")
    address = f"{service_url}{PREFIX}{token}.ics" if service_url else None
    body = member_page(catalogue, name, member.name, address, f"../{token}.ics")
    return Resource(body, HTML_TYPE, now)


def redact(text: str) -> str:
    """`text` (a log line) with every `/private/<token>` shown as `/private/<token>`: a log
    is read by more people than a member's address may be."""
    return _TOKEN_IN_PATH.sub(r"\1<token>", text)
