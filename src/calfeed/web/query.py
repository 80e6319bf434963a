"""The query of a filtered feed (`/feed.ics?region=pacific&tag=cop26`), read as `calfeed
feed` reads `--region`, `--audience` and `--tag`: each parameter repeatable, each value
declared, and never a way to private details.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote, unquote_plus

from calfeed.errors import CalfeedError, UnknownFilterError
from calfeed.language.tags import declared_tag
from calfeed.model import Catalogue
from calfeed.selection import Selection, resolve_selection

FILTERS = ("region", "audience", "tag")
MAX_PARAMETERS = 64
"""More than any real combination needs; a longer list is a mistake or a probe."""
MAX_QUERY_BYTES = 2048
"""The query string's length in bytes as sent, %-escapes and all."""
PRIVATE = "include-private"


class QueryError(CalfeedError):
    """A filtered feed's query the server cannot answer; the message is the 400 body."""


def split_query(query: str) -> list[tuple[str, str, bool]]:
    """(name, value, whether an `=` was written) for each parameter of any request's query,
    refusing what no address of the app holds: a query too long or with too many
    parameters, one that is not UTF-8, and `include-private` (the app never shows a
    private detail, so asking is an error rather than a silent public feed)."""
    if len(query) > MAX_QUERY_BYTES:
        raise QueryError(f"the query is too long: at most {MAX_QUERY_BYTES} bytes")
    parts = [part for part in query.split("&") if part]
    if len(parts) > MAX_PARAMETERS:
        raise QueryError(f"too many parameters: at most {MAX_PARAMETERS}")
    found = []
    for part in parts:
        raw_key, equals, raw_value = part.partition("=")
        try:
            key = unquote_plus(raw_key, errors="strict")
            value = unquote_plus(raw_value, errors="strict")
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8 (check its %-escapes)") from None
        if key == PRIVATE:
            raise QueryError(
                f"{PRIVATE} is not available over HTTP: the server never shows private details"
            )
        found.append((key, value, bool(equals)))
    return found


LANGUAGE = "lang"


def parse_language(query: str, catalogue: Catalogue) -> str | None:
    """The language a `/feed.ics` query asks for (`lang=zh`, one of `[calendar]
    languages`), or None for the default's."""
    asked = [(value, equals) for key, value, equals in split_query(query) if key == LANGUAGE]
    if not asked:
        return None
    declared = catalogue.calendar.languages
    if len(asked) > 1:
        raise QueryError(f"parameter {LANGUAGE!r} is given more than once: give one language")
    value, equals = asked[0]
    if not equals or not value:
        raise QueryError(
            f"parameter {LANGUAGE!r} needs a value, e.g. lang={min(declared, default='en')}"
        )
    found = declared_tag(value, declared)
    if found is None:
        said = f"declared: {', '.join(declared)}" if declared else "it declares none"
        raise QueryError(f"language {value!r} is not declared in {catalogue.path.name} ({said})")
    return None if found == declared[0] else found


def parse_selection(query: str, catalogue: Catalogue) -> Selection:
    """The selection a `/feed.ics` query asks for, as `calfeed feed` would make it from
    `--region`, `--audience` and `--tag`: each parameter repeatable, each value declared."""
    public = {k: a for k, a in catalogue.audiences.items() if not a.private}
    known: dict[str, Mapping[str, object]] = {
        "region": catalogue.regions,
        "audience": public,
        "tag": catalogue.tags,
    }
    chosen: dict[str, set[str]] = {name: set() for name in FILTERS}
    for key, value, equals in split_query(query):
        if key == LANGUAGE:
            continue  # `parse_language`'s
        if key not in chosen:
            raise QueryError(f"unknown parameter {key!r}: filter with region, audience or tag")
        if not equals or not value:
            raise QueryError(f"parameter {key!r} needs a value, e.g. {key}={_example(known[key])}")
        if key == "audience" and value not in public:
            # A private audience is not offered here: named like any undeclared one.
            unknown = UnknownFilterError("audience", value, public, catalogue.path)
            raise QueryError(f"audience {unknown}")
        chosen[key].add(value)
    try:
        return resolve_selection(
            catalogue, regions=chosen["region"], audiences=chosen["audience"], tags=chosen["tag"]
        )
    except UnknownFilterError as unknown:
        raise QueryError(f"{unknown.kind} {unknown}") from None


def _example(keys: Mapping[str, object]) -> str:
    return min(keys, default="KEY")


def canonical_query(selection: Selection, language: str | None = None) -> str:
    """The query that names `selection` (in `language`, unless the default), each
    parameter's values sorted: the filtered feed's own address (`SOURCE`, `URL`) is the
    same however the request ordered them."""
    pairs = [
        (name, value)
        for name, values in (
            ("region", selection.regions),
            ("audience", selection.audiences),
            ("tag", selection.tags),
        )
        for value in sorted(values)
    ]
    if language is not None:
        pairs.append((LANGUAGE, language))
    return "&".join(f"{name}={quote(value, safe='')}" for name, value in pairs)
