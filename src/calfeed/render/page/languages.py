"""The page's language: `<html lang>`, the words its scripts say, and links to the same
page in the catalogue's other languages, each named in its own language (a reader of
Chinese looks for 中文, not for "Chinese").
"""

from __future__ import annotations

import json

from babel import Locale

from calfeed.language import words
from calfeed.model import Catalogue
from calfeed.render.links import Publishing
from calfeed.render.page.markup import esc


def html_tag(language: str | None) -> str:
    """`<html lang="zh" data-words="...">`: the language screen readers and fonts follow,
    and the scripts' words in it (none for a catalogue without languages: English)."""
    if language is None:
        return '<html lang="en">'
    return f'<html lang="{esc(language)}" data-words="{esc(script_words(language))}">'


def own_name(tag: str) -> str:
    """A language as its own readers name it: English, 中文, français."""
    name = Locale.parse(tag, sep="-").get_display_name(Locale.parse(tag, sep="-"))
    return str(name) if name else tag


def languages_nav(catalogue: Catalogue, publishing: Publishing) -> str:
    """Links to this page in every other language of the catalogue: `zh/index.html` from
    the default's page, `../index.html` back (relative, so they work from a folder on disk
    too), or absolute where the published address is known."""
    declared = catalogue.calendar.languages
    if len(declared) < 2 or catalogue.language is None:
        return ""
    here = catalogue.language
    default = declared[0]
    base = publishing.base_url
    if base is not None and here != default:
        base = base.removesuffix(f"{here}/")
    up = "" if here == default else "../"
    items = []
    for tag in declared:
        if tag == here:
            continue
        path = "index.html" if tag == default else f"{tag}/index.html"
        href = (base or up) + path
        items.append(
            f'<li><a href="{esc(href)}" hreflang="{esc(tag)}" lang="{esc(tag)}">'
            f"{esc(own_name(tag))}</a></li>"
        )
    label = esc(words(here).gettext("Other languages"))
    return f'<nav class="languages" aria-label="{label}"><ul>{"".join(items)}</ul></nav>'


def script_words(language: str | None) -> str:
    """The messages the page's scripts say (`page.js`, `subscribe.js`), English to this
    language, as JSON. Each is written out here so that extraction finds it; a message
    with a number gives its forms for one and for more (the scripts choose between two)."""
    said = words(language)
    found = {
        "Scan it with a phone camera to subscribe.": said.gettext(
            "Scan it with a phone camera to subscribe."
        ),
        "Apple Calendar, Thunderbird (webcal)": said.gettext(
            "Apple Calendar, Thunderbird (webcal)"
        ),
        "Download .ics": said.gettext("Download .ics"),
        "Feed address:": said.gettext("Feed address:"),
        "QR code": said.gettext("QR code"),
        "QR code of {address}": said.gettext("QR code of {address}"),
        "There are no events for {audience} in {region} yet: choose another region or "
        "audience, or a feed below.": said.gettext(
            "There are no events for {audience} in {region} yet: choose another region or "
            "audience, or a feed below."
        ),
        "Tick at least one region, audience or topic.": said.gettext(
            "Tick at least one region, audience or topic."
        ),
        ", ": said.gettext(", "),
        "In {zone}: {time}": said.gettext("In {zone}: {time}"),
        "No upcoming events: all {n} listed events are over.": said.gettext(
            "No upcoming events: all {n} listed events are over."
        ),
        "Your zone ({zone})": said.gettext("Your zone ({zone})"),
    }
    shown = (
        "{n} past event is shown, marked \u201cpast\u201d.",
        "{n} past events are shown, marked \u201cpast\u201d.",
    )
    hidden = ("{n} past event is hidden.", "{n} past events are hidden.")
    found[shown[0]] = said.ngettext(
        "{n} past event is shown, marked \u201cpast\u201d.",
        "{n} past events are shown, marked \u201cpast\u201d.",
        1,
    )
    found[shown[1]] = said.ngettext(
        "{n} past event is shown, marked \u201cpast\u201d.",
        "{n} past events are shown, marked \u201cpast\u201d.",
        2,
    )
    found[hidden[0]] = said.ngettext("{n} past event is hidden.", "{n} past events are hidden.", 1)
    found[hidden[1]] = said.ngettext("{n} past event is hidden.", "{n} past events are hidden.", 2)
    return json.dumps(found, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
