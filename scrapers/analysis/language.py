"""The language a release is written in, from its title and first characters.

lingua-language-detector (its models ship in the wheel: nothing is downloaded) in low-accuracy
mode, restricted to the seven languages releases come in plus the neighbours that could be
mistaken for them (Italian, Portuguese, Chinese): about 2-4 ms a release. Korean and Japanese
script decide at once without it when they make up half the letters (an English page of a
Korean ministry has Korean menus). Plain English decides at once too (``_plainly_english``):
at least 30 words, nearly all in ASCII letters, at least 12% of them English function words
("the", "of", "and" ...) and at most 1% function words of German, French, Dutch or Spanish.
Compared with the detector alone on 6,812 texts (the eval sets, 3,000 synthetic releases, the
sample archive, each also cut to 300 characters, some upper-cased): 2 differ, both English
texts the detector called French. Where it does not decide, the detector does, as before.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

LANGUAGES = ("en", "ko", "ja", "de", "fr", "nl", "es")  # the languages the analysis reads
UNKNOWN = "und"  # ISO 639-2 "undetermined"
SAMPLE_CHARS = 1000  # characters of title and text looked at
_NEIGHBOURS = ("ITALIAN", "PORTUGUESE", "CHINESE")  # lingua's names of them
_HANGUL = re.compile("[\uac00-\ud7af]")
_KANA = re.compile("[\u3040-\u30ff]")
_KANJI = re.compile("[\u4e00-\u9fff]")
_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = frozenset((
    "the", "of", "and", "to", "in", "on", "for", "with", "is", "was", "by", "that", "at", "as",
    "from", "an", "be", "are", "this", "will", "were", "has", "have", "its", "their", "it",
    "which",
))  # fmt: skip
_OTHERS = frozenset((
    "der", "die", "das", "und", "den", "dem", "des", "ist", "mit", "von", "zu", "im", "le", "la",
    "les", "et", "du", "une", "un", "est", "pour", "dans", "sur", "het", "een", "van", "en", "op",
    "voor", "met", "zijn", "el", "los", "las", "y", "del", "por", "para", "con", "una", "que",
))  # fmt: skip  # German, French, Dutch and Spanish function words
MIN_WORDS = 30  # fewer words than this: the detector decides


def language_of(title: str, text: str) -> str:
    """The ISO 639-1 code of the language of a release ("en", "ko", "de" ...), or "und" when
    it cannot tell (no letters at all)."""
    sample = f"{title}\n{text}"[:SAMPLE_CHARS]
    hangul, kana = len(_HANGUL.findall(sample)), len(_KANA.findall(sample))
    letters = sum(c.isalpha() for c in sample)
    if hangul + kana >= 20 and hangul + kana + len(_KANJI.findall(sample)) >= letters / 2:
        return "ko" if hangul > kana else "ja"
    if _plainly_english(sample):
        return "en"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else UNKNOWN


class Language:
    """The language of a title and text, detected when first asked for (``language()``) and
    then kept; or given."""

    __slots__ = ("_code", "_text", "_title")

    def __init__(self, title: str, text: str, code: str | None = None) -> None:
        self._title, self._text, self._code = title, text, code

    def __call__(self) -> str:
        if self._code is None:
            self._code = language_of(self._title, self._text)
        return self._code

    def __repr__(self) -> str:
        return f"Language({self._code or 'not detected yet'})"


def _plainly_english(sample: str) -> bool:
    """Whether the sample is plainly English by its function words (see the module's
    docstring): about 30 times cheaper than the detector."""
    words = _WORD.findall(sample.lower())
    if len(words) < MIN_WORDS or sum(not w.isascii() for w in words) > len(words) * 0.02:
        return False
    english = sum(w in _ENGLISH for w in words)
    others = sum(w in _OTHERS for w in words)
    return english >= len(words) * 0.12 and others <= len(words) * 0.01


@cache
def _detector() -> LanguageDetector:
    """Built once per process, on first use (lingua is imported then, and its models load
    lazily): a command that analyses nothing does not import it."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    ours = [Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in LANGUAGES]
    neighbours = [getattr(Language, name) for name in _NEIGHBOURS]
    return (
        LanguageDetectorBuilder.from_languages(*ours, *neighbours).with_low_accuracy_mode().build()
    )
