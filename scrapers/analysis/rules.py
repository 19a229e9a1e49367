"""The analysis rules compiled once: regexes from the rules file, thresholds from the settings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from config import AnalysisRules, AnalysisSettings, load_rules
from config.analysis import Ranking, Weights
from scrapers.analysis.gazetteer import Gazetteer
from scrapers.analysis.text import terms_pattern


def _regexes(patterns: Iterable[str], *, multiline: bool = False) -> tuple[re.Pattern[str], ...]:
    flags = re.IGNORECASE | (re.MULTILINE if multiline else 0)
    return tuple(re.compile(p, flags) for p in patterns)


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything ``analyze`` needs, ready to use; build it with ``Rules.compile(settings)``."""

    settings: AnalysisSettings
    weights: Weights
    ranking: Ranking
    cyber: re.Pattern[str]
    meeting: re.Pattern[str]
    tight: re.Pattern[str]
    blockers: re.Pattern[str]
    references: re.Pattern[str]
    linkers: re.Pattern[str]
    held: re.Pattern[str]
    negative_title: tuple[re.Pattern[str], ...]
    negative_text: tuple[re.Pattern[str], ...]
    consultation: tuple[re.Pattern[str], ...]
    commentary_decisive: tuple[re.Pattern[str], ...]
    commentary_strong: tuple[re.Pattern[str], ...]
    commentary_weak: tuple[re.Pattern[str], ...]
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
            cyber=terms_pattern(terms.cyber),
            meeting=terms_pattern((*terms.meeting, *terms.tight), after_cyber=True),
            tight=terms_pattern(terms.tight, after_cyber=True),
            blockers=terms_pattern(terms.blockers, whole=True),
            references=terms_pattern(terms.references, whole=True),
            linkers=terms_pattern(terms.linkers, whole=True),
            held=terms_pattern(terms.held, whole=True),
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
