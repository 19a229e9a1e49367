"""The analysis rules compiled once: regexes from the rules file, thresholds from the settings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from config.scores import Ranking, Weights
from scrapers.analysis.anchored import Anchored
from scrapers.analysis.gazetteer import Gazetteer
from scrapers.analysis.presence import Presence
from scrapers.analysis.text import terms_pattern

if TYPE_CHECKING:
    from config import AnalysisRules, AnalysisSettings


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The ``[analysis]`` settings the analysis and the filing of its results read, as plain
    values: the rules travel to every judging worker, which then needs no pydantic (the
    settings' models do)."""

    threshold: float
    commentary: float
    near_duplicate: float
    signature: int
    bands: int
    shingle: int
    event_window: int
    report_window: int

    @classmethod
    def of(cls, settings: AnalysisSettings) -> Thresholds:
        return cls(**{f.name: getattr(settings, f.name) for f in fields(cls)})


def _regexes(
    patterns: Iterable[str], presence: Presence, *, multiline: bool = False
) -> tuple[Anchored, ...]:
    flags = re.IGNORECASE | (re.MULTILINE if multiline else 0)
    return tuple(Anchored(re.compile(p, flags), presence) for p in patterns)


@dataclass(frozen=True, slots=True)
class Rules:
    """Everything ``analyze`` needs, ready to use; build it with ``Rules.compile(settings)``.
    Its expressions are searched only when they can match (``anchored.py``), their anchors
    found in one pass over a text (``presence.py``)."""

    settings: Thresholds
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
        from config import load_rules

        rules = rules or load_rules(settings.rules)
        terms = rules.all_terms()
        presence = Presence()  # every expression's anchors, found in one pass over a text

        def anchored(pattern: re.Pattern[str]) -> Anchored:
            return Anchored(pattern, presence)

        return cls(
            settings=Thresholds.of(settings),
            weights=rules.weights,
            ranking=rules.ranking,
            cyber=anchored(terms_pattern(terms.cyber)),
            meeting=anchored(terms_pattern((*terms.meeting, *terms.tight), after_cyber=True)),
            tight=anchored(terms_pattern(terms.tight, after_cyber=True)),
            blockers=anchored(terms_pattern(terms.blockers, whole=True)),
            references=anchored(terms_pattern(terms.references, whole=True)),
            linkers=anchored(terms_pattern(terms.linkers, whole=True)),
            held=anchored(terms_pattern(terms.held, whole=True)),
            negative_title=_regexes(rules.negative.title, presence),
            negative_text=_regexes(rules.negative.text, presence, multiline=True),
            consultation=_regexes(rules.negative.consultation, presence, multiline=True),
            commentary_decisive=_regexes(rules.commentary.decisive, presence, multiline=True),
            commentary_strong=_regexes(rules.commentary.strong, presence, multiline=True),
            commentary_weak=_regexes(rules.commentary.weak, presence, multiline=True),
            aggregators=tuple(h.lower() for h in rules.hosts.aggregators),
            official=tuple(h.lower() for h in rules.hosts.official),
            boilerplate=tuple(
                re.compile(rf"\s*(?:{p})\s*", re.IGNORECASE) for p in rules.boilerplate.lines
            ),
        )
