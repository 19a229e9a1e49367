"""Where a dot does not end a sentence: abbreviations and ordinal numbers, per language.

Written from each language's spelling rules, not from releases: English titles and months
("Mr.", "Dec."); German ordinals take a dot ("am 9. Juli", "der 3. Cyberdialog": Duden, rule
on Ordinalzahlen) and common abbreviations ("z. B.", "bzw.", "Nr."); French "M." and "MM."
(monsieur, messieurs), "cf.", "env."; Dutch "dhr.", "mevr.", "bijv.", "o.a."; Spanish "Sr.",
"Sra.", "Dña.", "núm." and "EE. UU." (Estados Unidos, written with its doubled letters). A
single letter followed by a dot is an initial in every language ("Robert L. Strayer").
"""

from __future__ import annotations

import re
from collections.abc import Callable


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_COMMON = _words("""mr ms mrs dr st no jr sr lt gen col prof h.e u.s d.c u.k e.g i.e vs amb
    sen rep hon messrs mme m p.m a.m jan feb mar apr jun jul aug sep sept oct nov dec thurs tues
    wed fri sat sun mon thu tue co corp inc dept govt art para""")
_BY_LANGUAGE = {
    "de": _words("""bzw vgl ca nr dr str ggf evtl inkl sog gem abs bspw u.a d.h z.b z.t hr fr min
        jan feb märz apr aug sept okt nov dez"""),
    "fr": _words("m mm mme mlle cf env av bd boul p.ex st ste dr pr"),
    "nl": _words("dhr mevr mw bijv o.a m.b.t i.v.m d.w.z nr drs ir mr dr prof"),
    "es": _words("sr sra srta d dña dn excmo excma núm pág ee uu ee.uu av dr dra lic"),
}
_ANY_LANGUAGE = frozenset().union(*_BY_LANGUAGE.values())
ORDINAL_DOT_LANGUAGES = frozenset({"de"})  # languages writing ordinals as a number and a dot
_WORD_BEFORE = re.compile(r"([\w.]+)$")


def is_abbreviation(text: str, dot: int, lang: str | Callable[[], str] = "en") -> bool:
    """Whether the dot at ``text[dot]`` closes an abbreviation, an initial or an ordinal (in
    a language of ``lang``) rather than a sentence. ``lang`` may be a function giving it: it is
    called only when the answer depends on the language (rarely: a word of ``_BY_LANGUAGE``
    or a number of one or two digits before the dot)."""
    word = _WORD_BEFORE.search(text[max(0, dot - 12) : dot])
    if word is None:
        return False
    token = word.group(1).casefold().strip(".")
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "Robert L. Strayer"
    if token in _COMMON:
        return True
    ordinal = token.isdigit() and len(token) <= 2
    if not ordinal and token not in _ANY_LANGUAGE:
        return False  # the same in every language
    code = lang if isinstance(lang, str) else lang()
    if ordinal and code in ORDINAL_DOT_LANGUAGES:
        return True  # "9. Juli", "3. Cyberdialog"
    return token in _BY_LANGUAGE.get(code, frozenset())
