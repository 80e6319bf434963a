"""The "Subscribe" part of the page: every public feed with the links a visitor clicks to
get it into their calendar app, its address and its QR code.

Where the page is published is not always known when it is built (an organiser's first
deployment to GitHub Pages): then each feed gets only its relative download link, which
works anywhere and with scripts off, and the page's script (`subscribe.js`) makes the
other links absolute from the page's own address once it is served over http(s). A page
opened from disk says how to publish it instead.
"""

from __future__ import annotations

from urllib.parse import quote

from calfeed.model import Catalogue
from calfeed.render.links import Publishing, subscribe_links, webcal
from calfeed.render.page.markup import address_line, esc, event_count, link_list, multiline
from calfeed.render.page.picker import picker_part
from calfeed.render.page.qr import qr_block
from calfeed.selection.feeds import Feed, FeedKind

NO_URL_NOTE = (
    "Subscribe links for calendar apps need the web address where these calendars are "
    "published, and the organiser has not set it yet (url in the [calendar] table of "
    "events.toml). Until then, download a feed below, or copy the download link into your "
    "calendar app\u2019s \u201csubscribe from URL\u201d (or \u201cadd from web\u201d) option "
    "to get its updates."
)
FROM_DISK_NOTE = (
    "This page was opened from a file, so it cannot make subscribe links: publish the "
    "folder it is in on a web server (GitHub Pages or any static host) and open it there."
)
"""Shown by the script on a `file:` page, in place of `NO_URL_NOTE`."""


def display_name(catalogue: Catalogue, feed: Feed) -> str:
    """The feed's name without the calendar's, which the page's heading already says:
    "Governments", not "Green Jobs & Just Transition: Asia-Pacific: Governments" on every
    line of a phone screen. Calendar apps still get the full name."""
    if feed.kind is FeedKind.ALL:
        return "All events"
    return feed.name.removeprefix(f"{catalogue.calendar.name}: ") or feed.name


def feeds_section(catalogue: Catalogue, feeds: tuple[Feed, ...], publishing: Publishing) -> str:
    """The picker first (most visitors want their region and audience), then every feed
    but the region x audience ones, which the picker holds."""
    lines = [
        '<section aria-labelledby="subscribe">',
        '<h2 id="subscribe">Subscribe</h2>',
        "<p>Subscribe to a feed and its events stay up to date in your calendar app, each at "
        "the right time wherever you are.</p>",
    ]
    if publishing.base_url is None:
        lines.append(f'<p class="note" id="no-url">{esc(NO_URL_NOTE)}</p>')
        lines.append(f'<p class="note" id="from-disk" hidden>{esc(FROM_DISK_NOTE)}</p>')
    lines.append(picker_part(catalogue, feeds, publishing))
    lines += ['<h3 id="every-feed">Every feed</h3>', '<ul class="feeds">']
    lines += [
        feed_item(catalogue, feed, publishing)
        for feed in feeds
        if feed.kind is not FeedKind.REGION_AUDIENCE
    ]
    lines += ["</ul>", "</section>"]
    return "\n".join(lines)


def feed_item(catalogue: Catalogue, feed: Feed, publishing: Publishing) -> str:
    lines = [
        '<li class="feed">',
        f'<p><strong class="feed-name">{esc(display_name(catalogue, feed))}</strong> '
        f'<span class="count">{event_count(len(feed.events))}</span></p>',
    ]
    # The calendar's own description is the header's; repeated on every feed it is noise.
    if feed.description and feed.description != catalogue.calendar.description:
        lines.append(f'<p class="muted">{multiline(feed.description)}</p>')
    lines.append(subscribe_block(feed, publishing))
    lines.append("</li>")
    return "\n".join(lines)


def subscribe_block(feed: Feed, publishing: Publishing) -> str:
    """Every way to subscribe, the address and the QR code of its webcal address, where
    the address is known; else the relative download link, marked for the script with the
    feed's full name (which Outlook's add-from-web page takes)."""
    absolute = publishing.address(feed.path)
    if absolute is None:
        relative = quote(feed.path, safe="/")
        return (
            f'<ul class="links" data-relative data-name="{esc(feed.name)}">'
            f'<li><a href="{esc(relative)}">Download .ics</a></li></ul>'
        )
    return "\n".join(
        [
            link_list(subscribe_links(absolute, feed.name)),
            address_line(absolute),
            qr_block(webcal(absolute)),
        ]
    )
