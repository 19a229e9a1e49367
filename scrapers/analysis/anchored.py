"""Regular expressions searched only when they can match: a literal test first.

A case-insensitive expression over a release costs about as much whether it matches or not
(0.2-2 ms over 1,000 characters for the rules' term lists: the engine tries every alternative
at every position), and most are absent from most sentences. ``Anchored`` keeps an expression
with its anchors: strings, lower-cased, one of which occurs in every text the expression matches
(lower-cased). They are read from the expression's own parse tree (``anchors_of``): the longest
run of literal characters every match contains, or for alternatives one run from each. The
expression is searched only when an anchor occurs in the lower-cased text (one plain search,
about a hundred times cheaper), so every result is the same as the expression's alone.

Lower-casing keeps every letter that matching without case would pair with an anchor's letter,
except the few that case-insensitive matching pairs otherwise (dotless i and "i", long s and
"s", Greek and Cyrillic variants: ``re``'s own table of them) and "İ", whose lower case is two
characters: a text holding any of those (``_folds_apart``) is searched in full.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from importlib import import_module
from typing import Any

from scrapers.analysis.presence import Presence, shared_starts

MIN_ANCHOR = 2  # shorter runs filter too little to be worth the test
MANY = 8  # anchors from which one pass over the text beats a scan for each
DIGITS = tuple("0123456789")  # the starts of an expression starting with a digit (``\d``)
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")  # a decimal digit of another script: "٣", "३"


class Anchored:
    """A compiled expression and its anchors, with the methods of ``re.Pattern`` the analysis
    uses (``search``, ``finditer``, ``findall``, ``match``, ``fullmatch``, ``pattern``).

    When every match also starts with one of a few strings (``starts``: "held", "co-chaired"
    ... for a list of terms), ``search`` and ``finditer`` try the expression only where one of
    them occurs: ``regex.match(text, position)`` there, in order, each search resuming after
    the last match, which is what ``finditer`` does over every position (lookbehinds and
    ``\\b`` still see the text before the position)."""

    __slots__ = ("_bit", "_digits", "_places", "_presence", "anchors", "regex", "starts")

    def __init__(self, regex: re.Pattern[str], presence: Presence | None = None) -> None:
        self.regex = regex
        self.anchors = anchors_of(regex)
        self.starts = starts_of(regex)
        self._places = shared_starts(self.starts or ())
        # Starting with "\d", a match may start with any script's digit: the starts hold the
        # ASCII ones, and a text with another is searched in full.
        self._digits = self.starts is not None and set(DIGITS) <= set(self.starts)
        # The anchors found in one pass (presence.py): shared by the expressions tested
        # against the same texts, or the expression's own when it has many anchors.
        if presence is None and self.anchors is not None and len(self.anchors) >= MANY:
            presence = Presence()
        self._presence = presence if self.anchors is not None else None
        self._bit = self._presence.register(self.anchors) if self._presence and self.anchors else 0

    @property
    def pattern(self) -> str:
        return self.regex.pattern

    def may_match(self, text: str) -> bool:
        """False only when no anchor occurs in ``text``: the expression cannot match it."""
        if self.anchors is None:
            return True
        lowered = lower_cased(text)
        if lowered is None:
            return True
        if self._presence is not None:
            return self._presence.found(lowered) & self._bit != 0
        return any(anchor in lowered for anchor in self.anchors)

    def search(self, text: str) -> re.Match[str] | None:
        if not self.may_match(text):
            return None
        lowered = self._start_text(text)
        if lowered is None:
            return self.regex.search(text)
        return next(self._walk(text, lowered), None)

    def match(self, text: str) -> re.Match[str] | None:
        return self.regex.match(text) if self.may_match(text) else None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.regex.fullmatch(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if not self.may_match(text):
            return iter(())
        lowered = self._start_text(text)
        if lowered is None:
            return self.regex.finditer(text)
        return self._walk(text, lowered)

    def findall(self, text: str) -> list[Any]:
        if self.regex.groups:
            return self.regex.findall(text) if self.may_match(text) else []
        return [m.group() for m in self.finditer(text)]

    def _start_text(self, text: str) -> str | None:
        """``text`` lower-cased, in which to find the starts; None: search it in full (no
        starts, a letter that folds apart, or a digit of another script where "\\d" starts)."""
        if self.starts is None:
            return None
        lowered = lower_cased(text)
        if self._digits and lowered is not None and not lowered.isascii():
            return None if _OTHER_DIGIT.search(lowered) else lowered
        return lowered

    def _walk(self, text: str, lowered: str) -> Iterator[re.Match[str]]:
        """The matches ``finditer`` finds, trying only where a start occurs (``lowered`` is
        ``text`` lower-cased, position for position)."""
        return finditer_at(self.regex, self._places(lowered), text)

    def __repr__(self) -> str:
        return f"Anchored({self.regex!r}, anchors={self.anchors!r}, starts={self.starts!r})"


def candidates(patterns: Iterable[Anchored], text: str) -> Iterator[Anchored]:
    """The expressions of ``patterns`` that may match ``text`` (``may_match``), in order: the
    text lower-cased and its anchors found once for all of them (the rules' lists hold a
    hundred expressions each, most with no anchor in a given text)."""
    lowered = lower_cased(text)
    found: dict[int, int] = {}  # each presence's answer, by its id
    for pattern in patterns:
        presence = pattern._presence
        if lowered is None or pattern.anchors is None:
            yield pattern
        elif presence is None:
            if any(anchor in lowered for anchor in pattern.anchors):
                yield pattern
        else:
            bits = found.get(id(presence))
            if bits is None:
                bits = found[id(presence)] = presence.found(lowered)
            if bits & pattern._bit:
                yield pattern


def finditer_from(
    regex: re.Pattern[str], starts: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text)`` finds, trying ``regex`` only at the places ``starts``
    matches (zero-width; the caller's proof: no match of ``regex`` starts elsewhere)."""
    return finditer_at(regex, (start.start() for start in starts.finditer(text)), text)


