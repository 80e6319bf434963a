"""`[calendar] languages`, the tags of texts given by language, and the translations each
language's feeds fall back on.

A text may be one string (the same in every language) or a table by language. Every tag
must be declared, so a typo (`zh-cn` for `zh`) is caught rather than silently leaving the
Chinese feeds in English; a missing translation is allowed, since an organiser often has
the English first, but it is said once per language, listing the ids, and
`check --strict` fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from calfeed.catalogue.findings import Findings
from calfeed.errors import Code, did_you_mean
from calfeed.language import canonical_tag, declared_tag, has_words, known_locale
from calfeed.model import TextPath

BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
"""The shape of a BCP 47 tag as calfeed accepts one: a language, then subtags."""


def language_problem(
    tag: str, declared: tuple[str, ...], *, unread: bool = False
) -> tuple[Code, str, str] | None:
    """Why `tag` cannot key a text (code, message, hint), or None if it can. With
    `unread` (`[calendar] languages` is there but wrong, and its own error says so), no
    tag is called undeclared: that would be one false error per text."""
    if not BCP47.match(tag):
        return (
            Code.BAD_LANGUAGE,
            f"{tag!r} is not a BCP 47 language tag",
            'write e.g. "en" or "zh"',
        )
    if unread:
        return None
    if not declared:
        return (
            Code.UNDECLARED_LANGUAGE,
            f"a text in {tag!r}, but [calendar] declares no languages",
            f'add languages = ["<default>", "{tag}"] to [calendar], the default first',
        )
    if declared_tag(tag, declared) is None:
        primary = tag.split("-", maxsplit=1)[0].lower()
        close = primary if primary in declared else did_you_mean(tag, declared)
        return (
            Code.UNDECLARED_LANGUAGE,
            f"language {tag!r} is not declared in [calendar] languages",
            f"did you mean {close!r}?"
            if close
            else f"declare it in [calendar] languages, or use one of: {', '.join(declared)}",
        )
    return None


def declared_languages(findings: Findings, calendar: Mapping[str, object]) -> tuple[str, ...]:
    """`[calendar] languages`, checked: each a BCP 47 tag CLDR has data for (calfeed writes
    dates and zone names in it), none twice. Kept on `findings` for the texts after it."""
    raw = calendar.get("languages", [])
    if not isinstance(raw, list) or not all(isinstance(t, str) for t in raw):
        findings.languages_unread = True
        return ()  # the shape check reports it
    if "languages" in calendar and not raw:
        findings.languages_unread = True
        findings.error(
            Code.BAD_LANGUAGE,
            ("calendar",),
            "languages",
            "'languages' is empty",
            'list the catalogue\'s languages, the default first (languages = ["en", "zh"]), '
            "or remove the key for a catalogue in one language",
        )
        return ()
    tags: list[str] = []
    for written in raw:
        tag = canonical_tag(written) if BCP47.match(written) else written
        if not BCP47.match(tag):
            findings.error(
                Code.BAD_LANGUAGE,
                ("calendar",),
                "languages",
                f"{tag!r} is not a BCP 47 language tag",
                'write e.g. "en", "zh" or "zh-Hant"',
            )
        elif not known_locale(tag):
            findings.error(
                Code.BAD_LANGUAGE,
                ("calendar",),
                "languages",
                f"calfeed has no dates or zone names in {tag!r} (CLDR has no such locale)",
                'write the language as CLDR knows it, e.g. "en", "zh", "th", "vi" or "ms"',
            )
        elif tag in tags:  # whatever the case each is written in
            findings.error(
                Code.BAD_LANGUAGE,
                ("calendar",),
                "languages",
                f"language {tag!r} is listed twice",
                "list each language once, the default first",
            )
        else:
            tags.append(tag)
            if not has_words(tag):
                findings.warn(
                    Code.ENGLISH_WORDS,
                    ("calendar",),
                    "languages",
                    f"calfeed has no words of its own in {tag!r} yet: its time lines, series "
                    "in words and page are in English, with CLDR's dates and zone names",
                    f"translate calfeed's messages: pybabel init -l {tag} (see the README's "
                    "Languages), or accept English for them",
                )
    findings.languages = tuple(tags)
    findings.languages_unread = len(tags) < len(raw)
    return findings.languages


Translations = dict[str, dict[TextPath, str]]
Fallbacks = dict[str, frozenset[TextPath]]


def translations(findings: Findings) -> tuple[Translations, Fallbacks]:
    """Each language but the default: every text given by language in it, the default's
    where it has none, and where those are (their LANGUAGE parameter is the default's,
    not the feed's). The texts that fell back are warned about, one warning a language
    listing the ids (of events, or the tables of the calendar's own texts)."""
    if len(findings.languages) < 2:
        return {}, {}
    default, *others = findings.languages
    found: Translations = {}
    fell_back: Fallbacks = {}
    for language in others:
        texts: dict[TextPath, str] = {}
        missing: list[str] = []
        for path, by_language in findings.texts.items():
            if language in by_language:
                texts[path] = by_language[language]
            else:
                texts[path] = by_language[default]
                owner = _owner(path)
                if owner not in missing:
                    missing.append(owner)
        found[language] = texts
        fell_back[language] = frozenset(p for p, t in findings.texts.items() if language not in t)
        if missing:
            findings.warn(
                Code.MISSING_TRANSLATION,
                ("calendar",),
                "languages",
                f"no {language!r} text for {', '.join(missing)}: its {language} feeds show "
                f"the {default!r} text there",
                f'add {language} = "..." beside {default} = "..." in each of those texts',
            )
    return found, fell_back


def _owner(path: TextPath) -> str:
    """What a warning names a text by: its event's id, else its table (`audiences.ngo`)."""
    if path[0] == "events":
        return path[1]
    return ".".join(path[:-1])
