"""Who chaired or led the delegations, exactly as written, with the title given.

Chairs are read only where the text says someone chaired, co-chaired, led, headed or hosted
the meeting or a delegation: "co-chaired by A, Cyber Director ..., and B, Ambassador ...",
"led by Ambassador for Cyber Affairs Dr. Tobias Feakin", "Mr. X, Coordinator ..., led the
U.S. delegation", "Cyber Director Andrew Whittaker ... co-chaired the 4th ...", "Co-Chairs
Japan (Mr. Hayashi Ryozo, ...)", "coprésidée par M. ...", "...が共同議長を務め", "...を筆頭に",
"...이 주재한 가운데", "...를 수석대표로". Speakers and participants are not chairs.

In English a name is a run of two to five capitalised words that are not title or
institution words ("Ambassador", "Ministry", "Cyber") nor names of countries or cities,
with particles ("de", "van") and initials ("L.") inside; at least one word is not all
capitals (so "DG CONNECT" is not a name). In Japanese and Korean a name is what comes before
the title ("石月英雄外務省…", "이준일 외교부…"); a name given in Latin script with "Mr."/"Ms."
in parentheses is taken in that form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapers.analysis.countries import PARTIES
from scrapers.analysis.model import Chair
from scrapers.analysis.text import Doc, has_cjk

MAX_CHAIRS = 8
_VOCABULARY_WORDS = """
    ambassador ambassadors ambassador-at-large director directors general director-general
    deputy assistant secretary under undersecretary under-secretary minister ministers ministry
    ministries vice chief head heads senior principal principals acting special representative
    coordinator adviser advisor counsellor counselor officer official bureau office department
    agency agencies centre center council commission commissioner committee service services
    division branch unit directorate secretariat cabinet government federal national
    international foreign affairs defence defense security cyber cybersecurity cyberspace policy
    policies strategic strategy issues issue global digital technology technologies critical
    emerging information communications communication networks content society trust identity
    science innovation economy trade industry home justice interior internal intelligence police
    prosecutor prosecutors supreme institute university research executive president prime high
    large charge political peace planning counter terrorism nuclear diplomacy diplomatic
    e-governance governance program programme stability infrastructure resilience crisis
    operations legal law enforcement military armed forces staff lt lieutenant colonel admiral
    major captain his her excellency mr ms mrs dr hon honourable honorable sir dame shri smt
    prof professor h.e the and of for in at on to osd ad dg connect posts telecommunications
    telecommunication external action development commonwealth cooperation relations partnership
    group working dialogue consultation consultations meeting press media spokesperson embassy
    mission consul consulate permanent delegation delegations delegate delegates chair chairs
    co-chair co-chairs chairman chairperson envoy manager analyst task force nations united
    states kingdom republic union people's democratic north south east west asia pacific
    indo-pacific europe african americas middle ministerial parliamentary state principal quad
    systems computer emergency response team cert incident readiness hybrid threats threat desk
    section bureau cyber-related establishment office's representative's sector private public
    directeur directrice ambassadeur ambassadrice ministère ministre délégation responsable
    secrétaire adjoint chargé chargée affaires étrangères sous-directeur botschafter leiter
    leiterin referat auswärtiges amt ministerium operational cyber-security senior-level
    executive-director administrator administration deputy-director chief-executive lord
    baroness mp senator
