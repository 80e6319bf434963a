"""The few ways the page turns text and links into HTML, in one place so that every part
escapes the same way: catalogue text is untrusted wherever it goes."""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import urlsplit

from calfeed.language import words


def esc(text: str) -> str:
    """Text for an element or a quoted attribute: `<`, `>`, `&` and both quotes escaped."""
    return html.escape(text, quote=True)


def paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; single line breaks are kept inside one."""
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def multiline(text: str) -> str:
    return "<br>".join(esc(line) for line in text.splitlines())


def safe_href(url: str) -> str | None:
    """Only http(s) links: the catalogue check enforces it, and a `javascript:` URL must
    never become a link even if a catalogue reached here unchecked."""
    return url if urlsplit(url).scheme.lower() in {"http", "https"} else None


def link_list(links: Iterable[tuple[str, str]], extra_class: str = "") -> str:
    """`<ul class="links">` of (label, href): calfeed's own labels, escaped all the same."""
    items = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for label, href in links)
    return f'<ul class="links{" " + extra_class if extra_class else ""}">{items}</ul>'


def breakable_address(url: str) -> str:
    """A long feed address for a phone screen: it may wrap after each `/` of its path
    (`<wbr>`), never inside a name, and never inside the scheme's `//`. The page's script
    writes the addresses it makes the same way."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "", url
    head = esc(scheme + sep)
    return head + "/<wbr>".join(esc(part) for part in rest.split("/"))


def address_line(url: str, language: str | None = None) -> str:
    """The https address to paste into an app's "subscribe from URL" field."""
    label = esc(words(language).gettext("Feed address:"))
    return f'<p class="muted feed-address">{label} <code>{breakable_address(url)}</code></p>'


def event_count(count: int, language: str | None = None) -> str:
    return words(language).ngettext("{n} event", "{n} events", count).format(n=count)
