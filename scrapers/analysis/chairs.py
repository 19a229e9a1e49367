"""Who chaired or led the delegations, exactly as written, with the title given.

Chairs are read only where the text says someone chaired, co-chaired, led, headed or hosted
the meeting or a delegation: "co-chaired by A, Cyber Director ..., and B, Ambassador ...",
"led by Ambassador for Digital Affairs Dr. Jane Roe", "Mr. X, Coordinator ..., led the
U.S. delegation", "Cyber Director Jane Roe ... co-chaired the 4th ...", "Co-Chairs
Japan (Mr. Sato Kenji, ...)", "coprésidée par M. ...", "...が共同議長を務め", "...を筆頭に",
"...이 주재한 가운데", "...를 수석대표로". Speakers and participants are not chairs, nor
those the head worked with, was accompanied or joined by, nor those a reference to another
meeting introduces ("The previous round was co-chaired by ...", clauses.reference_open).

In English a name is a run of two to five capitalised words that are not title or
institution words ("Ambassador", "Ministry", "Cyber") nor names of countries or cities,
with particles ("de", "van") and initials ("L.", "M.") inside; at least one word is not all
capitals (so "DG CONNECT" is not a name). In Japanese and Korean a name is what comes before
the title ("山田太郎外務省…", "박민수 외교부…"); a name given in Latin script with "Mr."/"Ms."
in parentheses is taken in that form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapers.analysis.anchored import Anchored
from scrapers.analysis.chairs_cjk import cjk_chairs, cjk_label_chairs
from scrapers.analysis.clauses import reference_open
from scrapers.analysis.countries import PARTIES
from scrapers.analysis.model import Chair
from scrapers.analysis.rules import Rules
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
    baroness mp senator beauftragte beauftragter beauftragten sonderbotschafter
    sonderbotschafterin botschafterin präsident präsidenten staatssekretär staatssekretärin
    abteilungsleiter abteilungsleiterin delegationsleiter delegationsleiterin
    embajador embajadora directora subsecretario subsecretaria secretaria ministro ministra
    coordinador coordinadora jefe jefa gezant coördinator
"""
# A word right after an article or a preposition of office is a noun, not a given name (names
# take no article in these languages): "der Informationssicherheit", "for Infostructure".
_NOT_BEFORE_WORDS = """
    the a an der die das des dem den ein eine einer eines einem einen le la les du une el los
    las del het een for of für pour para voor
"""
_NOT_BEFORE_NAMES = frozenset(_NOT_BEFORE_WORDS.split())
# German titles are compounds ending in a title noun: "Sonderbeauftragter", "Cyberbotschafterin",
# "Referatsleiter".
_GERMAN_TITLE_ENDS = (
    "beauftragte", "beauftragter", "beauftragten", "botschafter", "botschafterin", "leiter",
    "leiterin", "direktor", "direktorin", "sekretär", "sekretärin", "koordinator",
    "koordinatorin", "minister", "ministerin", "präsident", "präsidentin",
)  # fmt: skip
_VOCABULARY = frozenset(_VOCABULARY_WORDS.split())
_PARTICLES = frozenset({"de", "van", "von", "der", "da", "di", "du", "bin", "al", "le", "la"})
_HONORIFICS = re.compile(r"^(?:mr|ms|mrs|dr|shri|sir|h\.e|m|mme|herr|frau)\.?$", re.IGNORECASE)
_TOKEN = re.compile(r"[^\W\d_]\.(?=\s)|[^\W\d_](?:[\w'\-]*[^\W_])?")

