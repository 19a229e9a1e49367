"""The parties to a meeting: who held it, as ISO 3166 alpha-2 codes or EU, NATO, ASEAN.

Parties are read from the names the text gives them, joined into a compound: tightly
("United Kingdom (UK)-Republic of Korea (ROK)", "U.S. - France", "한·영", "한미일", "日米豪印",
"日・ASEAN", "franco-japonais") or loosely ("the European Union and the United Kingdom",
"Canada, Japan, Korea and the United Kingdom", "les États-Unis et la France"). The compound
chosen is the one attached to the meeting's name: just before it or inside it, then "between"
or "entre" just after it, then any in the same sentence; the title's names come first. Korean
and Japanese one-syllable forms (한, 미, 日, 米) count only inside a compound. The Quad is
listed as its members; North Korea, a subject of talks rather than a party, is left out.

Names are every form countries.py knows: the table's, CLDR's names and adjectives in the seven
languages with their inflected forms ("deutsch-israelischen", "ruso-chinas", "Duits-Nederlandse",
"EE. UU. y México"). A CLDR name written with a capital counts only written so ("Reunión" is
the island, "reunión" a meeting).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from scrapers.analysis.anchored import finditer_at, finditer_from, lower_cased
from scrapers.analysis.countries import PARTIES, QUAD_MEMBERS
from scrapers.analysis.demonyms import country_of_adjective
from scrapers.analysis.names import NameMention, main_names
from scrapers.analysis.presence import Starts
from scrapers.analysis.text import Doc, Sentence, has_cjk

NEAR_BEFORE = 45  # characters between a compound and the name it belongs to
NEAR_AFTER = 30
_LEFT_OUT = frozenset({"KP"})


_LATIN = "A-Za-z0-9\u00c0-\u024f"


def trie_pattern(words: Iterable[str]) -> str:
    """A regex matching any of ``words``, longest first, with shared prefixes factored out
    (much faster than a flat alternation of hundreds of names)."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(trie)


def _trie_regex(node: dict[str, Any]) -> str:
    branches = [
        re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char
    ]
    branches.sort(key=len, reverse=True)
    if "" in node:
        return f"(?:{'|'.join(branches)})?" if branches else ""
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"


@cache
def _table() -> tuple[
    re.Pattern[str],
    re.Pattern[str],
    dict[str, str],
    dict[str, str],
    dict[str, set[str]],
    frozenset[str],
]:
    """The names' trie, where its matches can start, each name's code, the one-character
    forms, the all-capital forms and the proper names: compiled on first use (about 0.25 s),
    once per process."""
    codes: dict[str, str] = {}
    short: dict[str, str] = {}
    exact: dict[str, set[str]] = {}  # all-capital forms match only as written: "US", not "us"
    mixed: set[str] = set()
    capital: set[str] = set()  # CLDR's proper names: "Reunión" the island, not "reunión"
    table: set[str] = set()
    for party in PARTIES:
        table.update(n.casefold() for n in party.names)
        for name in party.forms:
            codes.setdefault(name.casefold(), party.code)
            if not has_cjk(name) and name.upper() == name:
                exact.setdefault(name.casefold(), set()).add(name)
            else:
                mixed.add(name.casefold())
            if name[:1].isupper() and name not in party.names:
                capital.add(name.casefold())
        for char in (*party.short_ko, *party.short_ja):
            short.setdefault(char, party.code)
    latin = trie_pattern(n for n in codes if not has_cjk(n))
    cjk = trie_pattern(n for n in codes if has_cjk(n))
    chars = "".join(re.escape(c) for c in short)
    pattern = f"(?P<name>(?<![{_LATIN}]){latin}(?![{_LATIN}])|{cjk})|(?P<short>[{chars}])"
    # Where a match can start (finditer_from): a word character (or a name's first character)
    # not after a Latin one, or the first character of a Korean or Japanese name or form.
    firsts = {n[0] for n in codes if not has_cjk(n) and not re.match(r"\w", n[0])}
    cjk_firsts = {n[0] for n in codes if has_cjk(n)} | set(short)
    starts = (
        rf"(?<![{_LATIN}])(?=[\w{''.join(map(re.escape, sorted(firsts)))}])"
        rf"|(?=[{''.join(map(re.escape, sorted(cjk_firsts)))}])"
    )
    exact = {folded: names for folded, names in exact.items() if folded not in mixed}
    lower_too = {n.casefold() for p in PARTIES for n in p.forms if not n[:1].isupper()}
    return (
        re.compile(pattern, re.IGNORECASE),
        re.compile(starts, re.IGNORECASE),
        codes,
        short,
        exact,
        frozenset(capital - table - lower_too),
    )


