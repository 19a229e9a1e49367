"""The round of a meeting: "4th", "fourth", "inaugural", "7e", "troisième", "제6차", "第5回",
"ersten", "die 2. Runde" (German ordinal dot), "primera", "3.ª", "tweede", "2de", Roman
"IIe" and "II Diálogo" (only right before the name or a meeting noun).

The round is the ordinal attached to the meeting's name: just before it in the same clause
("the 4th Canada-Japan Cyber Dialogue", "second meeting of the Franco-German Cyber
Working Group", "제2차 한·독 사이버협의회") or right after it ("Cyber Dialogue (first)").
Names are tried title first, then in order; names of other meetings ("the next ...",
"following up on the Sixth ...") are skipped. Without one, an ordinal before a meeting noun
in the lead counts ("This third bilateral round of talks", "the first in-person Principals
Meeting"). Other ordinals (the 7th Cyber Week, the 11th OEWG session) are never read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from config.scores import Ranking
from scrapers.analysis.abbreviations import ORDINAL_DOT_LANGUAGES, is_abbreviation
from scrapers.analysis.anchored import Anchored
from scrapers.analysis.inflection import adjective_forms
from scrapers.analysis.names import NameMention, reported_first
from scrapers.analysis.ranking import Candidate, Features, best
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc

_FIXED_WORDS = {
    "first": 1, "inaugural": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17,
    "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "premier": 1, "première": 1, "premiere": 1, "inaugurale": 1, "deuxième": 2, "seconde": 2,
    "troisième": 3, "quatrième": 4, "cinquième": 5, "sixième": 6, "septième": 7,
    "huitième": 8, "neuvième": 9, "dixième": 10, "onzième": 11, "douzième": 12,
    "primer": 1, "tercer": 3,  # Spanish apocopes before a masculine noun
    "eerste": 1, "tweede": 2, "derde": 3, "vierde": 4, "vijfde": 5, "zesde": 6, "zevende": 7,
    "achtste": 8, "negende": 9, "tiende": 10, "elfde": 11, "twaalfde": 12,
}  # fmt: skip
# German and Spanish ordinals inflect like adjectives (inflection.py): "ersten", "primera".
_GERMAN = "erst zweit dritt viert fünft sechst siebt acht neunt zehnt elft zwölft"
_SPANISH = (
    "primero segundo tercero cuarto quinto sexto séptimo octavo noveno décimo undécimo duodécimo"
)


def _ordinal_words() -> dict[str, int]:
    words = dict(_FIXED_WORDS)
    for number, stem in enumerate(_GERMAN.split(), 1):
        words.update(dict.fromkeys((stem + e for e in ("e", "en", "er", "es", "em")), number))
    for number, base in enumerate(_SPANISH.split(), 1):
        words.update(dict.fromkeys(adjective_forms(base, "es"), number))
    return words


_WORDS = _ordinal_words()
_ORDINAL = re.compile(
    r"(?<![\w.])(?P<num>\d{1,2})\s?(?:st|nd|rd|th|e|ème|eme|er|re|ère|ste|de)(?![\w])"
    r"|(?<![\w.])(?P<es>\d{1,2})\.?[ºª](?![\w])"  # Spanish "1.º", "3.ª" (NFKC: "1.o")
    r"|(?<![\w.])(?P<eso>\d{1,2})\.[oa](?![\w])"
    r"|제\s?(?P<ko>\d{1,2})\s?차"
    r"|第\s?(?P<ja>\d{1,2})\s?回"
    r"|(?<![\w])(?P<word>" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?![\w])",
    re.IGNORECASE,
)
# Every match of _ORDINAL has a digit or one of the words: a text with neither is not searched.
_ORDINAL_WORDS = Anchored(re.compile("|".join(_WORDS), re.IGNORECASE))
_DIGIT = re.compile(r"\d")
_DOT_ORDINAL = re.compile(r"(?<![\w.])(?P<num>\d{1,2})\.(?=\s+[^\W\d])")  # "die 2. Runde"
# Roman numerals, in capitals: French "IIe", "Ier" and Spanish "II Diálogo", "III Reunión".
# They count only right before the meeting's name or a meeting noun ("la Ve République" is no
# round).
_ROMAN = re.compile(r"(?<![\w.])(?P<roman>[IVX]{1,6})(?:e|ème|er|re)?(?=\s)")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
WINDOW = 90  # characters before a name searched for its ordinal
_CLAUSE_END = re.compile(r"[;:!?。]|\.\s|\n|,\s(?:and|which|while|following)\b")
_AFTER = re.compile(r"^\s*\((?P<word>[a-z]+|\d{1,2}(?:st|nd|rd|th))\)", re.IGNORECASE)
_MEETING_NOUN = re.compile(
    r"^(?:[\w\-]+\s){0,2}?(?:meeting|dialogue|consultations?|engagement|round|talks|dialog|"
    r"dialoog|diálogo|overleg|konsultationen|consultas|reunión|réunion|runde|ronda)\b",
    re.IGNORECASE,
)
_REFERENCE = re.compile(
    r"\b(?:next|previous|last|earlier|following|since|nächste\w*|letzte\w*|prochaine?|"
    r"dernière|próxim[oa]|anterior|volgende|vorige)\b",
    re.IGNORECASE,
)


def ordinal_value(match: re.Match[str]) -> int | None:
    for group in ("num", "es", "eso", "ko", "ja"):
        if group in match.re.groupindex and match.group(group):
            return int(match.group(group))
    if "roman" in match.re.groupindex:
        return roman_value(match.group("roman"))
    word = match.group("word")
    return _WORDS.get(word.casefold()) if word else None


def roman_value(numeral: str) -> int | None:
    """The value of a Roman numeral up to XXXIX written the standard way, else None."""
    if not numeral or re.fullmatch(r"X{0,3}(?:IX|IV|V?I{0,3})", numeral) is None:
        return None
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))


def _romans(before: str) -> list[re.Match[str]]:
    """Roman ordinals in the text before a name: right before it or before a meeting noun."""
    found = []
    for match in _ROMAN.finditer(before):
        rest = before[match.end() :]
        if roman_value(match.group("roman")) and (
            not rest.strip() or _MEETING_NOUN.match(rest.lstrip())
        ):
            found.append(match)
    return found


def extract_round(doc: Doc, names: Sequence[NameMention], rules: Rules | None = None) -> int | None:
    """The round stated for the meeting reported, or None: the best-scored candidate
    (ranking.py; the weights of ``rules``, else the built-in ones)."""
    weights = rules.ranking if rules is not None else Ranking()
    chosen = best(round_candidates(doc, names, rules), weights)
    return chosen.value if chosen is not None else None


def round_candidates(
    doc: Doc, names: Sequence[NameMention], rules: Rules | None = None
) -> list[Candidate[int]]:
    """The ordinal attached to each name of the meeting (scored by a held verb in its sentence,
    the title, the order of report), and an ordinal before a meeting noun in a lead sentence
    ("This third bilateral round of talks"), up to a reference to another meeting."""
    found: list[Candidate[int]] = []
    order: dict[int, int] = {}  # sentence index: its rank among sentences naming the meeting
    for name in reported_first(tuple(names)):
        sentence = name.sentence
        later = order.setdefault(sentence.index, len(order))
        value = round_of(doc, name)
        if value is not None:
            features = Features(
                names_meeting=True,
                held_verb=rules is not None and rules.held.search(sentence.text) is not None,
                title=sentence.in_title,
                later=later,
            )
            found.append(Candidate(value, name.start, features))
    far = rules.ranking.max_distance if rules is not None else Ranking().max_distance
    for sentence in doc.sentences:
        if not sentence.in_lead:
            continue
        if not _may_have_ordinal(sentence.text):
            continue
        for match in _ORDINAL.finditer(sentence.text):
            if _REFERENCE.search(sentence.text[: match.start()]):
                break
            value = ordinal_value(match)
            if value is not None and _MEETING_NOUN.match(sentence.text[match.end() :].lstrip()):
                start = sentence.start + match.start()
                found.append(Candidate(value, start, Features(lead=True, distance=far)))
                break
    return found


def _may_have_ordinal(text: str) -> bool:
    return _DIGIT.search(text) is not None or _ORDINAL_WORDS.may_match(text)


def round_of(doc: Doc, name: NameMention) -> int | None:
    """The ordinal attached to one name, or None."""
    start = max(name.sentence.start, name.start - WINDOW)
    before = doc.full[start : name.start]
    ends = [
        m.end()
        for m in _CLAUSE_END.finditer(before)
        if not (m.group().startswith(".") and is_abbreviation(before, m.start(), doc.language))
    ]
    if ends:
        before = before[ends[-1] :]
    matches = list(_ORDINAL.finditer(before))
    dotted = list(_DOT_ORDINAL.finditer(before))
    if dotted and doc.lang in ORDINAL_DOT_LANGUAGES:
        matches = [*matches, *dotted]
    matches = sorted((*matches, *_romans(before)), key=lambda m: m.start())
    if matches:
        return ordinal_value(matches[-1])
    after = _AFTER.match(doc.full[name.end : name.end + 20])
    if after:
        inner = _ORDINAL.fullmatch(after.group("word"))
        return ordinal_value(inner) if inner else None
    return None
