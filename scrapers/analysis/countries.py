# ruff: noqa: E501 (the table's rows are data, one party a line)
"""The parties table: how countries and institutions are named in releases, beyond what
CLDR and ISO 3166 give (country_names.py: every country's name and adjective in the seven
languages, inflected) and added to it.

One row per party: its code (ISO 3166 alpha-2, or EU, NATO, ASEAN, QUAD), then, separated by
"|": English names, short forms and adjectives; Korean names; the Korean one-syllable short
form used in compounds ("한·미", "한미일"); Japanese names; the Japanese one-character short
form ("日米", "日豪"); French and German names and adjectives. Names within a cell are
separated by ";". Matching is case-sensitive for all-capital short forms ("US", "UK", "ROK")
and case-insensitive otherwise. Short forms that are ambiguous in Korean (이 for Italy or
Israel) are left out.

Each party also has the name headlines give it (``display``, ``display_name``): its first
English name, or the shorter one of ``_HEADLINE_NAMES`` ("UK", not "United Kingdom").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scrapers.analysis.country_names import cldr_names, english_name
from scrapers.analysis.inflection import adjective_forms

QUAD_MEMBERS = ("AU", "IN", "JP", "US")
# Headline names that are not the party's first English name.
_HEADLINE_NAMES = {
    "CN": "China",
    "EU": "EU",
    "GB": "UK",
    "NATO": "NATO",
    "US": "US",
    "VN": "Vietnam",
}

_TABLE = """
KR | Republic of Korea;ROK;RoK;South Korea;Korea;Korean;S. Korea | 대한민국;한국 | 한 | 韓国;大韓民国 | 韓 | Corée du Sud;République de Corée;Corée;coréen;Südkorea;Republik Korea;Korea
KP | North Korea;DPRK;Democratic People's Republic of Korea;North Korean | 북한;조선민주주의인민공화국 | - | 北朝鮮 | - | Corée du Nord;nord-coréen;Nordkorea
US | United States of America;United States;U.S.A.;USA;U.S.;US;America;American | 미국 | 미 | 米国;アメリカ合衆国;アメリカ | 米 | États-Unis;Etats-Unis;américain;américaine;Vereinigte Staaten;USA;amerikanisch;EE. UU.;EE.UU.;EUA
GB | United Kingdom;U.K.;UK;Great Britain;Britain;British | 영국 | 영 | 英国;イギリス | 英 | Royaume-Uni;britannique;Vereinigtes Königreich;Großbritannien;britisch
JP | Japan;Japanese | 일본 | 일 | 日本 | 日 | Japon;japonais;japonaise;Japan;japanisch
CN | People's Republic of China;China;Chinese;PRC | 중국 | 중 | 中国;中華人民共和国 | 中 | Chine;chinois;China;chinesisch
AU | Australia;Australian | 호주;오스트레일리아 | 호 | オーストラリア;豪州 | 豪 | Australie;australien;Australien;australisch
IN | India;Indian | 인도 | 인 | インド | 印 | Inde;indien;Indien;indisch
DE | Germany;German;Federal Republic of Germany | 독일 | 독 | ドイツ | 独 | Allemagne;allemand;Deutschland;deutsch
FR | France;French | 프랑스 | 불;프 | フランス | 仏 | France;français;française;franco;Frankreich;französisch
CA | Canada;Canadian | 캐나다 | 캐 | カナダ | 加 | Canada;canadien;Kanada
IT | Italy;Italian | 이탈리아 | - | イタリア | 伊 | Italie;italien;Italien
ES | Spain;Spanish | 스페인 | - | スペイン | - | Espagne;espagnol;Spanien
NL | Netherlands;Dutch;Kingdom of the Netherlands;Holland | 네덜란드 | 네 | オランダ | 蘭 | Pays-Bas;néerlandais;Niederlande;niederländisch
BE | Belgium;Belgian | 벨기에 | - | ベルギー | - | Belgique;belge;Belgien
NZ | New Zealand | 뉴질랜드 | 뉴 | ニュージーランド | - | Nouvelle-Zélande;Neuseeland
SG | Singapore;Singaporean | 싱가포르 | 싱 | シンガポール | - | Singapour;Singapur
IL | Israel;Israeli | 이스라엘 | - | イスラエル | - | Israël;israélien;Israel
UA | Ukraine;Ukrainian | 우크라이나 | - | ウクライナ | - | Ukraine;ukrainien;Ukraine
RU | Russian Federation;Russia;Russian | 러시아 | 러 | ロシア | 露 | Russie;russe;Russland
VN | Viet Nam;Vietnam;Vietnamese | 베트남 | 베 | ベトナム | 越 | Viêt Nam;Vietnam
ID | Indonesia;Indonesian | 인도네시아 | - | インドネシア | - | Indonésie;Indonesien
MY | Malaysia;Malaysian | 말레이시아 | - | マレーシア | - | Malaisie;Malaysia
TH | Thailand;Thai | 태국 | 태 | タイ王国;タイ | - | Thaïlande;Thailand
PH | Philippines;Philippine;Filipino | 필리핀 | 필 | フィリピン | 比 | Philippines;Philippinen
KH | Cambodia;Cambodian | 캄보디아 | - | カンボジア | - | Cambodge;Kambodscha
LA | Laos;Lao PDR;Lao | 라오스 | - | ラオス | - | Laos
MM | Myanmar;Burma | 미얀마 | - | ミャンマー | - | Birmanie;Myanmar
BN | Brunei Darussalam;Brunei | 브루나이 | - | ブルネイ | - | Brunei
PL | Poland;Polish | 폴란드 | - | ポーランド | - | Pologne;polonais;Polen
SE | Sweden;Swedish | 스웨덴 | - | スウェーデン | - | Suède;Schweden
FI | Finland;Finnish | 핀란드 | - | フィンランド | - | Finlande;Finnland
NO | Norway;Norwegian | 노르웨이 | - | ノルウェー | - | Norvège;Norwegen
DK | Denmark;Danish | 덴마크 | - | デンマーク | - | Danemark;Dänemark
EE | Estonia;Estonian | 에스토니아 | - | エストニア | - | Estonie;Estland
LT | Lithuania;Lithuanian | 리투아니아 | - | リトアニア | - | Lituanie;Litauen
LV | Latvia;Latvian | 라트비아 | - | ラトビア | - | Lettonie;Lettland
CZ | Czech Republic;Czechia;Czech | 체코 | - | チェコ | - | Tchéquie;Tschechien
CH | Switzerland;Swiss | 스위스 | - | スイス | - | Suisse;Schweiz
AT | Austria;Austrian | 오스트리아 | - | オーストリア | - | Autriche;Österreich
IE | Ireland;Irish | 아일랜드 | - | アイルランド | - | Irlande;Irland
PT | Portugal;Portuguese | 포르투갈 | - | ポルトガル | - | Portugal
GR | Greece;Greek | 그리스 | - | ギリシャ | - | Grèce;Griechenland
RO | Romania;Romanian | 루마니아 | - | ルーマニア | - | Roumanie;Rumänien
HU | Hungary;Hungarian | 헝가리 | - | ハンガリー | - | Hongrie;Ungarn
TR | Türkiye;Turkey;Turkish | 튀르키예;터키 | - | トルコ | - | Turquie;Türkei
BR | Brazil;Brazilian | 브라질 | - | ブラジル | - | Brésil;Brasilien
MX | Mexico;Mexican | 멕시코 | - | メキシコ | - | Mexique;Mexiko
AR | Argentina;Argentine | 아르헨티나 | - | アルゼンチン | - | Argentine;Argentinien
CL | Chile;Chilean | 칠레 | - | チリ | - | Chili
ZA | South Africa;South African | 남아프리카공화국;남아공 | - | 南アフリカ | - | Afrique du Sud;Südafrika
NG | Nigeria;Nigerian | 나이지리아 | - | ナイジェリア | - | Nigeria
KE | Kenya;Kenyan | 케냐 | - | ケニア | - | Kenya;Kenia
EG | Egypt;Egyptian | 이집트 | - | エジプト | - | Égypte;Ägypten
SA | Saudi Arabia;Saudi | 사우디아라비아;사우디 | - | サウジアラビア | - | Arabie saoudite;Saudi-Arabien
AE | United Arab Emirates;UAE;Emirati | 아랍에미리트;UAE | - | アラブ首長国連邦 | - | Émirats arabes unis;Vereinigte Arabische Emirate
QA | Qatar | 카타르 | - | カタール | - | Qatar;Katar
IR | Iran;Iranian | 이란 | - | イラン | - | Iran
PK | Pakistan;Pakistani | 파키스탄 | - | パキスタン | - | Pakistan
BD | Bangladesh | 방글라데시 | - | バングラデシュ | - | Bangladesh
LK | Sri Lanka | 스리랑카 | - | スリランカ | - | Sri Lanka
MN | Mongolia;Mongolian | 몽골 | 몽 | モンゴル | - | Mongolie;Mongolei
KZ | Kazakhstan | 카자흐스탄 | - | カザフスタン | - | Kazakhstan;Kasachstan
TW | Taiwan;Taiwanese | 대만 | - | 台湾 | 台 | Taïwan;Taiwan
EU | European Union;EU;E.U.;European | 유럽연합;EU | - | 欧州連合;EU | - | Union européenne;UE;européenne;Europäische Union;EU
NATO | North Atlantic Treaty Organization;NATO | 나토;북대서양조약기구;NATO | - | 北大西洋条約機構;NATO | - | OTAN;NATO
ASEAN | Association of Southeast Asian Nations;ASEAN | 아세안;ASEAN | - | 東南アジア諸国連合;ASEAN | - | ANASE;ASEAN
QUAD | Quad;Quadrilateral Security Dialogue | 쿼드 | - | クアッド | - | Quad
"""

# Nationality adjectives CLDR cannot give (the country's language is not named after it), in
# their base form (dictionary entry); inflection.py writes their other forms.
_ADJECTIVES = {
    "de": "US amerikanisch; GB britisch; IL israelisch; CH schweizerisch; AT österreichisch; "
    "CA kanadisch; AU australisch; NZ neuseeländisch; IN indisch; BE belgisch; IE irisch; "
    "MX mexikanisch; BR brasilianisch; SG singapurisch; EG ägyptisch; IR iranisch; "
    "TW taiwanisch; KP nordkoreanisch; KR südkoreanisch; EU europäisch; DK dänisch; "
    "PT portugiesisch; AR argentinisch; SA saudi-arabisch",
    "fr": "US américain; GB britannique; IL israélien; CH suisse; AT autrichien; CA canadien; "
    "AU australien; NZ néo-zélandais; IN indien; BE belge; MX mexicain; BR brésilien; "
    "SG singapourien; EG égyptien; IR iranien; TW taïwanais; KP nord-coréen; KR sud-coréen; "
    "EU européen; NL néerlandais; PT portugais; AR argentin",
    "es": "US estadounidense; US norteamericano; GB británico; IL israelí; CH suizo; "
    "AT austriaco; CA canadiense; AU australiano; NZ neozelandés; IN indio; BE belga; "
    "MX mexicano; BR brasileño; SG singapurense; EG egipcio; IR iraní; TW taiwanés; "
    "KP norcoreano; KR surcoreano; EU europeo; NL neerlandés; PT portugués; AR argentino; "
    "CL chileno; CO colombiano; DO dominicano; PE peruano",
    "nl": "US Amerikaans; GB Brits; IL Israëlisch; CH Zwitsers; AT Oostenrijks; CA Canadees; "
    "AU Australisch; NZ Nieuw-Zeelands; IN Indiaas; BE Belgisch; MX Mexicaans; "
    "BR Braziliaans; SG Singaporees; EG Egyptisch; IR Iraans; TW Taiwanees; EU Europees; "
    "DK Deens; PT Portugees",
    "en": "US American; GB British; IL Israeli; CH Swiss; NL Dutch; EU European",
}


def _adjective_forms() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for lang, entries in _ADJECTIVES.items():
        for entry in entries.split(";"):
            code, base = entry.split()
            found.setdefault(code, []).extend(adjective_forms(base, lang))
    return found


@dataclass(frozen=True, slots=True)
class Party:
    """One party: a row of the table, with CLDR's names and their inflected forms."""

    code: str
    names: tuple[str, ...]  # the table's written forms, any language
    short_ko: tuple[str, ...]  # one-syllable compound forms
    short_ja: tuple[str, ...]  # one-character compound forms
    display: str  # the name headlines give it: "Republic of Korea", "UK"
    forms: tuple[str, ...] = ()  # every form a release may write: names, then CLDR's


