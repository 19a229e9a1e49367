"""The parties of a digest event: named as headlines name them, in the order its title does.

The names come from the one parties table, ``scrapers.analysis.countries``, where the codes the
event extraction gives are defined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from flows.digest.model import Party
from scrapers.analysis.countries import PARTIES, display_name


def party(code: str) -> Party:
    """The party for ``code`` (``"kr"``, ``"KR"``; ``"UK"`` is ``GB``), with its headline name
    (an unknown code is shown as it is)."""
    upper = code.strip().upper()
    upper = "GB" if upper == "UK" else upper
    return Party(code=upper, name=display_name(upper))


def ordered_parties(codes: Sequence[str], title: str) -> tuple[str, ...]:
    """``codes`` in the order ``title`` names them ("Republic of Korea-UK": KR, GB), by any
    name the analysis knows them by; those it does not name follow, as given."""

    def first(code: str) -> int:
        pattern = _mentions(code)
        found = pattern.search(title) if pattern else None
        return found.start() if found else len(title) + 1

    return tuple(sorted(codes, key=first))


@cache
def _mentions(code: str) -> re.Pattern[str] | None:
    """Any of the party's names as a whole word: all-capital ones ("US") as written, the
    others in any case."""
    forms = next((p.forms for p in PARTIES if p.code == code), ())
    if not forms:
        return None
    names = sorted(forms, key=len, reverse=True)
    either = "|".join(re.escape(n) if n.isupper() else f"(?i:{re.escape(n)})" for n in names)
    return re.compile(rf"(?<!\w)(?:{either})(?!\w)")
