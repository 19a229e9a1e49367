"""What identifies a meeting across languages: the marks a translation keeps.

A translation shares no word shingles with its original, but it keeps what is not translated:
proper names in Latin script (people, programmes: "Herczynski", "SwissCovid"), acronyms
("ARF", "NCSC") and numbers (years, sums). ``marks(title, text)`` gives them, folded: in
Latin-script text the capitalised words that do not start a sentence (so not "The", "Die"),
in Korean and Japanese text every Latin-script word; minus the words every release between
the same parties shares (country and title words, months, weekdays). ``chair_surnames`` gives
the last name of each chair in Latin script ("Kim Gunn" -> "gunn") or, for a name written
only in Korean or Japanese, the name itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from scrapers.analysis.model import Chair
from scrapers.analysis.text import has_cjk, normalise
from scrapers.date_words import MONTHS, WEEKDAYS

_WORD = re.compile(r"[^\W\d_][\w\-']*|\d[\d,.]*\d")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\"“(]\s*|\n)$")
MIN_LENGTH = 3


def marks(title: str, text: str) -> frozenset[str]:
    """The untranslated marks of a release (see the module's docstring)."""
    found: set[str] = set()
    for part in (title, text):
        clean = normalise(part)
        cjk = has_cjk(clean)
        for match in _WORD.finditer(clean):
            word = match.group()
            mark = _mark(word, cjk=cjk, initial=_starts_sentence(clean, match.start()))
            if mark:
                found.add(mark)
    return frozenset(found)


def chair_surnames(chairs: Iterable[Chair]) -> frozenset[str]:
    """One folded surname per chair: the last Latin-script word, else the whole CJK name."""
    found: set[str] = set()
    for chair in chairs:
        latin = [w for w in re.findall(r"[^\W\d_][\w\-']+", chair.name) if w.isascii() or
                 not has_cjk(w)]  # fmt: skip
        if latin:
            found.add(latin[-1].casefold())
        elif chair.name.strip():
            found.add(re.sub(r"\s+", "", chair.name))
    return frozenset(found)


def _mark(word: str, *, cjk: bool, initial: bool) -> str | None:
    if word[0].isdigit():
        digits = re.sub(r"\D", "", word)
        return digits if len(digits) >= 2 else None
    if has_cjk(word) or not word[0].isupper() or len(word) < MIN_LENGTH:
        return None
    acronym = word.isupper()
    if initial and not cjk and not acronym and not _inner_capital(word):
        return None
    folded = word.casefold().removesuffix("'s")
    return None if folded in _common() else folded


def _inner_capital(word: str) -> bool:
    return any(c.isupper() for c in word[1:]) and not word.isupper()


def _starts_sentence(text: str, start: int) -> bool:
    return _SENTENCE_START.search(text[max(0, start - 3) : start]) is not None


@cache
def _common() -> frozenset[str]:
    """The words every release between the same parties shares: built on first use (the
    chairs' vocabulary brings the parties' table with it)."""
    from scrapers.analysis.chairs import NOT_NAMES

    return NOT_NAMES | frozenset(MONTHS) | frozenset(WEEKDAYS)