_AFTER_CUES = Anchored(
    re.compile(
        r"\b(?:co-?chaired|chaired|presided(?:\s+over)?|led|headed|hosted|co-hosted)"
        r"(?:\s+for\s+[\w\s.]{1,25}?)?(?:\s+(?:jointly|together|respectively))?\s+by\b"
        r"|\bheading (?:the|their|both|the two) delegations? (?:were|was)\b"
        r"|\bunder the (?:co-?)?chair(?:man)?ship of\b"
        r"|\bhead (?:delegates?|of (?:the )?delegations?)\b[^.;]{0,80}?"
        r"\b(?:will be|were|was|are|is)\b"
        # "Head of the UK delegation was", "Leiter der deutschen Delegation war", "chef de la
        # délégation française était", "jefa de la delegación española fue", "hoofd van de
        # Nederlandse delegatie was": the name follows the verb.
        r"|\b(?:head|leiter(?:in)?|chef(?:fe)?|jef[ea]|hoofd)\s+(?:of|der|de|van)\s+"
        r"(?:[\w'’\-]+\s+){0,3}?(?:delegation|délégation|delegación|delegatie)\b(?:\s+[\w\-]+)?"
        r"\s+(?:was|is|will be|war|ist|était|est|fue|es|sera|wird)\b"
        r"|\b(?:co-?présidée?s?|présidée?s?|dirigée?s?|conduite?s?)(?:\s+conjointement)?\s+par\b"
        r"|\bsous la (?:co-?)?présidence de\b"
        r"|\b(?:geleitet|geführt|angeführt)\s+(?:von|durch)\b"
        r"|\bunter (?:dem )?(?:gemeinsamen )?(?:Ko-)?Vorsitz von\b"
        r"|\bunter (?:der )?(?:Ko-)?Leitung (?:von\b)?|\bDelegationsleiter(?:in)?\b"
        r"|\b(?:men|conduit|dirig|présid|coprésid)ée?s?\s+par\b|\bsous la direction de\b"
        r"|\b(?:co-?)?(?:presidid|encabezad|liderad|dirigid|coordinad)[ao]s?"
        r"(?:\s+conjuntamente)?\s+por\b"
        r"|\bbajo la (?:co-?)?presidencia de\b|\b(?:geleid|voorgezeten)\s+door\b"
        r"|\bonder (?:leiding|voorzitterschap) van\b",
        re.IGNORECASE,
    )
)
# German passive and "an der Spitze": the names sit between the cue and the verb ("wurde von
# Botschafter X geleitet", "an der Spitze der Delegation stand X").
_CLAUSE_CUES = Anchored(
    re.compile(
        r"\b(?:von|durch)\s+(?P<list>[^;]{3,300}?)\s+(?:geleitet|angeführt|geführt)\b"
        r"|\ban (?:der|deren|dessen) Spitze\b"
        r"(?P<top>[^;]{0,300}?\b(?:stand|standen|steht|stehen)\b[^,;]{0,80})",
    )
)
_BEFORE_CUES = Anchored(
    re.compile(
        r"\b(?:co-?chaired|chaired|(?:will\s+)?lead|led|headed|co-hosted)\s+"
        r"(?:the|its|their|[A-Z][\w.]*'s)\s+(?:[\w\-.']+\s+){0,3}?"
        r"(?:delegation|dialogue|meeting|consultations?|talks|working group|engagement|"
        r"[\w\-]*\s*cyber)"
        r"|\b(?:were|was|are|is|will be)\s+(?:the\s+)?(?:[\w\-]+\s+){0,4}?(?:head delegates|"
        r"heads of (?:the\s+)?delegations?|co-?chairs)\b"
        r"|\b(?:était|était à la tête|a dirigé|ont coprésidé)\b[^.]{0,20}?délégation"
        r"|\bont (?:co)?présidé\b|\bleitete(?:n)?\s+(?:die|den)\b",
        re.IGNORECASE,
    )
)
# "Jane Roe (head of the Japanese delegation)": the name just before the parenthesis.
_HEAD_IN_PARENS = Anchored(
    re.compile(
        r"\(\s*(?:head|leader|chair|chef(?:fe)?|leiter(?:in)?|jefe|jefa|hoofd)\s+(?:of|de|der|van)\s+"
        r"(?:the\s+|la\s+|het\s+)?[^()]{0,40}?(?:delegation|délégation|delegación|delegatie)(?:\s+[^\s()]+)?\s*\)",
        re.IGNORECASE,
    )
)
_WE_CUE = Anchored(re.compile(r"^\s*We\s*[—–-]+\s*(?P<list>.+?)\s*[—–-]+\s*met\b", re.MULTILINE))
# A "Co-Chairs" label line; not the possessive of a title ("Co-Chairs' Statement on ...").
_LABEL = Anchored(re.compile(r"^\s*co-?chairs?(?![\w'’])\s*[:：]?", re.IGNORECASE | re.MULTILINE))
_LABEL_END = re.compile(
    r"\n\s*(?:keynote|attendees|participants|host|venue|date|agenda|outcomes?|\d\.)",
    re.IGNORECASE,
)
_STOPS = re.compile(
    r",?\s+(?:with the participation|with participation|in coordination with|which included|"
    r"(?:working|together|jointly|in (?:cooperation|collaboration|consultation)) with|"
    r"(?:accompanied|assisted|supported|joined) by|"
    r"and included|who "
    r"(?:was|were) accompanied|consisted|included|including|comprising|as well as "
    r"(?:officials|representatives))\b|,\s+(?:the|cette|ce)\s+(?:dialogue|meeting|group|"
    r"session|réunion)\b|,?\s+avec la participation\b|;",
    re.IGNORECASE,
)


