"""Nationality adjectives CLDR does not list, read from their country's name by the languages'
derivation: "chilenisch", "chilien", "chileno", "Chileens" are Chile's ("Chile", "Chili"),
"kanadisch", "canadien", "canadiense" Canada's.

A word is read so only where it is joined by a hyphen to a party already known
("deutsch-chilenischen", "franco-chilien"): its stem must be a country's name in the seven
languages of CLDR, whole or less its last one or two letters (at least four letters, and one
country only), followed by an adjective ending of some language ("-isch", "-ien", "-eno",
"-ens", "-an" and their inflections).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import cache
from types import MappingProxyType

from babel import Locale

_LANGUAGES = ("en", "de", "fr", "nl", "es")
MIN_STEM = 4
# Adjective endings after a country's stem, with their inflections (German -e/-en/-er/-es/-em,
# French -e/-s, Spanish -a/-os/-as, Dutch -e).
_ENDING = re.compile(
    r"(?:[aeiu]?[ns]?isch|[ae]?n|i?ens?|i?enne|ais|ois|ain|[ae]?no|ense|[ei]?ano|ee?s|aans|ees|"
    r"ean|ian|ese|ish|[aeiou])"
    r"(?:e|en|er|es|em|s|a|as|os|ne|nes)?",
)


@cache
def adjective_stems() -> Mapping[str, str]:
    """Country stems by their folded form: each one-word CLDR name, whole and less its last one
    or two letters; a stem two countries share is left out."""
    found: dict[str, set[str]] = {}
    for lang in _LANGUAGES:
        for code, name in Locale(lang).territories.items():
            if not (len(code) == 2 and code.isalpha()) or " " in name or "-" in name:
                continue
            folded = fold(name)
            for cut in (0, 1, 2):
                stem = folded[: len(folded) - cut]
                if len(stem) >= MIN_STEM:
                    found.setdefault(stem, set()).add(code)
    return MappingProxyType({stem: codes.pop() for stem, codes in found.items() if len(codes) == 1})


def country_of_adjective(word: str) -> str | None:
    """The country whose name ``word`` derives from as an adjective, or None."""
    folded = fold(word)
    stems = adjective_stems()
    for length in range(len(folded) - 1, MIN_STEM - 1, -1):
        code = stems.get(folded[:length])
        if code is not None and _ENDING.fullmatch(folded[length:]):
            return code
    return None


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
