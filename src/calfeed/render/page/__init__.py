"""`index.html`: the page people land on before they subscribe to anything.

Most visitors do not know what a `.ics` feed is; they want the events and a button for
their calendar app. So the page offers the feed of their region and audience, every public
feed with ready-made subscribe links and a QR code for a phone, then the agenda, each event
in the zone where it happens with the UTC offset and its own "add to calendar" links.

The page is built like the feeds: from the catalogue and where it is published alone,
never from the clock, so a rebuild of an unchanged catalogue changes no byte and `build
--check` does not go stale overnight. Catalogue text is untrusted here: it is escaped
wherever it goes (`markup`), and a Content-Security-Policy (`assets`) lets no script or
style run but the ones calfeed ships.

One module per part, each a size a reader holds in their head: `assets` (the head, the
stylesheet, the scripts and the policy), `feeds` (subscribe links, addresses, QR codes from
`qr`), `picker` (region x audience, and any combination where the feed service runs) and
`agenda`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping

from calfeed.language import words
from calfeed.model import Catalogue
from calfeed.render.links import Publishing
from calfeed.render.page.agenda import Described, agenda_section
from calfeed.render.page.assets import SCRIPTS, STYLE, content_security_policy, head, script_tags
from calfeed.render.page.feeds import feeds_section
from calfeed.render.page.languages import html_tag, languages_nav
from calfeed.render.page.markup import esc, multiline, paragraphs
from calfeed.selection.feeds import Feed
from calfeed.tz import tzdata_version

__all__ = ["SCRIPTS", "STYLE", "content_security_policy", "index_pieces", "render_index"]


def render_index(
    catalogue: Catalogue,
    feeds: Iterable[Feed],
    publishing: Publishing,
    described: Mapping[str, Described] | None = None,
) -> bytes:
    """The whole page, as UTF-8 bytes that depend on the catalogue and where it is
    published alone. `described` holds public events' DESCRIPTION paragraphs by id, as
    the feeds' rendering made them, so a build does not make them twice."""
    return b"".join(index_pieces(catalogue, feeds, publishing, described))


def index_pieces(
    catalogue: Catalogue,
    feeds: Iterable[Feed],
    publishing: Publishing,
    described: Mapping[str, Described] | None = None,
) -> Iterator[bytes]:
    """The page as UTF-8 pieces, a line or an event at a time: on a large catalogue it is
    the largest file (2.8 kB an event), and a build writes it as it comes rather than
    holding it whole."""
    public = tuple(feed for feed in feeds if not feed.private)
    pieces = itertools.chain(
        (
            "<!DOCTYPE html>",
            html_tag(catalogue.language),
            head(catalogue),
            "<body>",
            _header(catalogue, publishing),
            "<main>",
            feeds_section(catalogue, public, publishing),
        ),
        agenda_section(catalogue, publishing, described or {}),
        ("</main>", _footer(catalogue.language), script_tags(), "</body>", "</html>"),
    )
    for piece in pieces:
        yield piece.encode("utf-8") + b"\n"


def _header(catalogue: Catalogue, publishing: Publishing) -> str:
    info = catalogue.calendar
    lines = ["<header>", languages_nav(catalogue, publishing), f"<h1>{esc(info.name)}</h1>"]
    lines += [f"<p>{multiline(p)}</p>" for p in paragraphs(info.description)]
    lines.append("</header>")
    return "\n".join(line for line in lines if line)


def _footer(language: str | None) -> str:
    made = words(language).gettext(
        "Made by calfeed from the catalogue events.toml. Local times and UTC offsets come "
        "from the IANA time zone database, release {release}."
    )
    return f"<footer><p>{esc(made.format(release=tzdata_version()))}</p></footer>"
