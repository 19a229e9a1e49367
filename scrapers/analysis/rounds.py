"""The round of a meeting: "4th", "fourth", "inaugural", "7e", "troisième", "제6차", "第5回".

The round is the ordinal attached to the meeting's name: just before it in the same clause
("the 4th Republic of Korea-UK Cyber Dialogue", "second meeting of the U.S.-EU Cyber
Dialogue", "제3차 한·영 사이버정책협의회") or right after it ("Cyber Dialogue (first)").
Names are tried title first, then in order; names of other meetings ("the next ...",
"following up on the Sixth ...") are skipped. Without one, an ordinal before a meeting noun
in the lead counts ("This second bilateral engagement", "the first in-person Principals
Meeting"). Other ordinals (the 7th Cyber Week, the 11th OEWG session) are never read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from scrapers.analysis.names import NameMention, main_names
from scrapers.analysis.text import Doc

_WORDS = {
    "first": 1, "inaugural": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "premier": 1, "première": 1, "premiere": 1, "deuxième": 2, "seconde": 2,
    "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
    "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12,
    "erste": 1, "ersten": 1, "erster": 1, "zweite": 2, "zweiten": 2, "dritte": 3, "dritten": 3,
    "vierte": 4, "vierten": 4, "fünfte": 5, "fünften": 5, "sechste": 6, "sechsten": 6,
    "siebte": 7, "siebten": 7, "achte": 8, "achten": 8, "neunte": 9, "neunten": 9,
    "zehnte": 10, "zehnten": 10,
}  # fmt: skip
_ORDINAL = re.compile(
    r"(?<![\w.])(?P<num>\d{1,2})\s?(?:st|nd|rd|th|e|ème|eme|er|re)(?![\w])"
    r"|제\s?(?P<ko>\d{1,2})\s?차"
    r"|第\s?(?P<ja>\d{1,2})\s?回"
    r"|(?<![\w])(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
WINDOW = 90  # characters before a name searched for its ordinal
_CLAUSE_END = re.compile(r"[;:!?。]|\.\s|\n|,\s(?:and|which|while|following)\b")
_AFTER = re.compile(r"^\s*\((?P<word>[a-z]+|\d{1,2}(?:st|nd|rd|th))\)", re.IGNORECASE)
_MEETING_NOUN = re.compile(
    r"^(?:[\w\-]+\s){0,2}?(?:meeting|dialogue|consultations?|engagement|round|talks)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"\b(?:next|previous|last|earlier|following|since)\b", re.IGNORECASE)


def ordinal_value(match: re.Match[str]) -> int | None:
    for group in ("num", "ko", "ja"):
        if match.group(group):
            return int(match.group(group))
    word = match.group("word")
    return _WORDS.get(word.casefold()) if word else None


def extract_round(doc: Doc, names: Sequence[NameMention]) -> int | None:
    """The round stated for the meeting reported, or None."""
    for name in main_names(tuple(names)):
        found = round_of(doc, name)
        if found is not None:
            return found
    for sentence in doc.sentences:
        if not sentence.in_lead:
            continue
        for match in _ORDINAL.finditer(sentence.text):
            if _REFERENCE.search(sentence.text[: match.start()]):
                break
            if _MEETING_NOUN.match(sentence.text[match.end() :].lstrip()):
                return ordinal_value(match)
    return None


def round_of(doc: Doc, name: NameMention) -> int | None:
    """The ordinal attached to one name, or None."""
    start = max(name.sentence.start, name.start - WINDOW)
    before = doc.full[start : name.start]
    ends = [m.end() for m in _CLAUSE_END.finditer(before)]
    if ends:
        before = before[ends[-1] :]
    matches = list(_ORDINAL.finditer(before))
    if matches:
        return ordinal_value(matches[-1])
    after = _AFTER.match(doc.full[name.end : name.end + 20])
    if after:
        inner = _ORDINAL.fullmatch(after.group("word"))
        return ordinal_value(inner) if inner else None
    return None