def _place_words() -> frozenset[str]:
    """The words of the table's parties' names in every form ("korea", "staaten"): not of
    every territory CLDR names ("Jan Mayen", "Saint Martin" hold first names)."""
    words: set[str] = set()
    for party in PARTIES:
        names = party.forms if party.listed else ()
        for name in names:
            if not has_cjk(name):
                words.update(w.casefold().strip(".") for w in name.split())
    return frozenset(words)


_CITY_WORDS = "washington london seoul tokyo beijing delhi canberra brussels paris berlin singapore"
NOT_NAMES = _VOCABULARY | _place_words() | frozenset(_CITY_WORDS.split())


def extract_chairs(doc: Doc, rules: Rules | None = None) -> tuple[Chair, ...]:
    """The chairs and heads of delegation named, in order, each once; with ``rules``, not
    those of another meeting ("The previous round was co-chaired by ...")."""
    chairs: list[Chair] = []
    seen: set[str] = set()
    for chair in _all_chairs(doc, rules):
        key = _person_key(chair.name)
        if key and key not in seen:
            seen.add(key)
            chairs.append(chair)
    return tuple(chairs[:MAX_CHAIRS])


def _person_key(name: str) -> str:
    """One key for the forms of a name: "Jeffrey Ian C. Dy" and "Jeffrey Dy" are one person."""
    words = re.sub(r"\([^)]*\)", "", name).casefold().split()
    return re.sub(r"\W", "", words[0] + words[-1] if len(words) > 1 else "".join(words))


def _all_chairs(doc: Doc, rules: Rules | None) -> Iterator[Chair]:
    for sentence in doc.sentences:
        text = sentence.text
        for cue in _AFTER_CUES.finditer(text):
            if rules is not None and reference_open(text[: cue.start()], rules):
                continue  # "the next round will be chaired by ...": another meeting's chairs
            yield from latin_chairs(_cut(text[cue.end() :]))
        for head in _HEAD_IN_PARENS.finditer(text):
            runs = list(latin_chairs(text[max(0, head.start() - 80) : head.start()]))
            if runs:
                yield runs[-1]
        for clause in _CLAUSE_CUES.finditer(text):
            if rules is not None and reference_open(text[: clause.start()], rules):
                continue
            yield from latin_chairs(clause.group("list") or clause.group("top"))
        before = _BEFORE_CUES.search(text)
        if before:
            yield from latin_chairs(re.sub(r"^\s*\d+\.\s*", "", text[: before.start()]))
        yield from cjk_chairs(text)
    for we in _WE_CUE.finditer(doc.full):
        yield from latin_chairs(we.group("list"))
    for label in _LABEL.finditer(doc.full):
        rest = doc.full[label.end() : label.end() + 500]
        end = _LABEL_END.search(rest)
        yield from latin_chairs(rest[: end.start()] if end else rest)
    yield from cjk_label_chairs(doc.full)


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
        before = text[max(0, token.start() - 8) : token.start()].split()
        if not run and before and before[-1].casefold() in _NOT_BEFORE_NAMES:
            continue  # a noun after an article or "for": not the start of a name
        if _is_name_word(token.group()) or (run and _inside_name(token.group())):
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


def _inside_name(word: str) -> bool:
    """A particle ("de", "van") or an initial ("M.", read as Monsieur at the start) in a name."""
    return word in _PARTICLES or re.fullmatch(r"[^\W\d_]\.", word) is not None


def _is_name_word(word: str) -> bool:
    bare = word.rstrip(".")
    if not bare or not bare[0].isupper() or _HONORIFICS.match(word) or word.endswith("'s"):
        return False
    if len(bare) == 1:
        return word.endswith(".")  # an initial
    folded = bare.casefold()
    return folded not in NOT_NAMES and not folded.endswith(_GERMAN_TITLE_ENDS)


def _cut(text: str) -> str:
    stop = _STOPS.search(text)
    return text[: stop.start()] if stop else text