def finditer_at(
    regex: re.Pattern[str], positions: Iterable[int], text: str
) -> Iterator[re.Match[str]]:
    """What ``regex.finditer(text)`` finds, trying ``regex`` only at ``positions`` (in order;
    the caller's proof: no match of ``regex`` starts elsewhere), each try resuming after the
    last match as ``finditer`` does."""
    end = 0
    for position in positions:
        if position < end:
            continue
        found = regex.match(text, position)
        if found is not None:
            yield found
            end = found.end()


def starts_of(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``regex`` starts with (zero-width
    assertions aside), or None when a match may start otherwise (or with a construct not read
    here). Even one letter is worth it: ``match`` at each of its places costs less than the
    search trying every alternative at every position."""
    try:
        parser: Any = import_module("re._parser")
        tree = parser.parse(regex.pattern, regex.flags)
    except (ImportError, AttributeError, re.error):
        return None
    leading = _leading(list(tree))
    if not leading:
        return None
    found = set(leading)
    # "cyber" finds every place "cybersecurity" starts: the longer one is not needed
    return tuple(sorted(s for s in found if not any(s.startswith(o) and s != o for o in found)))


def _leading(items: list[Any]) -> list[str] | None:
    c: Any = import_module("re._constants")
    for index, (op, av) in enumerate(items):
        if _zero_width(op, av):
            continue
        if op is c.LITERAL:
            run = ""
            for item, value in items[index:]:
                if item is not c.LITERAL or len(chr(value).lower()) != 1:
                    break
                run += chr(value).lower()
            return [run] if run else None
        if op is c.IN:
            return _characters(av)
        if op is c.SUBPATTERN:
            return _leading(list(av[3]))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, body = av
            first = _leading(list(body))
            if first is None or low >= 1:
                return first
            rest = _leading(items[index + 1 :])  # the repeated part may be absent
            return None if rest is None else first + rest
        if op is c.BRANCH:
            found: list[str] = []
            for branch in av[1]:
                each = _leading(list(branch))
                if each is None:
                    return None
                found += each
            return found
        return None
    return None


def _characters(members: list[Any]) -> list[str] | None:
    """The lower-cased characters a class (``[...]``) of literal characters or ``\\d`` matches
    (``\\d``: the ASCII digits, ``Anchored`` searching a text with another script's in
    full), or None for any other class."""
    c: Any = import_module("re._constants")
    found: list[str] = []
    for op, av in members:
        if op is c.LITERAL and len(chr(av).lower()) == 1:
            found.append(chr(av).lower())
        elif op is c.CATEGORY and av is c.CATEGORY_DIGIT:
            found += DIGITS
        else:
            return None
    return found


def _zero_width(op: Any, av: Any) -> bool:
    """Whether the item matches no character: an assertion, or a group or alternatives of
    assertions only."""
    c: Any = import_module("re._constants")
    if op in (c.ASSERT, c.ASSERT_NOT, c.AT):
        return True
    if op is c.SUBPATTERN:
        return all(_zero_width(*item) for item in av[3])
    if op is c.BRANCH:
        return all(all(_zero_width(*item) for item in branch) for branch in av[1])
    return False


def anchors_of(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """Lower-cased strings one of which every match of ``regex`` contains, or None when the
    expression has none worth testing (a run shorter than ``MIN_ANCHOR`` in some alternative,
    or a construct not read here)."""
    try:
        parser: Any = import_module("re._parser")  # CPython 3.11 and later
        tree = parser.parse(regex.pattern, regex.flags)
    except (ImportError, AttributeError, re.error):
        return None
    found = _required(list(tree))
    return tuple(sorted(set(found))) if found else None


def _required(items: list[Any]) -> list[str] | None:
    """The strongest set of strings one of which every match of the sequence ``items``
    contains (the set whose shortest string is the longest), or None."""
    c: Any = import_module("re._constants")
    candidates: list[list[str]] = []
    run = ""
    for op, av in items:
        if op is c.LITERAL and len(chr(av).lower()) == 1:
            run += chr(av).lower()
            continue
        candidates.append([run])
        run = ""
        inner: list[str] | None = None
        if op is c.SUBPATTERN:
            inner = _required(list(av[3]))
        elif op is c.ATOMIC_GROUP:
            inner = _required(list(av))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _required(list(av[2]))
        elif op is c.BRANCH:
            inner = []
            for branch in av[1]:
                each = _required(list(branch))
                if each is None:
                    inner = None
                    break
                inner += each
        if inner:
            candidates.append(inner)
    candidates.append([run])
    best = max(candidates, key=lambda strings: min(map(len, strings)))
    return best if min(map(len, best)) >= MIN_ANCHOR else None


@lru_cache(maxsize=8)
def lower_cased(text: str) -> str | None:
    """``text`` lower-cased, or None when it holds a letter that folds apart (kept for the few
    texts in hand: the analysis tests one text against many expressions)."""
    if not text.isascii() and _folds_apart().search(text) is not None:
        return None
    return text.lower()


@cache
def _folds_apart() -> re.Pattern[str]:
    """The letters whose lower case is not what matching without case pairs them with (see the
    module's docstring): ``re``'s table of letters it matches with another than their lower
    case, their capitals, and "İ"."""
    try:  # the table re compiles ignore-case patterns with (CPython 3.11 and later)
        extra: dict[int, tuple[int, ...]] = import_module("re._casefix")._EXTRA_CASES
    except (ImportError, AttributeError):  # another Python: every text is searched in full
        return re.compile(r"[\s\S]")
    letters = {chr(o) for key, others in extra.items() for o in (key, *others)}
    letters |= {u for letter in letters for u in letter.upper() if len(letter.upper()) == 1}
    odd = [*sorted(letter for letter in letters if not letter.isascii()), "\u0130"]
    return re.compile("[" + re.escape("".join(odd)) + "]")
