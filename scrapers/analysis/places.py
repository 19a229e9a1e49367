"""Where a meeting took place: a city, by its English name ("Washington, D.C." for every
Washington), or nothing for a meeting held online.

A city counts where the text says the meeting is there: "held in London", "met in Tokyo,
Japan", "à Bruxelles", "in Brüssel", "東京において", "ブリュッセルで", "東京にて", "서울 외교부
청사에서", "워싱턴 D.C.에서". Every such city is a candidate, ranked by a linear score
(ranking.py, weights in ``[ranking]``): cities in sentences naming the meeting (a held verb,
the meeting's own clause, nearness, the order of report; a city of the gazetteer below one of
the closed list), on a "Venue" line, in lead sentences saying a meeting was held. A city
separated from the name by a reference to another meeting ("following the first Working Group
in Tokyo", "hold the next dialogue in Brussels") never wins. "online", "virtual", "video
conference", "オンライン", "화상" next to the verb or right after the meeting's name make the
sentence a candidate for a meeting held online: no city.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from scrapers.analysis.anchored import Anchored
from scrapers.analysis.chairs import NOT_NAMES
from scrapers.analysis.clauses import reference_open, refers_elsewhere, with_continuation
from scrapers.analysis.gazetteer import Gazetteer
from scrapers.analysis.names import NameMention, reported_first
from scrapers.analysis.ranking import Candidate, Features, best
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc, Sentence, has_cjk

# English name | other names (Korean, Japanese, French, German, spellings), ";"-separated.
_CITIES = """
Washington, D.C. | Washington, D.C.;Washington D.C.;Washington, DC;Washington DC;Washington
Washington, D.C. | 워싱턴 D.C.;워싱턴;ワシントンD.C.;ワシントン D.C.;ワシントン
London | 런던;ロンドン;Londres;Londen
Seoul | 서울;ソウル;Séoul;Seúl;Seoel
Tokyo | 도쿄;동경;東京;Tokio
Beijing | 베이징;북경;北京;Pékin;Peking;Pekín
New Delhi | 뉴델리;ニューデリー;New-Delhi;Neu-Delhi;Delhi;Nueva Delhi;Nieuw-Delhi
Canberra | 캔버라;キャンベラ
Brussels | 브뤼셀;ブリュッセル;Bruxelles;Brüssel;Bruselas;Brussel
Paris | 파리;パリ;París;Parijs
Berlin | 베를린;ベルリン;Berlín;Berlijn
Singapore | 싱가포르;シンガポール;Singapour;Singapur
Pretoria | 프리토리아;プレトリア
Ottawa | 오타와;オタワ
Wellington | 웰링턴;ウェリントン
Jakarta | 자카르타;ジャカルタ
Hanoi | 하노이;ハノイ
Bangkok | 방콕;バンコク
Manila | 마닐라;マニラ
Kuala Lumpur | 쿠알라룸푸르;クアラルンプール
Geneva | 제네바;ジュネーブ;Genève;Genf;Ginebra
The Hague | 헤이그;ハーグ;La Haye;Den Haag;La Haya
Amsterdam | 암스테르담;アムステルダム
Stockholm | 스톡홀름;ストックホルム;Estocolmo
Helsinki | 헬싱키;ヘルシンキ
Oslo | 오슬로;オスロ
Copenhagen | 코펜하겐;コペンハーゲン;Copenhague;Kopenhagen
Tallinn | 탈린;タリン
Vilnius | 빌뉴스;ビリニュス
Riga | 리가;リガ
Warsaw | 바르샤바;ワルシャワ;Varsovie;Warschau;Varsovia
Prague | 프라하;プラハ;Prag;Praga
Vienna | 빈;ウィーン;Vienne;Wien;Viena;Wenen
Rome | 로마;ローマ;Rom;Roma
Madrid | 마드리드;マドリード
Lisbon | 리스본;リスボン;Lisbonne;Lissabon;Lisboa
Dublin | 더블린;ダブリン
Bern | 베른;ベルン;Berne;Berna
Budapest | 부다페스트;ブダペスト
Bucharest | 부쿠레슈티;ブカレスト;Bucarest;Bukarest
Athens | 아테네;アテネ;Athènes;Athen;Atenas
Ankara | 앙카라;アンカラ
Moscow | 모스크바;モスクワ;Moscou;Moskau;Moscú;Moskou
Kyiv | 키이우;키예프;キーウ;キエフ;Kiev;Kiew
Jerusalem | 예루살렘;エルサレム;Jérusalem
Tel Aviv | 텔아비브;テルアビブ
Abu Dhabi | 아부다비;アブダビ
Riyadh | 리야드;リヤド;Riyad
Doha | 도하;ドーハ
Cairo | 카이로;カイロ;Le Caire;Kairo;El Cairo
Nairobi | 나이로비;ナイロビ
Brasília | 브라질리아;ブラジリア;Brasilia
Mexico City | 멕시코시티;メキシコシティ;Mexico;Ciudad de México
Buenos Aires | 부에노스아이레스;ブエノスアイレス
Santiago | 산티아고;サンティアゴ
Sydney | 시드니;シドニー
Melbourne | 멜버른;メルボルン
New York | 뉴욕;ニューヨーク
San Francisco | 샌프란시스코;サンフランシスコ
Honolulu | 호놀룰루;ホノルル
Busan | 부산;釜山;Pusan
Osaka | 오사카;大阪
Kyoto | 교토;京都
Hiroshima | 히로시마;広島
Phnom Penh | 프놈펜;プノンペン
Vientiane | 비엔티안;ビエンチャン
Islamabad | 이슬라마바드;イスラマバード
Dhaka | 다카;ダッカ
Colombo | 콜롬보;コロンボ
Ulaanbaatar | 울란바토르;ウランバートル
Astana | 아스타나;アスタナ
Taipei | 타이베이;台北
Luxembourg | 룩셈부르크;ルクセンブルク;Luxemburg;Luxemburgo
Strasbourg | 스트라스부르;ストラスブール;Straßburg
Munich | 뮌헨;ミュンヘン;München
Bonn | 본;ボン
Edinburgh | 에든버러;エディンバラ;Édimbourg;Edimburgo
Sejong | 세종;世宗
Jeju | 제주;済州
"""
# A meeting held online: the mode word next to the meeting or its verb ("held online", "a
# virtual meeting", "by video conference", "en ligne", "オンライン形式で", "화상으로"), not a topic
# ("online harms", "radicalisation en ligne" far from the verb).
_MODE = (
    r"(?:online|virtual(?:ly)?|by video|via video|in (?:a )?virtual format|en ligne|"
    r"par visioconférence|virtuell|per Video(?:konferenz)?|en línea|virtual(?:mente)?|"
    r"por videoconferencia|digitaal)"
)
_CLAUSE_BREAK = re.compile(r"[,;:、，]")
# The mode right after the meeting's name: "leur premier cyberdialogue en ligne".
_MODE_AFTER = re.compile(rf"\s*{_MODE}(?!\w)", re.IGNORECASE)
_VIRTUAL = re.compile(
    rf"\b(?:held|met|took place|convened|conducted|hosted|meet|hold|tenu|tenue|réunis|"
    rf"fand|stattgefunden|celebró|celebrada|reunieron|vond)(?:\s+\w+)?\s+{_MODE}\b"
    r"|\b(?:online|virtual|video)\s+(?:meeting|format|session|dialogue|consultations?|talks)\b"
    r"|video[- ]?(?:tele)?conferenc|\bvideo call\b|visioconférence|videoconferencia|"
    r"Videokonferenz|Videoschaltung|オンライン(?:形式|で|会議|開催)|テレビ会議|ウェブ会議|"
    r"화상\s?(?:회의|으로|회담|방식)|비대면",
    re.IGNORECASE,
)
REFERENCE_WINDOW = 40  # characters before a city searched for "next", "following" ...
_VENUE = re.compile(r"^\s*(?:venue|place|location|場所|会場|장소)\s*[:：]", re.I | re.M)
_ENGLISH_BEFORE = re.compile(
    r"(?:\bin|\bat|\bà|\bnach|\bto|\ben|\bte)\s+(?:the\s+city\s+of\s+|the\s+(?:\w+\s+)?capital,?\s+|"
    r"der\s+(?:\w+\s+)?Hauptstadt\s+|la\s+capitale\s+(?:\w+\s+)?|la\s+capital\s+(?:\w+\s+)?)?$",
    re.I,
)
_JA_AFTER = re.compile(r"^\s*(?:において|にて|で(?:開催|行|実施)|で、|で,|で第|で日|で)")
_KO_AFTER = re.compile(r"^[^.,。\n]{0,14}?에서")
_PLACE_PHRASE = re.compile(
    r"(?:\bin|\bat|\bà|\ben|\bnach|\bte)\s+(?:the\s+city\s+of\s+)?"
    r"(?P<name>[A-ZÀ-Þ][\w'\-]+(?:\s+[A-ZÀ-Þ][\w'\-]+){0,2})"
)
_CJK_PLACES = (
    re.compile(r"(?P<name>[\uac00-\ud7af]{2,8})에서"),
    re.compile(r"(?P<name>[ァ-ヴー・]{2,12})(?:において|にて|で開催|で行)"),
)


def katakana_variants(name: str) -> set[str]:
    """A katakana name and its spellings with and without ヴ ("ジュネーブ", "ジュネーヴ"): the
    Cabinet's rules for loanwords (外来語の表記, 1991) allow both."""
    plain = re.sub("ヴ(?![ァィェォ])", "ブ", re.sub("ヴ([ァィェォ])", lambda m: _PLAIN[m[1]], name))
    voiced = re.sub("[バビベボブ]", lambda m: _VOICED[m[0]], plain)
    return {name, plain, voiced}


