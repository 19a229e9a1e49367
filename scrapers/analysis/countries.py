# ruff: noqa: E501 (the table's rows are data, one party a line)
"""The parties table: the names of countries and institutions releases write that CLDR and
ISO 3166 do not give. Every country's name and adjective in the seven languages, inflected, comes
from country_names.py (CLDR via babel, pycountry); a name found there is not repeated here.

What the table still holds, and why CLDR cannot give it:
- organisations: EU, NATO, ASEAN, the Quad (not ISO 3166 countries);
- the Korean one-syllable and Japanese one-character compound forms ("한·미", "日米");
- abbreviations and short names ("ROK", "DPRK", "U.S.", "UK", "EE. UU.", "Korea", "America",
  "Britain", "Holland", "Burma", "Turkey", "Lao PDR");
- Korean and Japanese names of one or two characters ("한국", "米国", "タイ"): country_names.py
  leaves those out as they match inside words, and the table lists the ones that are safe;
- English adjectives ("Australian", "Filipino") and French, German adjectives of countries
  whose language is not named after them ("américain", "australisch"): CLDR has no adjectives,
  and country_names.py reads them only from language names ("French", "deutsch");
- spellings CLDR does not use ("Etats-Unis" without its accent, "Großbritannien").
A row of dashes is a party dialogues have whose names CLDR gives in full: listed so that its
names' words are not taken for a person's (chairs.py; unlike "Jan Mayen" or "Saint Martin").

One row per party: its code (ISO 3166 alpha-2, or EU, NATO, ASEAN, QUAD), then, separated by
"|": English names, short forms and adjectives; Korean names; the Korean one-syllable short
form used in compounds; Japanese names; the Japanese one-character short form; French and
German names and adjectives. Names within a cell are separated by ";" ("-": none). Matching is
case-sensitive for all-capital short forms ("US", "UK", "ROK") and case-insensitive otherwise.
Short forms that are ambiguous in Korean (이 for Italy or Israel) are left out. ``_ADJECTIVES``
adds German, French, Spanish, Dutch and English adjectives CLDR cannot derive, in their base
form; inflection.py writes their other forms.

Each party also has the name headlines give it (``display``, ``display_name``): CLDR's English
name, or the one of ``_HEADLINE_NAMES`` ("UK", "Republic of Korea"), or an organisation's first
English name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from scrapers.analysis.country_names import cldr_names, english_name
from scrapers.analysis.inflection import adjective_forms

QUAD_MEMBERS = ("AU", "IN", "JP", "US")
# Headline names that are not CLDR's English name ("South Korea", "Czechia") or, for an
# organisation, its first English name.
_HEADLINE_NAMES = {
    "BN": "Brunei Darussalam",
    "CZ": "Czech Republic",
    "EU": "EU",
    "GB": "UK",
    "KR": "Republic of Korea",
    "MM": "Myanmar",
    "NATO": "NATO",
    "RU": "Russian Federation",
    "US": "US",
}

_TABLE = """
KR | ROK;RoK;Korea;S. Korea | 한국 | 한 | 韓国;大韓民国 | 韓 | Corée;Korea
KP | DPRK;North Korean | 북한 | - | - | - | nord-coréen
US | U.S.A.;USA;U.S.;US;America;American | 미국 | 미 | 米国;アメリカ | 米 | Etats-Unis;américain;américaine;USA;amerikanisch;EE. UU.;EE.UU.;EUA
GB | U.K.;UK;Great Britain;Britain;British | 영국 | 영 | 英国 | 英 | britannique;Großbritannien;britisch
JP | - | 일본 | 일 | 日本 | 日 | -
CN | PRC | 중국 | 중 | 中国 | 中 | -
AU | Australian | 호주 | 호 | 豪州 | 豪 | australien;australisch
IN | Indian | 인도 | 인 | - | 印 | indien;indisch
DE | - | 독일 | 독 | - | 独 | -
FR | French | - | 불;프 | - | 仏 | -
CA | Canadian | - | 캐 | - | 加 | canadien
IT | - | - | - | - | 伊 | -
ES | - | - | - | - | - | -
NL | Dutch;Holland | - | 네 | - | 蘭 | néerlandais
BE | Belgian | - | - | - | - | belge
NZ | - | - | 뉴 | - | - | -
SG | Singaporean | - | 싱 | - | - | -
IL | Israeli | - | - | - | - | israélien
UA | - | - | - | - | - | -
RU | - | - | 러 | - | 露 | -
VN | - | - | 베 | - | 越 | -
ID | - | - | - | - | - | -
MY | Malaysian | - | - | - | - | -
TH | - | 태국 | 태 | タイ | - | -
PH | Philippine;Filipino | - | 필 | - | 比 | -
KH | Cambodian | - | - | - | - | -
LA | Lao PDR | - | - | - | - | -
MM | Burma | - | - | - | - | -
BN | - | - | - | - | - | -
PL | - | - | - | - | - | -
SE | - | - | - | - | - | -
FI | - | - | - | - | - | -
NO | - | - | - | - | - | -
DK | Danish | - | - | - | - | -
EE | - | - | - | - | - | -
LT | - | - | - | - | - | -
LV | - | - | - | - | - | -
CZ | - | 체코 | - | - | - | -
CH | Swiss | - | - | - | - | -
AT | Austrian | - | - | - | - | -
IE | Irish | - | - | - | - | -
PT | Portuguese | - | - | - | - | -
GR | - | - | - | - | - | -
RO | - | - | - | - | - | -
HU | - | - | - | - | - | -
TR | Turkey | 터키 | - | - | - | -
BR | Brazilian | - | - | - | - | -
MX | Mexican | - | - | - | - | -
AR | - | - | - | - | - | -
CL | Chilean | 칠레 | - | チリ | - | -
ZA | South African | 남아프리카공화국;남아공 | - | - | - | -
NG | Nigerian | - | - | - | - | -
KE | Kenyan | 케냐 | - | - | - | -
EG | Egyptian | - | - | - | - | -
SA | Saudi | 사우디 | - | - | - | -
AE | UAE;Emirati | UAE | - | - | - | -
QA | - | - | - | - | - | -
IR | Iranian | 이란 | - | - | - | -
PK | Pakistani | - | - | - | - | -
BD | - | - | - | - | - | -
LK | - | - | - | - | - | -
MN | - | 몽골 | 몽 | - | - | -
KZ | - | - | - | - | - | -
TW | Taiwanese | 대만 | - | 台湾 | 台 | -
EU | European Union;EU;E.U.;European | 유럽연합;EU | - | 欧州連合;EU | - | Union européenne;UE;européenne;Europäische Union;EU
NATO | North Atlantic Treaty Organization;NATO | 나토;북대서양조약기구;NATO | - | 北大西洋条約機構;NATO | - | OTAN;NATO
ASEAN | Association of Southeast Asian Nations;ASEAN | 아세안;ASEAN | - | 東南アジア諸国連合;ASEAN | - | ANASE;ASEAN
QUAD | Quad;Quadrilateral Security Dialogue | 쿼드 | - | クアッド | - | Quad
"""

# Nationality adjectives CLDR cannot give (the country's language is not named after it), in
# their base form (dictionary entry); inflection.py writes their other forms. Those of a
# country without a row count too ("CO colombiano").
_ADJECTIVES = {
    "de": "US amerikanisch; GB britisch; IL israelisch; CH schweizerisch; AT österreichisch; "
    "CA kanadisch; AU australisch; NZ neuseeländisch; IN indisch; BE belgisch; IE irisch; "
    "MX mexikanisch; BR brasilianisch; SG singapurisch; EG ägyptisch; IR iranisch; "
    "TW taiwanisch; KP nordkoreanisch; KR südkoreanisch; EU europäisch; "
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
    listed: bool = False  # a row of the table: a party dialogues have (not "Jan Mayen")


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
        display = _HEADLINE_NAMES.get(code) or english_name(code) or names[0]
        forms = tuple(dict.fromkeys((*names, *adjectives.get(code, ()), *cldr.get(code, ()))))
        parties.append(
            Party(code, names, _cell(short_ko), _cell(short_ja), display, forms, listed=True)
        )
    known = {p.code for p in parties}
    for code, names in sorted(cldr.items()):
        if code not in known:  # a country CLDR names fully: no word of the table
            display = _HEADLINE_NAMES.get(code) or english_name(code) or code
            forms = tuple(dict.fromkeys((*adjectives.get(code, ()), *names)))
            parties.append(Party(code, (), (), (), display, forms))
    return tuple(parties)


PARTIES: tuple[Party, ...] = _parse(_TABLE, cldr_names())
DISPLAY_NAMES: Mapping[str, str] = MappingProxyType({p.code: p.display for p in PARTIES})


def display_name(code: str) -> str:
    """The name headlines give the party ``code`` ("GB": "UK"); a code the table does not have
    is its own name ("UN")."""
    return DISPLAY_NAMES.get(code, code)
