"""Does a text read as news or commentary about a dialogue rather than the government's release?

A release speaks in the government's own voice. A news report tells what the government said in
the third person ("the ministry said", "a déclaré le communiqué", "heißt es in der
Mitteilung", "según la cancillería") and carries a newsroom's marks (a wire dateline, an
agency's name, a byline). A news site's verbatim copy of a release keeps the government's voice,
so a byline alone counts little. The cues are the ``[commentary]`` lists of the rules file:

    decisive   makes news alone (a wire dateline "SEOUL, Nov. 6 (Yonhap) --", "in this story")
    strong     2 points each (reported voice, agencies, opinion genres)
    weak       1 point each time, at most ``MAX_WEAK_CUES`` (reporting verbs, a byline)

A text is news when it has a decisive cue, or a strong cue and points at or above the
``commentary`` setting; on a government's own site (``hosts.is_official``) only a decisive cue
makes news.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapers.analysis.anchored import candidates
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc

MAX_WEAK_CUES = 3


@dataclass(frozen=True, slots=True)
class NewsCues:
    """The news cues found in a text."""

    decisive: tuple[str, ...]
    strong: tuple[str, ...]
    weak: int
    points: float

    @property
    def cues(self) -> tuple[str, ...]:
        return self.decisive + self.strong


def news_cues(doc: Doc, rules: Rules) -> NewsCues:
    """Every cue of news in ``doc`` (each decisive and strong pattern counts once; weak ones
    count each time, at most ``MAX_WEAK_CUES``)."""
    decisive = tuple(
        m.group()
        for p in candidates(rules.commentary_decisive, doc.full)
        if (m := p.search(doc.full))
    )
    strong = tuple(
        m.group()
        for p in candidates(rules.commentary_strong, doc.full)
        if (m := p.search(doc.full))
    )
    weak = sum(len(p.findall(doc.full)) for p in candidates(rules.commentary_weak, doc.full))
    points = len(decisive) * rules.settings.commentary + 2 * len(strong)
    return NewsCues(decisive, strong, weak, points + min(weak, MAX_WEAK_CUES))


def reads_as_news(cues: NewsCues, rules: Rules, *, official: bool = False) -> bool:
    """A decisive cue, or a strong one with enough points in all. On a government's own site
    (``official``) only a decisive cue: a government reporting its own meeting in a news style
    ("the ministry said") is still the government's release."""
    if official:
        return bool(cues.decisive)
    return bool(cues.decisive) or (bool(cues.strong) and cues.points >= rules.settings.commentary)
