"""The weekday a release writes next to a date, to check the date against it.

A release that writes "Thursday 9 July" or "July 9 (Thu.)" gives two facts; when a candidate
date's weekday is not the one written, the date (or the year taken for it) is wrong, and the
next candidate is better. Weekday names come from CLDR (babel) in the seven languages: a full
name ("jeudi", "Donnerstag", "목요일") just before the date, or in brackets just after it a
full name, an abbreviation that starts only one weekday's names ("Thurs.", "mié") or a Korean or
Japanese one-character name ("(목)", "(木)").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from babel.dates import get_day_names

_LANGUAGES = ("en", "de", "fr", "nl", "es", "ja", "ko")
_GAP_BEFORE = 14  # characters before a date searched for its weekday ("le jeudi ", "Am Montag, ")
_GAP_AFTER = 3  # characters between a date and its bracketed weekday


def _names() -> tuple[Mapping[str, int], Mapping[str, int]]:
    wide: dict[str, int] = {}
    single: dict[str, int] = {}
    for lang in _LANGUAGES:
        for day, name in get_day_names("wide", locale=lang).items():
            wide[name.casefold()] = day
        if lang in ("ja", "ko"):
            for day, name in get_day_names("abbreviated", locale=lang).items():
                single[name] = day
    return MappingProxyType(wide), MappingProxyType(single)


_WIDE, _SINGLE = _names()
_BEFORE = re.compile(
    r"(?<!\w)(?P<name>" + "|".join(sorted(_WIDE, key=len, reverse=True)) + r")\W{0,3}$",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"(?:\d\.?|[日일])\s*[(（]\s*(?P<name>[^\W\d_]{1,10})\.?\s*[)）]")


def written_weekday(text: str, start: int, end: int) -> int | None:
    """The weekday (Monday 0) written just before the date ``text[start:end]`` or in brackets
    after its first day ("March 5 (Thurs.) and 6 (Fri.)": Thursday), or None."""
    before = _BEFORE.search(text[max(0, start - _GAP_BEFORE) : start])
    if before:
        return _WIDE[before.group("name").casefold()]
    bracket = _BRACKET.search(text[start : end + _GAP_AFTER + 12])
    return _bracketed(bracket.group("name")) if bracket else None


def _bracketed(word: str) -> int | None:
    if word in _SINGLE:
        return _SINGLE[word]
    folded = word.casefold()
    days = {day for name, day in _WIDE.items() if len(folded) >= 2 and name.startswith(folded)}
    return days.pop() if len(days) == 1 else None


def agrees(day: date, weekday: int | None) -> bool:
    """True unless a weekday is written and ``day`` falls on another one."""
    return weekday is None or day.weekday() == weekday
