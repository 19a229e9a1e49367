"""Ranking the candidates for a field of the meeting (a date, a city) by a linear score.

Every candidate carries its features: does its sentence name the meeting, say it was held,
sit in the lead or the title, is it on a label line ("Date:", "日時", "일시"), how far is it
from the meeting's name, how many sentences naming the meeting come before its own in the
order of report (names.reported_first: a readout's own meeting before the one it announces),
with a comma or a reference word ("next", "지난", "前回") between, and,
for a date, does the weekday written with it agree. Its score is the sum of the weights of its
features (``[ranking]`` in config/analysis.toml); the highest wins, ties to the earlier in
reading order. A candidate with a reference word between it and the name is another meeting's
("the previous round in Seoul in 2023"): it never wins.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from config.scores import Ranking

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Features:
    """What is known about one candidate; ``weekday`` +1 agrees, -1 contradicts, 0 unwritten."""

    names_meeting: bool = False
    held_verb: bool = False
    label_line: bool = False
    lead: bool = False
    title: bool = False
    reference: bool = False
    clause_break: bool = False
    distance: int = 0
    later: int = 0
    partial: bool = False
    gazetteer: bool = False
    weekday: int = 0


@dataclass(frozen=True, slots=True)
class Candidate(Generic[T]):
    """A value found in the text at ``start``, with its features."""

    value: T
    start: int
    features: Features


def score(features: Features, weights: Ranking) -> float:
    """The candidate's score: the weights of its features, summed."""
    f = features
    total = sum(
        weight
        for present, weight in (
            (f.names_meeting, weights.names_meeting),
            (f.held_verb, weights.held_verb),
            (f.label_line, weights.label_line),
            (f.lead, weights.lead),
            (f.title, weights.title),
            (f.clause_break, weights.clause_break),
            (f.partial, weights.partial),
            (f.gazetteer, weights.gazetteer),
            (f.weekday > 0, weights.weekday_agrees),
            (f.weekday < 0, weights.weekday_contradicts),
        )
        if present
    )
    nearness = weights.distance * min(f.distance, weights.max_distance)
    return total + nearness + weights.later * min(f.later, weights.max_later)


def best(candidates: Iterable[Candidate[T]], weights: Ranking) -> Candidate[T] | None:
    """The candidate with the highest score, the earliest given of equals, leaving out those
    of another meeting (``reference``); None without any."""
    chosen: Candidate[T] | None = None
    top = 0.0
    for candidate in candidates:
        if candidate.features.reference:
            continue
        value = score(candidate.features, weights)
        if chosen is None or value > top:
            chosen, top = candidate, value
    return chosen
