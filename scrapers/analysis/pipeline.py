"""The whole analysis of one release: ``analyze``, re-exported by ``scrapers.analysis``."""

from __future__ import annotations

from datetime import date, datetime

from scrapers.analysis.agencies import extract_agencies
from scrapers.analysis.chairs import extract_chairs
from scrapers.analysis.classify import classify
from scrapers.analysis.hosts import is_official
from scrapers.analysis.model import Analysis
from scrapers.analysis.names import find_names
from scrapers.analysis.parties import extract_parties
from scrapers.analysis.places import extract_place
from scrapers.analysis.rounds import extract_round, round_of
from scrapers.analysis.rules import Rules
from scrapers.analysis.text import Doc
from scrapers.analysis.topics import extract_topics
from scrapers.analysis.when import extract_held_on


def analyze(
    title: str,
    text: str,
    *,
    published: date | datetime | None,
    url: str | None,
    rules: Rules,
) -> Analysis:
    """Classify a release and extract what it says about the meeting it reports; the
    extraction never depends on the verdict (only on the text mentioning cyber at all)."""
    day = published.date() if isinstance(published, datetime) else published
    doc = Doc.of(title, text)
    names = find_names(doc, rules)
    parties = extract_parties(doc, names)
    round_ = extract_round(doc, names, rules)
    official = url is not None and is_official(url, rules)
    verdict = classify(doc, names, parties=parties, round_=round_, rules=rules, official=official)
    # The facts are extracted whatever the verdict: a release judged "other" by a narrow
    # margin keeps its facts for the reader, the archive and the event it may join. A text
    # that never mentions cyber reports no cyber meeting: nothing to extract.
    if not rules.cyber.search(doc.full):
        return Analysis(
            relevant=False, score=verdict.score, kind=verdict.kind, reasons=verdict.reasons,
            parties=parties,
        )  # fmt: skip
    # Names carrying another round than the one reported name another meeting.
    names = tuple(n for n in names if round_of(doc, n) in (None, round_))
    location, virtual = extract_place(doc, names, rules)
    return Analysis(
        relevant=verdict.relevant,
        score=verdict.score,
        kind=verdict.kind,
        reasons=verdict.reasons,
        parties=parties,
        round=round_,
        held_on=extract_held_on(doc, names, rules, published=day, url=url),
        location=location,
        chairs=extract_chairs(doc, rules),
        agencies=extract_agencies(doc),
        topics=extract_topics(doc),
        virtual=virtual,
    )
