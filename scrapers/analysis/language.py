"""The language a release is written in, from its title and first characters.

lingua-language-detector (its models ship in the wheel: nothing is downloaded) in low-accuracy
mode, restricted to the seven languages releases come in plus the neighbours that could be
mistaken for them (Italian, Portuguese, Chinese): about 2-4 ms a release. Korean and Japanese
script decide at once without it when they make up half the letters (an English page of a
Korean ministry has Korean menus).
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


def language_of(title: str, text: str) -> str:
    """The ISO 639-1 code of the language of a release ("en", "ko", "de" ...), or "und" when
    it cannot tell (no letters at all)."""
    sample = f"{title}\n{text}"[:SAMPLE_CHARS]
    hangul, kana = len(_HANGUL.findall(sample)), len(_KANA.findall(sample))
    letters = sum(c.isalpha() for c in sample)
    if hangul + kana >= 20 and hangul + kana + len(_KANJI.findall(sample)) >= letters / 2:
        return "ko" if hangul > kana else "ja"
    found = _detector().detect_language_of(sample)
    return found.iso_code_639_1.name.lower() if found is not None else UNKNOWN


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
