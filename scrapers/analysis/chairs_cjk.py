"""Chairs in Japanese and Korean sentences: the name comes before the title ("石月英雄外務省…",
"이준일 외교부…"), the cue after the list ("…が共同議長を務め", "…이 주재한 가운데",
"A와 B가 각각 수석대표로 참석"); a side marker ("우리측", "日本側から") is not part of the name,
and a name in Latin script with "Mr."/"Ms." in parentheses is taken in that form.

The cues' expressions start with a list of any length before the cue, so a search tries each
start and each length: they are searched only in a sentence holding the cue's words
(``anchored.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapers.analysis.anchored import Anchored
from scrapers.analysis.countries import PARTIES
from scrapers.analysis.model import Chair
from scrapers.analysis.text import has_cjk

_JA_CO_CHAIRS = Anchored(re.compile(r"(?P<list>[^。]*?)が(?:それぞれ)?(?:共同)?議長を務め"))
_JA_UNDER = Anchored(re.compile(r"(?P<list>[^。、]*?)の(?:共同)?議長の(?:下|もと)"))
_JA_CHAIRS_ARE = Anchored(re.compile(r"(?:共同)?議長は[、,]?(?P<list>[^。]*?)(?:が務め|$)"))
_JA_HEADED = Anchored(re.compile(r"を(?:筆頭|はじめと|団長と|首席代表と)"))
_JA_LABEL = re.compile(r"(?:議長国|共同議長)\s*[:：](?P<list>[^\n]*)")
_KO_CHAIRED = Anchored(re.compile(r"(?P<list>[^.。\n]*?)(?:이|가)\s*(?:공동\s*)?주재"))
_KO_HEADS = Anchored(re.compile(r"(?P<list>[^.。\n]*?)(?:을|를)\s*(?:각각\s*)?수석대표로"))
# "A와 B가 (각각|양측) 수석대표로 참석" / "… 수석대표를 맡았으며": the subject (이/가) heads.
_KO_HEADED = Anchored(
    re.compile(r"(?P<list>[^.。\n]*?)(?:이|가)\s*(?:(?:각각|양측)\s*)*수석대표(?:로|를)")
)
_KATAKANA_NAME = re.compile(r"^[ァ-ヴー・]{3,}")
_KANJI_NAME = re.compile(r"^[\u4e00-\u9fff々]{2,5}")
_JA_TITLE_START = re.compile(
    r"外務|国務|米国|韓国|豪州|英国|内閣|総務|経済|防衛|警察|国家|日本|中国|インド|欧州|大使|"
    r"総合|国際|サイバー|北朝鮮|首相|大統領|長官|次官|局長|審議官|参事官|政務官|大臣|武蔵野|大学"
)
_KO_TITLE_WORDS = re.compile(
    r"^(?:외교부|외무성|국무부|미국|일본|영국|중국|호주|한국|국가|대사|국제|북핵|사이버|"
    r"정부|주한|유럽|EU|국방부|과기|과학|국정원|통일부)"
)
_LATIN_IN_PARENS = re.compile(r"\((?:Mr|Ms|Mrs|Dr)\.?\s+(?P<name>[^,()]+?)\s*,")
_JA_SIDE = re.compile(r"^.{0,12}?(?:側から|から|側)(?:は)?[、,]?")
_KO_SIDE = re.compile(r"^\S{1,6}측\s+")
_HANGUL_WORD = re.compile("[\uac00-\ud7af]+")
# A word closing a phrase before the subject: a topic "는", a place "에서(는)", a side "측(은)";
# and the determiners of the meeting ("이번 협의회는"). Not "은": names end in it ("지은").
_KO_PHRASE_END = re.compile(r"(?:는|에서|측|측은|께서)$")
_KO_DETERMINERS = frozenset({"이번", "금번", "이날", "동", "양측", "양국", "금일"})
# Korean titles and offices end in these syllables: 대사 (ambassador), 국장 (director-general),
# 조정관 (coordinator), 장관/차관 (minister), 대표 (representative), 부/청/처/원 (ministry, agency).
_KO_TITLE_END = re.compile(
    r"(?:대사|국장|과장|실장|차장|단장|조정관|관|장관|차관|대표|부|청|처|원|국)$"
)
_LATIN_LEAD = re.compile(r"^(?:[A-Z][\w\-']*\.?\s+){1,3}[A-Z][\w\-']+(?=\s|$)")
_KO_TRANSLITERATED = re.compile(
    r"(?P<ko>[\uac00-\ud7af]+(?:\s[\uac00-\ud7af]+){0,2})\s?\([A-Z][\w\-'. ]+\)"
)
_KO_PLACES = frozenset(
    name
    for party in PARTIES
    if party.listed
    for name in party.forms
    if _HANGUL_WORD.fullmatch(name)
)


def cjk_label_chairs(full: str) -> Iterator[Chair]:
    """Chairs on a Japanese label line: "共同議長：日本（…）、米国（…）"."""
    for label in _JA_LABEL.finditer(full):
        for inner in re.findall(r"\(([^()]*)\)", label.group("list")):
            name = _cjk_name(inner.split(" ")[0] if " " in inner else inner)
            if name:
                yield Chair(name, inner[len(name) :].strip())


def cjk_chairs(text: str) -> Iterator[Chair]:
    """Chairs named in a Japanese or Korean sentence."""
    if not has_cjk(text):
        return
    patterns = (_JA_CO_CHAIRS, _JA_CHAIRS_ARE, _JA_UNDER, _KO_CHAIRED, _KO_HEADS, _KO_HEADED)
    for pattern in patterns:
        for match in pattern.finditer(text):
            for segment in _segments(_after_topic(match.group("list"))):
                chair = _cjk_chair(segment)
                if chair:
                    yield chair
    for match in _JA_HEADED.finditer(text):
        chair = _cjk_chair(_segment_before(text, match.start()))
        if chair:
            yield chair


def _after_topic(text: str) -> str:
    """Drop the topic of a Japanese or Korean sentence: "今回の作業部会においては、…", and a
    Korean place before the subject ("… 브뤼셀에서 A와 B가 …")."""
    for marker in ("においては、", "においては,", "では、", "では,", "회의에는 ", "에는 ", "에서 "):
        if marker in text:
            text = text.rsplit(marker, 1)[1]
    return text.lstrip("□ㅇ○・- ")


def _segments(text: str) -> Iterator[str]:
    depth = 0
    start = 0
    separators = ("、", ",", "と", "及び", "와 ", "과 ")
    index = 0
    while index < len(text):
        char = text[index]
        if char in "(（":
            depth += 1
        elif char in ")）":
            depth = max(0, depth - 1)
        elif depth == 0:
            for separator in separators:
                if text.startswith(separator, index):
                    yield text[start:index]
                    start = index + len(separator)
                    index = start - 1
                    break
        index += 1
    yield text[start:]


def _segment_before(text: str, end: int) -> str:
    depth = 0
    index = end - 1
    while index >= 0:
        char = text[index]
        if char in ")）":
            depth += 1
        elif char in "(（":
            depth -= 1
        elif depth == 0 and char in "、,。":
            break
        index -= 1
    return text[index + 1 : end]


def _cjk_chair(segment: str) -> Chair | None:
    segment = _KO_SIDE.sub("", _JA_SIDE.sub("", segment.strip()))
    latin = _LATIN_IN_PARENS.search(segment)
    if latin:
        return Chair(latin.group("name").strip(), "")
    name = _cjk_name(segment)
    return Chair(name, segment[len(name) :].strip()) if name else None


def _cjk_name(segment: str) -> str | None:
    segment = segment.strip()
    katakana = _KATAKANA_NAME.match(segment)
    if katakana:
        return katakana.group().strip("・")
    kanji = _KANJI_NAME.match(segment)
    if kanji:
        title = _JA_TITLE_START.search(segment, 2)
        end = min(kanji.end(), title.start() if title else len(segment))
        name = segment[:end]
        return name if len(name) >= 2 and not _JA_TITLE_START.match(name) else None
    return _korean_name(segment)


def _korean_name(segment: str) -> str | None:
    """A name in Korean text: the words before the title ("김건 외교부 국제안보대사"), a
    transliterated foreign name with its Latin form as written ("왕 레이(Wang Lei)"), or a name
    in Latin script ("Sarah Taylor 외교부 …")."""
    latin = _LATIN_LEAD.match(segment)
    if latin:
        return latin.group().strip()
    transliterated = _KO_TRANSLITERATED.match(segment)
    if transliterated and not any(map(_is_korean_title, transliterated.group("ko").split())):
        return transliterated.group()
    words: list[str] = []
    for word in segment.split():
        bare = word.split("(")[0]
        if bare in _KO_DETERMINERS or _KO_PHRASE_END.search(bare):
            words = []  # "이번 협의회는 김영수 …", "우리측에서는 김영수 …": the name comes after
            continue
        if not bare or not _HANGUL_WORD.fullmatch(bare) or _is_korean_title(bare):
            break
        words.append(bare)
        if "(" in word or len(words) == 3:
            break
    name = " ".join(words)
    return name if len(name.replace(" ", "")) >= 2 else None


def _is_korean_title(word: str) -> bool:
    return bool(_KO_TITLE_WORDS.match(word) or _KO_TITLE_END.search(word)) or word in _KO_PLACES
