"""The verdict: is a release a government's cyber dialogue release, a report about one, or other?

Evidence adds up to a score (weights in the rules file, ``[weights]``):

    the meeting named in the title / in the lead / only further down   title_name / text_name /
                                                                       later_name
    a sentence naming it says it was held, hosted or chaired           held
    two or more parties found for it / fewer                           parties / one_party
    a round stated                                                     ordinal
    the title is another genre (remarks, sanctions, advisory, MoU)     negative_title
    each negative cue in the text (track 1.5 seminar, indictment ...)  negative_text (capped)
    the text asks the public for comments (a consultation)            consultation
    the page lists many meetings (``pages.list_like``: many rounds,     list_page
    many sets of parties, dates in many years): an overview, a white paper

A release at or above ``threshold`` reports a dialogue. If its text reads as news or
commentary (``scrapers.analysis.news``: a wire dateline, the government quoted in the third
person, a news agency) it is ``commentary`` and not relevant, and ``commentary`` is added to
its score. The score given is the logistic of ``scale`` * (score - threshold), a probability:
above 0.5 means relevant; ``scale`` is fitted on half A of the dev sets (``[weights]``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scrapers.analysis.anchored import candidates
from scrapers.analysis.model import Kind
from scrapers.analysis.names import NameMention, main_names
from scrapers.analysis.news import news_cues, reads_as_news
from scrapers.analysis.pages import list_like
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc


@dataclass(frozen=True, slots=True)
class Verdict:
    relevant: bool
    score: float
    kind: Kind
    reasons: tuple[str, ...]


def classify(
    doc: Doc,
    names: Sequence[NameMention],
    *,
    parties: tuple[str, ...],
    round_: int | None,
    rules: Rules,
    official: bool = False,
) -> Verdict:
    """The verdict on ``doc`` (see the module's docstring); ``official``: it is on a
    government's own site."""
    weights = rules.weights
    reasons: list[str] = []
    raw = 0.0
    mains = main_names(tuple(names))
    if mains:
        first = mains[0]
        where, weight = (
            ("title", weights.title_name)
            if first.sentence.in_title
            else ("lead", weights.text_name)
            if first.sentence.in_lead
            else ("text", weights.later_name)
        )
        raw += weight
        reasons.append(
            f"names a cyber meeting in the {where}: {doc.full[first.start : first.end]!r}"
        )
        if any(rules.held.search(n.sentence.text) for n in mains):
            raw += weights.held
            reasons.append("says it was held")
    elif names:
        reasons.append("names only another cyber meeting (next, previous)")
    if len(parties) >= 2:
        raw += weights.parties
        reasons.append(f"parties {'-'.join(parties)}")
    else:
        raw += weights.one_party
        reasons.append("no two parties")
    if round_ is not None:
        raw += weights.ordinal
        reasons.append(f"round {round_}")
    negative = next(
        (p for p in candidates(rules.negative_title, doc.title) if p.search(doc.title)), None
    )
    if negative is not None:
        raw += weights.negative_title
        reasons.append(f"title is not a dialogue release: /{negative.pattern}/")
    cues = [p.pattern for p in candidates(rules.negative_text, doc.body) if p.search(doc.body)]
    if cues:
        counted = cues[: weights.max_negative_text]
        raw += weights.negative_text * len(counted)
        reasons.append(f"negative cues: {', '.join(counted)}")
    asks = next((p for p in candidates(rules.consultation, doc.body) if p.search(doc.body)), None)
    if asks is not None:
        raw += weights.consultation
        reasons.append(f"asks the public for comments: /{asks.pattern}/")
    threshold = rules.settings.threshold
    listing = list_like(doc, names, rules) if raw >= threshold else None  # else it is moot
    if listing:
        raw += weights.list_page
        reasons.append(f"lists many meetings: {listing}")
    if raw < threshold:
        return Verdict(False, _squash(raw - threshold, weights.scale), "other", tuple(reasons))
    news = news_cues(doc, rules)
    if reads_as_news(news, rules, official=official):
        shown = ", ".join(repr(c.strip()[:40]) for c in news.cues[:3])
        reasons.append(f"reads as news or commentary ({news.points:g} cue points: {shown})")
        score = _squash(raw + weights.commentary - threshold, weights.scale)
        return Verdict(False, score, "commentary", tuple(reasons))
    return Verdict(True, _squash(raw - threshold, weights.scale), "dialogue", tuple(reasons))


def _squash(value: float, scale: float) -> float:
    return round(1.0 / (1.0 + math.exp(-scale * value)), 3)