def _cell(text: str) -> tuple[str, ...]:
    return tuple(n.strip() for n in text.split(";") if n.strip() and n.strip() != "-")


def _parse(table: str, cldr: Mapping[str, tuple[str, ...]]) -> tuple[Party, ...]:
    adjectives = _adjective_forms()
    parties = []
    for line in table.strip().splitlines():
        code, english, korean, short_ko, japanese, short_ja, european = (
            cell.strip() for cell in line.split("|")
        )
        names = _cell(english) + _cell(korean) + _cell(japanese) + _cell(european)
        display = _HEADLINE_NAMES.get(code, names[0])
        forms = tuple(dict.fromkeys((*names, *adjectives.get(code, ()), *cldr.get(code, ()))))
        parties.append(Party(code, names, _cell(short_ko), _cell(short_ja), display, forms))
    known = {p.code for p in parties}
    for code, forms in sorted(cldr.items()):
        if code not in known:  # a country only CLDR names: matched, but no word of the table
            display = english_name(code) or code
            parties.append(Party(code, (), (), (), display, forms))
    return tuple(parties)


PARTIES: tuple[Party, ...] = _parse(_TABLE, cldr_names())
DISPLAY_NAMES: Mapping[str, str] = MappingProxyType({p.code: p.display for p in PARTIES})


def display_name(code: str) -> str:
    """The name headlines give the party ``code`` ("GB": "UK"); a code the table does not have
    is its own name ("UN")."""
    return DISPLAY_NAMES.get(code, code)
