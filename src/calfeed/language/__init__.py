"""The language layer: the words calfeed writes itself, in each language of a catalogue,
and dates and zone names as CLDR writes them there (through Babel).

`words` reads the gettext catalogues shipped beside it (`locale/<lang>/LC_MESSAGES/
calfeed.po`, compiled in memory), so a translator adds a language with a `.po` file and no
Python; `dates` formats days and zones; `project` gives a catalogue in one of its
languages. A catalogue that declares no languages gets the English it always had.
"""

from calfeed.language.dates import day_text, known_locale, language_name, zone_name
from calfeed.language.project import chosen_language, in_language, languages_of
from calfeed.language.tags import canonical_tag, declared_tag
from calfeed.language.words import Words, has_words, words

__all__ = [
    "Words",
    "canonical_tag",
    "chosen_language",
    "day_text",
    "declared_tag",
    "has_words",
    "in_language",
    "known_locale",
    "language_name",
    "languages_of",
    "words",
    "zone_name",
]
