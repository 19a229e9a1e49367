"""Which of many groups of literal strings occur in a text, found in one pass.

The analysis tests hundreds of expressions against the same few texts (a release's title, its
full text, its sentences), and most of them only after a literal test (``anchored.py``: one of
an expression's anchors must occur in the lower-cased text). Testing each expression's anchors
with ``in`` scans the text once per anchor: about 600 scans of the full text for the rules
alone. ``Presence`` holds every group's strings in one Aho-Corasick automaton (pyahocorasick)
and finds all their occurrences, overlapping ones included, in a single pass; a group is present
when one of its strings occurs, exactly what ``any(s in text for s in group)`` says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from typing import Any

import ahocorasick  # type: ignore[import-not-found]

CACHED = 16  # texts whose result is kept: the analysis tests one text against many groups


class Presence:
    """Groups of strings registered once (``register`` gives each group its bit); ``found``
    gives the bits of the groups with a string in a text. Build it, register every group, then
    search: the automaton is built on the first search (a later ``register`` rebuilds it)."""

    __slots__ = ("_automaton", "_bits", "_found", "_groups")

    def __init__(self) -> None:
        self._bits: dict[str, int] = {}  # each string: the bits of the groups holding it
        self._groups = 0
        self._automaton: Any = None
        self._found = lru_cache(maxsize=CACHED)(self._search)

    def __getstate__(self) -> tuple[dict[str, int], int]:
        """The groups only (the rules are sent to judging workers): the automaton and the
        cache are rebuilt where it is unpickled."""
        return self._bits, self._groups

    def __setstate__(self, state: tuple[dict[str, int], int]) -> None:
        self._bits, self._groups = state
        self._automaton = None
        self._found = lru_cache(maxsize=CACHED)(self._search)

    def register(self, strings: Iterable[str]) -> int:
        """Add a group (non-empty strings); its bit in what ``found`` returns."""
        bit = 1 << self._groups
        self._groups += 1
        for string in strings:
            if not string:
                raise ValueError("an empty string occurs in every text: not a group's string")
            self._bits[string] = self._bits.get(string, 0) | bit
        self._automaton = None
        self._found.cache_clear()
        return bit

    def found(self, text: str) -> int:
        """The bits of the groups one of whose strings occurs in ``text`` (as it is: lower-case
        it first if the strings are lower-cased)."""
        result: int = self._found(text)
        return result

    def _search(self, text: str) -> int:
        if not self._bits:
            return 0
        automaton = self._automaton
        if automaton is None:
            automaton = self._automaton = _automaton(self._bits)
        bits = 0
        for _end, value in automaton.iter(text):
            bits |= value
        return bits


def _automaton(bits: dict[str, int]) -> Any:
    automaton = ahocorasick.Automaton()
    for string, value in bits.items():
        automaton.add_word(string, value)
    automaton.make_automaton()
    return automaton


class Starts:
    """The places where any of some strings starts in a text, in order: one pass for all of
    them instead of a ``find`` loop for each. The last ``CACHED`` texts' places are kept:
    expressions with the same starts (``shared_starts``: the date expressions all start with
    a digit) are tried against the same texts."""

    __slots__ = ("_automaton", "_found")

    def __init__(self, strings: Iterable[str]) -> None:
        lengths = {string: len(string) for string in strings if string}
        self._automaton = _automaton(lengths) if lengths else None
        self._found = lru_cache(maxsize=CACHED)(self._search)

    def __reduce__(self) -> tuple[Callable[[Iterable[str]], Starts], tuple[tuple[str, ...]]]:
        """Pickled as its strings (the rules are sent to judging workers), and shared again
        where it is unpickled."""
        keys = tuple(self._automaton.keys()) if self._automaton is not None else ()
        return shared_starts, (keys,)

    def __call__(self, text: str) -> tuple[int, ...]:
        result: tuple[int, ...] = self._found(text)
        return result

    def _search(self, text: str) -> tuple[int, ...]:
        if self._automaton is None:
            return ()
        return tuple(sorted({end - length + 1 for end, length in self._automaton.iter(text)}))


def shared_starts(strings: Iterable[str]) -> Starts:
    """The one ``Starts`` of these strings, whatever their order: its places found once a text
    for every expression that has them."""
    return _shared_starts(tuple(sorted(set(strings))))


@cache
def _shared_starts(strings: tuple[str, ...]) -> Starts:
    return Starts(strings)
