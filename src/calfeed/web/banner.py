"""The error banner `calfeed serve` puts on the index page while a rebuild fails, so the
person editing the catalogue sees why the feeds did not change."""

from __future__ import annotations

import html
import re
from datetime import datetime

from calfeed.web.negotiation import http_time

_BODY_TAG = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)


def with_banner(page: bytes, error: str, built_at: datetime) -> bytes:
    """`page` with the error, escaped, at the top of its body.

    The banner has no `style` of its own: the index page's Content-Security-Policy admits
    only the page's own stylesheet, which styles `.note` as a highlighted box. Each line is
    its own `<code>` line rather than one `<pre>`, so long lines wrap on a phone."""
    lines = "<br>".join(
        f"<code>{html.escape(line)}</code>" for line in error.splitlines() if line.strip()
    )
    banner = (
        '\n<div id="calfeed-serve-error" class="note" role="alert">'
        "<p><strong>The catalogue could not be rebuilt.</strong> Still serving the last "
        f"good feeds, built {html.escape(http_time(built_at))}.</p>"
        f"<p>{lines}</p></div>"
    ).encode()
    found = _BODY_TAG.search(page)
    if found is None:
        return banner + page
    return page[: found.end()] + banner + page[found.end() :]
