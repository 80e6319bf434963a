"""A member's own page (`/private/<token>/`): how to subscribe to their personal feed, and
what to do if its address leaks.

It is the public page's subscribe part for one feed (links for each calendar app, the
address and a QR code for a phone), under the same head, stylesheet, scripts and
Content-Security-Policy. The address is the member's secret: the page says so, and the app
serves it with `Referrer-Policy: no-referrer` and `Cache-Control: private`.
"""

from __future__ import annotations

from calfeed.model import Catalogue
from calfeed.render.links import subscribe_links, webcal
from calfeed.render.page.assets import head, script_tags
from calfeed.render.page.markup import address_line, esc, link_list
from calfeed.render.page.qr import qr_block

PERSONAL_NOTE = (
    "This address is yours alone: the feed shows details meant only for you and your "
    "group, such as meeting passcodes. Do not share it or post it anywhere. If it leaks "
    "or you want a new one, ask the organiser: they give you a new address, and this one "
    "stops working."
)


def member_page(
    catalogue: Catalogue, feed_name: str, member: str, address: str | None, relative: str
) -> bytes:
    """The page of `member`'s feed, at the absolute `address` when the app knows where it
    answers, else with the `relative` link the page's script makes absolute."""
    if address is None:
        links = (
            f'<ul class="links" data-relative data-name="{esc(feed_name)}">'
            f'<li><a href="{esc(relative)}">Download .ics</a></li></ul>'
        )
    else:
        links = "\n".join(
            [
                link_list(subscribe_links(address, feed_name)),
                address_line(address),
                qr_block(webcal(address)),
            ]
        )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        head(catalogue),
        "<body>",
        f"<header><h1>{esc(catalogue.calendar.name)}</h1></header>",
        "<main>",
        '<section aria-labelledby="subscribe">',
        f'<h2 id="subscribe">Your feed: {esc(feed_name)}</h2>',
        f"<p>For {esc(member)}. Subscribe and its events stay up to date in your calendar "
        "app, each at the right time wherever you are.</p>",
        f'<p class="note">{esc(PERSONAL_NOTE)}</p>',
        '<ul class="feeds"><li class="feed">',
        links,
        "</li></ul>",
        "</section>",
        "</main>",
        script_tags(),
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")