_PLAIN = {"ァ": "バ", "ィ": "ビ", "ェ": "ベ", "ォ": "ボ"}
_VOICED = {"バ": "ヴァ", "ビ": "ヴィ", "ベ": "ヴェ", "ボ": "ヴォ", "ブ": "ヴ"}


def _build() -> tuple[Anchored, dict[str, str]]:
    canonical: dict[str, str] = {}
    for line in _CITIES.strip().splitlines():
        english, others = (part.strip() for part in line.split("|"))
        for given in (english, *(n.strip() for n in others.split(";") if n.strip())):
            for name in katakana_variants(given):
                canonical.setdefault(name.casefold(), english)
    names = sorted(canonical, key=len, reverse=True)
    alternatives = [
        re.escape(n) if has_cjk(n) else rf"(?<![\w]){re.escape(n)}(?![\w])" for n in names
    ]
    # Tried only where a city's name starts (anchored.py): 326 names, each tried everywhere
    # cost more than the rest of the place's extraction.
    return Anchored(re.compile("|".join(alternatives), re.IGNORECASE)), canonical


_CITY, _CANONICAL = _build()


def extract_place(doc: Doc, names: Sequence[NameMention], rules: Rules) -> tuple[str | None, bool]:
    """(city, virtual) of the meeting reported; (None, False) when the text does not say."""
    chosen = best(place_candidates(doc, names, rules), rules.ranking)
    if chosen is None:
        return None, False
    return chosen.value, chosen.value is None


