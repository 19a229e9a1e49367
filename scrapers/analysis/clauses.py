"""Clauses around a meeting's name: which words refer to another meeting ("the next round",
"지난 회의", "la semaine dernière" excepted), how far such a reference reaches, and a sentence
with the line a line break cut from it."""

from __future__ import annotations

import re

from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc, Sentence

CLAUSE_BREAK = re.compile(r"[;；]|,\s")  # a comma or semicolon: the end of a clause


def refers_elsewhere(text: str, rules: Rules) -> bool:
    """The sentence refers to another meeting ("the next dialogue", "지난 회의"): a reference
    word not followed by a date ("지난 13일", "last 13 June" only date the meeting)."""
    return any(not re.match(r"\s*\d", text[m.end() : m.end() + 3]) for m in references(text, rules))


# "last week", "la semaine dernière", "letzte Woche": when this meeting took place, not another.
_RECENT = re.compile(
    r"\s*(?:week|month|semaine|mois|woche|monat|semana|mes|maand)\b",
    re.IGNORECASE,
)
_RECENT_BEFORE = re.compile(r"(?:semaine|mois|semana|mes|week|maand)\s*$", re.IGNORECASE)


def references(text: str, rules: Rules) -> list[re.Match[str]]:
    """The reference words in ``text`` that point at another meeting: not those of a recent
    time ("last week", "la semaine dernière", "el mes pasado")."""
    return [
        m
        for m in rules.references.finditer(text)
        if not _RECENT.match(text, m.end()) and not _RECENT_BEFORE.search(text[: m.start()])
    ]


def with_continuation(doc: Doc, sentence: Sentence) -> tuple[str, int]:
    """The sentence's text and offset, with the next line when a line break cut the sentence
    ("held on March\n3-4, 2021"): no end punctuation, the next line starts with a digit or
    a lower-case letter."""
    text = sentence.text.rstrip()
    if sentence.in_title or not text or not text[-1].isascii() or not text[-1].isalnum():
        return sentence.text, sentence.start
    rest = doc.full[sentence.end : sentence.end + 200]
    line = rest.lstrip("\n ")
    if not line or not (line[0].isdigit() or line[0].islower()):
        return sentence.text, sentence.start
    cut = line.find("\n")
    end = sentence.end + (len(rest) - len(line)) + (cut if cut >= 0 else len(line))
    return doc.full[sentence.start : end], sentence.start


def reference_open(between: str, rules: Rules) -> bool:
    """Whether the text between a meeting's name and a candidate refers to another meeting up
    to the candidate: a reference word with no comma or semicolon after it. An aside about
    another meeting closed by a comma ("The 3rd Dialogue, following the previous round in
    Seoul, was held in Tokyo") leaves what follows it to the meeting named."""
    return any(CLAUSE_BREAK.search(between, m.end()) is None for m in references(between, rules))
