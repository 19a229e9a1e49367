"""How dates are written in the languages of the releases: month and weekday names (English,
French, German, Spanish, Dutch, as CLDR writes them in full) and the Korean and Japanese date
forms. Shared by ``scrapers.dates`` (the date of a feed entry, list row or page) and
``scrapers.analysis.when`` (the meeting's date in a text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
        "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
        "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
        "nov": 11, "december": 12, "dec": 12,
        "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
        "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
        "décembre": 12, "decembre": 12,
        "januar": 1, "februar": 2, "märz": 3, "juni": 6, "juli": 7, "oktober": 10,
        "dezember": 12,
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
        "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
        "diciembre": 12,
        "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    }
)  # fmt: skip
WEEKDAYS: Mapping[str, int] = MappingProxyType(
    {
        "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
        "sunday": 6, "lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4,
        "samedi": 5, "dimanche": 6, "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3,
        "freitag": 4, "samstag": 5, "sonntag": 6, "lunes": 0, "martes": 1, "miércoles": 2,
        "jueves": 3, "viernes": 4, "sábado": 5, "domingo": 6, "maandag": 0, "dinsdag": 1,
        "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5, "zondag": 6,
    }
)  # fmt: skip

# A month name, for patterns compiled with re.IGNORECASE; longest first, so "Sept" is not read
# as "Sep". "May" only capitalised: lower-case "may" is the verb ("may 5 ..." is no date).
MONTH_NAME = "(?-i:May)|" + "|".join(
    sorted((name for name in MONTHS if name != "may"), key=len, reverse=True)
)

_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}  # the year before each Japanese era's first
_CJK_YEAR = r"(?P<y>(?:19|20)\d{2})\s?[년年]"
_ERA_YEAR = r"(?P<era>令和|平成|昭和)\s?(?P<ey>\d{1,2}|元)\s?年"

# 2024년 11월 6일, 11월 6일, 2024年11月6日, 令和5年12月7日, 12月7日: groups y (or era and ey), m, d.
CJK_DATE = re.compile(
    rf"(?:(?:{_ERA_YEAR}|{_CJK_YEAR})\s?)?(?P<m>\d{{1,2}})\s?[월月]\s?(?P<d>\d{{1,2}})\s?[일日]"
)
# Korean month.day with a weekday, no year: 2.10.(금).
KOREAN_DOTTED_DATE = re.compile(
    r"(?<![\d.])(?P<m>\d{1,2})\.\s?(?P<d>\d{1,2})\.?\s?\((?:월|화|수|목|금|토|일)\)"
)


def month_number(name: str) -> int | None:
    """The month ``name`` (any case, trailing dot allowed) stands for, or None."""
    return MONTHS.get(name.casefold().rstrip("."))


def cjk_year(match: re.Match[str]) -> int | None:
    """The year of a ``CJK_DATE`` match (a Japanese era year counted), or None without one."""
    if match["era"]:
        return _ERAS[match["era"]] + (1 if match["ey"] == "元" else int(match["ey"]))
    return int(match["y"]) if match["y"] else None