@cache
def _places() -> Starts | None:
    """Where a name or a one-character form occurs in a lower-cased text (presence.py: one pass
    for all of them, where the trie is otherwise tried at every word's start). A match of the
    trie, which ignores case, starts where the text lower-cased starts with the name lower-cased
    (a text holding a letter that folds apart is not lower-cased: ``anchored.lower_cased``);
    None, to try every start, if lower-casing a name changed its length."""
    codes, short = _table()[2:4]
    names = [*codes, *short]
    if any(len(name.lower()) != len(name) for name in names):
        return None
    return Starts(name.lower() for name in names)


_TIGHT = re.compile(r"\s*(?:\([^()]{1,20}\))?\s*[-–—‐‑/·・]\s*(?:the\s+)?", re.IGNORECASE)
_LOOSE = re.compile(
    r"\s*(?:\([^()]{1,20}\))?\s*,?\s*(?:and|&|und|et|y|e|en|와|과|및|と|及び|、|,)?\s*"
    r"(?:the |la |le |l'|les |die |der |des |den |dem |el |los |las |de |het )?",
    re.IGNORECASE,
)
_SPANISH_US = frozenset({"EU", "EUA", "E.U.", "E.U.A."})
_HANGUL = re.compile("[\uac00-\ud7af]")
_KANJI = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")
_KANJI_OK_BEFORE = frozenset("回次")
_BETWEEN = re.compile(
    r"(?:between|entre|zwischen|tussen|with|mit|avec|con|met)\s+"
    r"(?:the\s+|les\s+|la\s+|le\s+|l'|den\s+|dem\s+|der\s+|el\s+|los\s+|las\s+|de\s+|het\s+)?$"
)


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    code: str
    short: bool
    cjk: bool


@dataclass(frozen=True, slots=True)
class Compound:
    """Party names joined in the text, with the span they cover."""

    start: int
    end: int
    codes: tuple[str, ...]
    tight: bool


def extract_parties(doc: Doc, names: Sequence[NameMention]) -> tuple[str, ...]:
    """The parties of the meeting the release reports, sorted; empty when none is clear."""
    found: dict[int, list[Compound]] = {}

    def of(sentence: Sentence) -> list[Compound]:
        if sentence.index not in found:
            found[sentence.index] = [
                Compound(c.start + sentence.start, c.end + sentence.start, c.codes, c.tight)
                for c in compounds(sentence.text, doc.language)
            ]
        return found[sentence.index]

    for name in main_names(tuple(names)):
        chosen = _attached(name, of(name.sentence), doc.full)
        if chosen:
            return chosen
    for sentence in doc.sentences[:4]:
        for compound in of(sentence):
            if len(compound.codes) >= 2 and (compound.tight or sentence.in_title):
                return _finish(compound.codes)
    return ()


def compounds(text: str, lang: str | Callable[[], str] = "en") -> Iterator[Compound]:
    """Runs of two or more party names joined by hyphens, "·", "and", commas and the like
    (``lang``, or a function giving it, is asked only for a name Spanish reads otherwise)."""
    run: list[_Mention] = []
    tight = True
    for mention in _with_derived(text, list(_mentions(text, lang))):
        if run:
            gap = text[run[-1].end : mention.start]
            if mention.code == run[-1].code and re.fullmatch(r"\s*\(\s*", gap):
                continue  # "Republic of Korea (ROK)": the short form in brackets
            joined_tight = _joined_tightly(gap, run[-1], mention, text)
            if joined_tight or _LOOSE.fullmatch(gap) is not None:
                run.append(mention)
                tight = tight and joined_tight
                continue
            yield from _emit(run, tight, text)
        run, tight = [mention], True
    yield from _emit(run, tight, text)


def _joined_tightly(gap: str, before: _Mention, after: _Mention, text: str) -> bool:
    if gap == "":
        return before.cjk or after.cjk or text[before.end - 1] == "-"
    return _TIGHT.fullmatch(gap) is not None


def _emit(run: list[_Mention], tight: bool, text: str) -> Iterator[Compound]:
    codes = tuple(dict.fromkeys(m.code for m in run))
    if len(run) < 2 or len(codes) < 2:
        return
    if any(m.short for m in run) and not (tight and _short_run_starts_well(run[0], text)):
        return
    yield Compound(run[0].start, run[-1].end, codes, tight)


