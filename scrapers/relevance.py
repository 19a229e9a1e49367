"""The keyword rule that marks cyber-dialogue releases.

Text is split into words (runs of letters and digits; a hyphen or a "·" separates words). A
Latin-script term matches words as a prefix ("dialogue" matches "dialogues", "cyber" matches
"cybersecurity"); a multi-word term ("working group") matches consecutive words, the last one
as a prefix. A term containing CJK or Hangul characters matches as a substring anywhere, and
its position is the word it falls in: Korean spaces its words, so the window counts them, and
a Japanese or Chinese clause is one word, so both terms in one clause are distance 0.

A topic match and a meeting match are near when their distance in words is at most ``window``
(adjacent words are distance 1; "cyber policy dialogue" puts "cyber" 2 from "dialogue").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from config import RelevanceSettings
from scrapers.model import Relevance

TITLE_SCORE = 1.0
TEXT_SCORE = 0.7
_WORD = re.compile(r"\w+")
_SPACELESS = re.compile(
    r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]"
)


@dataclass(frozen=True, slots=True)
class _Words:
    """A casefolded text and the spans of its words."""

    text: str
    starts: tuple[int, ...]
    words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> _Words:
        folded = text.casefold()
        matches = list(_WORD.finditer(folded))
        return cls(folded, tuple(m.start() for m in matches), tuple(m.group() for m in matches))

    def word_at(self, offset: int) -> int:
        return max(bisect_right(self.starts, offset) - 1, 0)


def judge(title: str, text: str, rules: RelevanceSettings) -> Relevance:
    """Relevant when a topic term and a meeting term are near each other in the title or text.

    The score is TITLE_SCORE for a match in the title, TEXT_SCORE for one only in the text,
    else 0; each reason names where the match is and the two terms.
    """
    reasons: list[str] = []
    score = 0.0
    for field, content, field_score in (("title", title, TITLE_SCORE), ("text", text, TEXT_SCORE)):
        pair = _near_pair(_Words.of(content), rules)
        if pair is not None:
            reasons.append(f"{field}: {pair[0]!r} near {pair[1]!r}")
            score = max(score, field_score)
    return Relevance(relevant=bool(reasons), score=score, reasons=tuple(reasons))


def _near_pair(words: _Words, rules: RelevanceSettings) -> tuple[str, str] | None:
    if not words.words:
        return None
    topics = [(term, span) for term in rules.topic for span in _spans(words, term)]
    if not topics:
        return None
    for meeting in rules.meeting:
        for m_start, m_end in _spans(words, meeting):
            for topic, (t_start, t_end) in topics:
                gap = max(t_start, m_start) - min(t_end, m_end)
                if gap <= rules.window:
                    return topic, meeting
    return None


def _spans(words: _Words, term: str) -> list[tuple[int, int]]:
    """(first word, last word) of every match of ``term``."""
    folded = term.casefold().strip()
    if not folded:
        return []
    if _SPACELESS.search(folded):
        spans = []
        offset = words.text.find(folded)
        while offset != -1:
            spans.append((words.word_at(offset), words.word_at(offset + len(folded) - 1)))
            offset = words.text.find(folded, offset + 1)
        return spans
    parts = _WORD.findall(folded)
    if not parts:
        return []
    return [
        (i, i + len(parts) - 1)
        for i in range(len(words.words) - len(parts) + 1)
        if _matches_at(words.words, i, parts)
    ]


def _matches_at(words: Sequence[str], index: int, parts: Sequence[str]) -> bool:
    *exact, last = parts
    return all(words[index + k] == part for k, part in enumerate(exact)) and words[
        index + len(exact)
    ].startswith(last)
