"""Language tags compared as BCP 47 compares them: without regard to case.

`ZH-hant`, `zh-Hant` and `zh-hant` are one tag (RFC 5646, 2.1.1), so a catalogue, an
option and a query match whatever case each is written in, and calfeed writes each tag in
its conventional case (`zh-Hant`, `pt-BR`) in paths and LANGUAGE parameters.
"""

from __future__ import annotations

from collections.abc import Iterable


def canonical_tag(tag: str) -> str:
    """`tag` in BCP 47's conventional case: the language lower case, a script (four
    letters) title case, a region (two letters or three digits) upper case, the rest lower."""
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif (len(part) == 2 and part.isalpha()) or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


def declared_tag(tag: str, declared: Iterable[str]) -> str | None:
    """The declared tag that `tag` is, whatever its case; None if it is none of them."""
    folded = tag.lower()
    return next((known for known in declared if known.lower() == folded), None)