def _short_run_starts_well(first: _Mention, text: str) -> bool:
    """One-syllable forms must start a word: not "21일", "집중일", "本日米国"."""
    before = text[first.start - 1] if first.start > 0 else " "
    if before.isdigit() or _HANGUL.match(before):
        return False
    return not (_KANJI.match(before) and before not in _KANJI_OK_BEFORE)


_HYPHENED_AFTER = re.compile(rf"[-–‐‑](?P<word>[{_LATIN}]{{5,}})(?![{_LATIN}\-])")
_HYPHENED_BEFORE = re.compile(rf"(?<![{_LATIN}\-])(?P<word>[{_LATIN}]{{5,}})[-–‐‑]$")


def _with_derived(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """``mentions`` and the adjectives joined to one by a hyphen that derive from a country's
    name (demonyms.py): "deutsch-chilenischen", "chilenisch-deutsche"."""
    taken = {(m.start, m.end) for m in mentions}
    derived: list[_Mention] = []
    for mention in mentions:
        if mention.cjk:
            continue
        after = _HYPHENED_AFTER.match(text, mention.end)
        before = _HYPHENED_BEFORE.search(text[max(0, mention.start - 40) : mention.start])
        spans = []
        if after:
            spans.append((after.start("word"), after.end("word")))
        if before:
            offset = max(0, mention.start - 40)
            spans.append((offset + before.start("word"), offset + before.end("word")))
        for start, end in spans:
            if any(s < end and start < e for s, e in taken):
                continue
            code = country_of_adjective(text[start:end])
            if code is not None:
                taken.add((start, end))
                derived.append(_Mention(start, end, code, False, False))
    return sorted((*mentions, *derived), key=lambda m: m.start)


def _mentions(text: str, lang: str | Callable[[], str] = "en") -> Iterator[_Mention]:
    mention, starts, codes, short, exact_forms, capitalised = _table()
    lowered = lower_cased(text)
    places = _places() if lowered is not None else None
    matches = (
        finditer_at(mention, places(lowered), text)
        if places is not None and lowered is not None
        else finditer_from(mention, starts, text)
    )
    for match in matches:
        if match.group("name") is not None:
            name = match.group("name")
            spellings = exact_forms.get(name.casefold())
            if spellings is not None and name not in spellings:
                continue  # "us" or "Us" is not "US"
            if not name[0].isupper() and name.casefold() in capitalised:
                continue  # a proper name is written with a capital
            code = codes.get(name.casefold())
            if code is None:
                continue  # matched only by case-insensitive matching's own pairs ("İndo")
            if name in _SPANISH_US and (lang if isinstance(lang, str) else lang()) == "es":
                code = "US"  # Spanish writes the European Union "UE"; "EU" is Estados Unidos
            yield _Mention(match.start(), match.end(), code, False, has_cjk(name))
        else:
            yield _Mention(match.start(), match.end(), short[match.group("short")], True, True)


def _attached(name: NameMention, found: list[Compound], full: str) -> tuple[str, ...]:
    def clean(start: int, end: int) -> bool:
        return re.search(r"[.;:!?。]\s|\n", full[start:end]) is None

    before = [
        c
        for c in found
        if c.tight
        and c.end <= name.end
        and name.start - c.end <= NEAR_BEFORE
        and clean(c.end, name.start)
    ]
    if before:
        return _finish(before[-1].codes)
    after = [
        c
        for c in found
        if c.start >= name.end
        and c.start - name.end <= NEAR_AFTER
        and _BETWEEN.search(full[name.end : c.start]) is not None
    ]
    if after:
        return _finish(after[0].codes)
    loose = [c for c in found if not c.tight and c.end <= name.start]
    if loose:
        return _finish(loose[-1].codes)
    if found:
        return _finish(found[0].codes)
    named = full[max(name.sentence.start, name.start - NEAR_BEFORE) : name.end]
    if any(m.code == "QUAD" for m in _mentions(named)):
        return QUAD_MEMBERS  # "the Quad Senior Cyber Group"
    return ()


def _finish(codes: tuple[str, ...]) -> tuple[str, ...]:
    expanded: list[str] = []
    for code in codes:
        expanded.extend(QUAD_MEMBERS if code == "QUAD" else (code,))
    kept = {c for c in expanded if c not in _LEFT_OUT}
    return tuple(sorted(kept)) if len(kept) >= 2 or "QUAD" in codes else ()
