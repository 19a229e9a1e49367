"""How a country's name and adjective change in a sentence, per language, from each language's
grammar (no word list): the forms a release may write them in.

- German: an adjective takes -e, -en, -er, -es or -em after an article ("die deutsch-französischen
  Konsultationen"); in a compound its first part stays bare ("deutsch-"); a name in the
  genitive takes -s unless it ends in a sibilant ("Deutschlands"); in a name of several words
  the adjective declines ("die Vereinigten Staaten", "des Vereinigten Königreichs").
- French: the feminine adds -e, -en doubles its n ("coréenne"), the plural adds -s unless the
  word ends in -s or -x ("français", "françaises").
- Spanish: -o becomes -a, -os, -as ("ruso", "rusa"); a final consonant adds -a, -es, -as and a
  stressed last syllable loses its accent ("francés", "francesa", "franceses"); a vowel adds -s
  and a stressed -í adds -es ("israelíes").
- Dutch: the attributive adjective adds -e ("Duits", "Duitse"; "Nederlandse"); a doubled vowel
  before one consonant becomes single in the open syllable ("Chinees", "Chinese").
- English, Korean and Japanese do not inflect them.
"""

from __future__ import annotations

import unicodedata

_GERMAN_ENDINGS = ("", "e", "en", "er", "es", "em")
_ACCENTED = str.maketrans("áéíóú", "aeiou")
_VOWELS = frozenset("aeiouy")


def adjective_forms(adjective: str, lang: str) -> tuple[str, ...]:
    """Every form of a nationality adjective in ``lang``, the base form first."""
    word = unicodedata.normalize("NFC", adjective)
    if lang == "de":
        base = word.lower()
        return tuple(base + ending for ending in _GERMAN_ENDINGS)
    if lang == "fr":
        return _french(word)
    if lang == "es":
        return _spanish(word)
    if lang == "nl":
        return (word, _dutch_e(word))
    return (word,)


def name_forms(name: str, lang: str) -> tuple[str, ...]:
    """Every form of a country's name in ``lang``: in German its genitive and, for a name of
    several words, its declined adjective ("Vereinigte Staaten": "Vereinigten Staaten")."""
    if lang != "de":
        return (name,)
    words = name.split()
    forms = [name]
    if len(words) == 1 and not name.endswith(("s", "ß", "x", "z")):
        forms.append(name + "s")
    if len(words) > 1:
        declined = [_weak(w) for w in words[:-1]] + [words[-1]]
        forms.append(" ".join(declined))
        if not words[-1].endswith(("s", "n")):
            forms.append(" ".join(declined) + ("n" if words[-1].endswith("e") else "s"))
    return tuple(dict.fromkeys(forms))


def _weak(word: str) -> str:
    """A German adjective in a name, after the article: "Vereinigte" -> "Vereinigten"."""
    for ending in ("es", "e"):
        if word.endswith(ending) and word[:1].isupper():
            return word[: -len(ending)] + "en"
    return word


def _french(word: str) -> tuple[str, ...]:
    if word.endswith("e"):
        return (word, word + "s")
    feminine = word + "ne" if word.endswith("en") else word + "e"
    plural = word if word.endswith(("s", "x")) else word + "s"
    return tuple(dict.fromkeys((word, feminine, plural, feminine + "s")))


def _spanish(word: str) -> tuple[str, ...]:
    if word.endswith("o"):
        stem = word[:-1]
        return (word, stem + "a", stem + "os", stem + "as")
    if word.endswith("í"):
        return (word, word + "es", word + "s")
    if word[-1] in _VOWELS or word[-1] in "áéó":
        return (word, word + "s")
    stem = word
    last_vowel = max((i for i, c in enumerate(word) if c in "áéíóú"), default=-1)
    if last_vowel >= len(word) - 3:  # a stressed last syllable loses its written accent
        stem = word[:last_vowel] + word[last_vowel].translate(_ACCENTED) + word[last_vowel + 1 :]
    return (word, stem + "a", stem + "es", stem + "as")


def _dutch_e(word: str) -> str:
    if len(word) >= 3 and word[-3] == word[-2] and word[-2] in _VOWELS and word[-1] not in _VOWELS:
        return word[:-2] + word[-1] + "e"  # "Chinees" -> "Chinese"
    return word + "e"
