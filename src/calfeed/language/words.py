"""calfeed's own words in each language, from gettext catalogues shipped as `.po` text.

The `.po` files are compiled in memory when a language is first asked for (Babel's
`read_po` and `write_mo`), so no binary `.mo` lives in git and a translator's edit is
read as it is. A language with no catalogue gets the English words; so does a catalogue
that declares no languages (None), through the same calls, so its bytes never change.
"""

from __future__ import annotations

import functools
import gettext
import io
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "calfeed"


class Words:
    """The translations of one language: `text` for a sentence, `plural` for one that
    depends on a number. Both take `str.format` fields (`{day}`), filled by the caller,
    so a translator may move them where the language puts them."""

    def __init__(self, translations: gettext.NullTranslations, language: str | None) -> None:
        self._translations = translations
        self.language = language
        """The BCP 47 tag, or None for a catalogue that declares no languages."""

    def gettext(self, message: str) -> str:
        """`message` in this language (the English where it has none)."""
        return self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a message for the number `n`."""
        return self._translations.ngettext(singular, plural, n)


def catalogue_names() -> tuple[str, ...]:
    """The languages calfeed has words for: the folders under `locale/`."""
    root = resources.files(__package__) / "locale"
    return tuple(sorted(p.name for p in root.iterdir() if p.is_dir()))


def has_words(language: str) -> bool:
    """Whether calfeed ships a catalogue of its words for `language` (or its primary
    language), rather than falling back to English."""
    return any(_source(name).is_file() for name in _names(language))


def _names(language: str) -> tuple[str, ...]:
    return (language.replace("-", "_"), language.split("-", maxsplit=1)[0])


def _source(name: str) -> Traversable:
    return resources.files(__package__) / "locale" / name / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def words(language: str | None) -> Words:
    """calfeed's words in `language` (a BCP 47 tag): its own catalogue, else that of its
    primary language (`zh` for `zh-Hans`), else English."""
    if language is None:
        return Words(gettext.NullTranslations(), None)
    for name in _names(language):
        source = _source(name)
        if source.is_file():
            return Words(_compiled(source.read_bytes(), name), language)
    return Words(gettext.NullTranslations(), language)


def _compiled(po: bytes, locale: str) -> gettext.GNUTranslations:
    catalog = read_po(io.BytesIO(po), locale=locale, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)
