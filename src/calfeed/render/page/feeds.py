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

from calfeed.language import words
from calfeed.model import Catalogue
from calfeed.render.links import Publishing, subscribe_links, webcal
from calfeed.render.page.markup import address_line, esc, event_count, link_list, multiline
from calfeed.render.page.picker import picker_part
from calfeed.render.page.qr import qr_block
from calfeed.selection.feeds import Feed, FeedKind


def no_url_note(language: str | None) -> str:
    """Where the page cannot make subscribe links, for want of its address."""
    return words(language).gettext(
        "Subscribe links for calendar apps need the web address where these calendars are "
        "published, and the organiser has not set it yet (url in the [calendar] table of "
        "events.toml). Until then, download a feed below, or copy the download link into "
        "your calendar app\u2019s \u201csubscribe from URL\u201d (or \u201cadd from "
        "web\u201d) option to get its updates."
    )


def from_disk_note(language: str | None) -> str:
    """Shown by the script on a `file:` page, in place of `no_url_note`."""
    return words(language).gettext(
        "This page was opened from a file, so it cannot make subscribe links: publish the "
        "folder it is in on a web server (GitHub Pages or any static host) and open it "
        "there."
    )


NO_URL_NOTE = no_url_note(None)
FROM_DISK_NOTE = from_disk_note(None)


def display_name(catalogue: Catalogue, feed: Feed) -> str:
    """The feed's name without the calendar's, which the page's heading already says:
    "Governments", not "Green Jobs & Just Transition: Asia-Pacific: Governments" on every
    line of a phone screen. Calendar apps still get the full name."""
    if feed.kind is FeedKind.ALL:
        return words(catalogue.language).gettext("All events")
    return feed.name.removeprefix(f"{catalogue.calendar.name}: ") or feed.name


def feeds_section(catalogue: Catalogue, feeds: tuple[Feed, ...], publishing: Publishing) -> str:
    """The picker first (most visitors want their region and audience), then every feed
    but the region x audience ones, which the picker holds."""
    said = words(catalogue.language)
    heading, every = esc(said.gettext("Subscribe")), esc(said.gettext("Every feed"))
    lines = [
        '<section aria-labelledby="subscribe">',
        f'<h2 id="subscribe">{heading}</h2>',
        "<p>"
        + esc(
            said.gettext(
                "Subscribe to a feed and its events stay up to date in your calendar app, "
                "each at the right time wherever you are."
            )
        )
        + "</p>",
    ]
    if publishing.base_url is None:
        no_url, from_disk = no_url_note(catalogue.language), from_disk_note(catalogue.language)
        lines.append(f'<p class="note" id="no-url">{esc(no_url)}</p>')
        lines.append(f'<p class="note" id="from-disk" hidden>{esc(from_disk)}</p>')
    lines.append(picker_part(catalogue, feeds, publishing))
    lines += [f'<h3 id="every-feed">{every}</h3>', '<ul class="feeds">']
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
        f'<span class="count">{event_count(len(feed.events), catalogue.language)}</span></p>',
    ]
    # The calendar's own description is the header's; repeated on every feed it is noise.
    if feed.description and feed.description != catalogue.calendar.description:
        lines.append(f'<p class="muted">{multiline(feed.description)}</p>')
    lines.append(subscribe_block(feed, publishing, catalogue.language))
    lines.append("</li>")
    return "\n".join(lines)


def subscribe_block(feed: Feed, publishing: Publishing, language: str | None = None) -> str:
    """Every way to subscribe, the address and the QR code of its webcal address, where
    the address is known; else the relative download link, marked for the script with the
    feed's full name (which Outlook's add-from-web page takes)."""
    absolute = publishing.address(feed.path)
    if absolute is None:
        relative = quote(feed.path, safe="/")
        download = esc(words(language).gettext("Download .ics"))
        return (
            f'<ul class="links" data-relative data-name="{esc(feed.name)}">'
            f'<li><a href="{esc(relative)}">{download}</a></li></ul>'
        )
    return "\n".join(
        [
            link_list(subscribe_links(absolute, feed.name, language)),
            address_line(absolute, language),
            qr_block(webcal(absolute), language),
        ]
    )