def place_candidates(
    doc: Doc, names: Sequence[NameMention], rules: Rules
) -> list[Candidate[str | None]]:
    """Every city that may be the meeting's place, with its features, and ``None`` for a
    sentence naming the meeting that says it was held online: cities of the closed list in
    sentences naming the meeting (with their nearest name), else cities of the gazetteer there
    (scored lower; looked up only then, as loading it takes a second); cities on a "Venue"
    line; cities in lead sentences saying a meeting was held."""
    located: dict[int, list[tuple[int, int, str]]] = {}  # each sentence's cities, found once

    def cities_in(sentence: Sentence) -> list[tuple[int, int, str]]:
        if sentence.index not in located:
            located[sentence.index] = list(_located(*with_continuation(doc, sentence)))
        return located[sentence.index]

    def beyond(sentence: Sentence) -> list[tuple[int, int, str]]:
        text, offset = with_continuation(doc, sentence)
        return list(_gazetteer_located(text, offset, rules.gazetteer))

    found = list(_in_names(doc, names, rules, cities_in, gazetteer=False))
    if not any(c.value is not None and not c.features.reference for c in found):
        found += _in_names(doc, names, rules, beyond, gazetteer=True)
    for venue in _VENUE.finditer(doc.full):
        line_end = doc.full.find("\n", venue.end())  # the last line has no line break
        line = doc.full[venue.end() : line_end if line_end > 0 else None]
        for _, _, city in _located(f"in {line}", 0):
            found.append(Candidate(city, venue.end(), Features(label_line=True)))
    far = rules.ranking.max_distance
    for sentence in doc.sentences:
        if not sentence.in_lead or not rules.held.search(sentence.text):
            continue
        elsewhere = refers_elsewhere(sentence.text, rules)
        for start, _, city in cities_in(sentence):
            features = Features(lead=True, held_verb=True, reference=elsewhere, distance=far)
            found.append(Candidate(city, start, features))
    return found


