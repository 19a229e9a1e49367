"""The analysis rules compiled once: regexes from the rules file, thresholds from the settings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from config import AnalysisRules, AnalysisSettings, load_rules
from config.analysis import Ranking, Weights
from scrapers.analysis.anchored import Anchored
from scrapers.analysis.gazetteer import Gazetteer
from scrapers.analysis.text import terms_pattern


def _regexes(patterns: Iterable[str], *, multiline: bool = False) -> tuple[Anchored, ...]:
    flags = re.IGNORECASE | (re.MULTILINE if multiline else 0)
    return tuple(Anchored(re.compile(p, flags)) for p in patterns)


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything ``analyze`` needs, ready to use; build it with ``Rules.compile(settings)``.
    Its expressions are searched only when they can match (``anchored.py``)."""

    settings: AnalysisSettings
    weights: Weights
    ranking: Ranking
    cyber: Anchored
    meeting: Anchored
    tight: Anchored
    blockers: Anchored
    references: Anchored
    linkers: Anchored
    held: Anchored
    negative_title: tuple[Anchored, ...]
    negative_text: tuple[Anchored, ...]
    consultation: tuple[Anchored, ...]
    commentary_decisive: tuple[Anchored, ...]
    commentary_strong: tuple[Anchored, ...]
    commentary_weak: tuple[Anchored, ...]
    aggregators: tuple[str, ...]
    official: tuple[str, ...]
    boilerplate: tuple[re.Pattern[str], ...]
    gazetteer: Gazetteer = field(default_factory=Gazetteer)  # loaded on first use

    @classmethod
    def compile(cls, settings: AnalysisSettings, rules: AnalysisRules | None = None) -> Rules:
        """Compile ``rules`` (by default the file named in ``settings``)."""
        rules = rules or load_rules(settings.rules)
        terms = rules.all_terms()
        return cls(
            settings=settings,
            weights=rules.weights,
            ranking=rules.ranking,
            cyber=Anchored(terms_pattern(terms.cyber)),
            meeting=Anchored(terms_pattern((*terms.meeting, *terms.tight), after_cyber=True)),
            tight=Anchored(terms_pattern(terms.tight, after_cyber=True)),
            blockers=Anchored(terms_pattern(terms.blockers, whole=True)),
            references=Anchored(terms_pattern(terms.references, whole=True)),
            linkers=Anchored(terms_pattern(terms.linkers, whole=True)),
            held=Anchored(terms_pattern(terms.held, whole=True)),
            negative_title=_regexes(rules.negative.title),
            negative_text=_regexes(rules.negative.text, multiline=True),
            consultation=_regexes(rules.negative.consultation, multiline=True),
            commentary_decisive=_regexes(rules.commentary.decisive, multiline=True),
            commentary_strong=_regexes(rules.commentary.strong, multiline=True),
            commentary_weak=_regexes(rules.commentary.weak, multiline=True),
            aggregators=tuple(h.lower() for h in rules.hosts.aggregators),
            official=tuple(h.lower() for h in rules.hosts.official),
            boilerplate=tuple(
                re.compile(rf"\s*(?:{p})\s*", re.IGNORECASE) for p in rules.boilerplate.lines
            ),
        )
