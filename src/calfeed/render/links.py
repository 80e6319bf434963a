"""Where the feeds are published, and every link a visitor clicks to get an event or a feed
into their calendar app.

The published address comes from `--base-url`, else `CALFEED_BASE_URL`, else `[calendar]
url`: an organiser publishing to GitHub Pages learns the address only at the first
deployment, and the workflow passes it without anyone editing the catalogue.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

from calfeed.errors import OptionError
from calfeed.language import words
from calfeed.model import AllDay, Catalogue, Event, Timed, TimedRecurrence

BASE_URL_VARIABLE = "CALFEED_BASE_URL"
SERVICE_URL_VARIABLE = "CALFEED_SERVICE_URL"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="
GOOGLE_TEMPLATE = "https://calendar.google.com/calendar/render"
OUTLOOK_COM = "https://outlook.live.com/calendar/0"
OFFICE_365 = "https://outlook.office.com/calendar/0"


@dataclass(frozen=True)
class Publishing:
    """Where the output folder is published and where the filtered-feed app answers;
    either may be unknown (None): then links are relative, or the page makes them
    absolute from its own address."""

    base_url: str | None = None
    """Absolute, ending in `/`: the address of the output folder."""
    service_url: str | None = None
    """Absolute, ending in `/`: where `/feed.ics?...` of the web app answers."""

    def address(self, path: str) -> str | None:
        """The absolute address of a published file, or None when the base is unknown.
        Each path segment is percent-encoded: a feed key may hold a space or a `#`."""
        if self.base_url is None:
            return None
        return self.base_url + quote(path, safe="/")


def resolve_publishing(
    catalogue: Catalogue,
    *,
    base_url: str | None = None,
    service_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> Publishing:
    """The option, else the environment variable, else the catalogue: each checked to be
    an absolute http(s) address (an `OptionError` names the option otherwise)."""
    env = os.environ if environ is None else environ
    base = base_url or env.get(BASE_URL_VARIABLE) or catalogue.calendar.url
    service = service_url or env.get(SERVICE_URL_VARIABLE) or catalogue.calendar.service
    return Publishing(
        _absolute("--base-url", BASE_URL_VARIABLE, base),
        _absolute("--service-url", SERVICE_URL_VARIABLE, service),
    )


def _absolute(option: str, variable: str, url: str | None) -> str | None:
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise OptionError(
            option,
            f"{url!r} is not the http(s) address of a folder (from {option}, {variable} or "
            "the catalogue): write e.g. https://example.org/calendars/",
        )
    unsafe = sorted({c for c in url if c.isspace() or c in _UNSAFE or ord(c) < 0x20})
    if unsafe:
        shown = ", ".join("a space" if c == " " else repr(c) for c in unsafe)
        raise OptionError(
            option,
            f"{url!r} (from {option}, {variable} or the catalogue) holds {shown}, which a "
            f"link cannot carry raw: write it percent-encoded, {quote(url, safe=_SAFE)}",
        )
    return url if url.endswith("/") else url + "/"


_UNSAFE = frozenset('"<>\\^`{|}')
"""Characters RFC 3986 never allows raw in a URL; feeds and the page would write them
as they are, and readers cut the link there."""
_SAFE = ":/?#[]@!$&'()*+,;=%~"


def webcal(url: str) -> str:
    """`webcal://` makes Apple Calendar, Thunderbird and Outlook for desktop subscribe to a
    feed instead of importing it once."""
    return "webcal://" + url.split("://", 1)[1]


def subscribe_links(
    url: str, name: str, language: str | None = None
) -> tuple[tuple[str, str], ...]:
    """(label, href) of each way to subscribe to the feed at absolute `url`: webcal,
    Google Calendar (which takes it in `cid`), the add-from-web pages of Outlook.com and
    Office 365 (which take the https address and the calendar's name), and the file. The
    labels are in `language`; the apps' names are their own in every language."""
    said = words(language)
    named = urlencode({"url": url, "name": name}, quote_via=quote)
    return (
        (said.gettext("Apple Calendar, Thunderbird (webcal)"), webcal(url)),
        ("Google Calendar", GOOGLE_SUBSCRIBE + quote(webcal(url), safe="")),
        ("Outlook.com", f"{OUTLOOK_COM}/addfromweb?{named}"),
        ("Office 365", f"{OFFICE_365}/addfromweb?{named}"),
        (said.gettext("Download .ics"), url),
    )


def add_event_links(
    event: Event, details: str, file_url: str, language: str | None = None
) -> tuple[tuple[str, str], ...]:
    """(label, href) of each way to add one event: its own .ics file, a Google Calendar
    template, and, for an event that does not repeat (their links cannot say a rule),
    the Outlook.com and Office 365 compose pages. Times go as UTC instants, so no app has
    to guess a zone; Google also gets the event's zone (`ctz`) to show it in. Google's
    link carries an RRULE but no EXDATE, RDATE or changed occurrence, so a series with
    exceptions, added dates or changes offers its file alone: the link would add the days
    the organiser took out, and the old times of those moved."""
    links = [(words(language).gettext("Add to calendar (.ics)"), file_url)]
    series = event.recurrence
    if series is not None and (
        series.exceptions
        or series.additions
        or (isinstance(series, TimedRecurrence) and series.overrides)
    ):
        return tuple(links)
    google: dict[str, str] = {"action": "TEMPLATE", "text": event.title}
    outlook: dict[str, str] = {"path": "/calendar/action/compose", "rru": "addevent"}
    outlook["subject"] = event.title
    match event.when:
        case Timed(start=start, end=end, zone=zone, recurrence=series):
            last = end or start + timedelta(hours=1)
            google["dates"] = f"{_utc(start)}/{_utc(last)}"
            google["ctz"] = zone
            if series is not None:
                google["recur"] = f"RRULE:{series.rule}"
            outlook["startdt"] = f"{start.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
            outlook["enddt"] = f"{last.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
        case AllDay(first=first, last=last_day, recurrence=days):
            after = last_day + timedelta(days=1)  # exclusive, as in the feeds
            google["dates"] = f"{first:%Y%m%d}/{after:%Y%m%d}"
            if days is not None:
                google["recur"] = f"RRULE:{days.rule}"
            outlook["startdt"] = first.isoformat()
            outlook["enddt"] = after.isoformat()
            outlook["allday"] = "true"
        case _:
            return ()
    for params in (google, outlook):
        params["details" if params is google else "body"] = details
        if event.location:
            params["location"] = event.location
    links.append(("Google Calendar", f"{GOOGLE_TEMPLATE}?{query(google)}"))
    if event.recurrence is None:
        compose = query(outlook)
        links.append(("Outlook.com", f"{OUTLOOK_COM}/deeplink/compose?{compose}"))
        links.append(("Office 365", f"{OFFICE_365}/deeplink/compose?{compose}"))
    return tuple(links)


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~")
_ENCODED = tuple(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in range(256))
"""Each byte as a URL writes it: unreserved characters as they are, any other as %XX."""


def query(params: Mapping[str, str]) -> str:
    """`urlencode(params, quote_via=quote)`, byte for byte, a table lookup a byte: the
    page's add-to-calendar links carry every event's details three times, and quoting
    them one Python call a byte was a tenth of a build."""
    return "&".join(f"{_percent(key)}={_percent(value)}" for key, value in params.items())


def _percent(text: str) -> str:
    return "".join(map(_ENCODED.__getitem__, text.encode("utf-8")))


def _utc(instant: datetime) -> str:
    return f"{instant.astimezone(UTC):%Y%m%dT%H%M%SZ}"