"""
_VOCABULARY = frozenset(_VOCABULARY_WORDS.split())
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "du", "bin", "al", "le", "la"})
_HONORIFICS = re.compile(r"^(?:mr|ms|mrs|dr|shri|sir|h\.e|m|mme|herr|frau)\.?$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]\.(?=\s)|[^\W\d_](?:[\w'\-]*[^\W_])?")

_AFTER_CUES = re.compile(
    r"\b(?:co-?chaired|chaired|presided(?:\s+over)?|led|headed|hosted|co-hosted)"
    r"(?:\s+for\s+[\w\s.]{1,25}?)?\s+by\b"
    r"|\bunder the (?:co-?)?chair(?:man)?ship of\b"
    r"|\bhead (?:delegates?|of (?:the )?delegations?)\b[^.;]{0,80}?\b(?:will be|were|was|are|is)\b"
    r"|\b(?:co-?présidée?s?|présidée?s?|dirigée?s?|conduite?s?)\s+par\b"
    r"|\bsous la (?:co-?)?présidence de\b"
    r"|\b(?:geleitet|geführt)\s+von\b|\bunter (?:dem )?(?:Ko-)?Vorsitz von\b",
    re.IGNORECASE,
)
_BEFORE_CUES = re.compile(
    r"\b(?:co-?chaired|chaired|(?:will\s+)?lead|led|headed|co-hosted)\s+"
    r"(?:the|its|their|[A-Z][\w.]*'s)\s+(?:[\w\-.']+\s+){0,3}?"
    r"(?:delegation|dialogue|meeting|consultations?|talks|working group|[\w\-]*\s*cyber)"
    r"|\b(?:était|était à la tête|a dirigé|ont coprésidé)\b[^.]{0,20}?délégation",
    re.IGNORECASE,
)
_WE_CUE = re.compile(r"^\s*We\s*[—–-]+\s*(?P<list>.+?)\s*[—–-]+\s*met\b", re.MULTILINE)
_LABEL = re.compile(r"^\s*co-?chairs?\b\s*[:：]?", re.IGNORECASE | re.MULTILINE)
_LABEL_END = re.compile(
    r"\n\s*(?:keynote|attendees|participants|host|venue|date|agenda|outcomes?|\d\.)",
    re.IGNORECASE,
)
_STOPS = re.compile(
    r",?\s+(?:with the participation|with participation|which included|and included|who "
    r"(?:was|were) accompanied|consisted|included|including|comprising|as well as "
    r"(?:officials|representatives))\b|,\s+(?:the|cette|ce)\s+(?:dialogue|meeting|group|"
    r"session|réunion)\b|,?\s+avec la participation\b|;",
    re.IGNORECASE,
)

_JA_CO_CHAIRS = re.compile(r"(?P<list>[^。]*?)が(?:共同)?議長を務め")
_JA_CHAIRS_ARE = re.compile(r"(?:共同)?議長は[、,]?(?P<list>[^。]*?)(?:が務め|$)")
_JA_HEADED = re.compile(r"を(?:筆頭|はじめと|団長と|首席代表と)")
_JA_LABEL = re.compile(r"(?:議長国|共同議長)\s*[:：](?P<list>[^\n]*)")
_KO_CHAIRED = re.compile(r"(?P<list>[^.。\n]*?)(?:이|가)\s*(?:공동\s*)?주재")
_KO_HEADS = re.compile(r"(?P<list>[^.。\n]*?)(?:을|를)\s*(?:각각\s*)?수석대표로")
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
_JA_SIDE = re.compile(r"^.{0,12}?(?:側から|から)(?:は)?[、,]?")
_KO_SIDE = re.compile(r"^\S{1,6}측\s+")


def _place_words() -> frozenset[str]:
    words: set[str] = set()
    for party in PARTIES:
        for name in party.names:
            if not has_cjk(name):
                words.update(w.casefold().strip(".") for w in name.split())
    return frozenset(words)


_CITY_WORDS = "washington london seoul tokyo beijing delhi canberra brussels paris berlin singapore"
_NOT_NAMES = _VOCABULARY | _place_words() | frozenset(_CITY_WORDS.split())


def extract_chairs(doc: Doc) -> tuple[Chair, ...]:
    """The chairs and heads of delegation named, in order, each once."""
    chairs: list[Chair] = []
    seen: set[str] = set()
    for chair in _all_chairs(doc):
        key = re.sub(r"\W", "", chair.name.casefold())
        if key and key not in seen:
            seen.add(key)
            chairs.append(chair)
    return tuple(chairs[:MAX_CHAIRS])


def _all_chairs(doc: Doc) -> Iterator[Chair]:
    for sentence in doc.sentences:
        text = sentence.text
        for cue in _AFTER_CUES.finditer(text):
            yield from latin_chairs(_cut(text[cue.end() :]))
        before = _BEFORE_CUES.search(text)
        if before:
            yield from latin_chairs(re.sub(r"^\s*\d+\.\s*", "", text[: before.start()]))
        yield from _cjk_chairs(text)
    for we in _WE_CUE.finditer(doc.full):
        yield from latin_chairs(we.group("list"))
    for label in _LABEL.finditer(doc.full):
        rest = doc.full[label.end() : label.end() + 500]
        end = _LABEL_END.search(rest)
        yield from latin_chairs(rest[: end.start()] if end else rest)
    for label in _JA_LABEL.finditer(doc.full):
        for inner in re.findall(r"\(([^()]*)\)", label.group("list")):
            name = _cjk_name(inner.split(" ")[0] if " " in inner else inner)
            if name:
                yield Chair(name, inner[len(name) :].strip())


def latin_chairs(text: str) -> Iterator[Chair]:
    """Names (runs of capitalised non-title words) in a list of chairs with their titles."""
    runs = list(_name_runs(text))
    for number, (start, end) in enumerate(runs):
        following = runs[number + 1][0] if number + 1 < len(runs) else len(text)
        title = text[end:following].strip(" ,;()–-")
        title = re.sub(r"\s*(?:,?\s*(?:and|et|und)|,)\s*(?:(?:Mr|Ms|Mrs|Dr|M|Mme)\.?)?$", "", title)
        yield Chair(text[start:end].strip(), title[:160].strip(" ,"))


def _name_runs(text: str) -> Iterator[tuple[int, int]]:
    tokens = list(_TOKEN.finditer(text))
    run: list[re.Match[str]] = []
    for token in tokens:
        if run and not re.fullmatch(r"\s+", text[run[-1].end() : token.start()]):
            yield from _accept(run)
            run = []
        if _is_name_word(token.group()) or (run and token.group() in _PARTICLES):
            run.append(token)
            continue
        yield from _accept(run)
        run = []
    yield from _accept(run)


def _accept(run: list[re.Match[str]]) -> Iterator[tuple[int, int]]:
    while run and run[-1].group() in _PARTICLES:
        run = run[:-1]
    words = [t.group() for t in run if t.group() not in _PARTICLES]
    if not 2 <= len(words) <= 5:
        return
    if all(w.rstrip(".").isupper() for w in words):
        return  # acronyms, not a name
    if sum(len(w.rstrip(".")) == 1 for w in words) > 1:
        return
    yield run[0].start(), run[-1].end()


def _is_name_word(word: str) -> bool:
    bare = word.rstrip(".")
    if not bare or not bare[0].isupper() or _HONORIFICS.match(word):
        return False
    if len(bare) == 1:
        return word.endswith(".")  # an initial
    return bare.casefold() not in _NOT_NAMES


def _cut(text: str) -> str:
    stop = _STOPS.search(text)
    return text[: stop.start()] if stop else text


def _cjk_chairs(text: str) -> Iterator[Chair]:
    if not has_cjk(text):
        return
    for pattern in (_JA_CO_CHAIRS, _JA_CHAIRS_ARE, _KO_CHAIRED, _KO_HEADS):
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
    """Drop the topic of a Japanese or Korean sentence: "今回の作業部会においては、…"."""
    for marker in ("においては、", "においては,", "では、", "では,", "회의에는 ", "에는 "):
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
    words: list[str] = []
    for word in segment.split():
        bare = word.split("(")[0]
        if not bare or not re.fullmatch("[\uac00-\ud7af]+", bare) or _KO_TITLE_WORDS.match(bare):
            break
        words.append(bare)
        if "(" in word or len(words) == 3:
            break
    name = " ".join(words)
    return name if len(name.replace(" ", "")) >= 2 else None
