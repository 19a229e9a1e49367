"""Pages that list many meetings rather than report one: an overview of a ministry's cyber
dialogues, a year in review, a white paper, a strategy. ``list_like`` says why a page is one,
or None. Such a page names cyber meetings of ``list_rounds`` different rounds ("the 1st ...,
the 2nd ..., the 3rd ..."), or with ``list_sets`` different sets of parties ("the Japan-US
Cyber Dialogue, the Japan-UK Cyber Dialogue, the Japan-France Cyber Consultations"), or gives
full dates in ``list_years`` different years. A release of one meeting names its parties' own
meeting, perhaps one earlier round or another partner in passing; the thresholds (weights in
the rules file) sit above that.
"""

from __future__ import annotations

from collections.abc import Sequence

from scrapers.analysis.names import NameMention
from scrapers.analysis.parties import extract_parties
from scrapers.analysis.rounds import round_of
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc
from scrapers.analysis.when import find_dates


def list_like(doc: Doc, names: Sequence[NameMention], rules: Rules) -> str | None:
    """Why ``doc`` lists many meetings, or None (see the module's docstring)."""
    weights = rules.weights
    rounds = {round_of(doc, name) for name in names} - {None}
    if len(rounds) >= weights.list_rounds:
        return f"{len(rounds)} rounds"
    sets = party_sets(doc, names)
    if len(sets) >= weights.list_sets:
        return f"{len(sets)} sets of parties: {', '.join('-'.join(s) for s in sorted(sets))}"
    years = {d.year for d in find_dates(doc.body) if d.year is not None}
    if len(years) >= weights.list_years:
        return f"dates in {len(years)} years"
    return None


def party_sets(doc: Doc, names: Sequence[NameMention]) -> set[tuple[str, ...]]:
    """The different sets of parties the cyber meetings named in ``doc`` are held between."""
    return {extract_parties(doc, (name,)) for name in names} - {()}
