"""The picker: a region and an audience, and the feed of exactly that pair.

A ministry in the Pacific wants "Pacific events for governments", not fourteen feeds to
choose from. Without a script the picker is a plain list, region by region, of the
`regions/<region>/<audience>.ics` feeds that exist, each a working link; the script
(`subscribe.js`) turns that list into two menus and shows the chosen pair's subscribe
links and QR code, or says the pair has no events. Private audiences are never offered:
their feeds are not published.

Where the filtered-feed service is deployed (`publishing.service_url`), a second part
offers any combination of regions, audiences and tags, through
`<service_url>feed.ics?region=..&audience=..&tag=..`, which the service answers.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from calfeed.language import words
from calfeed.model import Catalogue
from calfeed.render.links import Publishing
from calfeed.render.page.markup import esc, event_count
from calfeed.selection.feeds import Feed, FeedKind

SERVICE_PATH = "feed.ics"


def public_audiences(catalogue: Catalogue) -> list[tuple[str, str]]:
    """(key, name) of each audience a visitor may be offered: never a private one."""
    return [(k, a.name) for k, a in catalogue.audiences.items() if not a.private]


def picker_part(catalogue: Catalogue, feeds: tuple[Feed, ...], publishing: Publishing) -> str:
    regions = [(k, r.name) for k, r in catalogue.regions.items()]
    audiences = public_audiences(catalogue)
    if not regions or not audiences:
        return ""
    language = catalogue.language
    said = words(language)
    pairs = {feed.path: feed for feed in feeds if feed.kind is FeedKind.REGION_AUDIENCE}
    heading = esc(said.gettext("By region and audience"))
    lines = [
        f'<h3 id="pick-heading">{heading}</h3>',
        "<p>"
        + esc(said.gettext("One feed with exactly the events of a region for an audience."))
        + "</p>",
        '<div class="picker" id="picker" hidden>',
        _menu("pick-region", said.gettext("Region"), regions),
        _menu("pick-audience", said.gettext("Audience"), audiences),
        '<div id="pick-result" class="pick-result" aria-live="polite"></div>',
        "</div>",
        '<ul class="pairs" id="pairs">',
    ]
    for key, name in regions:
        held = [
            _pair_item(f"{key}/{audience}", label, pairs[path], publishing, language)
            for audience, label in audiences
            if (path := f"regions/{key}/{audience}.ics") in pairs
        ]
        none = " " + esc(said.gettext("no events yet"))
        body = '<ul class="links">' + "".join(held) + "</ul>" if held else none
        colon = esc(said.gettext(":")) if held else ""
        lines.append(f"<li><strong>{esc(name)}</strong>{colon}{body}</li>")
    lines.append("</ul>")
    if publishing.service_url is not None:
        lines.append(_combinations(catalogue, publishing.service_url + SERVICE_PATH))
    return "\n".join(lines)


def _menu(element_id: str, label: str, options: list[tuple[str, str]]) -> str:
    items = "".join(f'<option value="{esc(k)}">{esc(name)}</option>' for k, name in options)
    return (
        f'<p><label for="{element_id}">{esc(label)}</label> '
        f'<select id="{element_id}">{items}</select></p>'
    )


def _pair_item(
    pair: str, label: str, feed: Feed, publishing: Publishing, language: str | None
) -> str:
    """The pair's feed as a link that works without a script: its absolute address where
    known, else relative. The script reads the address and the full name from here."""
    href = publishing.address(feed.path) or quote(feed.path, safe="/")
    return (
        f'<li data-pair="{esc(pair)}" data-name="{esc(feed.name)}">'
        f'<a href="{esc(href)}">{esc(label)}</a> '
        f'<span class="count">{event_count(len(feed.events), language)}</span></li>'
    )


def _combinations(catalogue: Catalogue, service: str) -> str:
    """Checkboxes for the script, and without it a sentence with an example address."""
    said = words(catalogue.language)
    groups = [
        ("region", said.gettext("Regions"), [(k, r.name) for k, r in catalogue.regions.items()]),
        ("audience", said.gettext("Audiences"), public_audiences(catalogue)),
        ("tag", said.gettext("Topics"), [(k, d or k) for k, d in catalogue.tags.items()]),
    ]
    example = {
        kind: options[0][0] for kind, _legend, options in groups if options and kind != "tag"
    }
    language = catalogue.language
    if language is not None and language != catalogue.calendar.default_language:
        example["lang"] = language
    example_url = f"{service}?{urlencode(example, quote_via=quote)}"
    chosen = f' data-lang="{esc(example["lang"])}"' if "lang" in example else ""
    heading = esc(said.gettext("Any combination"))
    lines = [
        f'<h3 id="combine-heading">{heading}</h3>',
        "<p>"
        + esc(
            said.gettext(
                "Several regions, audiences or topics in one feed, made on demand by the "
                "feed service."
            )
        )
        + "</p>",
        f'<div class="combine" id="combine" hidden data-service="{esc(service)}" '
        f'data-calendar="{esc(catalogue.calendar.name)}"{chosen}>',
    ]
    for kind, legend, options in groups:
        if not options:
            continue
        lines.append(f"<fieldset><legend>{esc(legend)}</legend>")
        lines += [
            f'<label><input type="checkbox" data-filter="{kind}" value="{esc(key)}" '
            f'data-name="{esc(name)}"> {esc(name)}</label>'
            for key, name in options
        ]
        lines.append("</fieldset>")
    lines += [
        '<div id="combine-result" class="pick-result" aria-live="polite"></div>',
        "</div>",
        '<p class="muted" id="combine-address">'
        + esc(
            said.gettext(
                "The address of such a feed is {service} with {region}, {audience} and {tag} "
                "for each choice, for example {example}."
            )
        ).format(
            service=f"<code>{esc(service)}</code>",
            region="<code>region=</code>",
            audience="<code>audience=</code>",
            tag="<code>tag=</code>",
            example=f'<a href="{esc(example_url)}">{esc(example_url)}</a>',
        )
        + "</p>",
    ]
    return "\n".join(lines)
