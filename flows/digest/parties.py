"""The parties of a digest event: named as headlines name them, in the order its title does.

The names come from the one parties table, ``scrapers.analysis.countries``, where the codes the
event extraction gives are defined.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from flows.digest.model import Party
from scrapers.analysis.countries import PARTIES, display_name


def party(code: str) -> Party:
    """The party for ``code`` (``"kr"``, ``"KR"``; ``"UK"`` is ``GB``), with its headline name
    (an unknown code is shown as it is)."""
    upper = code.strip().upper()
    upper = "GB" if upper == "UK" else upper
    return Party(code=upper, name=display_name(upper))


def ordered_parties(codes: Sequence[str], title: str) -> tuple[str, ...]:
    """``codes`` in the order ``title`` names them ("Republic of Korea-UK": KR, GB); those it
    does not name follow, as given."""
    names = {p.code: p.names for p in PARTIES}

    def first(code: str) -> int:
        found = (m.start() for n in names.get(code, ()) if (m := _mention(n).search(title)))
        return min(found, default=len(title) + 1)

    return tuple(sorted(codes, key=first))


def _mention(name: str) -> re.Pattern[str]:
    flags = 0 if name.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", flags)
