"""The page's `<head>`, its one stylesheet and its scripts, and the Content-Security-Policy
that admits exactly those.

Each asset is a package file of its own (`page.css`, `qr.js`, `subscribe.js`, `page.js`) so
editors and linters read it as CSS or JavaScript; the page inlines each one and the policy
names each by its SHA-256, so nothing else can run or style the page, even if an escaping
mistake let markup through. Nothing is loaded from anywhere: no CDN, no web font, no image.
"""

from __future__ import annotations

import base64
import hashlib
from importlib import resources

from calfeed.model import Catalogue
from calfeed.render.page.markup import esc


def asset(name: str) -> str:
    """A file shipped beside this module, as it is inlined (after a line break)."""
    text = resources.files("calfeed.render.page").joinpath(name).read_text(encoding="utf-8")
    return "\n" + text


STYLE = asset("page.css")
"""No catalogue text, no `url()`, no `@import`: the page loads nothing from anywhere."""

SCRIPT_FILES = ("qr.js", "subscribe.js", "page.js")
"""In page order: the QR encoder (`calfeedQR`) before the script that draws with it."""

SCRIPTS = tuple(asset(name) for name in SCRIPT_FILES)
"""They read only attributes calfeed writes and write with `textContent`, `href` and SVG
attributes: catalogue text read from an attribute (a feed's name) only ever goes, percent-
encoded, into a link's address; nothing becomes markup."""


def _hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy() -> str:
    """Nothing may load, and only calfeed's own inline scripts and style may run: a second
    wall behind the escaping, and proof to a reviewer that the page fetches nothing."""
    scripts = " ".join(_hash(script) for script in SCRIPTS)
    return (
        f"default-src 'none'; script-src {scripts}; style-src {_hash(STYLE)}; "
        "base-uri 'none'; form-action 'none'"
    )


def head(catalogue: Catalogue) -> str:
    info = catalogue.calendar
    lines = [
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy()}">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{esc(info.name)}</title>",
    ]
    if info.description:
        lines.append(f'<meta name="description" content="{esc(info.description)}">')
    lines += [f"<style>{STYLE}</style>", "</head>"]
    return "\n".join(lines)


def script_tags() -> str:
    """At the end of `<body>`: every element a script looks for exists by then."""
    return "\n".join(f"<script>{script}</script>" for script in SCRIPTS)