def _in_names(
    doc: Doc,
    names: Sequence[NameMention],
    rules: Rules,
    cities_in: Callable[[Sentence], list[tuple[int, int, str]]],
    *,
    gazetteer: bool,
) -> Iterator[Candidate[str | None]]:
    """The candidates in sentences naming the meeting: the cities ``cities_in`` finds (the
    closed list's, or the gazetteer's), and with the closed list a meeting held online."""
    order: dict[int, int] = {}  # sentence index: its rank among sentences naming the meeting
    for name in reported_first(tuple(names)):
        sentence = name.sentence
        later = order.setdefault(sentence.index, len(order))
        text, _ = with_continuation(doc, sentence)
        mentioned = Features(
            names_meeting=True,
            held_verb=rules.held.search(text) is not None,
            title=sentence.in_title,
            later=later,
            gazetteer=gazetteer,
        )
        if not gazetteer and (_VIRTUAL.search(text) or _MODE_AFTER.match(doc.full, name.end)):
            yield Candidate(None, sentence.start, mentioned)
        for start, end, city in cities_in(sentence):
            between = (
                doc.full[name.end : start] if start >= name.end else doc.full[end : name.start]
            )
            yield Candidate(
                city,
                start,
                replace(
                    mentioned,
                    reference=_reference_between(doc.full, name, start, end, rules),
                    clause_break=_CLAUSE_BREAK.search(between) is not None,
                    distance=max(start - name.end, name.start - end, 0),
                ),
            )


def _gazetteer_located(
    text: str, offset: int, gazetteer: Gazetteer
) -> Iterator[tuple[int, int, str]]:
    """Cities beyond the closed list, in the gazetteer, written as a place: a capitalised
    name after "in", "à", "en" (the longest of one to three words), "X에서", "Xにおいて"."""
    for match in _PLACE_PHRASE.finditer(text):
        words = match.group("name").split()
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size])
            if name.casefold() in NOT_NAMES:
                continue
            city = gazetteer.city(name)
            if city:
                start = match.start("name") + offset
                yield start, start + len(name), city
                break
    for pattern in _CJK_PLACES:
        for match in pattern.finditer(text):
            city = gazetteer.city(match.group("name"))
            if city:
                yield match.start("name") + offset, match.end("name") + offset, city


def _located(text: str, offset: int) -> Iterator[tuple[int, int, str]]:
    """Cities in ``text`` written as the place of something ("in X", "X에서", "Xにおいて")."""
    for match in _CITY.finditer(text):
        name = match.group()
        before = text[max(0, match.start() - 25) : match.start()]
        after = text[match.end() : match.end() + 20]
        if has_cjk(name):
            located = _JA_AFTER.match(after) or _KO_AFTER.match(after)
        else:
            located = (
                _ENGLISH_BEFORE.search(before) or _JA_AFTER.match(after) or (_KO_AFTER.match(after))
            )
        if located:
            yield match.start() + offset, match.end() + offset, _CANONICAL[name.casefold()]


def _reference_between(full: str, name: NameMention, start: int, end: int, rules: Rules) -> bool:
    between = full[name.end : start] if start >= name.end else full[end : name.start]
    lead_in = full[max(name.sentence.start, start - REFERENCE_WINDOW) : start]
    return reference_open(between, rules) or reference_open(lead_in, rules)
