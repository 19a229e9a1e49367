"""Country names and nationality adjectives in the seven languages read, from CLDR (babel) and
ISO 3166 (pycountry), with the forms each language's grammar gives them (inflection.py).

- Names: CLDR's name of every ISO 3166 country in en, ko, ja, de, fr, nl and es, and
  pycountry's official and common names in English and, from the iso-codes translations it
  ships, in the six other languages ("República Federal de Alemania", "Republiek Korea"); an
  index form is put back in prose order ("Corea, República de": "República de Corea").
  A Korean or Japanese name of fewer than three characters is left out: those match inside
  words ("이란" is also "called"); the parties table has the short ones that are safe.
- Adjectives: CLDR has no nationality adjectives, but in English, German, French, Dutch and
  Spanish a nation's language is named by its adjective ("German", "deutsch", "allemand",
  "Duits", "alemán"). A language's name counts as the adjective of the country CLDR gives as its
  likely territory when it is an official language there and the two names share their stem
  (first three letters): "Französisch" is French's and France's ("Frankreich"), but "Englisch"
  is not the United States' and "Hebräisch" not Israel's.
- Combining forms (French, Spanish and English compounds: "franco-allemand", "sino-japonais",
  "russo-", "germano-") are not in CLDR: a short list from the dictionaries' entries.
"""

from __future__ import annotations

import gettext
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from types import MappingProxyType

import pycountry
from babel import Locale
from babel.core import get_global
from babel.languages import get_official_languages

from scrapers.analysis.inflection import adjective_forms, name_forms

LANGUAGES = ("en", "ko", "ja", "de", "fr", "nl", "es")
_ADJECTIVE_LANGUAGES = ("en", "de", "fr", "nl", "es")
MIN_CJK_CHARS = 3
COMBINING = {
    "AT": ("austro",),
    "BE": ("belgo",),
    "CA": ("canado",),
    "CH": ("helvético", "helvetico", "helvéto"),
    "CN": ("sino",),
    "DE": ("germano",),
    "ES": ("hispano",),
    "FR": ("franco",),
    "GB": ("anglo", "britannico"),
    "GR": ("gréco", "greco"),
    "IL": ("israélo", "israelo"),
    "IN": ("indo",),
    "IT": ("italo",),
    "JP": ("nippo",),
    "PL": ("polono",),
    "PT": ("luso",),
    "RU": ("russo",),
    "US": ("américano", "americano"),
}


@cache
def cldr_names() -> Mapping[str, tuple[str, ...]]:
    """Every written form of every ISO 3166 country, by alpha-2 code (built once)."""
    forms: dict[str, dict[str, None]] = {c.alpha_2: {} for c in pycountry.countries}
    sources: tuple[Mapping[str, Sequence[str]], ...] = (_names(), _adjectives(), COMBINING)
    for source in sources:
        for code, names in source.items():
            forms[code].update(dict.fromkeys(names))
    return MappingProxyType({code: tuple(names) for code, names in forms.items()})


def english_name(code: str) -> str | None:
    """CLDR's English name of a country ("South Korea"), or None."""
    return Locale("en").territories.get(code)


def _names() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for country in pycountry.countries:
        code = country.alpha_2
        english = [getattr(country, k, None) for k in ("name", "official_name", "common_name")]
        found[code] = [n for n in english if n and _plain(n)]
        for lang in LANGUAGES:
            iso = [_translated(lang)(n) for n in english if n] if lang != "en" else english
            for name in (Locale(lang).territories.get(code), *iso):
                name = _prose_order(name) if name else None
                if name is None or not _plain(name):
                    continue
                if lang in ("ko", "ja") and len(name) < MIN_CJK_CHARS:
                    continue
                found[code].extend(name_forms(name, lang))
    return found


@cache
def _translated(lang: str) -> Callable[[str], str]:
    """pycountry's translation of an ISO 3166 name into ``lang`` (iso-codes' catalogue)."""
    catalogue = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
    return catalogue.gettext


def _prose_order(name: str) -> str:
    """An index form in prose order: "Korea, Republic of" -> "Republic of Korea",
    "Iran, République islamique d'" -> "République islamique d'Iran"."""
    head, comma, tail = name.partition(", ")
    if not comma or "," in tail:
        return name
    space = "" if tail.endswith(("'", "\u2019")) else " "
    return tail + space + head


def _adjectives() -> dict[str, list[str]]:
    likely = get_global("likely_subtags")
    found: dict[str, list[str]] = {}
    for lang in _ADJECTIVE_LANGUAGES:
        locale = Locale(lang)
        for language, name in locale.languages.items():
            territory = str(likely.get(language, "")).split("_")[-1]
            country = locale.territories.get(territory)
            if "_" in language or not name.isalpha() or country is None:
                continue
            if language not in get_official_languages(territory, de_facto=True):
                continue
            if _fold(name)[:3] in _fold(country):
                found.setdefault(territory, []).extend(adjective_forms(name, lang))
    return found


def _plain(name: str) -> bool:
    """A name as prose writes it: not "Korea, Republic of", "Congo - Kinshasa" or with
    brackets."""
    return not any(mark in name for mark in (",", "(", " - ", "&"))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
