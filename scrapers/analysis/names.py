"""Where a release names a cyber meeting: "Cyber Policy Dialogue", "사이버정책협의회", "対話".

A name is a cyber term followed, within ``NAME_GAP`` words of the same clause, by a meeting term
("Cyber and Digital Partnership Senior Officials Meeting"), or a meeting term followed by
a linking word and a cyber term within ``LINKED_GAP`` words ("Working Group Meeting on DPRK
Cyber Activities", "dialogue bilatéral de cybersécurité"). Nothing in between may end the
clause (punctuation) or make it another kind of meeting (a blocker: "cyber issues at the
Strategic Dialogue"), except a blocker joined to the cyber term, part of the subject's name
("Cyber Defence Staff Talks"). A blocker right after the meeting term makes it another
meeting too (French and Spanish order: "Diálogo Estratégico"). "Tight" meeting terms ("group")
count only with at most one word between ("Senior Cyber Group", not "cyber threat ... UN Group").

A name preceded in its clause by a reference word ("at the next Cyber Dialogue") or
in a sentence about the next year names another meeting than the one reported: it is kept,
marked ``reference``, and counts for nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc, Sentence, word_count

NAME_GAP = 6
LINKED_GAP = 7
TIGHT_GAP = 1
REFERENCE_WINDOW = 60  # characters before a name searched for a reference word
_CLAUSE_END = re.compile(r"[,;:!?。、，]|\.\s|\n")
_ATTACHED = re.compile(r"^[\s\-]*([A-Za-z\u00c0-\u024f]+)")  # the Latin word after "cyber"
_FUTURE = re.compile(r"\bnext year\b|来年|내년|l'année prochaine|nächstes jahr", re.IGNORECASE)
# The future tense and "to be held" in the seven languages.
_WILL = re.compile(
    r"\b(?:will|shall|(?:is|are) to be|wird|werden|sera|seront|aura|auront|se tiendra|"
    r"se celebrará|tendrá lugar|zal|zullen)\b|予定|예정",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class NameMention:
    """One naming of a cyber meeting in a release."""

    start: int  # offsets in Doc.full
    end: int
    sentence: Sentence
    reference: bool


def find_names(doc: Doc, rules: Rules) -> tuple[NameMention, ...]:
    """Every name of a cyber meeting in the title and text, in order."""
    found: list[NameMention] = []
    for sentence in doc.sentences:
        text = sentence.text
        cybers = list(rules.cyber.finditer(text))
        if not cybers:
            continue
        for meeting in rules.meeting.finditer(text):
            span = _name_span(text, meeting, cybers, rules)
            if span is None:
                continue
            start, end = span
            if found and found[-1].sentence is sentence and start < found[-1].end - sentence.start:
                continue  # overlaps the previous name
            found.append(
                NameMention(
                    start=sentence.start + start,
                    end=sentence.start + end,
                    sentence=sentence,
                    reference=_is_reference(text, start, rules),
                )
            )
    return tuple(found)


def main_names(names: tuple[NameMention, ...]) -> tuple[NameMention, ...]:
    """The names that speak of the meeting reported (references left out), title first."""
    return tuple(n for n in names if not n.reference)


def reported_first(names: tuple[NameMention, ...]) -> tuple[NameMention, ...]:
    """The main names, those in the text's sentences about a meeting to come ("the 6th
    dialogue will take place in Ottawa") after the others when the text also names one in a
    sentence of another tense: a readout's own meeting first, the one it announces last. An
    announcement, all future, keeps its order."""
    mains = main_names(names)
    body = [n for n in mains if not n.sentence.in_title]
    later = [n for n in body if _WILL.search(n.sentence.text)]
    if not later or len(later) == len(body):
        return mains
    return (*(n for n in mains if n not in later), *later)


def _name_span(
    text: str, meeting: re.Match[str], cybers: list[re.Match[str]], rules: Rules
) -> tuple[int, int] | None:
    tight = rules.tight.fullmatch(meeting.group()) is not None
    if _attached_blocker(text[meeting.end() :], rules):
        return None  # "Diálogo Estratégico", "dialogue stratégique": another kind of meeting
    for cyber in reversed(cybers):  # the nearest cyber term before the meeting term
        if cyber.start() >= meeting.start():
            continue
        gap = text[cyber.end() : meeting.start()]
        named = _ATTACHED.sub("", gap, count=1) if _attached_blocker(gap, rules) else gap
        if _clean_gap(named, rules) and word_count(gap) <= (TIGHT_GAP if tight else NAME_GAP):
            return cyber.start(), meeting.end()
        break
    if tight:
        return None
    for cyber in cybers:  # a cyber term after the meeting term, linked to it
        if cyber.start() < meeting.end():
            continue
        gap = text[meeting.end() : cyber.start()]
        adjacent = not gap.strip()  # French order: "dialogue cyber franco-canadien"
        if adjacent or (
            _clean_gap(gap, rules)
            and word_count(gap) <= LINKED_GAP
            and rules.linkers.search(gap) is not None
        ):
            return meeting.start(), cyber.end()
        break
    return None


def _attached_blocker(gap: str, rules: Rules) -> bool:
    """Whether ``gap`` starts with a blocker joined to the word before it. After a cyber term
    it names the subject ("Cyber Defence Talks"); after a meeting term (French and Spanish put
    adjectives after the noun) it makes another kind of meeting ("Diálogo Estratégico")."""
    first = _ATTACHED.match(gap)
    return first is not None and rules.blockers.fullmatch(first.group(1)) is not None


def _clean_gap(gap: str, rules: Rules) -> bool:
    return _CLAUSE_END.search(gap) is None and rules.blockers.search(gap) is None


def _is_reference(text: str, start: int, rules: Rules) -> bool:
    before = text[max(0, start - REFERENCE_WINDOW) : start]
    clause = re.split(r"[,;:、，]", before)[-1]
    return rules.references.search(clause) is not None or _FUTURE.search(text) is not None
