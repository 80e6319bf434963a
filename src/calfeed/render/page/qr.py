"""QR codes of feed addresses, drawn at build time where the address is known.

A delegate at the venue points a phone camera at the page on a laptop or a projector and
subscribes without typing an address. The code holds the feed's `webcal://` address, which
phones hand to their calendar app as a subscription (an https address would only download
the file once).

segno encodes it: pure Python, no network, deterministic (the same address gives the same
bytes, so `build --check` stays green). The page's script has its own encoder (`qr.js`) for
addresses it learns only when it runs; both write the same shape of `<svg>`: a light square
with its quiet zone, dark modules in one path, no `style` attribute (the page's
Content-Security-Policy admits none).
"""

from __future__ import annotations

import segno

from calfeed.language import words
from calfeed.render.page.markup import esc

ERROR_LEVEL = "m"
"""15% of the symbol may be lost (glare, a finger, moiré of a screen), with codes small
enough for long feed addresses: what phone cameras read best. `qr.js` uses the same."""
QUIET_ZONE = 4
"""Modules of light margin on each side, as the standard asks."""


def qr_label(address: str, language: str | None = None) -> str:
    return words(language).gettext("QR code of {address}").format(address=address)


def qr_svg(address: str, language: str | None = None) -> str:
    """An inline `<svg>` of the QR code of `address` (byte mode, level M, the smallest
    version that holds it), named for screen readers by what it holds."""
    code = segno.make_qr(address, error=ERROR_LEVEL, mode="byte", boost_error=False)
    svg: str = code.svg_inline(
        border=QUIET_ZONE, dark="#000", light="#fff", svgclass="qr-code", omitsize=True
    )
    label = esc(qr_label(address, language))
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def qr_block(address: str, language: str | None = None) -> str:
    """The code, folded away under a summary: a page of a dozen feeds stays short on a
    phone, and a visitor at the venue opens the one to show."""
    said = words(language)
    summary = esc(said.gettext("QR code"))
    # Also said by the page's script under the codes it draws (`subscribe.js`).
    scan = esc(said.gettext("Scan it with a phone camera to subscribe."))
    return (
        f'<details class="qr"><summary>{summary}</summary>'
        f"{qr_svg(address, language)}"
        f'<p class="muted">{scan}</p></details>'
    )
