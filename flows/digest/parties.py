"""Display names of the parties to cyber dialogues, as headlines write them.

A small table of the usual parties. ``party()`` takes another table, so a fuller one (from the
event extraction) can replace this without touching the digest.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from flows.digest.model import Party

PARTY_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "AU": "Australia",
        "BR": "Brazil",
        "CA": "Canada",
        "CN": "China",
        "DE": "Germany",
        "EE": "Estonia",
        "EU": "EU",
        "FR": "France",
        "GB": "UK",
        "ID": "Indonesia",
        "IL": "Israel",
        "IN": "India",
        "IT": "Italy",
        "JP": "Japan",
        "KR": "Republic of Korea",
        "NATO": "NATO",
        "NL": "Netherlands",
        "NZ": "New Zealand",
        "PH": "Philippines",
        "PL": "Poland",
        "SG": "Singapore",
        "UA": "Ukraine",
        "UN": "UN",
        "US": "US",
        "VN": "Vietnam",
    }
)


def party(code: str, *, names: Mapping[str, str] = PARTY_NAMES) -> Party:
    """The party for ``code`` (``"kr"`` or ``"KR"``), named from ``names``, else by its code."""
    upper = code.strip().upper()
    upper = "GB" if upper == "UK" else upper
    return Party(code=upper, name=names.get(upper, upper))
