"""The topics taxonomy: what a cyber dialogue discussed, as tags a reader can filter on.

Each topic is a tag, what it covers, and the words that show it (regex, case-insensitive; in
English, Korean, Japanese, French and German). A release has a topic when one of its words
occurs anywhere in its title or text. The table is the documentation: README lists it too.

Speed: a regular expression searched case-insensitively over the whole text costs about as much
whether it matches or not, and most topics are absent from most releases. So each word also
gives its longest run of plain letters (its anchor: "critical (?:national )?infrastructure" has
"infrastructure"), which any match must contain; a topic's expression is searched only when one
of its anchors occurs in the lower-cased text (every topic's anchors found in one pass,
``presence.py``). The result is the same: lower-casing keeps a match's letters where they were,
except for the few letters that matching without case pairs otherwise (dotless i, long s ...:
``_folds_apart``), and a text holding any of those is searched in full.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import import_module

from scrapers.analysis.presence import Presence
from scrapers.analysis.text import Doc


@dataclass(frozen=True, slots=True)
class Topic:
    tag: str
    covers: str
    pattern: re.Pattern[str]
    anchors: tuple[str, ...] = ()  # one of these occurs in any matching text (lower-cased);
    # empty: a word has no anchor, the pattern is always searched
    words: tuple[re.Pattern[str], ...] = ()  # each word alone; with anchors, word for anchor


def _topic(tag: str, covers: str, *words: str) -> Topic:
    anchors = tuple(_anchor(word) for word in words)
    return Topic(
        tag,
        covers,
        re.compile("|".join(words), re.IGNORECASE),
        anchors if all(anchors) else (),
        tuple(re.compile(word, re.IGNORECASE) for word in words),
    )


def _anchor(word: str) -> str:
    """The longest run of literal characters any match of the regex ``word`` contains,
    lower-cased ("" if none): runs end at escapes, groups, classes and anything optional."""
    runs, run, i = [], "", 0
    while i < len(word):
        char = word[i]
        if char in "?*{":  # the character before is optional: not part of the run
            runs.append(run[:-1])
            run = ""
            if char == "{":
                i = word.index("}", i)
        elif char == "|":  # alternatives: no run common to all of them (none written so)
            return ""
        elif char in "\\([.^$+":
            runs.append(run)
            run = ""
            if char == "\\":
                i += 1
            elif char in "([":
                i = _closing(word, i)
        else:
            run += char
        i += 1
    runs.append(run)
    return max(runs, key=len).lower()


def _closing(word: str, start: int) -> int:
    """The index of the bracket closing the group or class opened at ``start``."""
    depth, i = 0, start
    while True:
        if word[i] == "\\":
            i += 2
            continue
        if word[i] == "[":  # a class: to its "]" (a "]" first in it is a member)
            i = word.index("]", i + 2)
        else:
            depth += {"(": 1, ")": -1}.get(word[i], 0)
        if depth == 0:
            return i
        i += 1


TOPICS: tuple[Topic, ...] = (
    _topic("ransomware", "ransomware and extortion", r"ransomware", "랜섬웨어", "ランサムウェア",
           r"rançongiciel"),
    _topic("dprk", "North Korea's cyber activity", r"\bdprk\b", r"north korea", "북한",
           "北朝鮮", r"corée du nord", r"nordkorea"),
    _topic("cryptocurrency", "theft of cryptocurrency and virtual assets", r"crypto",
           r"virtual asset", "가상자산", "암호화폐", "暗号資産", r"cryptomonnaie", r"kryptow"),
    _topic("it-workers", "North Korean IT workers", r"\bIT workers?\b", r"IT\s?인력",
           r"IT労働者"),
    _topic("wmd-financing", "revenue for weapons programmes",
           r"weapons of mass destruction", r"\bwmd\b", r"ballistic missile",
           r"nuclear weapons", r"revenue", "핵·미사일", "大量破壊兵器", r"armes de destruction"),
    _topic("critical-infrastructure", "protection of critical infrastructure",
           r"critical (?:national |information )?infrastructure", r"infrastructure protection",
           "기반시설", "重要インフラ", r"infrastructures? critiques?",
           r"kritische[rn]? infrastruktur"),
    _topic("capacity-building", "helping other countries build cyber capacity",
           r"capacity[- ]building", r"capacity building", r"build(?:ing)? capacit",
           r"enhanc\w+ capacity", "역량 강화", "역량강화", "능력 배양", "能力構築",
           "キャパシティビルディング", "能力強化", r"renforcement des capacités",
           r"kapazitätsaufbau"),
    _topic("un-norms", "norms of responsible state behaviour",
           r"responsible (?:state )?behaviou?r", r"\bnorms\b", r"voluntary norms", "규범",
           "責任ある国家", "規範", r"\bnormes\b", r"\bnormen\b"),
    _topic("international-law", "international law in cyberspace", r"international law",
           "국제법", "国際法", r"droit international", r"völkerrecht"),
    _topic("cybercrime", "cybercrime, law enforcement, the Budapest Convention",
           r"cyber[- ]?crime", r"budapest convention", r"law enforcement", r"organi[sz]ed crime",
           "사이버 ?범죄", "サイバー犯罪", r"cybercriminalit", r"cyberkriminalit"),
    _topic("confidence-building", "confidence-building measures",
           r"confidence[- ]building", r"\bcbms?\b", "신뢰 ?구축", "信頼醸成",
           r"mesures de confiance", r"vertrauensbild"),
    _topic("internet-governance", "internet governance, the multistakeholder model",
           r"internet governance", r"multi-?stakeholder", "인터넷 거버넌스",
           "インターネットガバナンス", r"gouvernance de l'internet", r"internet-governance"),
    _topic("information-sharing", "sharing information on threats",
           r"information[- ]sharing", r"shar\w+ (?:of )?information", r"exchang\w+ information",
           "정보 ?공유", "情報共有", r"partage d'informations", r"informationsaustausch"),
    _topic("deterrence", "deterring malicious cyber activity", r"\bdeter", "억지", "抑止",
           r"dissuasion", r"abschreckung"),
    _topic("private-sector", "cooperation with industry", r"private[- ]sector", r"industry",
           r"public-private", "민간", "民間", r"secteur privé", r"privatsektor"),
    _topic("cyber-skills", "skills, workforce and talent", r"cyber skills", r"workforce",
           r"\btalent", r"human resource development", "사이버 인력", "人材育成",
           r"compétences"),
    _topic("military-cyber", "defence and military cyber cooperation", r"military",
           r"cyber[- ]defen[cs]e", r"defen[cs]e cyber", "국방", "防衛", "サイバー防衛",
           r"cyberdéfense", r"cyberabwehr"),
    _topic("emerging-tech", "emerging and critical technologies, AI, quantum",
           r"emerging (?:and critical )?tech", r"critical (?:and emerging )?technolog",
           r"quantum", "신기술", "新興技術", r"technologies émergentes"),
    _topic("ai", "artificial intelligence", r"artificial intelligence", r"\bAI\b", "인공지능",
           "人工知能", r"intelligence artificielle", r"künstliche intelligenz"),
    _topic("pall-mall-process", "the Pall Mall Process on commercial cyber intrusion",
           r"pall mall", r"commercial cyber intrusion", "팔몰", "パル・?モール"),
    _topic("un-gge", "the UN Group of Governmental Experts",
           r"group of governmental experts", r"\bu?n?\s?gge\b", "정부전문가그룹",
           "政府専門家会合"),
    _topic("oewg", "the UN Open-ended Working Group", r"open[- ]ended working group",
           r"\boewg\b", "개방형 ?작업반", "オープン・?エンド"),
    _topic("un-poa", "the UN Programme of Action", r"programme of action",
           r"program of action", r"\bpoa\b", "행동 ?계획", "行動計画", r"global mechanism",
           "グローバル・メカニズム"),
    _topic("arf", "the ASEAN Regional Forum", r"asean regional forum", r"\bARF\b",
           "ASEAN地域フォーラム", "아세안지역안보포럼"),
    _topic("incident-response", "incident response and CERT cooperation", r"incident",
           r"\bcerts?\b", r"csirt", "침해사고", "インシデント", r"\bCERT\b"),
    _topic("cyber-resilience", "resilience of networks and society", r"resilien",
           "회복력", "レジリエンス", r"résilience", r"widerstandsfähig", r"cyberresilienz"),
    _topic("supply-chain", "supply chain security", r"supply[- ]chain", "공급망",
           "サプライチェーン", r"chaîne d'approvisionnement", r"lieferkette"),
    _topic("iot", "the Internet of Things and connected places", r"internet of things",
           r"\biot\b", "사물인터넷", r"connected places"),
    _topic("5g", "5G networks", r"\b5g\b"),
    _topic("human-rights", "human rights and freedoms online", r"human rights",
           r"internet freedom", r"digital freedom", "인권", "人権", r"droits de l'homme",
           r"menschenrechte"),
    _topic("indo-pacific", "the Indo-Pacific region", r"indo-pacific", "인도태평양",
           "インド太平洋", r"indo-pacifique", r"indopazifik"),
    _topic("cyber-exercises", "joint exercises and drills", r"exercise", r"\bdrills?\b",
           "훈련", "演習", r"exercice", r"übung"),
    _topic("awareness-raising", "raising public awareness", r"awareness", "인식 제고",
           "意識啓発", r"sensibilisation"),
    _topic("threat-landscape", "the threat landscape and assessments",
           r"threat landscape", r"threat environment", r"threat perceptions?", r"threat trends",
           r"evolving (?:cyber )?threat", "위협 동향", "위협 환경", "脅威動向", "情勢認識",
           r"menaces? cyber"),
    _topic("state-backed-threats", "state-backed malicious cyber activity",
           r"state-backed", r"state-sponsored", r"malicious cyber activit",
           "악의적 사이버 활동", "悪意あるサイバー活動"),
    _topic("cyber-strategy", "national cyber strategies and policies",
           r"cyber ?(?:security )?strateg", r"national (?:cyber )?strateg", "사이버안보 ?전략",
           "サイバーセキュリティ戦略", r"stratégie nationale"),
    _topic("digital-identity", "digital identity", r"digital identity", "디지털 신원"),
    _topic("russia-ukraine", "Russia's war against Ukraine", r"ukrain", "우크라이나",
           "ウクライナ"),
    _topic("space", "security of and in outer space", r"outer space", r"in space\b",
           r"space security", "우주", "宇宙"),
    _topic("quad", "the Quad partnership", r"\bquad\b", "クアッド", "日米豪印", "쿼드"),
    _topic("g7", "G7 cooperation", r"\bG7\b", "主要7カ国"),
)  # fmt: skip


def extract_topics(doc: Doc) -> tuple[str, ...]:
    """The tags of every topic the release mentions, in taxonomy order."""
    text = doc.full
    if _folds_apart().search(text):
        return tuple(topic.tag for topic in TOPICS if topic.pattern.search(text))
    presence, bits = _anchors()
    found = presence.found(text.lower())
    return tuple(
        topic.tag
        for topic, word_bits in zip(TOPICS, bits, strict=True)
        if _mentioned(topic, word_bits, found, text)
    )


def _mentioned(topic: Topic, word_bits: tuple[int, ...], found: int, text: str) -> bool:
    """Whether one of the topic's words occurs: its expression, or, when every word has an
    anchor, each word whose anchor was ``found`` (a text matches the words' alternation
    exactly when it matches one of them: each word alone is searched far faster)."""
    if not topic.anchors:
        return topic.pattern.search(text) is not None
    return any(
        found & bit and word.search(text) is not None
        for word, bit in zip(topic.words, word_bits, strict=True)
    )


@cache
def _anchors() -> tuple[Presence, tuple[tuple[int, ...], ...]]:
    """Every word's anchor, found in one pass over a text (presence.py), and each word's bit,
    topic by topic (none for a topic whose words are not all anchored)."""
    presence = Presence()
    return presence, tuple(
        tuple(presence.register([anchor]) for anchor in topic.anchors) for topic in TOPICS
    )


@cache
def _folds_apart() -> re.Pattern[str]:
    """The letters that matching without case pairs with a letter of an anchor although their
    lower case is another ("ı" and "i", "ſ" and "s": re's own table of them), and "İ", whose
    lower case is two characters."""
    try:  # the table re compiles ignore-case patterns with (CPython 3.11 and later)
        extra: dict[int, tuple[int, ...]] = import_module("re._casefix")._EXTRA_CASES
    except (ImportError, AttributeError):  # another Python: every text is searched in full
        return re.compile(r"[\s\S]")
    used = {char for topic in TOPICS for anchor in topic.anchors for char in anchor}
    letters = {chr(o) for char in used for o in extra.get(ord(char), ())}
    return re.compile("[" + re.escape("".join(sorted(letters | {"\u0130"}))) + "]")
